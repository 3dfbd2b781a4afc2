import { Entity, Index } from 'typeorm';
import {
  CountColumn,
  IdColumn,
  NullableJsonColumn,
  NullableTextColumn,
  NullableTimestampColumn,
  TimestampColumn,
  VarcharColumn,
} from '../database/entity-columns';

export type RunTrigger = 'api' | 'schedule' | 'cli';
export const RUN_TRIGGERS: readonly RunTrigger[] = ['api', 'schedule', 'cli'];

/**
 * running while in progress (its heartbeat renewed); finished: every check got an answer;
 * finished_with_errors: it went through its sessions but some checks ended in error (those are
 * due again at the next pass); interrupted: shutdown, a failing Fintecture or database stopped
 * it early; failed: the pass itself could not go on; abandoned: its process died (no heartbeat
 * for a lease), closed by another pass or at start.
 */
export const RUN_STATUSES = ['running', 'finished', 'finished_with_errors', 'interrupted', 'failed', 'abandoned'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_SCOPES = ['due', 'open'] as const;
export type RunScope = (typeof RUN_SCOPES)[number];

/** What an admin narrowed the run to, stored and served as given (snake_case, ISO dates). */
export interface RunFilters {
  created_from: string | null;
  created_to: string | null;
  session_ids: string[] | null;
}

export const DISCREPANCY_KINDS = [
  'unannounced_change',
  'stuck_creating',
  'open_past_expiry',
  'amount_mismatch',
  'status_conflict',
  'check_rejected',
  'gave_up',
  'unmatched_payment',
  'refund_stuck',
] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];

/** Stored and served as is (snake_case), like the session resource. */
export interface Discrepancy {
  kind: DiscrepancyKind;
  /** Null for an unmatched notice: no session of ours took it. */
  payment_session_id: string | null;
  session_id: string | null;
  state: string;
  outcome_before: string | null;
  outcome_after: string | null;
  status: string | null;
  transfer_state: string | null;
  message: string;
  detail: Record<string, unknown>;
  at: string;
}

export interface RunErrorSample {
  payment_session_id: string;
  session_id: string | null;
  kind: string;
  http_status: number | null;
  message: string;
  at: string;
}

@Entity({ name: 'reconciliation_runs' })
export class ReconciliationRun {
  /** UUIDv7: ordering by id is ordering by start. */
  @IdColumn()
  id: string;

  @VarcharColumn(16, { name: 'triggered_by' })
  trigger: RunTrigger;

  @VarcharColumn(32)
  status: RunStatus;

  /** host:pid of the process that ran it, to tell instances apart. */
  @VarcharColumn(128)
  instance: string;

  @Index('ix_reconciliation_runs_started')
  @TimestampColumn('started_at')
  startedAt: Date;

  @NullableTimestampColumn('finished_at')
  finishedAt: Date | null;

  @CountColumn(0)
  checked: number;

  @CountColumn(0)
  changed: number;

  @CountColumn(0)
  unchanged: number;

  @CountColumn(0)
  errors: number;

  /** All of them, even when the stored list is capped. */
  @CountColumn(0, 'discrepancy_count')
  discrepancyCount: number;

  @NullableJsonColumn('discrepancy_kinds')
  discrepancyKinds: Partial<Record<DiscrepancyKind, number>> | null;

  @NullableJsonColumn()
  discrepancies: Discrepancy[] | null;

  @NullableJsonColumn('error_samples')
  errorSamples: RunErrorSample[] | null;

  /** Why the run failed, stopped early, was abandoned, or which of its checks ended in error. */
  @NullableTextColumn()
  error: string | null;

  /** Checks in error by kind (timeout, rate_limited, database_unavailable…). */
  @NullableJsonColumn('error_kinds')
  errorKinds: Record<string, number> | null;

  /** Renewed while the pass works; a run left running with an old one has lost its process. */
  @NullableTimestampColumn('heartbeat_at')
  heartbeatAt: Date | null;

  @VarcharColumn(8, { default: 'due' })
  scope: RunScope;

  @NullableJsonColumn()
  filters: RunFilters | null;
}
