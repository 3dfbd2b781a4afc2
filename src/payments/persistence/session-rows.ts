import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { uuidv7 } from '../../common/ids';
import { PaymentSession } from '../entities/payment-session.entity';
import { SessionEvent } from '../entities/session-event.entity';
import { Outcome } from '../payment-outcome';
import type { EventInput } from '../session-state.service';
import { changedColumns, snapshotOf } from './changed-columns';

/** Never part of a state change's UPDATE: the key, the version (bumped by the UPDATE itself) and the creation time. */
const UNWRITTEN = ['id', 'version', 'createdAt'] as const;

/**
 * The row-level steps of a state change: lock, write back, record an event. Not exported by
 * PaymentsModule: used only by SessionStateService and PaymentSessionsRepository, so that no
 * caller can change a session without the rules that go with it.
 */
@Injectable()
export class SessionRows {
  /** What each locked row held when read, so that persist writes only what the change touched. */
  private readonly asRead = new WeakMap<PaymentSession, Record<string, unknown>>();

  async lock(manager: EntityManager, sessionPk: string): Promise<PaymentSession | null> {
    const query = manager.getRepository(PaymentSession).createQueryBuilder('s').where('s.id = :id', { id: sessionPk });
    // SQLite has no row locks; the TransactionRunner already runs one transaction at a time there.
    if (manager.connection.options.type === 'postgres') query.setLock('pessimistic_write');
    const session = await query.getOne();
    if (session) this.asRead.set(session, snapshotOf(session));
    return session;
  }

  /**
   * Writes a locked, already loaded row back: an UPDATE of the columns changed since lock() read
   * it (all of them for a row read otherwise), version bumped. save() would first SELECT the row
   * again to diff it; a write of every column cost TypeORM and the database about twice as much.
   */
  async persist(manager: EntityManager, session: PaymentSession): Promise<void> {
    const snapshot = this.asRead.get(session) ?? {};
    const columns = changedColumns(snapshot, session, UNWRITTEN);
    await manager
      .getRepository(PaymentSession)
      .update({ id: session.id }, { ...(columns as QueryDeepPartialEntity<PaymentSession>), version: () => 'version + 1' });
    session.version += 1;
    this.asRead.set(session, snapshotOf(session));
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
      lastTransactionAmountMinor: notice.lastTransactionAmountMinor ?? null,
      dedupeKey: notice.dedupeKey ?? null,
      detail: notice.detail ?? null,
      createdAt: at,
    });
    // insert, not save: save would first SELECT the new id to decide between INSERT and UPDATE.
    return manager
      .getRepository(SessionEvent)
      .insert(event as QueryDeepPartialEntity<SessionEvent>)
      .then(() => event);
  }
}
