import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner';
import { PaymentSession } from './entities/payment-session.entity';
import { EventSource, SessionEvent } from './entities/session-event.entity';
import { PaymentSessionChangingEvent } from './events/payment-session-changing.event';
import { PaymentSessionTransitionEvent } from './events/payment-session-transition.event';
import { decideTransition, isTerminal, Outcome } from './payment-outcome';
import { SessionRows } from './persistence/session-rows';
import { receivedAfter } from './received-amount';

export interface StatusNotice {
  source: EventSource;
  /** What kind of notice: webhook, refresh, cancel, reconciliation, created… */
  kind: string;
  status: string;
  transferState?: string | null;
  receivedAmountMinor?: number | null;
  /** Smart Transfer: the transfer this notice reports (Fintecture's last_transaction_amount), beside the running total. */
  lastTransactionAmountMinor?: number | null;
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

export interface ApplyOptions {
  /**
   * Runs in the same transaction, with the row still locked, whatever the decision was: callers
   * that keep their own bookkeeping on the session (reconciliation's next check) cannot then
   * interleave with another notice.
   */
  afterApply?: (manager: EntityManager, result: ApplyResult) => Promise<void>;
}

/** A change of outcome the service decides itself, not a Fintecture status (a create call that never came back). */
export interface CreationFailure {
  source: EventSource;
  kind: string;
  reason: string;
  failureCode: string;
  failureStatus: number;
  failureDetail: string;
  requestId?: string | null;
  detail?: Record<string, unknown> | null;
  /** The create attempt that failed: refused when a retry has taken the row over meanwhile. */
  attempt?: number;
}

/** Outcomes that mean the money is there (or guaranteed): the first one reached sets paid_at. */
const PAID_OUTCOMES: readonly Outcome[] = ['paid', 'overpaid', 'covered'];

export type NoteResult =
  { result: 'recorded'; session: PaymentSession; event: SessionEvent } | { result: 'duplicate'; session: PaymentSession } | { result: 'not_found' };

/**
 * The one way a session's Fintecture status changes, whoever learnt it (the create answer,
 * a refresh, a cancel, a webhook, reconciliation): row locked, forward-only rules of
 * payment-outcome.ts, one event per accepted or refused notice, never the same notice twice.
 */
@Injectable()
export class SessionStateService {
  private readonly logger = new Logger(SessionStateService.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly rows: SessionRows,
    private readonly events: EventEmitter2,
  ) {}

  apply(sessionPk: string, notice: StatusNotice, patch?: (session: PaymentSession) => void, options: ApplyOptions = {}): Promise<ApplyResult> {
    return this.tx
      .run(async (manager) => {
        const result = await this.applyWithin(manager, sessionPk, notice, patch);
        if (options.afterApply) await options.afterApply(manager, result);
        return result;
      })
      .then((result) => {
        this.notify(result, notice.source);
        return result;
      });
  }

  /**
   * creating → creation_failed, under the same lock and with the same audit trail as a status
   * notice; refused (and not recorded) when the session has moved on meanwhile, e.g. the create
   * answer arrived after all.
   */
  failCreation(sessionPk: string, failure: CreationFailure): Promise<ApplyResult> {
    return this.tx
      .run(async (manager): Promise<ApplyResult> => {
        const session = await this.rows.lock(manager, sessionPk);
        if (!session) return { result: 'not_found' };
        if (session.outcome !== 'creating') return { result: 'refused', session, event: null, reason: 'not_creating' };
        if (failure.attempt !== undefined && failure.attempt !== session.createAttempt) {
          // A retry took the row over: the earlier attempt's failure is history, not the session's fate.
          const input = {
            source: failure.source,
            kind: failure.kind,
            status: null,
            requestId: failure.requestId ?? null,
            detail: { ...failure.detail, attempt: failure.attempt },
          };
          const event = await this.rows.record(manager, session, input, session.outcome, session.outcome, false, 'superseded');
          return { result: 'refused', session, event, reason: 'superseded' };
        }
        const now = new Date();
        session.outcome = 'creation_failed';
        session.failureCode = failure.failureCode;
        session.failureStatus = failure.failureStatus;
        session.failureDetail = failure.failureDetail.slice(0, 2000);
        session.nextCheckAt = null;
        session.updatedAt = now;
        await this.rows.persist(manager, session);
        const event = await this.rows.record(
          manager,
          session,
          { source: failure.source, kind: failure.kind, status: null, requestId: failure.requestId ?? null, detail: failure.detail ?? null },
          'creating',
          'creation_failed',
          true,
          failure.reason,
          now,
        );
        await this.announceWithin(manager, session, 'creating', failure.source);
        return { result: 'applied', session, event, before: 'creating' };
      })
      .then((result) => {
        this.notify(result, failure.source);
        return result;
      });
  }

  /**
   * Records something about a session that changes none of its facts (a refund notice, a
   * reconciliation finding), locked and deduplicated like a status notice.
   */
  note(sessionPk: string, input: EventInput, options: { accepted?: boolean; reason?: string | null } = {}): Promise<NoteResult> {
    return this.tx.run(async (manager): Promise<NoteResult> => {
      const session = await this.rows.lock(manager, sessionPk);
      if (!session) return { result: 'not_found' };
      const event = await this.noteWithin(manager, session, input, options);
      return event ? { result: 'recorded', session, event } : { result: 'duplicate', session };
    });
  }

  /**
   * Runs `work` in one transaction with the session's row locked (null when there is no such
   * session): for callers whose own bookkeeping on the session must not interleave with a notice.
   */
  whileLocked<T>(sessionPk: string, work: (manager: EntityManager, session: PaymentSession) => Promise<T>): Promise<T | null> {
    return this.tx.run(async (manager) => {
      const session = await this.rows.lock(manager, sessionPk);
      return session ? work(manager, session) : null;
    });
  }

  /**
   * The answer to create call number `attempt`: applied unless a retry took the row over
   * meanwhile, or a notice tied another Fintecture session to it; then it is only recorded, as
   * superseded, with the session id it named, so that nothing Fintecture made goes unwritten.
   */
  completeAttempt(
    sessionPk: string,
    attempt: number,
    sessionId: string,
    notice: StatusNotice,
    patch?: (session: PaymentSession) => void,
  ): Promise<ApplyResult> {
    return this.tx
      .run(async (manager): Promise<ApplyResult> => {
        const session = await this.rows.lock(manager, sessionPk);
        if (!session) return { result: 'not_found' };
        if (session.createAttempt !== attempt || (session.sessionId !== null && session.sessionId !== sessionId)) {
          const input = { ...notice, detail: { ...notice.detail, session_id: sessionId, attempt } };
          const event = await this.rows.record(manager, session, input, session.outcome, session.outcome, false, 'superseded');
          return { result: 'refused', session, event, reason: 'superseded' };
        }
        return this.applyToLocked(manager, session, notice, patch);
      })
      .then((result) => {
        this.notify(result, notice.source);
        return result;
      });
  }

  /**
   * A create attempt whose answer was lost takes the Fintecture session a notice names (same
   * state and amount; the caller has matched them), then the notice is applied by the same rules
   * as any other. A creation_failed row is reopened: Fintecture did make it. Null when the row
   * has a session id by now or is past creating.
   */
  adoptSessionId(sessionPk: string, sessionId: string, notice: StatusNotice, context: Record<string, unknown> = {}): Promise<ApplyResult | null> {
    return this.tx
      .run(async (manager): Promise<ApplyResult | null> => {
        const session = await this.rows.lock(manager, sessionPk);
        if (!session || session.sessionId !== null || (session.outcome !== 'creating' && session.outcome !== 'creation_failed')) return null;
        const before = session.outcome;
        const now = new Date();
        Object.assign(session, {
          sessionId,
          outcome: 'creating',
          failureCode: null,
          failureStatus: null,
          failureDetail: null,
          nextCheckAt: now,
          updatedAt: now,
        });
        await this.rows.persist(manager, session);
        const input = {
          source: notice.source,
          kind: 'session_id_adopted',
          status: null,
          requestId: notice.requestId ?? null,
          detail: { session_id: sessionId, ...context },
        };
        await this.rows.record(manager, session, input, before, session.outcome, true, null, now);
        return this.applyToLocked(manager, session, notice);
      })
      .then((result) => {
        if (result) this.notify(result, notice.source);
        return result;
      });
  }

  /** As note(), inside a transaction that already holds the row (afterApply, whileLocked); null when the dedupe key was seen. */
  async noteWithin(
    manager: EntityManager,
    session: PaymentSession,
    input: EventInput,
    options: { accepted?: boolean; reason?: string | null } = {},
  ): Promise<SessionEvent | null> {
    if (input.dedupeKey && (await this.rows.seen(manager, session.id, input.dedupeKey))) return null;
    return this.rows.record(manager, session, input, session.outcome, session.outcome, options.accepted ?? true, options.reason ?? null);
  }

  private notify(result: ApplyResult, source: EventSource): void {
    if (result.result !== 'applied' || result.before === result.session.outcome) return;
    this.events.emit(
      PaymentSessionTransitionEvent.NAME,
      new PaymentSessionTransitionEvent(result.before, result.session.outcome, source, result.session),
    );
  }

  /** Awaited inside the transaction: a listener that fails rolls the change back (no change without its announcement). */
  private async announceWithin(manager: EntityManager, session: PaymentSession, before: Outcome, source: EventSource): Promise<void> {
    await this.events.emitAsync(PaymentSessionChangingEvent.NAME, new PaymentSessionChangingEvent(manager, session, before, source));
  }

  private async applyWithin(
    manager: EntityManager,
    sessionPk: string,
    notice: StatusNotice,
    patch?: (session: PaymentSession) => void,
  ): Promise<ApplyResult> {
    const session = await this.rows.lock(manager, sessionPk);
    if (!session) return { result: 'not_found' };
    return this.applyToLocked(manager, session, notice, patch);
  }

  /** The rules, on a row this transaction already holds. */
  private async applyToLocked(
    manager: EntityManager,
    session: PaymentSession,
    given: StatusNotice,
    patch?: (session: PaymentSession) => void,
  ): Promise<ApplyResult> {
    const received = receivedAfter(session.receivedAmountMinor, given.receivedAmountMinor, given.lastTransactionAmountMinor);
    const notice: StatusNotice = received === null ? given : { ...given, receivedAmountMinor: received };
    if (notice.dedupeKey && (await this.rows.seen(manager, session.id, notice.dedupeKey))) return { result: 'duplicate', session };

    const now = new Date();
    const before = session.outcome;
    const decision = decideTransition(
      {
        outcome: session.outcome,
        amountMinor: session.amountMinor,
        status: session.status,
        transferState: session.transferState,
        receivedAmountMinor: session.receivedAmountMinor,
      },
      notice,
    );

    if (!decision.accept) {
      if (decision.reason === 'unchanged' && notice.recordUnchanged === false) {
        return { result: 'refused', session, event: null, reason: decision.reason };
      }
      const event = await this.rows.record(manager, session, notice, before, before, false, decision.reason, now);
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
    if (!session.paidAt && PAID_OUTCOMES.includes(session.outcome)) session.paidAt = now;
    await this.rows.persist(manager, session);
    const event = await this.rows.record(manager, session, notice, before, session.outcome, true, null, now);
    if (before !== session.outcome) {
      await this.announceWithin(manager, session, before, notice.source);
      this.logger.log(`session ${session.id} ${before} → ${session.outcome} (${notice.source}: ${notice.status})`);
    }
    return { result: 'applied', session, event, before };
  }
}
