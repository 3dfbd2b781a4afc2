import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { hostname } from 'node:os';
import { CursorPosition } from '../common/cursor-codec';
import { isDatabaseUnavailable } from '../common/database-faults';
import { uuidv7 } from '../common/ids';
import { AppConfig } from '../config/configuration';
import {
  ClaimedSession,
  ClaimPosition,
  CreatedKeyset,
  PaymentSessionsRepository,
  SessionSelection,
} from '../payments/persistence/payment-sessions.repository';
import { SessionChecksRepository } from '../payments/persistence/session-checks.repository';
import { RefundReconciler } from '../refunds/refund-reconciler.service';
import { UnmatchedNoticesService } from '../webhooks/unmatched-notices.service';
import { discrepancy, unmatchedPaymentDiscrepancy } from './discrepancy-rules';
import { ReconciliationRunFinishedEvent } from './events/reconciliation-run-finished.event';
import { claimLeaseMs, lastStartBefore } from './pacing-policy';
import { ReconciliationPacer } from './reconciliation-pacer';
import { ReconciliationRun, RunTrigger } from './reconciliation-run.entity';
import { ReconciliationRunsStore } from './reconciliation-runs.store';
import { RunHeartbeat } from './run-heartbeat';
import { endOfRun } from './run-outcome';
import { RunRequest, selectionFor } from './run-scope';
import { RunSummary, summaryOf, Tally } from './run-tally';
import { SessionChecker } from './session-checker.service';

const UNMATCHED_PAGE = 200;
/** Waits before retrying the end of a run whose database was away (not while shutting down). */
const END_RETRY_DELAYS_MS = [500, 1000, 2000, 4000];

/** The batch a pass holds: the sessions it claimed and has not finished, and when the claim lapses. */
interface Held {
  ids: Set<string>;
  until: number;
}

/** A pass whose run row is written: what it was when it started, and its end to come (never rejects). */
export interface StartedPass {
  started: RunSummary;
  finished: Promise<RunSummary>;
}

/**
 * One reconciliation pass (contract §7): close the runs whose process is gone, fail the sessions
 * stuck creating, ask Fintecture about every session of the run's scope in claimed batches
 * worked by a few workers at once, and report the unmatched notices that speak of money.
 *
 * The run row is written before any work and renewed by a heartbeat (with the counts so far)
 * that also renews the pass's claims on the batch it holds; a claim lapses a lease after the
 * last renewal, so a killed pass leaves its sessions for minutes, not for the life of a batch.
 *
 * On PostgreSQL claiming skips rows locked by another instance. On SQLite the service is assumed
 * to run as one process: the claim is a plain transaction, serialised by the TransactionRunner
 * with everything else in the process, which keeps passes of one process apart but is no guard
 * between processes.
 */
@Injectable()
export class ReconciliationPassService {
  private readonly logger = new Logger('Reconciliation');
  readonly instance = `${hostname()}:${process.pid}`.slice(0, 128);

  constructor(
    private readonly store: ReconciliationRunsStore,
    private readonly sessions: PaymentSessionsRepository,
    private readonly checks: SessionChecksRepository,
    private readonly unmatched: UnmatchedNoticesService,
    private readonly checker: SessionChecker,
    private readonly pacer: ReconciliationPacer,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly events: EventEmitter2,
    private readonly refunds: RefundReconciler,
  ) {}

  private get settings(): AppConfig['reconciliation'] {
    return this.config.get('reconciliation', { infer: true });
  }

  private get fintectureTimeoutMs(): number {
    return this.config.get('fintecture', { infer: true }).timeoutMs;
  }

  get leaseMs(): number {
    return claimLeaseMs(this.settings.leaseSeconds, this.settings.heartbeatSeconds, this.fintectureTimeoutMs);
  }

  /** Runs whose heartbeat is older than the lease are closed as abandoned, their sessions freed. */
  closeAbandoned(): Promise<string[]> {
    return this.store.closeAbandoned(this.leaseMs, this.instance);
  }

  /** Records the run (status running) and starts the work; the answer comes once the row is written. */
  async start(trigger: RunTrigger, request: RunRequest): Promise<StartedPass> {
    await this.closeAbandoned().catch((error: unknown) => this.logger.error({ err: error }, 'could not close abandoned reconciliation runs'));
    const startedAt = new Date();
    const run = Object.assign(new ReconciliationRun(), {
      id: uuidv7(startedAt.getTime()),
      trigger,
      status: 'running',
      scope: request.scope,
      filters: request.filters,
      instance: this.instance,
      startedAt,
      finishedAt: null,
      heartbeatAt: startedAt,
      checked: 0,
      changed: 0,
      unchanged: 0,
      errors: 0,
      discrepancyCount: 0,
      discrepancyKinds: null,
      discrepancies: null,
      errorSamples: null,
      errorKinds: null,
      error: null,
    } satisfies ReconciliationRun);
    // Recorded before any work, so that a pass that dies still leaves a trace.
    await this.store.insert(run);
    return { started: summaryOf({ ...run }), finished: this.work(run, selectionFor(request, startedAt)) };
  }

  private async work(run: ReconciliationRun, selection: SessionSelection): Promise<RunSummary> {
    const tally = new Tally(run.id);
    const held: Held = { ids: new Set(), until: 0 };
    const heartbeat = new RunHeartbeat(
      () => this.beat(run, tally, held),
      this.settings.heartbeatSeconds * 1000,
      (error) => this.logger.warn({ err: error, reconciliation: { run_id: run.id } }, 'reconciliation heartbeat failed'),
    );
    heartbeat.start();
    let crash: string | null = null;
    try {
      await this.failStuckCreating(tally, run.startedAt, selection);
      await this.checkSessions(tally, selection, held);
      // Refunds belong to no session selection: a pass narrowed by filters leaves them to the others.
      if (!this.shouldStop(tally) && !run.filters) await this.reconcileRefunds(tally);
      if (!this.shouldStop(tally)) await this.reportUnmatchedPayments(tally);
    } catch (error) {
      crash = error instanceof Error ? error.message : String(error);
      this.logger.error({ err: error, reconciliation: { run_id: run.id } }, 'reconciliation pass failed');
    }
    await heartbeat.stop();

    const { status, error } = endOfRun({
      crash,
      stopReason: tally.stopReason,
      checked: tally.checked,
      errors: tally.errors,
      errorKinds: tally.errorKinds,
    });
    Object.assign(run, { status, error, finishedAt: new Date(), ...tally.counts() });
    // Claims whose bookkeeping failed (the database was away) are freed now rather than at their lease's end.
    await this.retrying('free the sessions of the reconciliation pass', run.id, () => this.checks.releaseRuns([run.id]));
    await this.retrying('record the end of the reconciliation pass', run.id, () => this.store.finish(run));
    const summary = summaryOf(run);
    const { checked, changed, unchanged, errors, discrepancyCount, durationMs } = summary;
    this.logger.log(
      {
        reconciliation: {
          run_id: run.id,
          trigger: run.trigger,
          scope: run.scope,
          status,
          checked,
          changed,
          unchanged,
          errors,
          discrepancies: discrepancyCount,
          duration_ms: durationMs,
        },
      },
      `reconciliation pass ${status}: ${checked} checked, ${changed} changed, ${errors} in error, ${discrepancyCount} discrepancies`,
    );
    this.events.emit(ReconciliationRunFinishedEvent.NAME, new ReconciliationRunFinishedEvent(summary));
    return summary;
  }

  /** Proof of life with the counts so far, and the claims on the batch in hand renewed. */
  private async beat(run: ReconciliationRun, tally: Tally, held: Held): Promise<void> {
    const ours = await this.store.beat(run.id, new Date(), tally.counts());
    if (!ours && !tally.stopReason) {
      // Another pass took our silence for death and freed our sessions: checking on would check them twice.
      tally.stopReason = 'the run was closed as abandoned while it worked (its heartbeats were late); the rest waits for the next pass';
      this.logger.warn({ reconciliation: { run_id: run.id } }, tally.stopReason);
    }
    held.until = await this.checks.renewClaims(run.id, [...held.ids], this.leaseMs);
  }

  private async retrying(what: string, runId: string, work: () => Promise<void>): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await work();
      } catch (error) {
        // Only a database away is worth waiting for; and never while the service is shutting down.
        const delay = this.pacer.stopping || !isDatabaseUnavailable(error) ? undefined : END_RETRY_DELAYS_MS[attempt];
        if (delay === undefined) {
          this.logger.error({ err: error, reconciliation: { run_id: runId } }, `could not ${what}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private shouldStop(tally: Tally): boolean {
    if (this.pacer.stopping && !tally.stopReason) tally.stopReason = 'the service is shutting down';
    return tally.stopReason !== null;
  }

  private async failStuckCreating(tally: Tally, now: Date, selection: SessionSelection): Promise<void> {
    const { creatingTimeoutSeconds, batchSize } = this.settings;
    const olderThan = new Date(now.getTime() - creatingTimeoutSeconds * 1000);
    let after: CreatedKeyset | null = null;
    while (!this.shouldStop(tally)) {
      const rows = await this.sessions.findStuckCreating(olderThan, after, batchSize, selection);
      if (!rows.length) return;
      for (const row of rows) {
        if (this.shouldStop(tally)) return;
        await this.checker.failStuck(row, tally, creatingTimeoutSeconds);
      }
      const last = rows[rows.length - 1];
      after = { createdAt: last.createdAt, id: last.id };
    }
  }

  /** Batch after batch, each session of the selection once (a walk in key order, never back). */
  private async checkSessions(tally: Tally, selection: SessionSelection, held: Held): Promise<void> {
    let after: ClaimPosition | null = null;
    while (!this.shouldStop(tally)) {
      const claim = await this.checks.claim(selection, after, this.settings.batchSize, { runId: tally.runId, ms: this.leaseMs });
      if (!claim.sessions.length) return;
      after = claim.next;
      held.ids = new Set(claim.sessions.map((s) => s.id));
      held.until = claim.until;
      await this.workBatch(claim.sessions, held, tally);
    }
  }

  private async workBatch(batch: ClaimedSession[], held: Held, tally: Tally): Promise<void> {
    const queue = [...batch];
    const worker = async () => {
      while (queue.length) {
        await this.pacer.wait();
        // The claim may have been renewed meanwhile; a session is started only while it has room to finish.
        if (this.shouldStop(tally) || Date.now() > lastStartBefore(held.until, this.fintectureTimeoutMs)) return;
        const session = queue.shift();
        if (!session) return;
        try {
          await this.checker.check(session, tally);
        } finally {
          held.ids.delete(session.id);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.settings.concurrency, batch.length) }, worker));
    if (!queue.length) return;
    for (const session of queue) held.ids.delete(session.id);
    // If this fails too, the claims lapse at their lease, or go when the run ends.
    await this.checks
      .release(queue, tally.runId)
      .catch((error: unknown) => this.logger.warn({ err: error, reconciliation: { run_id: tally.runId } }, 'could not hand back unchecked sessions'));
  }

  /** Refunds not final (issue 14): asked about once their refund session is known; one still not final after REFUND_STUCK_SECONDS reported once. */
  private async reconcileRefunds(tally: Tally): Promise<void> {
    const report = await this.refunds.pass({ runId: tally.runId, batchSize: this.settings.batchSize, shouldStop: () => this.shouldStop(tally) });
    tally.checked += report.checked - report.errors.length;
    tally.changed += report.changed;
    tally.unchanged += report.unchanged;
    for (const { refund, kind, httpStatus, message } of report.errors) {
      tally.error({ id: refund.paymentSessionId, sessionId: refund.refundSessionId ?? '' }, kind, httpStatus, `refund ${refund.id}: ${message}`);
    }
    for (const finding of report.findings)
      tally.discrepancy(discrepancy(finding.kind, finding.session, finding.session.outcome, finding.message, finding.detail));
  }

  /** Every unresolved unmatched notice that reports money is a discrepancy of every pass, until someone settles it. */
  private async reportUnmatchedPayments(tally: Tally): Promise<void> {
    let after: CursorPosition | null = null;
    for (;;) {
      const notices = await this.unmatched.listReportingMoney(after, UNMATCHED_PAGE);
      for (const notice of notices) tally.discrepancy(unmatchedPaymentDiscrepancy(notice));
      if (notices.length < UNMATCHED_PAGE) return;
      const last = notices[notices.length - 1];
      after = { createdAt: last.receivedAt, id: last.id };
    }
  }
}
