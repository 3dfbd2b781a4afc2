import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { uuidv7 } from '../../common/ids';
import { PaymentSession } from '../entities/payment-session.entity';
import { SessionEvent } from '../entities/session-event.entity';
import { Outcome } from '../payment-outcome';
import type { EventInput } from '../session-state.service';
import { TransactionRunner } from '../../database/transaction-runner';
import { insertSessionWithEvent, updateIfUnchanged } from './session-statements';

/**
 * The row-level steps of a state change: lock, write back, record an event. Not exported by
 * PaymentsModule: used only by SessionStateService and PaymentSessionsRepository, so that no
 * caller can change a session without the rules that go with it.
 */
export interface EventChange {
  before: Outcome | null;
  after: Outcome | null;
  accepted: boolean;
  reason: string | null;
  at: Date;
}

@Injectable()
export class SessionRows {
  constructor(private readonly tx: TransactionRunner) {}

  lock(manager: EntityManager, sessionPk: string): Promise<PaymentSession | null> {
    const query = manager.getRepository(PaymentSession).createQueryBuilder('s').where('s.id = :id', { id: sessionPk });
    // SQLite has no row locks; the TransactionRunner already runs one transaction at a time there.
    if (manager.connection.options.type === 'postgres') query.setLock('pessimistic_write');
    return query.getOne();
  }

  /**
   * Writes a locked, already loaded row back. An UPDATE of its columns, version bumped: save()
   * would first SELECT the row again to diff it, which doubled the cost of every change.
   */
  async persist(manager: EntityManager, session: PaymentSession): Promise<void> {
    const { id, version, createdAt, ...columns } = session;
    void createdAt;
    await manager
      .getRepository(PaymentSession)
      .update({ id }, { ...(columns as QueryDeepPartialEntity<PaymentSession>), version: () => 'version + 1' });
    session.version = version + 1;
  }

  /** Whether a notice with this dedupe key was already recorded for the session. */
  seen(manager: EntityManager, sessionPk: string, dedupeKey: string): Promise<boolean> {
    return manager.getRepository(SessionEvent).exist({ where: { paymentSessionId: sessionPk, dedupeKey } });
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
    const event = this.buildEvent(session, notice, { before, after, accepted, reason, at });
    // insert, not save: save would first SELECT the new id to decide between INSERT and UPDATE.
    return manager
      .getRepository(SessionEvent)
      .insert(event as QueryDeepPartialEntity<SessionEvent>)
      .then(() => event);
  }

  /**
   * The session and its first event. One statement on PostgreSQL; on SQLite two inserts in the
   * runner's transaction (statements there cost no round trip).
   */
  async insertWithFirstEvent(session: PaymentSession, notice: EventInput): Promise<void> {
    const event = this.buildEvent(session, notice, { before: null, after: session.outcome, accepted: true, reason: null, at: session.createdAt });
    if (this.tx.isPostgres) return insertSessionWithEvent(this.tx.dataSource.manager, session, event);
    await this.tx.run(async (manager) => {
      await manager.getRepository(PaymentSession).insert(session as QueryDeepPartialEntity<PaymentSession>);
      await manager.getRepository(SessionEvent).insert(event as QueryDeepPartialEntity<SessionEvent>);
    });
  }

  /**
   * PostgreSQL only: writes the changed properties and the event if the row is still at
   * `expectedVersion` (see updateIfUnchanged); false when it is not, and nothing was written.
   */
  async writeIfUnchanged(
    manager: EntityManager,
    session: PaymentSession,
    changed: readonly (keyof PaymentSession)[],
    expectedVersion: number,
    event: SessionEvent,
  ): Promise<boolean> {
    if (!(await updateIfUnchanged(manager, session, changed, expectedVersion, event))) return false;
    session.version = expectedVersion + 1;
    return true;
  }

  /** The event row in memory; `change` is what it records of the session (outcome before and after, accepted or why not). */
  buildEvent(session: PaymentSession, notice: EventInput, change: EventChange): SessionEvent {
    const { before, after, accepted, reason, at } = change;
    return Object.assign(new SessionEvent(), {
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
      lastTransactionAmountMinor: notice.lastTransactionAmountMinor ?? null,
      dedupeKey: notice.dedupeKey ?? null,
      detail: notice.detail ?? null,
      createdAt: at,
    });
  }
}
