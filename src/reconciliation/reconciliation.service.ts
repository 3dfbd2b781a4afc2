import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { hostname } from 'node:os';
import { EntityManager, Repository } from 'typeorm';
import { uuidv7 } from '../common/ids';
import { fromMinorUnits, tryMinorUnits } from '../common/money';
import { ProblemException } from '../common/problem';
import { AppConfig } from '../config/configuration';
import { TransactionRunner } from '../database/transaction-runner';
import { FintectureClient } from '../fintecture/fintecture.client';
import { FintectureError } from '../fintecture/fintecture.errors';
import { PaymentStatusReport } from '../fintecture/fintecture.types';
import { PaymentSession } from '../payments/entities/payment-session.entity';
import { isTerminal, Outcome, TERMINAL_OUTCOMES } from '../payments/payment-outcome';
import { ClaimedSession, PaymentSessionsRepository } from '../payments/persistence/payment-sessions.repository';
import { SessionStateService } from '../payments/session-state.service';
import { ReconciliationRunFinishedEvent } from './events/reconciliation-run-finished.event';
import {
  Discrepancy,
  DiscrepancyKind,
  ReconciliationRun,
  RunErrorSample,
  RunStatus,
  RunTrigger,
} from './reconciliation-run.entity';

/** What a pass did; runPass answers it, listeners of ReconciliationRunFinishedEvent hear it, the admin API shows it (snake_case). */
export interface RunSummary {
  id: string;
  trigger: RunTrigger;
  /** Never running in what runPass answers; admin reads may see a pass in progress. */
  status: RunStatus;
  instance: string;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  /** Sessions examined: changed + unchanged + errors. */
  checked: number;
  changed: number;
  unchanged: number;
  errors: number;
  discrepancyCount: number;
  discrepancyKinds: Partial<Record<DiscrepancyKind, number>>;
  /** At most MAX_STORED_DISCREPANCIES; discrepancyCount has them all. */
  discrepancies: Discrepancy[];
  errorSamples: RunErrorSample[];
  /** Why the pass failed or stopped early. */
  error: string | null;
}

const SCHEDULE_NAME = 'reconciliation';
const MAX_STORED_DISCREPANCIES = 1000;
const MAX_ERROR_SAMPLES = 100;
/** A Fintecture that fails this many sessions in a row is down: stop asking until the next pass. */
const MAX_CONSECUTIVE_FAILURES = 10;
/** Retry-After is honoured, but a pass does not sleep longer than this on Fintecture's word. */
const MAX_PAUSE_MS = 30_000;

class Tally {
  checked = 0;
  changed = 0;
  unchanged = 0;
  errors = 0;
  discrepancyCount = 0;
  consecutiveFailures = 0;
  readonly discrepancyKinds: Partial<Record<DiscrepancyKind, number>> = {};
  readonly discrepancies: Discrepancy[] = [];
  readonly errorSamples: RunErrorSample[] = [];
  stopReason: string | null = null;

  constructor(readonly runId: string) {}

  discrepancy(found: Discrepancy): void {
    this.discrepancyCount += 1;
    this.discrepancyKinds[found.kind] = (this.discrepancyKinds[found.kind] ?? 0) + 1;
    if (this.discrepancies.length < MAX_STORED_DISCREPANCIES) this.discrepancies.push(found);
  }

  error(session: ClaimedSession, kind: string, httpStatus: number | null, message: string): void {
    this.checked += 1;
    this.errors += 1;
    if (this.errorSamples.length < MAX_ERROR_SAMPLES) {
      this.errorSamples.push({
        payment_session_id: session.id,
        session_id: session.sessionId,
        kind,
        http_status: httpStatus,
        message: message.slice(0, 500),
        at: new Date().toISOString(),
      });
    }
  }
}

/**
 * Reconciliation passes (contract §7): ask Fintecture about every session that is not terminal
 * and is due, apply the answer through the one state path, and record the run.
 *
 * Claiming: a pass takes due sessions in batches and pushes their next_check_at forward by a
 * lease in one short transaction; on PostgreSQL the claim is SELECT … FOR UPDATE SKIP LOCKED, so
 * two instances never take the same session, and a crashed instance's sessions come back when
 * the lease runs out. On SQLite the service is assumed to run as one process: the claim is a
 * plain transaction, serialised by the TransactionRunner with everything else in the process,
 * which keeps passes of one process apart but is no guard between processes.
 */
@Injectable()
export class ReconciliationService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Reconciliation');
  /** Told of every finished pass, whatever its status (metrics, logs). */
  private readonly instance = `${hostname()}:${process.pid}`.slice(0, 128);
  private readonly passes = new Set<Promise<RunSummary>>();
  private stopping = false;
  private scheduledPassRunning = false;
  /** Shared by every worker of every pass of this process: Fintecture asked us to slow down. */
  private pauseUntil = 0;
  private readonly sleepers = new Set<() => void>();

  constructor(
    @InjectRepository(ReconciliationRun) private readonly runs: Repository<ReconciliationRun>,
    private readonly sessions: PaymentSessionsRepository,
    private readonly tx: TransactionRunner,
    private readonly state: SessionStateService,
    private readonly fintecture: FintectureClient,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly scheduler: SchedulerRegistry,
    private readonly events: EventEmitter2,
  ) {}

  private get settings(): AppConfig['reconciliation'] {
    return this.config.get('reconciliation', { infer: true });
  }

  onApplicationBootstrap(): void {
    const { intervalSeconds } = this.settings;
    if (intervalSeconds <= 0) {
      this.logger.log('scheduled reconciliation is off (RECONCILIATION_INTERVAL_SECONDS=0)');
      return;
    }
    const handle = setInterval(() => void this.runScheduled(), intervalSeconds * 1000);
    this.scheduler.addInterval(SCHEDULE_NAME, handle);
    this.logger.log(`reconciliation runs every ${intervalSeconds} s`);
  }

  /** No new session is picked once shutdown starts; sessions in flight finish before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.scheduler.doesExist('interval', SCHEDULE_NAME)) this.scheduler.deleteInterval(SCHEDULE_NAME);
    for (const wake of this.sleepers) wake();
    if (!this.passes.size) return;
    this.logger.log(`waiting for ${this.passes.size} reconciliation pass(es) to put their sessions down`);
    // Leave part of the shutdown budget to closing the database and the process itself.
    const budgetMs = this.config.get('shutdownTimeoutMs', { infer: true });
    const timeoutMs = Math.max(budgetMs - 2000, Math.floor(budgetMs / 2));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.passes]),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  async runPass(trigger: RunTrigger): Promise<RunSummary> {
    if (this.stopping) {
      throw new ProblemException(503, 'service_unavailable', 'The service is shutting down; no reconciliation pass was started.');
    }
    const pass = this.execute(trigger);
    this.passes.add(pass);
    try {
      return await pass;
    } finally {
      this.passes.delete(pass);
    }
  }

  /** A scheduled pass is skipped while the previous one is still running, so they never pile up. */
  private async runScheduled(): Promise<void> {
    if (this.stopping || this.scheduledPassRunning) return;
    this.scheduledPassRunning = true;
    try {
      await this.runPass('schedule');
    } catch (error) {
      this.logger.error({ err: error }, 'scheduled reconciliation pass could not run');
    } finally {
      this.scheduledPassRunning = false;
    }
  }

  private async execute(trigger: RunTrigger): Promise<RunSummary> {
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

    Object.assign(run, {
      status,
      finishedAt: new Date(),
      checked: tally.checked,
      changed: tally.changed,
      unchanged: tally.unchanged,
      errors: tally.errors,
      discrepancyCount: tally.discrepancyCount,
      discrepancyKinds: tally.discrepancyKinds,
      discrepancies: tally.discrepancies,
      errorSamples: tally.errorSamples,
      error: tally.stopReason,
    });
    try {
      await this.tx.run((manager) => manager.getRepository(ReconciliationRun).save(run));
    } catch (error) {
      this.logger.error({ err: error, reconciliation: { run_id: run.id } }, 'could not record the end of the reconciliation pass');
    }
    const summary = summaryOf(run);
    this.logger.log(
      { reconciliation: { run_id: run.id, trigger, status, checked: summary.checked, changed: summary.changed, unchanged: summary.unchanged, errors: summary.errors, discrepancies: summary.discrepancyCount, duration_ms: summary.durationMs } },
      `reconciliation pass ${status}: ${summary.checked} checked, ${summary.changed} changed, ${summary.errors} in error, ${summary.discrepancyCount} discrepancies`,
    );
    this.events.emit(ReconciliationRunFinishedEvent.NAME, new ReconciliationRunFinishedEvent(summary));
    return summary;
  }

  private shouldStop(tally: Tally): boolean {
    if (this.stopping && !tally.stopReason) tally.stopReason = 'the service is shutting down';
    return tally.stopReason !== null;
  }

  /**
   * Sessions whose create call never came back have no Fintecture id to ask about: past the
   * configured age they become creation_failed, as a timed-out create would have.
   */
  private async failStuckCreating(tally: Tally, now: Date): Promise<void> {
    const { creatingTimeoutSeconds, batchSize } = this.settings;
    const olderThan = new Date(now.getTime() - creatingTimeoutSeconds * 1000);
    let after: { createdAt: Date; id: string } | null = null;
    while (!this.shouldStop(tally)) {
      const rows = await this.sessions.findStuckCreating(olderThan, after, batchSize);
      if (!rows.length) return;
      for (const row of rows) {
        if (this.shouldStop(tally)) return;
        await this.failOne(row, tally, creatingTimeoutSeconds);
      }
      const last = rows[rows.length - 1];
      after = { createdAt: last.createdAt, id: last.id };
    }
  }

  private async failOne(row: Pick<PaymentSession, 'id'>, tally: Tally, timeoutSeconds: number): Promise<void> {
    tally.checked += 1;
    // failCreation locks the row and re-checks the outcome, so two instances cannot both fail it.
    const result = await this.state.failCreation(row.id, {
      source: 'reconciliation',
      kind: 'creation_failed',
      reason: 'stuck_creating',
      failureCode: 'upstream_timeout',
      failureStatus: 504,
      failureDetail: `Fintecture never answered the create call; marked creation_failed by reconciliation after ${timeoutSeconds} s.`,
      detail: { run_id: tally.runId, discrepancy: 'stuck_creating' },
    });
    if (result.result !== 'applied') {
      tally.unchanged += 1;
      return;
    }
    tally.changed += 1;
    tally.discrepancy(
      discrepancy('stuck_creating', result.session, 'creating', `Still creating after ${timeoutSeconds} s; now creation_failed.`, {
        created_at: result.session.createdAt.toISOString(),
      }),
    );
  }

  private async checkDueSessions(tally: Tally, cutoff: Date): Promise<void> {
    // Only sessions due when the pass started: one that errs now is due again, but for the next pass.
    while (!this.shouldStop(tally)) {
      const claim = await this.claim(cutoff);
      if (!claim.sessions.length) return;
      await this.work(claim.sessions, claim.leaseDeadline, tally);
    }
  }

  private leaseMs(): number {
    const { batchSize, concurrency } = this.settings;
    const { timeoutMs } = this.config.get('fintecture', { infer: true });
    // Long enough for the batch at the worst pace (every call timing out, plus a token call); short enough to recover from a crash.
    const worstCase = Math.ceil(batchSize / concurrency) * (2 * timeoutMs + 1000);
    return Math.min(Math.max(worstCase, 120_000), 3_600_000);
  }

  private claim(cutoff: Date): Promise<{ sessions: ClaimedSession[]; leaseDeadline: number }> {
    return this.sessions.claimDue(cutoff, this.settings.batchSize, this.leaseMs());
  }

  private async work(batch: ClaimedSession[], leaseDeadline: number, tally: Tally): Promise<void> {
    const { concurrency } = this.settings;
    const { timeoutMs } = this.config.get('fintecture', { infer: true });
    // A session is not started unless it can finish well inside the lease.
    const lastStart = leaseDeadline - (2 * timeoutMs + 5000);
    const queue = [...batch];
    const worker = async () => {
      while (queue.length) {
        await this.waitForPause();
        if (this.shouldStop(tally) || Date.now() > lastStart) return;
        const session = queue.shift();
        if (session) await this.checkOne(session, tally);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
    if (queue.length) await this.release(queue);
  }

  private async checkOne(session: ClaimedSession, tally: Tally): Promise<void> {
    const askedAt = new Date();
    let report: PaymentStatusReport;
    try {
      report = await this.fintecture.getPayment(session.sessionId);
    } catch (error) {
      await this.onCheckFailed(session, error, tally);
      return;
    }
    tally.consecutiveFailures = 0;
    try {
      await this.applyReport(session, report, askedAt, tally);
    } catch (error) {
      this.logger.error({ err: error, reconciliation: { run_id: tally.runId, payment_session_id: session.id } }, 'could not apply what Fintecture said');
      tally.error(session, 'database', null, error instanceof Error ? error.message : String(error));
      await this.keepDue(session, new Date()).catch(() => undefined);
    }
  }

  private async applyReport(claimed: ClaimedSession, report: PaymentStatusReport, askedAt: Date, tally: Tally): Promise<void> {
    const found: Discrepancy[] = [];
    const receivedAmountMinor = tryMinorUnits(report.receivedAmount);
    let previous: { status: string | null; transferState: string | null } | null = null;
    const result = await this.state.apply(
      claimed.id,
      {
        source: 'reconciliation',
        kind: 'reconciliation',
        status: report.status,
        transferState: report.transferState,
        receivedAmountMinor,
        requestId: report.requestId,
        // Every pass hears "unchanged" about most sessions; recording it would drown the history.
        recordUnchanged: false,
        detail: { run_id: tally.runId },
      },
      // Called only for an accepted notice, before the new facts are written: what the session said before.
      (session) => {
        previous = { status: session.status, transferState: session.transferState };
      },
      {
        afterApply: async (manager, applied) => {
          if (applied.result === 'not_found') return;
          const session = applied.session;
          const now = new Date();
          if (applied.result === 'applied') {
            // Had a webhook announced it, the session would already say so.
            found.push(
              discrepancy('unannounced_change', session, applied.before, `Fintecture says ${report.status}; no webhook had said so.`, {
                previous_status: previous?.status ?? null,
                previous_transfer_state: previous?.transferState ?? null,
              }),
            );
          } else if (applied.result === 'refused' && applied.reason !== 'unchanged' && session.updatedAt.getTime() < askedAt.getTime()) {
            // The session did not move while we asked, so this is Fintecture disagreeing with us, not a stale answer.
            found.push(
              discrepancy('status_conflict', session, session.outcome, `Fintecture says ${report.status}; the session stays ${session.outcome} (${applied.reason}).`, {
                reported_status: report.status,
                reported_transfer_state: report.transferState,
                reason: applied.reason,
              }),
            );
          }
          found.push(...(await this.findings(manager, session, now, tally.runId)));
          const gaveUp = await this.scheduleNextCheck(manager, session, now);
          if (gaveUp) found.push(await this.giveUp(manager, session, tally.runId));
        },
      },
    );
    if (result.result === 'applied') tally.changed += 1;
    else tally.unchanged += 1;
    tally.checked += 1;
    for (const item of found) tally.discrepancy(item);
  }

  /** Facts worth a person's attention, each recorded once on the session (the dedupe key says so). */
  private async findings(manager: EntityManager, session: PaymentSession, now: Date, runId: string): Promise<Discrepancy[]> {
    const found: Discrepancy[] = [];
    const received = session.receivedAmountMinor;
    if (received !== null && received !== session.amountMinor) {
      const message = `Received ${fromMinorUnits(received)} ${session.currency} for ${fromMinorUnits(session.amountMinor)} asked.`;
      const detail = { amount: fromMinorUnits(session.amountMinor), received_amount: fromMinorUnits(received) };
      if (await this.noteOnce(manager, session, 'amount_mismatch', `reconciliation:amount_mismatch:${received}`, runId, detail)) {
        found.push(discrepancy('amount_mismatch', session, session.outcome, message, detail));
      }
    }
    if (session.outcome === 'awaiting_payer' && session.expiresAt && session.expiresAt.getTime() < now.getTime()) {
      const detail = { expires_at: session.expiresAt.toISOString() };
      if (await this.noteOnce(manager, session, 'open_past_expiry', 'reconciliation:open_past_expiry', runId, detail)) {
        found.push(
          discrepancy('open_past_expiry', session, session.outcome, `Still ${session.status} at Fintecture after its expiry.`, detail),
        );
      }
    }
    return found;
  }

  private async noteOnce(
    manager: EntityManager,
    session: PaymentSession,
    kind: DiscrepancyKind,
    dedupeKey: string,
    runId: string,
    detail: Record<string, unknown>,
  ): Promise<boolean> {
    const event = await this.state.noteWithin(
      manager,
      session,
      {
        source: 'reconciliation',
        kind: 'discrepancy',
        status: session.status,
        transferState: session.transferState,
        receivedAmountMinor: session.receivedAmountMinor,
        dedupeKey,
        detail: { discrepancy: kind, run_id: runId, ...detail },
      },
      { accepted: true, reason: kind },
    );
    return event !== null;
  }

  /**
   * Asked again less and less often: next = now + min(base × 2^checks, max). After maxChecks
   * the session is given up on (reported once, never polled again); answers false otherwise.
   */
  private async scheduleNextCheck(manager: EntityManager, session: PaymentSession, now: Date): Promise<boolean> {
    const { maxChecks } = this.settings;
    const checkCount = session.checkCount + 1;
    const open = !isTerminal(session.outcome);
    const gaveUp = open && checkCount >= maxChecks;
    const nextCheckAt = open && !gaveUp ? new Date(now.getTime() + this.backoffMs(checkCount)) : null;
    await this.sessions.recordCheck(manager, session, { checkCount, at: now, nextCheckAt });
    return gaveUp;
  }

  backoffMs(checkCount: number): number {
    const { backoffBaseSeconds, backoffMaxSeconds } = this.settings;
    const seconds = Math.min(backoffBaseSeconds * 2 ** Math.min(checkCount, 40), backoffMaxSeconds);
    return seconds * 1000;
  }

  private async giveUp(manager: EntityManager, session: PaymentSession, runId: string): Promise<Discrepancy> {
    const now = new Date();
    await this.sessions.giveUp(manager, session, now);
    const detail = { check_count: session.checkCount };
    await this.noteOnce(manager, session, 'gave_up', 'reconciliation:gave_up', runId, detail);
    return discrepancy(
      'gave_up',
      session,
      session.outcome,
      `Still ${session.outcome} after ${session.checkCount} checks; reconciliation no longer asks Fintecture about it.`,
      detail,
    );
  }

  private async onCheckFailed(session: ClaimedSession, error: unknown, tally: Tally): Promise<void> {
    const now = new Date();
    if (!(error instanceof FintectureError)) {
      this.logger.error({ err: error, reconciliation: { run_id: tally.runId, payment_session_id: session.id } }, 'unexpected error asking Fintecture');
      tally.error(session, 'internal', null, error instanceof Error ? error.message : String(error));
      await this.keepDue(session, now).catch(() => undefined);
      return;
    }
    const httpStatus = error.details.httpStatus ?? null;
    tally.error(session, error.kind, httpStatus, error.message);
    if (error.kind === 'rejected') {
      // Fintecture answered, and said no (an id it does not know): not worth retrying at once, worth reporting.
      tally.consecutiveFailures = 0;
      await this.afterRejection(session, error, tally).catch((failure) =>
        this.logger.error({ err: failure }, 'could not record a rejected check'),
      );
      return;
    }
    tally.consecutiveFailures += 1;
    const n = tally.consecutiveFailures;
    if (error.kind === 'rate_limited') {
      const retryAfterMs = error.details.retryAfterSeconds !== undefined ? error.details.retryAfterSeconds * 1000 : 1000 * 2 ** (n - 1);
      this.pause(retryAfterMs);
    } else {
      this.pause(250 * 2 ** (n - 1));
    }
    if (n >= MAX_CONSECUTIVE_FAILURES && !tally.stopReason) {
      tally.stopReason = `Fintecture failed ${n} checks in a row (last: ${error.kind}); the rest waits for the next pass`;
      this.logger.warn({ reconciliation: { run_id: tally.runId } }, tally.stopReason);
    }
    // Transient: due again for the next pass, and the check does not count towards giving up.
    await this.keepDue(session, now).catch(() => undefined);
  }

  private async afterRejection(claimed: ClaimedSession, error: FintectureError, tally: Tally): Promise<void> {
    const found: Discrepancy[] = [];
    await this.state.whileLocked(claimed.id, async (manager, session) => {
      const detail = { http_status: error.details.httpStatus ?? null, code: error.details.code ?? null, log_id: error.details.logId ?? null };
      if (await this.noteOnce(manager, session, 'check_rejected', `reconciliation:check_rejected:${tally.runId}`, tally.runId, detail)) {
        found.push(discrepancy('check_rejected', session, session.outcome, `Fintecture refused the status request: ${error.message}`, detail));
      }
      if (await this.scheduleNextCheck(manager, session, new Date())) found.push(await this.giveUp(manager, session, tally.runId));
    });
    for (const item of found) tally.discrepancy(item);
  }

  /** Due again at once (next pass), unless a notice made it terminal meanwhile. */
  private keepDue(session: ClaimedSession, at: Date): Promise<unknown> {
    return this.sessions.keepDue(session.id, at);
  }

  /** Claimed but not checked: handed back as it was, for this instance's next batch or another's. */
  private release(sessions: ClaimedSession[]): Promise<void> {
    return this.sessions.release(sessions);
  }

  private pause(ms: number): void {
    this.pauseUntil = Math.max(this.pauseUntil, Date.now() + Math.min(Math.max(ms, 0), MAX_PAUSE_MS));
  }

  private async waitForPause(): Promise<void> {
    const wait = this.pauseUntil - Date.now();
    if (wait <= 0 || this.stopping) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, wait);
      this.sleepers.add(done);
    });
  }
}

function discrepancy(
  kind: DiscrepancyKind,
  session: PaymentSession,
  before: Outcome | null,
  message: string,
  detail: Record<string, unknown> = {},
): Discrepancy {
  for (const key of Object.keys(detail)) if (detail[key] === undefined) delete detail[key];
  return {
    kind,
    payment_session_id: session.id,
    session_id: session.sessionId,
    state: session.state,
    outcome_before: before,
    outcome_after: session.outcome,
    status: session.status,
    transfer_state: session.transferState,
    message,
    detail,
    at: new Date().toISOString(),
  };
}

export function summaryOf(run: ReconciliationRun): RunSummary {
  return {
    id: run.id,
    trigger: run.trigger,
    status: run.status,
    instance: run.instance,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
    checked: run.checked,
    changed: run.changed,
    unchanged: run.unchanged,
    errors: run.errors,
    discrepancyCount: run.discrepancyCount,
    discrepancyKinds: run.discrepancyKinds ?? {},
    discrepancies: run.discrepancies ?? [],
    errorSamples: run.errorSamples ?? [],
    error: run.error,
  };
}
