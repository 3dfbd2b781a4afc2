import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TransactionRunner } from '../../database/transaction-runner';
import { PaymentSession } from '../entities/payment-session.entity';
import { TERMINAL_OUTCOMES } from '../payment-outcome';
import { Claim, ClaimedSession, ClaimPosition, narrow, SessionSelection } from './session-selection';

/**
 * Reconciliation's bookkeeping on payment_sessions: the claim (reconciliation_claimed_by,
 * reconciliation_claimed_until), next_check_at, check_count, last_checked_at and
 * reconciliation_gave_up_at. Owned here, with the table, so that reconciliation writes none of it itself.
 */
@Injectable()
export class SessionChecksRepository {
  constructor(private readonly tx: TransactionRunner) {}

  /**
   * Claims up to `limit` sessions of the selection for the run, after `after`, in one short
   * transaction: open sessions with a Fintecture id that no live claim holds. The claim is its
   * own pair of columns (run id, until when), not a move of next_check_at, so a session the pass
   * does not finish keeps its schedule, and comes back when the claim lapses (a lease after the
   * last renewal) or when its run is closed. On PostgreSQL the rows are read FOR UPDATE SKIP
   * LOCKED, so two instances never claim the same session.
   */
  claim(selection: SessionSelection, after: ClaimPosition | null, limit: number, lease: { runId: string; ms: number }): Promise<Claim> {
    const key = selection.scope === 'due' ? 's.nextCheckAt' : 's.createdAt';
    return this.tx.run(async (manager) => {
      const now = new Date();
      const query = manager
        .getRepository(PaymentSession)
        .createQueryBuilder('s')
        .select(['s.id', 's.sessionId', 's.nextCheckAt', 's.createdAt'])
        .where('s.outcome NOT IN (:...terminal)', { terminal: TERMINAL_OUTCOMES })
        .andWhere('s.sessionId IS NOT NULL')
        .andWhere('(s.reconciliationClaimedUntil IS NULL OR s.reconciliationClaimedUntil <= :now)', { now })
        .orderBy(key, 'ASC')
        .addOrderBy('s.id', 'ASC')
        .limit(limit);
      if (selection.scope === 'due') query.andWhere('s.nextCheckAt <= :dueBy', { dueBy: selection.dueBy });
      narrow(query, selection);
      if (after) query.andWhere(`(${key} > :afterAt OR (${key} = :afterAt AND s.id > :afterId))`, { afterAt: after.at, afterId: after.id });
      if (this.tx.isPostgres) query.setLock('pessimistic_write').setOnLocked('skip_locked');
      const rows = await query.getMany();
      const until = now.getTime() + lease.ms;
      if (rows.length) {
        await manager
          .createQueryBuilder()
          .update(PaymentSession)
          .set({ reconciliationClaimedBy: lease.runId, reconciliationClaimedUntil: new Date(until) })
          .whereInIds(rows.map((row) => row.id))
          .execute();
      }
      const last = rows[rows.length - 1];
      return {
        sessions: rows.map((row) => ({ id: row.id, sessionId: row.sessionId as string })),
        until,
        next: last ? { at: (selection.scope === 'due' ? last.nextCheckAt : last.createdAt) as Date, id: last.id } : null,
      };
    });
  }

  /** The run's claims on these sessions hold `ms` longer (those it still has: a check done or released dropped its own). */
  async renewClaims(runId: string, sessionPks: string[], ms: number): Promise<number> {
    const until = Date.now() + ms;
    if (!sessionPks.length) return until;
    await this.tx.run((manager) =>
      manager
        .createQueryBuilder()
        .update(PaymentSession)
        .set({ reconciliationClaimedUntil: new Date(until) })
        .whereInIds(sessionPks)
        .andWhere('reconciliation_claimed_by = :runId', { runId })
        .execute(),
    );
    return until;
  }

  /** Claimed but not checked: free for the next pass, schedule untouched. */
  async release(sessions: ClaimedSession[], runId: string): Promise<void> {
    if (!sessions.length) return;
    await this.tx.run((manager) =>
      releaseWhere(
        manager,
        runId,
        sessions.map((s) => s.id),
      ),
    );
  }

  /** Every claim these runs still hold (a run that ended, or whose process is gone). */
  async releaseRuns(runIds: string[]): Promise<void> {
    if (!runIds.length) return;
    await this.tx.run((manager) =>
      manager
        .createQueryBuilder()
        .update(PaymentSession)
        .set({ reconciliationClaimedBy: null, reconciliationClaimedUntil: null })
        .where('reconciliation_claimed_by IN (:...runIds)', { runIds })
        .execute(),
    );
  }

  /**
   * Due again at `at` (the check failed for a reason of the moment), unless a notice made it
   * terminal meanwhile or reconciliation gave up on it; the run's claim is dropped either way.
   */
  async keepDue(sessionPk: string, at: Date, runId: string): Promise<void> {
    await this.tx.run(async (manager) => {
      await manager
        .createQueryBuilder()
        .update(PaymentSession)
        .set({ nextCheckAt: at })
        .where('id = :id', { id: sessionPk })
        .andWhere('outcome NOT IN (:...terminal)', { terminal: TERMINAL_OUTCOMES })
        .andWhere('reconciliation_gave_up_at IS NULL')
        .execute();
      await releaseWhere(manager, runId, [sessionPk]);
    });
  }

  /**
   * One more check done, inside the caller's transaction (the row is locked there); the claim
   * ends with it. The row in memory follows, so that what the caller reports says what was written.
   */
  async recordCheck(
    manager: EntityManager,
    session: PaymentSession,
    check: { checkCount: number; at: Date; nextCheckAt: Date | null },
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(PaymentSession)
      .set({
        checkCount: check.checkCount,
        lastCheckedAt: check.at,
        nextCheckAt: check.nextCheckAt,
        reconciliationClaimedBy: null,
        reconciliationClaimedUntil: null,
      })
      .where('id = :id', { id: session.id })
      .execute();
    session.checkCount = check.checkCount;
    session.nextCheckAt = check.nextCheckAt;
    session.reconciliationClaimedBy = null;
    session.reconciliationClaimedUntil = null;
  }

  /** Reconciliation no longer asks about it (inside the caller's transaction). */
  async giveUp(manager: EntityManager, session: PaymentSession, at: Date): Promise<void> {
    await manager.createQueryBuilder().update(PaymentSession).set({ reconciliationGaveUpAt: at }).where('id = :id', { id: session.id }).execute();
    session.reconciliationGaveUpAt = at;
  }
}

function releaseWhere(manager: EntityManager, runId: string, sessionPks: string[]) {
  return manager
    .createQueryBuilder()
    .update(PaymentSession)
    .set({ reconciliationClaimedBy: null, reconciliationClaimedUntil: null })
    .whereInIds(sessionPks)
    .andWhere('reconciliation_claimed_by = :runId', { runId })
    .execute();
}
