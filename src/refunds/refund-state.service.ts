import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { uuidv7 } from '../common/ids';
import { PaymentSession } from '../payments/entities/payment-session.entity';
import { EventSource } from '../payments/entities/session-event.entity';
import { PaymentSessionsRepository } from '../payments/persistence/payment-sessions.repository';
import { SessionStateService } from '../payments/session-state.service';
import { RefundEvent } from './entities/refund-event.entity';
import { Refund } from './entities/refund.entity';
import { RefundChangedEvent } from './events/refund-changed.event';
import { RefundChangingEvent } from './events/refund-changing.event';
import { RefundTotals } from './refund-balance';
import { decideRefundTransition, isFinalRefund, RefundStatus } from './refund-status';

/** What is learnt about a refund, whoever learnt it: the call's answer, a webhook, reconciliation. */
export interface RefundNotice {
  source: EventSource;
  /** call, webhook, reconciliation, call_lost… */
  kind: string;
  /** Where the notice would move the refund; null when it says nothing about it (recorded, ignored). */
  status: RefundStatus | null;
  fintectureStatus?: string | null;
  transferState?: string | null;
  amountMinor?: number | null;
  requestId?: string | null;
  /** A notice with a key already recorded for this refund is a duplicate: neither applied nor recorded again. */
  dedupeKey?: string | null;
  detail?: Record<string, unknown> | null;
  /** Fintecture's refund session, when the notice names it and the refund has none yet. */
  refundSessionId?: string | null;
  failure?: { code: string; detail: string } | null;
  /** The call attempt this answers: a late answer to an attempt that was taken over is recorded, not applied. */
  attempt?: number;
  /** Reconciliation hears "unchanged" at every pass and need not record it. */
  recordUnchanged?: boolean;
}

export type RefundApplyResult =
  | { result: 'applied'; refund: Refund; before: RefundStatus }
  | { result: 'refused'; refund: Refund; reason: string }
  | { result: 'duplicate'; refund: Refund }
  | { result: 'not_found' };

/** A transaction holding the session's row: every refund write of that session happens inside one. */
export interface RefundTx {
  manager: EntityManager;
  session: PaymentSession;
  /** Changes made so far, announced (RefundChangedEvent) once the transaction commits. */
  readonly changes: Array<{ refund: Refund; before: RefundStatus | null }>;
}

/**
 * The one way a refund is created or changes status. Every write holds its payment session's row
 * (SessionStateService.whileLocked), which serialises refunds of one session against each other and
 * against the session's own changes: the balance a refund is admitted against cannot move meanwhile,
 * and the session's refund totals are rewritten from the refunds in the same transaction.
 */
@Injectable()
export class RefundStateService {
  private readonly logger = new Logger('Refunds');

  constructor(
    @InjectRepository(Refund) private readonly refunds: Repository<Refund>,
    private readonly sessions: SessionStateService,
    private readonly sessionRows: PaymentSessionsRepository,
    private readonly events: EventEmitter2,
  ) {}

  /** Runs `work` with the session's row locked; null when there is no such session. */
  async withSession<T>(sessionPk: string, work: (tx: RefundTx) => Promise<T>): Promise<T | null> {
    let changes: RefundTx['changes'] = [];
    const result = await this.sessions.whileLocked(sessionPk, (manager, session) => {
      // A fresh list per try: only the transaction that commits is announced.
      changes = [];
      return work({ manager, session, changes });
    });
    for (const { refund, before } of changes) this.events.emit(RefundChangedEvent.NAME, new RefundChangedEvent(refund, before));
    return result;
  }

  /** One notice for one refund, in a transaction of its own. */
  async apply(refundId: string, notice: RefundNotice): Promise<RefundApplyResult> {
    const located = await this.refunds.findOne({ select: { id: true, paymentSessionId: true }, where: { id: refundId } });
    if (!located) return { result: 'not_found' };
    const result = await this.withSession(located.paymentSessionId, async (tx) => {
      const refund = await this.find(tx, refundId);
      return refund ? this.applyWithin(tx, refund, notice) : ({ result: 'not_found' } as const);
    });
    return result ?? { result: 'not_found' };
  }

  /** Reads a refund inside a transaction that holds its session. */
  find(tx: RefundTx, refundId: string): Promise<Refund | null> {
    return tx.manager.getRepository(Refund).findOneBy({ id: refundId, paymentSessionId: tx.session.id });
  }

  /** A new refund and its first event; the session's totals follow, and the change is announced. */
  async insert(tx: RefundTx, refund: Refund, first: Omit<RefundNotice, 'status'>): Promise<Refund> {
    await tx.manager.getRepository(Refund).insert(refund as QueryDeepPartialEntity<Refund>);
    await this.record(tx.manager, refund, { ...first, status: refund.status }, null, refund.status, true, null, refund.createdAt);
    await this.changed(tx, refund, null, first.source);
    return refund;
  }

  /**
   * A new call attempt for a refund whose earlier call Fintecture never served (aborted, not_sent):
   * the one move back to requested, made only by a retry under the same Idempotency-Key.
   */
  async retry(tx: RefundTx, refund: Refund): Promise<Refund> {
    const before = refund.status;
    const now = new Date();
    const previous = { attempt: refund.callAttempt, failure_code: refund.failureCode, failure_detail: refund.failureDetail };
    Object.assign(refund, {
      status: 'requested',
      callAttempt: refund.callAttempt + 1,
      callStartedAt: now,
      failureCode: null,
      failureDetail: null,
      version: refund.version + 1,
      updatedAt: now,
    });
    const { status, callAttempt, callStartedAt, failureCode, failureDetail, version } = refund;
    await tx.manager
      .getRepository(Refund)
      .update({ id: refund.id }, { status, callAttempt, callStartedAt, failureCode, failureDetail, version, updatedAt: now });
    await this.record(tx.manager, refund, { source: 'api', kind: 'retry', status, detail: { previous } }, before, status, true, null, now);
    await this.changed(tx, refund, before, 'api');
    return refund;
  }

  /** The rules, on a refund of the session this transaction holds. */
  async applyWithin(tx: RefundTx, refund: Refund, notice: RefundNotice): Promise<RefundApplyResult> {
    const { manager } = tx;
    if (notice.dedupeKey && (await this.seen(manager, refund.id, notice.dedupeKey))) return { result: 'duplicate', refund };
    const before = refund.status;
    const now = new Date();
    if (notice.attempt !== undefined && notice.attempt !== refund.callAttempt) {
      await this.record(manager, refund, notice, before, before, false, 'superseded', now);
      return { result: 'refused', refund, reason: 'superseded' };
    }
    if (notice.status === null) {
      await this.record(manager, refund, notice, before, before, false, 'unknown_status', now);
      await this.learnSessionId(manager, refund, notice, now);
      return { result: 'refused', refund, reason: 'unknown_status' };
    }
    const decision = decideRefundTransition(before, notice.status);
    if (!decision.accept) {
      await this.learnSessionId(manager, refund, notice, now);
      if (decision.reason === 'unchanged' && notice.recordUnchanged === false) return { result: 'refused', refund, reason: decision.reason };
      await this.record(manager, refund, notice, before, before, false, decision.reason, now);
      return { result: 'refused', refund, reason: decision.reason };
    }

    refund.status = notice.status;
    if (notice.fintectureStatus) refund.fintectureStatus = notice.fintectureStatus;
    if (notice.transferState) refund.transferState = notice.transferState;
    if (notice.refundSessionId && !refund.refundSessionId) refund.refundSessionId = notice.refundSessionId;
    if (notice.failure) {
      refund.failureCode = notice.failure.code;
      refund.failureDetail = notice.failure.detail.slice(0, 2000);
    } else if (refund.status === 'completed') {
      refund.failureCode = null;
      refund.failureDetail = null;
    }
    refund.nextCheckAt = isFinalRefund(refund.status) ? null : (refund.nextCheckAt ?? (refund.refundSessionId ? now : null));
    refund.version += 1;
    refund.updatedAt = now;
    await manager.getRepository(Refund).update(
      { id: refund.id },
      {
        status: refund.status,
        fintectureStatus: refund.fintectureStatus,
        transferState: refund.transferState,
        refundSessionId: refund.refundSessionId,
        failureCode: refund.failureCode,
        failureDetail: refund.failureDetail,
        nextCheckAt: refund.nextCheckAt,
        version: refund.version,
        updatedAt: now,
      },
    );
    await this.record(manager, refund, notice, before, refund.status, true, null, now);
    await this.changed(tx, refund, before, notice.source);
    this.logger.log(`refund ${refund.id} ${before} → ${refund.status} (${notice.source}: ${notice.fintectureStatus ?? notice.kind})`);
    return { result: 'applied', refund, before };
  }

  /** Something worth the history that changes none of the refund's facts (a reconciliation finding); null when the key was seen. */
  async note(tx: RefundTx, refund: Refund, notice: RefundNotice, reason: string): Promise<boolean> {
    if (notice.dedupeKey && (await this.seen(tx.manager, refund.id, notice.dedupeKey))) return false;
    await this.record(tx.manager, refund, notice, refund.status, refund.status, true, reason, new Date());
    return true;
  }

  /** Completed refunds, and those still under way, of one session, read inside the transaction. */
  async totals(manager: EntityManager, sessionPk: string): Promise<RefundTotals> {
    const row = await manager
      .getRepository(Refund)
      .createQueryBuilder('r')
      .select(`COALESCE(SUM(CASE WHEN r.status = 'completed' THEN r.amount_minor ELSE 0 END), 0)`, 'refunded')
      .addSelect(`COALESCE(SUM(CASE WHEN r.status NOT IN ('completed', 'aborted') THEN r.amount_minor ELSE 0 END), 0)`, 'refunding')
      .where('r.payment_session_id = :id', { id: sessionPk })
      .getRawOne<{ refunded: string | number; refunding: string | number }>();
    return { refundedMinor: Number(row?.refunded ?? 0), refundingMinor: Number(row?.refunding ?? 0) };
  }

  /** A name Fintecture gave the refund is kept even by a notice that changes nothing else. */
  private async learnSessionId(manager: EntityManager, refund: Refund, notice: RefundNotice, now: Date): Promise<void> {
    if (!notice.refundSessionId || refund.refundSessionId) return;
    refund.refundSessionId = notice.refundSessionId;
    if (!isFinalRefund(refund.status) && !refund.nextCheckAt) refund.nextCheckAt = now;
    await manager.getRepository(Refund).update({ id: refund.id }, { refundSessionId: refund.refundSessionId, nextCheckAt: refund.nextCheckAt });
  }

  /**
   * The session's totals rewritten from its refunds, without touching the session's version (its
   * own facts did not change), then the announcement, awaited: a listener that fails rolls it all back.
   */
  private async changed(tx: RefundTx, refund: Refund, before: RefundStatus | null, source: EventSource): Promise<void> {
    const { manager, session } = tx;
    const totals = await this.totals(manager, session.id);
    await this.sessionRows.writeRefundTotals(manager, session.id, totals.refundedMinor, totals.refundingMinor);
    session.refundedMinor = totals.refundedMinor;
    session.refundingMinor = totals.refundingMinor;
    await this.events.emitAsync(RefundChangingEvent.NAME, new RefundChangingEvent(manager, refund, session, before, source));
    tx.changes.push({ refund, before });
  }

  private seen(manager: EntityManager, refundId: string, dedupeKey: string): Promise<boolean> {
    return manager.getRepository(RefundEvent).exist({ where: { refundId, dedupeKey } });
  }

  private async record(
    manager: EntityManager,
    refund: Refund,
    notice: RefundNotice,
    before: RefundStatus | null,
    after: RefundStatus | null,
    accepted: boolean,
    reason: string | null,
    at: Date,
  ): Promise<void> {
    const event: RefundEvent = {
      id: uuidv7(at.getTime()),
      refundId: refund.id,
      source: notice.source,
      kind: notice.kind,
      accepted,
      reason,
      fintectureStatus: notice.fintectureStatus ?? null,
      transferState: notice.transferState ?? null,
      statusBefore: before,
      statusAfter: after,
      amountMinor: notice.amountMinor ?? null,
      requestId: notice.requestId ?? null,
      dedupeKey: notice.dedupeKey ?? null,
      detail: notice.detail ?? null,
      createdAt: at,
    };
    await manager.getRepository(RefundEvent).insert(event as QueryDeepPartialEntity<RefundEvent>);
  }
}
