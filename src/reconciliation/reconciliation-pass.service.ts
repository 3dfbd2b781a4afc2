import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { hostname } from 'node:os';
import { Repository } from 'typeorm';
import { uuidv7 } from '../common/ids';
import { AppConfig } from '../config/configuration';
import { TransactionRunner } from '../database/transaction-runner';
import { ClaimedSession, CreatedKeyset, PaymentSessionsRepository } from '../payments/persistence/payment-sessions.repository';
import { ReconciliationRunFinishedEvent } from './events/reconciliation-run-finished.event';
import { lastStartBefore, leaseMs } from './pacing-policy';
import { ReconciliationPacer } from './reconciliation-pacer';
import { ReconciliationRun, RunStatus, RunTrigger } from './reconciliation-run.entity';
import { RunSummary, summaryOf, Tally } from './run-tally';
import { SessionChecker } from './session-checker.service';

/**
 * One reconciliation pass (contract §7): fail the sessions stuck creating, then ask Fintecture
 * about every open session due when the pass started, in claimed batches worked by a few
 * workers at once; the run row is written before any work and completed at the end.
 *
 * Claiming (PaymentSessionsRepository.claimDue) leases a batch by pushing its next_check_at
 * forward; on PostgreSQL it skips rows locked by another instance. On SQLite the service is
 * assumed to run as one process: the claim is a plain transaction, serialised by the
 * TransactionRunner with everything else in the process, which keeps passes of one process
 * apart but is no guard between processes.
 */
@Injectable()
export class ReconciliationPassService {
  private readonly logger = new Logger('Reconciliation');
  private readonly instance = `${hostname()}:${process.pid}`.slice(0, 128);

  constructor(
    @InjectRepository(ReconciliationRun) private readonly runs: Repository<ReconciliationRun>,
    private readonly sessions: PaymentSessionsRepository,
    private readonly checker: SessionChecker,
    private readonly pacer: ReconciliationPacer,
    private readonly tx: TransactionRunner,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly events: EventEmitter2,
  ) {}

  private get settings(): AppConfig['reconciliation'] {
    return this.config.get('reconciliation', { infer: true });
  }

  private get fintectureTimeoutMs(): number {
    return this.config.get('fintecture', { infer: true }).timeoutMs;
  }

  async run(trigger: RunTrigger): Promise<RunSummary> {
    const startedAt = new Date();
    const run = this.runs.create({
      id: uuidv7(startedAt.getTime()),
      trigger,
      status: 'running',
      instance: this.instance,
      startedAt,
      finishedAt: null,
      checked: 0,
      changed: 0,
      unchanged: 0,
      errors: 0,
      discrepancyCount: 0,
      discrepancyKinds: null,
      discrepancies: null,
      errorSamples: null,
      error: null,
    });
    // Recorded before any work, so that a pass that dies still leaves a trace.
    await this.tx.run((manager) => manager.getRepository(ReconciliationRun).save(run));
    const tally = new Tally(run.id);
    let status: Exclude<RunStatus, 'running'> = 'finished';
    try {
      await this.failStuckCreating(tally, startedAt);
      await this.checkDueSessions(tally, startedAt);
      if (tally.stopReason) status = 'interrupted';
    } catch (error) {
      status = 'failed';
      tally.stopReason = `the pass failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 2000);
      this.logger.error({ err: error, reconciliation: { run_id: run.id } }, 'reconciliation pass failed');
    }

    Object.assign(run, { status, finishedAt: new Date(), ...tally.counts() });
    try {
      await this.tx.run((manager) => manager.getRepository(ReconciliationRun).save(run));
    } catch (error) {
      this.logger.error({ err: error, reconciliation: { run_id: run.id } }, 'could not record the end of the reconciliation pass');
    }
    const summary = summaryOf(run);
    const { checked, changed, unchanged, errors, discrepancyCount, durationMs } = summary;
    this.logger.log(
      { reconciliation: { run_id: run.id, trigger, status, checked, changed, unchanged, errors, discrepancies: discrepancyCount, duration_ms: durationMs } },
      `reconciliation pass ${status}: ${checked} checked, ${changed} changed, ${errors} in error, ${discrepancyCount} discrepancies`,
    );
    this.events.emit(ReconciliationRunFinishedEvent.NAME, new ReconciliationRunFinishedEvent(summary));
    return summary;
  }

  private shouldStop(tally: Tally): boolean {
    if (this.pacer.stopping && !tally.stopReason) tally.stopReason = 'the service is shutting down';
    return tally.stopReason !== null;
  }

  private async failStuckCreating(tally: Tally, now: Date): Promise<void> {
    const { creatingTimeoutSeconds, batchSize } = this.settings;
    const olderThan = new Date(now.getTime() - creatingTimeoutSeconds * 1000);
    let after: CreatedKeyset | null = null;
    while (!this.shouldStop(tally)) {
      const rows = await this.sessions.findStuckCreating(olderThan, after, batchSize);
      if (!rows.length) return;
      for (const row of rows) {
        if (this.shouldStop(tally)) return;
        await this.checker.failStuck(row, tally, creatingTimeoutSeconds);
      }
      const last = rows[rows.length - 1];
      after = { createdAt: last.createdAt, id: last.id };
    }
  }

  private async checkDueSessions(tally: Tally, cutoff: Date): Promise<void> {
    const { batchSize, concurrency } = this.settings;
    // Only sessions due when the pass started: one that errs now is due again, but for the next pass.
    while (!this.shouldStop(tally)) {
      const claim = await this.sessions.claimDue(cutoff, batchSize, leaseMs(batchSize, concurrency, this.fintectureTimeoutMs));
      if (!claim.sessions.length) return;
      await this.work(claim.sessions, claim.leaseDeadline, tally);
    }
  }

  private async work(batch: ClaimedSession[], leaseDeadline: number, tally: Tally): Promise<void> {
    const lastStart = lastStartBefore(leaseDeadline, this.fintectureTimeoutMs);
    const queue = [...batch];
    const worker = async () => {
      while (queue.length) {
        await this.pacer.wait();
        if (this.shouldStop(tally) || Date.now() > lastStart) return;
        const session = queue.shift();
        if (session) await this.checker.check(session, tally);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.settings.concurrency, batch.length) }, worker));
    if (queue.length) await this.sessions.release(queue);
  }
}
