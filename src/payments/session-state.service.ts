import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { uuidv7 } from '../common/ids';
import { TransactionRunner } from '../database/transaction-runner';
import { PaymentSession } from './entities/payment-session.entity';
import { EventSource, SessionEvent } from './entities/session-event.entity';
import { decideTransition, isTerminal, Outcome } from './payment-outcome';

export interface StatusNotice {
  source: EventSource;
  /** What kind of notice: webhook, refresh, cancel, reconciliation, created… */
  kind: string;
  status: string;
  transferState?: string | null;
  receivedAmountMinor?: number | null;
  /** X-Request-ID of the webhook, or of our own call to Fintecture. */
  requestId?: string | null;
  /** A notice with a key already recorded for this session is a duplicate: not applied, not recorded again. */
  dedupeKey?: string | null;
  detail?: Record<string, unknown> | null;
  /** Record a notice that changes nothing (reconciliation polls say "unchanged" every pass and need not). */
  recordUnchanged?: boolean;
}

/** What an event records; a status is absent for events that are not Fintecture notices. */
export type EventInput = Omit<StatusNotice, 'status' | 'recordUnchanged'> & { status: string | null };

export type ApplyResult =
  | { result: 'applied'; session: PaymentSession; event: SessionEvent; before: Outcome }
  | { result: 'refused'; session: PaymentSession; event: SessionEvent | null; reason: string }
  | { result: 'duplicate'; session: PaymentSession }
  | { result: 'not_found' };

export type TransitionListener = (change: { before: Outcome; after: Outcome; source: EventSource; session: PaymentSession }) => void;

/**
 * The one way a session's Fintecture status changes, whoever learnt it (the create answer,
 * a refresh, a cancel, a webhook, reconciliation): row locked, forward-only rules of
 * payment-outcome.ts, one event per accepted or refused notice, never the same notice twice.
 */
@Injectable()
export class SessionStateService {
  private readonly logger = new Logger(SessionStateService.name);
  readonly transitionListeners: TransitionListener[] = [];

  constructor(private readonly tx: TransactionRunner) {}

  apply(
    sessionPk: string,
    notice: StatusNotice,
    patch?: (session: PaymentSession) => void,
  ): Promise<ApplyResult> {
    return this.tx
      .run((manager) => this.applyWithin(manager, sessionPk, notice, patch))
      .then((result) => {
        if (result.result === 'applied' && result.before !== result.session.outcome) {
          for (const listener of this.transitionListeners) {
            listener({ before: result.before, after: result.session.outcome, source: notice.source, session: result.session });
          }
        }
        return result;
      });
  }

  /** For callers that already hold a transaction (and, on PostgreSQL, want the lock inside it). */
  async applyWithin(
    manager: EntityManager,
    sessionPk: string,
    notice: StatusNotice,
    patch?: (session: PaymentSession) => void,
  ): Promise<ApplyResult> {
    const session = await this.lock(manager, sessionPk);
    if (!session) return { result: 'not_found' };

    if (notice.dedupeKey) {
      const seen = await manager.getRepository(SessionEvent).exist({
        where: { paymentSessionId: session.id, dedupeKey: notice.dedupeKey },
      });
      if (seen) return { result: 'duplicate', session };
    }

    const now = new Date();
    const before = session.outcome;
    const decision = decideTransition(
      { outcome: session.outcome, status: session.status, transferState: session.transferState, receivedAmountMinor: session.receivedAmountMinor },
      notice,
    );

    if (!decision.accept) {
      if (decision.reason === 'unchanged' && notice.recordUnchanged === false) {
        return { result: 'refused', session, event: null, reason: decision.reason };
      }
      const event = await this.record(manager, session, notice, before, before, false, decision.reason, now);
      return { result: 'refused', session, event, reason: decision.reason };
    }

    patch?.(session);
    session.status = notice.status;
    if (notice.transferState !== undefined && notice.transferState !== null) session.transferState = notice.transferState;
    if (notice.receivedAmountMinor !== undefined && notice.receivedAmountMinor !== null) {
      session.receivedAmountMinor = notice.receivedAmountMinor;
    }
    session.outcome = decision.outcome;
    session.updatedAt = now;
    if (isTerminal(session.outcome)) session.nextCheckAt = null;
    await manager.getRepository(PaymentSession).save(session);
    const event = await this.record(manager, session, notice, before, session.outcome, true, null, now);
    if (before !== session.outcome) {
      this.logger.log(`session ${session.id} ${before} → ${session.outcome} (${notice.source}: ${notice.status})`);
    }
    return { result: 'applied', session, event, before };
  }

  async lock(manager: EntityManager, sessionPk: string): Promise<PaymentSession | null> {
    const query = manager.getRepository(PaymentSession).createQueryBuilder('s').where('s.id = :id', { id: sessionPk });
    // SQLite has no row locks; the TransactionRunner already runs one transaction at a time there.
    if (manager.connection.options.type === 'postgres') query.setLock('pessimistic_write');
    return query.getOne();
  }

  record(
    manager: EntityManager,
    session: PaymentSession,
    notice: EventInput,
    before: Outcome | null,
    after: Outcome | null,
    accepted: boolean,
    reason: string | null,
    at: Date = new Date(),
  ): Promise<SessionEvent> {
    const event = manager.getRepository(SessionEvent).create({
      id: uuidv7(at.getTime()),
      paymentSessionId: session.id,
      source: notice.source,
      kind: notice.kind,
      accepted,
      reason,
      status: notice.status ?? null,
      transferState: notice.transferState ?? null,
      outcomeBefore: before,
      outcomeAfter: after,
      requestId: notice.requestId ?? null,
      receivedAmountMinor: notice.receivedAmountMinor ?? null,
      dedupeKey: notice.dedupeKey ?? null,
      detail: notice.detail ?? null,
      createdAt: at,
    });
    return manager.getRepository(SessionEvent).save(event);
  }
}
