import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { isDatabaseUnavailable } from '../common/database-faults';
import { tryMinorUnits } from '../common/money';
import { AppConfig } from '../config/configuration';
import { FintectureClient } from '../fintecture/fintecture.client';
import { FintectureError } from '../fintecture/fintecture.errors';
import { PaymentStatusReport } from '../fintecture/fintecture.types';
import { PaymentSession } from '../payments/entities/payment-session.entity';
import { ClaimedSession } from '../payments/persistence/payment-sessions.repository';
import { SessionChecksRepository } from '../payments/persistence/session-checks.repository';
import { SessionStateService } from '../payments/session-state.service';
import { planNextCheck } from './backoff-policy';
import { answerDiscrepancy, discrepancy, Finding, gaveUpFinding, rejectedCheckFinding, sessionFindings } from './discrepancy-rules';
import { MAX_CONSECUTIVE_FAILURES, pauseAfterFailure } from './pacing-policy';
import { ReconciliationPacer } from './reconciliation-pacer';
import { Discrepancy } from './reconciliation-run.entity';
import { Tally } from './run-tally';

/**
 * One session of a pass: ask Fintecture, apply the answer through the one state path, record
 * what is worth a person's attention, and schedule the next check, all with the row locked.
 */
@Injectable()
export class SessionChecker {
  private readonly logger = new Logger('Reconciliation');

  constructor(
    private readonly sessions: SessionChecksRepository,
    private readonly state: SessionStateService,
    private readonly fintecture: FintectureClient,
    private readonly pacer: ReconciliationPacer,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  /**
   * A session whose create call never came back has no Fintecture id to ask about: past the
   * configured age it becomes creation_failed, as a timed-out create would have.
   */
  async failStuck(row: Pick<PaymentSession, 'id'>, tally: Tally, timeoutSeconds: number): Promise<void> {
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

  async check(session: ClaimedSession, tally: Tally): Promise<void> {
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
      tally.consecutiveDatabaseFailures = 0;
    } catch (error) {
      this.logger.error(
        { err: error, reconciliation: { run_id: tally.runId, payment_session_id: session.id } },
        'could not apply what Fintecture said',
      );
      this.onApplyFailed(session, error, tally);
      // During an outage this fails too: the session keeps its schedule (still due) and its claim goes with the run.
      await this.sessions.keepDue(session.id, new Date(), tally.runId).catch(() => undefined);
    }
  }

  /** An answer we could not write: an error of the run; many in a row mean the database is away, and the pass stops. */
  private onApplyFailed(session: ClaimedSession, error: unknown, tally: Tally): void {
    const unavailable = isDatabaseUnavailable(error);
    tally.error(session, unavailable ? 'database_unavailable' : 'database', null, error instanceof Error ? error.message : String(error));
    tally.consecutiveDatabaseFailures += 1;
    const n = tally.consecutiveDatabaseFailures;
    if (n >= MAX_CONSECUTIVE_FAILURES && !tally.stopReason) {
      tally.stopReason = `the database failed ${n} checks in a row; the rest waits for the next pass`;
      this.logger.warn({ reconciliation: { run_id: tally.runId } }, tally.stopReason);
    }
  }

  private async applyReport(claimed: ClaimedSession, report: PaymentStatusReport, askedAt: Date, tally: Tally): Promise<void> {
    const found: Discrepancy[] = [];
    let previous: { status: string | null; transferState: string | null } | null = null;
    const result = await this.state.apply(
      claimed.id,
      {
        source: 'reconciliation',
        kind: 'reconciliation',
        status: report.status,
        transferState: report.transferState,
        receivedAmountMinor: tryMinorUnits(report.receivedAmount),
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
          const answered = answerDiscrepancy(applied, report, askedAt, previous);
          if (answered) found.push(answered);
          found.push(...(await this.noteFindings(manager, session, sessionFindings(session, now), tally.runId)));
          found.push(...(await this.scheduleNextCheck(manager, session, now, tally.runId)));
        },
      },
    );
    if (result.result === 'applied') tally.changed += 1;
    else tally.unchanged += 1;
    tally.checked += 1;
    for (const item of found) tally.discrepancy(item);
  }

  /** Each finding recorded on the session once (its dedupe key says so); answers those recorded now. */
  private async noteFindings(manager: EntityManager, session: PaymentSession, findings: Finding[], runId: string): Promise<Discrepancy[]> {
    const found: Discrepancy[] = [];
    for (const finding of findings) {
      if (await this.noteOnce(manager, session, finding, runId)) {
        found.push(discrepancy(finding.kind, session, session.outcome, finding.message, finding.detail));
      }
    }
    return found;
  }

  private async noteOnce(manager: EntityManager, session: PaymentSession, finding: Finding, runId: string): Promise<boolean> {
    const event = await this.state.noteWithin(
      manager,
      session,
      {
        source: 'reconciliation',
        kind: 'discrepancy',
        status: session.status,
        transferState: session.transferState,
        receivedAmountMinor: session.receivedAmountMinor,
        dedupeKey: finding.dedupeKey,
        detail: { discrepancy: finding.kind, run_id: runId, ...finding.detail },
      },
      { accepted: true, reason: finding.kind },
    );
    return event !== null;
  }

  /** Counts the check and schedules the next; when that was the last allowed, gives up (reported every time it happens). */
  private async scheduleNextCheck(manager: EntityManager, session: PaymentSession, now: Date, runId: string): Promise<Discrepancy[]> {
    const plan = planNextCheck(session.checkCount, session.outcome, now, this.config.get('reconciliation', { infer: true }));
    await this.sessions.recordCheck(manager, session, { checkCount: plan.checkCount, at: now, nextCheckAt: plan.nextCheckAt });
    if (!plan.gaveUp) return [];
    await this.sessions.giveUp(manager, session, new Date());
    const finding = gaveUpFinding(session);
    await this.noteOnce(manager, session, finding, runId);
    return [discrepancy(finding.kind, session, session.outcome, finding.message, finding.detail)];
  }

  private async onCheckFailed(session: ClaimedSession, error: unknown, tally: Tally): Promise<void> {
    const now = new Date();
    if (!(error instanceof FintectureError)) {
      this.logger.error(
        { err: error, reconciliation: { run_id: tally.runId, payment_session_id: session.id } },
        'unexpected error asking Fintecture',
      );
      tally.error(session, 'internal', null, error instanceof Error ? error.message : String(error));
      await this.sessions.keepDue(session.id, now, tally.runId).catch(() => undefined);
      return;
    }
    tally.error(session, error.kind, error.details.httpStatus ?? null, error.message);
    if (error.kind === 'rejected') {
      // Fintecture answered, and said no (an id it does not know): not worth retrying at once, worth reporting.
      tally.consecutiveFailures = 0;
      await this.afterRejection(session, error, tally).catch((failure: unknown) =>
        this.logger.error({ err: failure }, 'could not record a rejected check'),
      );
      return;
    }
    tally.consecutiveFailures += 1;
    const n = tally.consecutiveFailures;
    this.pacer.pause(pauseAfterFailure(error.kind, n, error.details.retryAfterSeconds));
    if (n >= MAX_CONSECUTIVE_FAILURES && !tally.stopReason) {
      tally.stopReason = `Fintecture failed ${n} checks in a row (last: ${error.kind}); the rest waits for the next pass`;
      this.logger.warn({ reconciliation: { run_id: tally.runId } }, tally.stopReason);
    }
    // Transient: due again for the next pass, and the check does not count towards giving up.
    await this.sessions.keepDue(session.id, now, tally.runId).catch(() => undefined);
  }

  private async afterRejection(claimed: ClaimedSession, error: FintectureError, tally: Tally): Promise<void> {
    const found = await this.state.whileLocked(claimed.id, async (manager, session) => [
      ...(await this.noteFindings(manager, session, [rejectedCheckFinding(tally.runId, error.message, error.details)], tally.runId)),
      ...(await this.scheduleNextCheck(manager, session, new Date(), tally.runId)),
    ]);
    for (const item of found ?? []) tally.discrepancy(item);
  }
}
