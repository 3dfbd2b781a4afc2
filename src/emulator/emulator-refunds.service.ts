import { Injectable } from '@nestjs/common';
import { fromMinorUnits, tryMinorUnits } from '../common/money';
import { errorItem, FintectureApiError } from './emulator-errors';
import { EmulatorSession } from './emulator-model';
import { refundableCents } from './emulator-session-rules';
import { EmulatorSessionStore } from './emulator-session-store.service';
import { EmulatorTimers } from './emulator-timers.service';
import { RefundRequest } from './emulator-payment-validation';

/**
 * POST /pis/v2/refund: a refund is a session of its own (type Refund) that points at the
 * payment it refunds; accepted at once, completed a moment later and announced by its webhook.
 */
@Injectable()
export class EmulatorRefunds {
  constructor(
    private readonly sessions: EmulatorSessionStore,
    private readonly timers: EmulatorTimers,
  ) {}

  refund(request: RefundRequest): EmulatorSession {
    const original = this.sessions.find(request.sessionId);
    if (!original || original.type === 'Refund') {
      throw FintectureApiError.badRequest(
        errorItem('session_id_invalid_or_expired', `meta.session_id: no payment session ${request.sessionId} to refund`),
      );
    }
    if (!['payment_created', 'payment_partial'].includes(original.status)) {
      throw FintectureApiError.badRequest(
        errorItem('refund_aborted', `the payment session is ${original.status}; only a paid session can be refunded`),
      );
    }
    const earlier = original.refundIds.map((id) => this.sessions.find(id)).filter((refund): refund is EmulatorSession => !!refund);
    const refundable = refundableCents(original, earlier);
    const wanted = request.amount === null ? refundable : (tryMinorUnits(request.amount) as number);
    if (refundable <= 0 || wanted > refundable) {
      throw FintectureApiError.badRequest(
        errorItem('refund_aborted', `at most ${fromMinorUnits(Math.max(0, refundable))} can still be refunded on this session`),
      );
    }
    const now = new Date().toISOString();
    const refund: EmulatorSession = {
      ...structuredClone(original),
      id: this.sessions.newSessionId(),
      type: 'Refund',
      createdAt: now,
      updatedAt: now,
      status: 'refund_accepted',
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
    this.timers.set(`refund:${refund.id}`, 0, () => {
      if (refund.status !== 'refund_accepted') return;
      this.sessions.applyChange(refund, { status: 'payment_created', transferState: 'completed', receivedAmount: refund.amount }, 'refund', true);
    });
    return refund;
  }
}
