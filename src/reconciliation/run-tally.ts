import { ClaimedSession } from '../payments/persistence/payment-sessions.repository';
import {
  Discrepancy,
  DiscrepancyKind,
  ReconciliationRun,
  RunErrorSample,
  RunFilters,
  RunScope,
  RunStatus,
  RunTrigger,
} from './reconciliation-run.entity';

/** What a pass did; runPass answers it, listeners of ReconciliationRunFinishedEvent hear it, the admin API shows it (snake_case). */
export interface RunSummary {
  id: string;
  trigger: RunTrigger;
  /** Never running in what runPass answers; startPass and admin reads may see a pass in progress. */
  status: RunStatus;
  scope: RunScope;
  filters: RunFilters | null;
  instance: string;
  startedAt: Date;
  finishedAt: Date | null;
  /** The last sign of life of a pass in progress (its counts are as of then). */
  heartbeatAt: Date | null;
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
  errorKinds: Record<string, number>;
  /** Why the pass failed, stopped early or was abandoned, and how many checks ended in error. */
  error: string | null;
}

export const MAX_STORED_DISCREPANCIES = 1000;
export const MAX_ERROR_SAMPLES = 100;

/** The counts of one pass as it goes, shared by its workers. */
export class Tally {
  checked = 0;
  changed = 0;
  unchanged = 0;
  errors = 0;
  discrepancyCount = 0;
  /** Fintecture failures in a row. */
  consecutiveFailures = 0;
  /** Answers from Fintecture that could not be written, in a row. */
  consecutiveDatabaseFailures = 0;
  readonly errorKinds: Record<string, number> = {};
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
    this.errorKinds[kind] = (this.errorKinds[kind] ?? 0) + 1;
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

  /** The counts as the run row stores them (copies: a heartbeat may write them while workers go on). */
  counts(): RunCounts {
    return {
      checked: this.checked,
      changed: this.changed,
      unchanged: this.unchanged,
      errors: this.errors,
      discrepancyCount: this.discrepancyCount,
      discrepancyKinds: { ...this.discrepancyKinds },
      discrepancies: [...this.discrepancies],
      errorSamples: [...this.errorSamples],
      errorKinds: { ...this.errorKinds },
    };
  }
}

export type RunCounts = Pick<
  ReconciliationRun,
  'checked' | 'changed' | 'unchanged' | 'errors' | 'discrepancyCount' | 'discrepancyKinds' | 'discrepancies' | 'errorSamples' | 'errorKinds'
>;

export function summaryOf(run: ReconciliationRun): RunSummary {
  return {
    id: run.id,
    trigger: run.trigger,
    status: run.status,
    scope: run.scope ?? 'due',
    filters: run.filters ?? null,
    instance: run.instance,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    heartbeatAt: run.heartbeatAt ?? null,
    durationMs: run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
    checked: run.checked,
    changed: run.changed,
    unchanged: run.unchanged,
    errors: run.errors,
    discrepancyCount: run.discrepancyCount,
    discrepancyKinds: run.discrepancyKinds ?? {},
    discrepancies: run.discrepancies ?? [],
    errorSamples: run.errorSamples ?? [],
    errorKinds: run.errorKinds ?? {},
    error: run.error,
  };
}
