import { Inject, Injectable } from '@nestjs/common';
import { fromMinorUnits, tryMinorUnits } from '../common/money';
import { errorItem, FintectureApiError } from './emulator-errors';
import { RefundBehaviour } from './emulator-faults';
import { EmulatorSession } from './emulator-model';
import { EMULATOR_OPTIONS, EmulatorOptions } from './emulator-options';
import { refundableCents } from './emulator-session-rules';
import { EmulatorSessionStore } from './emulator-session-store.service';
import { EmulatorTimers } from './emulator-timers.service';
import { RefundRequest } from './emulator-payment-validation';

/** Unless the options say otherwise, an accepted refund completes (and sends its payment_created webhook) at once. */
export const DEFAULT_REFUND_COMPLETION_MS = 0;

export interface MadeRefund {
  refund: EmulatorSession;
  /** How the answer is written (the Magento shape for *_status behaviours). */
  behaviour: RefundBehaviour | null;
}

/**
 * POST /pis/v2/refund: a refund is a session of its own (type Refund) that points at the
 * payment it refunds; accepted at once, completed after refundCompletionMs and announced by its webhook.
 * A refund behaviour (a `refund` fault) makes it abort, wait for the Console, or wait for
 * `simulate` instead.
 */
@Injectable()
export class EmulatorRefunds {
  constructor(
    private readonly sessions: EmulatorSessionStore,
    private readonly timers: EmulatorTimers,
    @Inject(EMULATOR_OPTIONS) private readonly options: EmulatorOptions,
  ) {}

  refund(request: RefundRequest, behaviour: RefundBehaviour | null = null): MadeRefund {
    const original = this.sessions.find(request.sessionId);
    if (!original || original.type === 'Refund') {
      throw FintectureApiError.badRequest(
        errorItem('session_id_invalid_or_expired', `meta.session_id: no payment session ${request.sessionId} to refund`),
      );
    }
    if (behaviour === 'refund_aborted') throw aborted('Injected fault: the refund was aborted.');
    if (!['payment_created', 'payment_partial'].includes(original.status)) {
      throw aborted(`the payment session is ${original.status}; only a paid session can be refunded`);
    }
    const earlier = original.refundIds.map((id) => this.sessions.find(id)).filter((refund): refund is EmulatorSession => !!refund);
    const refundable = refundableCents(original, earlier);
    const wanted = request.amount === null ? refundable : (tryMinorUnits(request.amount) as number);
    if (refundable <= 0 || wanted > refundable) {
      throw aborted(`at most ${fromMinorUnits(Math.max(0, refundable))} can still be refunded on this session`);
    }
    const now = new Date().toISOString();
    const status = behaviour === 'refund_aborted_status' ? 'refund_aborted' : behaviour === 'refund_waiting' ? 'refund_waiting' : 'refund_accepted';
    const refund: EmulatorSession = {
      ...structuredClone(original),
      id: this.sessions.newSessionId(),
      type: 'Refund',
      createdAt: now,
      updatedAt: now,
      status,
      transferState: null,
      amount: request.amount ?? fromMinorUnits(wanted),
      receivedAmount: null,
      communication: request.communication ?? original.communication,
      state: request.state,
      redirectUri: null,
      originUri: null,
      expiresAt: null,
      virtualBeneficiary: null,
      invoiceReference: null,
      refundedSessionId: original.id,
      refundIds: [],
      history: [],
    };
    this.sessions.add(refund, 'refund');
    original.refundIds.push(refund.id);
    // Waiting for the Console, held for `simulate`, or aborted: nothing happens by itself.
    if (status === 'refund_accepted' && behaviour !== 'refund_held') {
      this.timers.set(`refund:${refund.id}`, this.options.refundCompletionMs ?? DEFAULT_REFUND_COMPLETION_MS, () => {
        if (refund.status !== 'refund_accepted') return;
        this.sessions.applyChange(refund, { status: 'payment_created', transferState: 'completed', receivedAmount: refund.amount }, 'refund', true);
      });
    }
    return { refund, behaviour };
  }
}

/** Fintecture's refusal of a refund: a 400 whose first error is refund_aborted (the Ruby SDK's live spec). */
function aborted(message: string): FintectureApiError {
  return FintectureApiError.badRequest(errorItem('refund_aborted', message));
}
