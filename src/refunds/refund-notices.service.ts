import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { SESSION_ID_PATTERN, UUID_PATTERN } from '../common/ids';
import { tryMinorUnits } from '../common/money';
import { FintectureClient } from '../fintecture/fintecture.client';
import { FintectureError } from '../fintecture/fintecture.errors';
import { PaymentSession } from '../payments/entities/payment-session.entity';
import { PaymentSessionsRepository } from '../payments/persistence/payment-sessions.repository';
import { SessionStateService } from '../payments/session-state.service';
import { Refund } from './entities/refund.entity';
import { newRefundRow } from './new-refund';
import { RefundNotice, RefundStateService, RefundTx } from './refund-state.service';
import { refundStatusOf, UNSETTLED_REFUND_STATUSES } from './refund-status';
import { answerForApplied, WebhookAnswer } from '../webhooks/webhook-answer';

/** A verified refund webhook (recognised by type=Refund or a refunded_session_id), as the webhooks module read it. */
export interface RefundWebhook {
  /** Its X-Request-ID, as stored: the dedupe key on the refund and on the session. */
  requestId: string;
  /** The webhook's session_id: for a refund, the refund's own session. */
  refundSessionId: string | null;
  refundedSessionId: string | null;
  state: string | null;
  status: string | null;
  transferState: string | null;
  /** The amount refunded, as written. */
  amount: string | null;
  /** Recorded on the original session's event: what the webhooks module records of any notice. */
  sessionDetail: Record<string, unknown>;
}

export type RefundWebhookAnswer = WebhookAnswer;

type Target =
  | { kind: 'refund'; refund: Refund }
  | { kind: 'console'; session: PaymentSession; amountMinor: number }
  /** The payment is ours but the refund cannot be told (no refund session id, no amount): kept in the session's history only. */
  | { kind: 'session'; session: PaymentSession }
  | null;

/**
 * Refund webhooks: matched to the refund they belong to (state = our refund id, else the refund
 * session id, else the original session and the amount), applied through the refunds' state path,
 * and recorded on the original session as well, whatever became of them. A refund nobody here
 * made (started in the Fintecture Console, no state) is recorded as a refund of the session.
 */
@Injectable()
export class RefundNoticesService {
  private readonly logger = new Logger('Refunds');

  constructor(
    @InjectRepository(Refund) private readonly refunds: Repository<Refund>,
    private readonly sessions: PaymentSessionsRepository,
    private readonly sessionState: SessionStateService,
    private readonly state: RefundStateService,
    private readonly fintecture: FintectureClient,
  ) {}

  async handle(webhook: RefundWebhook): Promise<RefundWebhookAnswer> {
    const target = await this.target(webhook);
    if (!target) return { result: 'unknown' };
    const sessionPk = target.kind === 'refund' ? target.refund.paymentSessionId : target.session.id;
    const answer = await this.state.withSession(sessionPk, async (tx): Promise<RefundWebhookAnswer> => {
      const noted = await this.noteOnSession(tx, webhook);
      if (target.kind === 'session') return noted ? { result: 'ignored', reason: 'refund_unidentified' } : { result: 'duplicate' };
      if (target.kind === 'console') {
        if (!noted) return { result: 'duplicate' };
        // Another notice of the same Console refund may have recorded it meanwhile.
        const known = webhook.refundSessionId ? await tx.manager.getRepository(Refund).findOneBy({ refundSessionId: webhook.refundSessionId }) : null;
        if (known) return answerForApplied(await this.state.applyWithin(tx, known, this.noticeOf(webhook, known)));
        await this.recordConsoleRefund(tx, webhook, target.amountMinor);
        return { result: 'applied' };
      }
      const refund = await this.state.find(tx, target.refund.id);
      if (!refund) return { result: 'unknown' };
      return answerForApplied(await this.state.applyWithin(tx, refund, this.noticeOf(webhook, refund)));
    });
    return answer ?? { result: 'unknown' };
  }

  /** Which refund the notice is about, or which session a Console refund belongs to; null: none of ours. */
  private async target(webhook: RefundWebhook): Promise<Target> {
    const original = webhook.refundedSessionId ? await this.sessions.findBySessionId(webhook.refundedSessionId) : null;
    if (webhook.state && UUID_PATTERN.test(webhook.state)) {
      const byState = await this.refunds.findOneBy({ id: webhook.state });
      // Our own id, unless the notice says it refunds another payment than that refund's.
      if (byState && (!original || original.id === byState.paymentSessionId)) return { kind: 'refund', refund: byState };
    }
    if (webhook.refundSessionId && SESSION_ID_PATTERN.test(webhook.refundSessionId)) {
      const bySession = await this.refunds.findOneBy({ refundSessionId: webhook.refundSessionId });
      if (bySession) return { kind: 'refund', refund: bySession };
    }
    if (!original) return null;
    const amountMinor = tryMinorUnits(webhook.amount) ?? (await this.amountAtFintecture(webhook.refundSessionId));
    if (amountMinor !== null) {
      // Ours, made before Fintecture named it (its answer was lost or did not name it): the oldest
      // unnamed one of that amount that Fintecture has not refused.
      const unnamed = await this.refunds.findOne({
        where: { paymentSessionId: original.id, refundSessionId: IsNull(), amountMinor, origin: 'api', status: In(UNSETTLED_REFUND_STATUSES) },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      if (unnamed) return { kind: 'refund', refund: unnamed };
    }
    if (amountMinor === null || amountMinor < 1 || !webhook.refundSessionId || !SESSION_ID_PATTERN.test(webhook.refundSessionId)) {
      return { kind: 'session', session: original };
    }
    return { kind: 'console', session: original, amountMinor };
  }

  /** Fintecture's documented webhook carries no amount: a Console refund's amount is then asked of Fintecture. */
  private async amountAtFintecture(refundSessionId: string | null): Promise<number | null> {
    if (!refundSessionId || !SESSION_ID_PATTERN.test(refundSessionId)) return null;
    try {
      return tryMinorUnits((await this.fintecture.getPayment(refundSessionId)).amount);
    } catch (error) {
      // Refused: no such refund at Fintecture, so nothing to record; anything else is worth Fintecture's retry.
      if (error instanceof FintectureError && error.kind === 'rejected') return null;
      throw error;
    }
  }

  /** The original session keeps every refund notice in its history, once (the webhook's X-Request-ID). */
  private async noteOnSession(tx: RefundTx, webhook: RefundWebhook): Promise<boolean> {
    const event = await this.sessionState.noteWithin(tx.manager, tx.session, {
      source: 'webhook',
      kind: 'refund',
      status: clip(webhook.status),
      transferState: clip(webhook.transferState),
      requestId: webhook.requestId,
      dedupeKey: `webhook:${webhook.requestId}`,
      detail: { ...webhook.sessionDetail, refund_session_id: webhook.refundSessionId, refunded_amount: webhook.amount },
    });
    return event !== null;
  }

  private noticeOf(webhook: RefundWebhook, refund: Refund): RefundNotice {
    const learnt = webhook.refundSessionId && SESSION_ID_PATTERN.test(webhook.refundSessionId) ? webhook.refundSessionId : null;
    return {
      source: 'webhook',
      kind: 'webhook',
      status: refundStatusOf(webhook.status),
      fintectureStatus: clip(webhook.status),
      transferState: clip(webhook.transferState),
      amountMinor: tryMinorUnits(webhook.amount),
      requestId: webhook.requestId,
      dedupeKey: `webhook:${webhook.requestId}`,
      refundSessionId: learnt && !refund.refundSessionId ? learnt : null,
      failure: refundStatusOf(webhook.status) === 'aborted' ? { code: 'refund_aborted', detail: `Fintecture reported ${webhook.status}.` } : null,
      detail: { ...webhook.sessionDetail, refund_session_id: webhook.refundSessionId },
    };
  }

  private async recordConsoleRefund(tx: RefundTx, webhook: RefundWebhook, amountMinor: number): Promise<void> {
    const now = new Date();
    const status = refundStatusOf(webhook.status) ?? 'accepted';
    const refund = this.refunds.create(
      newRefundRow(
        tx.session,
        {
          merchant: tx.session.merchant,
          origin: 'console',
          amountMinor,
          status,
          refundSessionId: webhook.refundSessionId,
          fintectureStatus: clip(webhook.status),
          transferState: clip(webhook.transferState),
          failureCode: status === 'aborted' ? 'refund_aborted' : null,
          failureDetail: status === 'aborted' ? `Fintecture reported ${webhook.status}.` : null,
          nextCheckAt: status === 'completed' || status === 'aborted' ? null : now,
        },
        now,
      ),
    );
    await this.state.insert(tx, refund, {
      source: 'webhook',
      kind: 'console_refund',
      fintectureStatus: refund.fintectureStatus,
      transferState: refund.transferState,
      amountMinor,
      requestId: webhook.requestId,
      dedupeKey: `webhook:${webhook.requestId}`,
      detail: { ...webhook.sessionDetail, refund_session_id: webhook.refundSessionId },
    });
    this.logger.log(`refund ${refund.id}: a refund started outside this service (${webhook.refundSessionId}) recorded on session ${tx.session.id}`);
  }
}

/** Event columns hold 64 characters; a longer status is nonsense that must still be storable. */
function clip(text: string | null): string | null {
  return text === null ? null : text.slice(0, 64);
}
