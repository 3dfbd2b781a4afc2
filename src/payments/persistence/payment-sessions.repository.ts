import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, QueryFailedError, Repository } from 'typeorm';
import { SESSION_ID_PATTERN, UUID_PATTERN } from '../../common/ids';
import { TransactionRunner } from '../../database/transaction-runner';
import { REFUSED_STATUS } from '../create-attempts';
import { PaymentSession } from '../entities/payment-session.entity';
import { narrow, SessionSelection } from './session-selection';
import { SessionRows } from './session-rows';

export type { Claim, ClaimedSession, ClaimPosition, SessionSelection } from './session-selection';

/** Where a keyset walk over sessions by (created_at, id) starts after. */
export interface CreatedKeyset {
  createdAt: Date;
  id: string;
}

/**
 * Every read and write other modules need on payment_sessions, outside a status change (which is
 * SessionStateService's): lookups, the idempotent insert, a retry's takeover, the sessions
 * reconciliation looks for, the refund totals. Reconciliation's bookkeeping is SessionChecksRepository's.
 */
@Injectable()
export class PaymentSessionsRepository {
  constructor(
    @InjectRepository(PaymentSession) private readonly sessions: Repository<PaymentSession>,
    private readonly tx: TransactionRunner,
    private readonly rows: SessionRows,
  ) {}

  /** A new row in memory, not yet written (createOnce writes it). */
  build(fields: Omit<PaymentSession, 'version' | 'paidAt' | 'reconciliationClaimedBy' | 'reconciliationClaimedUntil'>): PaymentSession {
    return this.sessions.create(fields);
  }

  findById(id: string): Promise<PaymentSession | null> {
    return this.sessions.findOneBy({ id });
  }

  /** By Fintecture's session id; null for anything that cannot be one. */
  findBySessionId(sessionId: string): Promise<PaymentSession | null> {
    if (!SESSION_ID_PATTERN.test(sessionId)) return Promise.resolve(null);
    return this.sessions.findOneBy({ sessionId });
  }

  /** By our id (a UUID) or Fintecture's session id (32 hex). */
  findByAnyId(idOrSessionId: string): Promise<PaymentSession | null> {
    if (UUID_PATTERN.test(idOrSessionId)) return this.findById(idOrSessionId);
    return this.findBySessionId(idOrSessionId);
  }

  /**
   * Inserts the session with its first event, or answers the twin that already holds its
   * (merchant, idempotency_key): the unique index decides who creates, and the loser of a race
   * gets the winner's row. The row answered is the one given only when it was inserted.
   */
  async createOnce(session: PaymentSession): Promise<PaymentSession> {
    try {
      await this.rows.insertWithFirstEvent(session, { source: 'api', kind: 'creating', status: null });
      return session;
    } catch (error) {
      if (!session.idempotencyKey || !isUniqueViolation(error)) throw error;
      const twin = await this.sessions.findOneBy({ merchant: session.merchant, idempotencyKey: session.idempotencyKey });
      if (!twin) throw error;
      return twin;
    }
  }

  /**
   * A retry under the same Idempotency-Key takes over the create attempt it saw, when that one
   * failed upstream (anything but a refusal, which is replayed as is) or is dead (still creating,
   * started at or before `deadBefore`). One conditional UPDATE decides, so that of two instances
   * retrying at once exactly one makes the new attempt; the earlier attempt stays in the history
   * as an `attempt_superseded` event. Answers the row as taken over, or null for the loser.
   */
  async takeOverAttempt(seen: PaymentSession, deadBefore: Date): Promise<PaymentSession | null> {
    return this.tx.run(async (manager) => {
      const now = new Date();
      const taken = await manager
        .createQueryBuilder()
        .update(PaymentSession)
        .set({
          createAttempt: () => 'create_attempt + 1',
          attemptStartedAt: now,
          outcome: 'creating',
          failureCode: null,
          failureStatus: null,
          failureDetail: null,
          nextCheckAt: null,
          updatedAt: now,
          version: () => 'version + 1',
        })
        .where('id = :id', { id: seen.id })
        .andWhere('create_attempt = :attempt', { attempt: seen.createAttempt })
        .andWhere('session_id IS NULL')
        .andWhere(
          new Brackets((either) =>
            either
              .where(`outcome = 'creation_failed' AND (failure_status IS NULL OR failure_status <> ${REFUSED_STATUS})`)
              .orWhere(`outcome = 'creating' AND COALESCE(attempt_started_at, created_at) <= :deadBefore`, { deadBefore }),
          ),
        )
        .execute();
      if (taken.affected !== 1) return null;
      const row = await manager.getRepository(PaymentSession).findOneByOrFail({ id: seen.id });
      const earlier = {
        attempt: seen.createAttempt,
        outcome: seen.outcome,
        started_at: (seen.attemptStartedAt ?? seen.createdAt).toISOString(),
        failure_code: seen.failureCode,
        failure_status: seen.failureStatus,
        failure_detail: seen.failureDetail,
      };
      await this.rows.record(
        manager,
        row,
        { source: 'api', kind: 'attempt_superseded', status: null, detail: earlier },
        seen.outcome,
        'creating',
        true,
        'superseded',
        now,
      );
      return row;
    });
  }

  /**
   * Create attempts a notice for an unknown Fintecture session may belong to: no session id yet,
   * the same state and amount, creating or failed upstream (a refused create made nothing there).
   */
  findAdoptable(state: string, amountMinor: number): Promise<PaymentSession[]> {
    return this.sessions
      .createQueryBuilder('s')
      .where('s.state = :state', { state })
      .andWhere('s.amountMinor = :amountMinor', { amountMinor })
      .andWhere('s.sessionId IS NULL')
      .andWhere('s.outcome IN (:...outcomes)', { outcomes: ['creating', 'creation_failed'] })
      .andWhere(`(s.failureStatus IS NULL OR s.failureStatus <> ${REFUSED_STATUS})`)
      .orderBy('s.createdAt', 'DESC')
      .limit(2)
      .getMany();
  }

  /** Sessions still creating that were created at or before `olderThan`, oldest first, after the keyset given, within the selection's filters. */
  findStuckCreating(
    olderThan: Date,
    after: CreatedKeyset | null,
    limit: number,
    selection: Pick<SessionSelection, 'createdFrom' | 'createdTo' | 'ids'> | null = null,
  ): Promise<Array<Pick<PaymentSession, 'id' | 'createdAt'>>> {
    const query = this.sessions
      .createQueryBuilder('s')
      .select(['s.id', 's.createdAt'])
      .where('s.outcome = :creating', { creating: 'creating' })
      .andWhere('s.createdAt <= :olderThan', { olderThan })
      // A retry's new attempt starts its own clock: it is not stuck because the row is old.
      .andWhere('COALESCE(s.attemptStartedAt, s.createdAt) <= :olderThan', { olderThan })
      .orderBy('s.createdAt', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(limit);
    if (selection) narrow(query, selection);
    if (after) {
      query.andWhere('(s.createdAt > :afterAt OR (s.createdAt = :afterAt AND s.id > :afterId))', { afterAt: after.createdAt, afterId: after.id });
    }
    return query.getMany();
  }

  /**
   * The refund totals, rewritten by the refunds' state path under the session's lock. Raw SQL on
   * purpose: an update through TypeORM would bump the version, and the session's own facts did not change.
   */
  async writeRefundTotals(manager: EntityManager, sessionPk: string, refundedMinor: number, refundingMinor: number): Promise<void> {
    const [a, b, c] = manager.connection.options.type === 'postgres' ? ['$1', '$2', '$3'] : ['?', '?', '?'];
    await manager.query(`UPDATE payment_sessions SET refunded_minor = ${a}, refunding_minor = ${b} WHERE id = ${c}`, [
      refundedMinor,
      refundingMinor,
      sessionPk,
    ]);
  }
}

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = (error as QueryFailedError & { driverError?: { code?: string } }).driverError;
  return driverError?.code === '23505' || driverError?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(error.message);
}
