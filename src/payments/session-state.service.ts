import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner';
import { PaymentSession } from './entities/payment-session.entity';
import { EventSource, SessionEvent } from './entities/session-event.entity';
import { PaymentSessionChangingEvent } from './events/payment-session-changing.event';
import { PaymentSessionTransitionEvent } from './events/payment-session-transition.event';
import { Outcome } from './payment-outcome';
import { SessionRows } from './persistence/session-rows';
import { applyChange, changedProperties, planChange } from './session-change';
import type { ApplyOptions, ApplyResult, CreationFailure, EventInput, NoteResult, StatusNotice } from './session-state.types';

export type { ApplyOptions, ApplyResult, CreationFailure, EventInput, NoteResult, StatusNotice } from './session-state.types';

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
        const result =
          (options.seen && (await this.applyIfUnchanged(manager, options.seen, notice, patch))) ||
          (await this.applyWithin(manager, sessionPk, notice, patch));
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
    seen?: PaymentSession,
  ): Promise<ApplyResult> {
    const current = (row: PaymentSession) => row.createAttempt === attempt && (row.sessionId === null || row.sessionId === sessionId);
    return this.tx
      .run(async (manager): Promise<ApplyResult> => {
        if (seen && current(seen)) {
          const applied = await this.applyIfUnchanged(manager, seen, notice, patch);
          if (applied) return applied;
        }
        const session = await this.rows.lock(manager, sessionPk);
        if (!session) return { result: 'not_found' };
        if (!current(session)) {
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
    if (given.dedupeKey && (await this.rows.seen(manager, session.id, given.dedupeKey))) return { result: 'duplicate', session };
    const now = new Date();
    const before = session.outcome;
    const plan = planChange(session, given);
    if (!plan.accept) {
      if (plan.reason === 'unchanged' && plan.notice.recordUnchanged === false) {
        return { result: 'refused', session, event: null, reason: plan.reason };
      }
      const event = await this.rows.record(manager, session, plan.notice, before, before, false, plan.reason, now);
      return { result: 'refused', session, event, reason: plan.reason };
    }
    applyChange(session, plan, now, patch);
    await this.rows.persist(manager, session);
    const event = await this.rows.record(manager, session, plan.notice, before, session.outcome, true, null, now);
    await this.changed(manager, session, before, plan.notice);
    return { result: 'applied', session, event, before };
  }

  /**
   * PostgreSQL: an accepted notice decided on the row as the caller saw it, and written (changed
   * columns and event, one statement) only if the row is still at that version and the notice's
   * dedupe key is new. Null when that does not hold (or on SQLite, or for a refusal): nothing
   * was written, and the caller takes the locked path.
   */
  private async applyIfUnchanged(
    manager: EntityManager,
    seen: PaymentSession,
    given: StatusNotice,
    patch?: (session: PaymentSession) => void,
  ): Promise<ApplyResult | null> {
    if (!this.tx.isPostgres || typeof seen.version !== 'number') return null;
    const plan = planChange(seen, given);
    if (!plan.accept) return null;
    const session = Object.assign(new PaymentSession(), seen);
    const now = new Date();
    applyChange(session, plan, now, patch);
    const event = this.rows.buildEvent(session, plan.notice, { before: seen.outcome, after: session.outcome, accepted: true, reason: null, at: now });
    if (!(await this.rows.writeIfUnchanged(manager, session, changedProperties(seen, session), seen.version, event))) return null;
    await this.changed(manager, session, seen.outcome, plan.notice);
    return { result: 'applied', session, event, before: seen.outcome };
  }

  private async changed(manager: EntityManager, session: PaymentSession, before: Outcome, notice: StatusNotice): Promise<void> {
    if (before === session.outcome) return;
    await this.announceWithin(manager, session, before, notice.source);
    this.logger.log(`session ${session.id} ${before} → ${session.outcome} (${notice.source}: ${notice.status})`);
  }
}
