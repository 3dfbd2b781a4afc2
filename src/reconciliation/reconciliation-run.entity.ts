import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP_TYPE } from '../database/column-types';

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
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'triggered_by', type: 'varchar', length: 16 })
  trigger: RunTrigger;

  @Column({ type: 'varchar', length: 32 })
  status: RunStatus;

  /** host:pid of the process that ran it, to tell instances apart. */
  @Column({ type: 'varchar', length: 128 })
  instance: string;

  @Index('ix_reconciliation_runs_started')
  @Column({ name: 'started_at', type: TIMESTAMP_TYPE })
  startedAt: Date;

  @Column({ name: 'finished_at', type: TIMESTAMP_TYPE, nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  checked: number;

  @Column({ type: 'integer', default: 0 })
  changed: number;

  @Column({ type: 'integer', default: 0 })
  unchanged: number;

  @Column({ type: 'integer', default: 0 })
  errors: number;

  /** All of them, even when the stored list is capped. */
  @Column({ name: 'discrepancy_count', type: 'integer', default: 0 })
  discrepancyCount: number;

  @Column({ name: 'discrepancy_kinds', type: 'simple-json', nullable: true })
  discrepancyKinds: Partial<Record<DiscrepancyKind, number>> | null;

  @Column({ type: 'simple-json', nullable: true })
  discrepancies: Discrepancy[] | null;

  @Column({ name: 'error_samples', type: 'simple-json', nullable: true })
  errorSamples: RunErrorSample[] | null;

  /** Why the run failed, stopped early, was abandoned, or which of its checks ended in error. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** Checks in error by kind (timeout, rate_limited, database_unavailable…). */
  @Column({ name: 'error_kinds', type: 'simple-json', nullable: true })
  errorKinds: Record<string, number> | null;

  /** Renewed while the pass works; a run left running with an old one has lost its process. */
  @Column({ name: 'heartbeat_at', type: TIMESTAMP_TYPE, nullable: true })
  heartbeatAt: Date | null;

  @Column({ type: 'varchar', length: 8, default: 'due' })
  scope: RunScope;

  @Column({ type: 'simple-json', nullable: true })
  filters: RunFilters | null;
}
