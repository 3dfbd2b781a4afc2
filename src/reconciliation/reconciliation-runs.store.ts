import { Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction-runner';
import { SessionChecksRepository } from '../payments/persistence/session-checks.repository';
import { ReconciliationRun } from './reconciliation-run.entity';
import { abandonedText } from './run-outcome';
import { RunCounts } from './run-tally';

/**
 * The run rows' writes: recorded before any work, a heartbeat with the counts so far while the
 * pass goes on, the end; and the closing of runs whose process is gone.
 */
@Injectable()
export class ReconciliationRunsStore {
  private readonly logger = new Logger('Reconciliation');

  constructor(
    private readonly tx: TransactionRunner,
    private readonly sessions: SessionChecksRepository,
  ) {}

  async insert(run: ReconciliationRun): Promise<void> {
    await this.tx.run((manager) => manager.getRepository(ReconciliationRun).save(run));
  }

  /** False when the run is no longer running: another pass closed it as abandoned (its heartbeats were late). */
  async beat(runId: string, at: Date, counts: RunCounts): Promise<boolean> {
    const result = await this.tx.run((manager) =>
      manager
        .createQueryBuilder()
        .update(ReconciliationRun)
        .set({ heartbeatAt: at, ...counts })
        .where('id = :runId', { runId })
        .andWhere("status = 'running'")
        .execute(),
    );
    return result.affected === 1;
  }

  /** The end, whatever the row says meanwhile: a run closed as abandoned that did finish says so. */
  async finish(run: ReconciliationRun): Promise<void> {
    await this.tx.run((manager) => manager.getRepository(ReconciliationRun).save(run));
  }

  /**
   * Runs still `running` with no heartbeat for `leaseMs` lost their process (kill -9, a crash, a
   * host gone): closed as abandoned, their finish time the last sign of life, their claims on
   * sessions released at once. Each close is conditional, so two instances closing the same run
   * close it once. Answers the ids closed.
   */
  async closeAbandoned(leaseMs: number, closedBy: string, now = new Date()): Promise<string[]> {
    const staleBefore = new Date(now.getTime() - leaseMs);
    const stale = await this.tx.dataSource
      .getRepository(ReconciliationRun)
      .createQueryBuilder('r')
      .select(['r.id', 'r.instance', 'r.startedAt', 'r.heartbeatAt'])
      .where("r.status = 'running'")
      .andWhere('COALESCE(r.heartbeatAt, r.startedAt) < :staleBefore', { staleBefore })
      .orderBy('r.startedAt', 'ASC')
      .limit(100)
      .getMany();
    const closed: string[] = [];
    for (const run of stale) {
      const lastSign = run.heartbeatAt ?? run.startedAt;
      const result = await this.tx.run((manager) =>
        manager
          .createQueryBuilder()
          .update(ReconciliationRun)
          .set({ status: 'abandoned', finishedAt: lastSign, error: abandonedText({ instance: run.instance, lastSign }, closedBy, now) })
          .where('id = :id', { id: run.id })
          .andWhere("status = 'running'")
          .andWhere('COALESCE(heartbeat_at, started_at) < :staleBefore', { staleBefore })
          .execute(),
      );
      if (result.affected !== 1) continue;
      closed.push(run.id);
      this.logger.warn(
        { reconciliation: { run_id: run.id, instance: run.instance, heartbeat_at: lastSign.toISOString() } },
        `reconciliation run ${run.id} of ${run.instance} closed as abandoned: no heartbeat since ${lastSign.toISOString()}`,
      );
    }
    await this.sessions.releaseRuns(closed);
    return closed;
  }
}
