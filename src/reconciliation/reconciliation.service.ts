import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ProblemException } from '../common/problem';
import { AppConfig } from '../config/configuration';
import { ReconciliationPacer } from './reconciliation-pacer';
import { ReconciliationPassService, StartedPass } from './reconciliation-pass.service';
import { RunTrigger } from './reconciliation-run.entity';
import { DUE_SESSIONS, RunRequest } from './run-scope';
import { RunSummary } from './run-tally';

const SCHEDULE_NAME = 'reconciliation';

/**
 * The door to reconciliation passes, whoever asks (the schedule, the admin API, the command
 * line), and their lifecycle: at start the runs whose process is gone are closed and the
 * schedule begins; shutdown stops new passes and waits, within its budget, for the ones running
 * (in the background too) to put their sessions down.
 */
@Injectable()
export class ReconciliationService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Reconciliation');
  private readonly passes = new Set<Promise<unknown>>();
  private scheduledPassRunning = false;

  constructor(
    private readonly pass: ReconciliationPassService,
    private readonly pacer: ReconciliationPacer,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    // In the background: a database slow to answer must not hold the start.
    void this.pass.closeAbandoned().catch((error: unknown) => this.logger.error({ err: error }, 'could not close abandoned reconciliation runs'));
    const { intervalSeconds } = this.config.get('reconciliation', { infer: true });
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
    this.pacer.stop();
    if (this.scheduler.doesExist('interval', SCHEDULE_NAME)) this.scheduler.deleteInterval(SCHEDULE_NAME);
    if (!this.passes.size) return;
    this.logger.log(`waiting for ${this.passes.size} reconciliation pass(es) to put their sessions down`);
    // Leave part of the shutdown budget to closing the database and the process itself.
    const budgetMs = this.config.get('shutdownTimeoutMs', { infer: true });
    const timeoutMs = Math.max(budgetMs - 2000, Math.floor(budgetMs / 2));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.passes]), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  /** A pass to its end (the schedule, the command line, tests). */
  async runPass(trigger: RunTrigger, request: RunRequest = DUE_SESSIONS): Promise<RunSummary> {
    const { finished } = await this.begin(trigger, request);
    return finished;
  }

  /**
   * A pass in the background: answers the run as recorded (status running) once its row is
   * written; GET /v1/admin/reconciliation-runs/{id} follows it to its end.
   */
  async startPass(trigger: RunTrigger, request: RunRequest): Promise<RunSummary> {
    const { started } = await this.begin(trigger, request);
    return started;
  }

  private async begin(trigger: RunTrigger, request: RunRequest): Promise<StartedPass> {
    if (this.pacer.stopping) {
      throw new ProblemException(503, 'service_unavailable', 'The service is shutting down; no reconciliation pass was started.');
    }
    const starting = this.pass.start(trigger, request);
    // Tracked from the first moment, so that shutdown also waits for a pass still writing its row.
    const whole = starting.then(
      (pass) => pass.finished,
      () => undefined,
    );
    this.passes.add(whole);
    void whole.finally(() => this.passes.delete(whole));
    return starting;
  }

  /** A scheduled pass is skipped while the previous one is still running, so they never pile up. */
  private async runScheduled(): Promise<void> {
    if (this.pacer.stopping || this.scheduledPassRunning) return;
    this.scheduledPassRunning = true;
    try {
      await this.runPass('schedule');
    } catch (error) {
      this.logger.error({ err: error }, 'scheduled reconciliation pass could not run');
    } finally {
      this.scheduledPassRunning = false;
    }
  }
}
