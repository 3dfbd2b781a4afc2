import { Check, Column, Entity, Index, VersionColumn } from 'typeorm';
import {
  CountColumn,
  CreatedAtColumn,
  IdColumn,
  MinorUnitsColumn,
  NullableIntegerColumn,
  NullableJsonColumn,
  NullableTextColumn,
  NullableTimestampColumn,
  NullableVarcharColumn,
  UpdatedAtColumn,
  VarcharColumn,
} from '../../database/entity-columns';
import type { Outcome } from '../payment-outcome';

// The indexes and the check are made by migrations; they are declared here too so that
// `npm run migration:generate` compares like with like and drafts only real changes.
@Entity({ name: 'payment_sessions' })
@Check('payment_sessions_amount_minor_check', 'amount_minor > 0')
@Index('uq_payment_sessions_idempotency', ['merchant', 'idempotencyKey'], { unique: true })
@Index('ix_payment_sessions_created', ['createdAt', 'id'])
@Index('ix_payment_sessions_due', ['nextCheckAt', 'id'])
@Index('ix_payment_sessions_created_cover', ['createdAt', 'id', 'outcome', 'status', 'currency', 'amountMinor'])
@Index('ix_payment_sessions_outcome_created', ['outcome', 'createdAt', 'id', 'status', 'currency', 'amountMinor'])
@Index('ix_payment_sessions_status_created', ['status', 'createdAt', 'id', 'currency', 'amountMinor'])
@Index('ix_payment_sessions_currency_created', ['currency', 'createdAt', 'id', 'amountMinor'])
@Index('ix_payment_sessions_state_created', ['state', 'createdAt', 'id'])
@Index('ix_payment_sessions_amount_created', ['amountMinor', 'createdAt', 'id', 'outcome', 'currency'])
export class PaymentSession {
  @IdColumn()
  id: string;

  /** Fintecture's 32-hex id; null until Fintecture has answered the create call. */
  @Index('uq_payment_sessions_session_id', { unique: true })
  @NullableVarcharColumn(32, 'session_id')
  sessionId: string | null;

  /** Label of the merchant API key that created it. */
  @VarcharColumn(64)
  merchant: string;

  @NullableVarcharColumn(255, 'idempotency_key')
  idempotencyKey: string | null;

  /** SHA-256 of the request as forwarded; tells a replay from a different request under the same key. */
  @VarcharColumn(64, { name: 'request_fingerprint' })
  requestFingerprint: string;

  @VarcharColumn(512)
  state: string;

  @VarcharColumn(32)
  outcome: Outcome;

  @NullableVarcharColumn(64)
  status: string | null;

  @NullableVarcharColumn(64, 'transfer_state')
  transferState: string | null;

  /** Exact amount in minor units (cents); never a float. */
  @MinorUnitsColumn('amount_minor')
  amountMinor: number;

  @VarcharColumn(3)
  currency: string;

  @NullableVarcharColumn(140)
  communication: string | null;

  @Column({ name: 'payment_methods', type: 'simple-array', nullable: true })
  paymentMethods: string[] | null;

  @NullableTextColumn()
  url: string | null;

  @NullableJsonColumn('virtual_beneficiary')
  virtualBeneficiary: Record<string, unknown> | null;

  @NullableJsonColumn()
  beneficiary: Record<string, unknown> | null;

  @MinorUnitsColumn('received_amount_minor', { nullable: true })
  receivedAmountMinor: number | null;

  /** When Fintecture will expire the session (creation + meta.expiry), if an expiry was asked. */
  @NullableTimestampColumn('expires_at')
  expiresAt: Date | null;

  /** Why creation failed: a stable code, the HTTP status we answered, and Fintecture's detail. */
  @NullableVarcharColumn(64, 'failure_code')
  failureCode: string | null;

  @NullableIntegerColumn('failure_status')
  failureStatus: number | null;

  @NullableTextColumn('failure_detail')
  failureDetail: string | null;

  /** Reconciliation bookkeeping: when to ask Fintecture next, and how often it was asked. */
  @NullableTimestampColumn('next_check_at')
  nextCheckAt: Date | null;

  @CountColumn(0, 'check_count')
  checkCount: number;

  @NullableTimestampColumn('last_checked_at')
  lastCheckedAt: Date | null;

  /** Set when reconciliation stopped asking (RECONCILIATION_MAX_CHECKS reached); reported, not polled. */
  @NullableTimestampColumn('reconciliation_gave_up_at')
  reconciliationGaveUpAt: Date | null;

  /** The reconciliation run checking it now, and until when its claim holds without a heartbeat (PaymentSessionsRepository.claim). */
  @NullableVarcharColumn(36, 'reconciliation_claimed_by')
  reconciliationClaimedBy: string | null;

  @NullableTimestampColumn('reconciliation_claimed_until')
  reconciliationClaimedUntil: Date | null;

  /**
   * Which create call the row is waiting on: a retry under the same Idempotency-Key that takes
   * over a failed or dead call bumps it, so a late answer to the earlier call is told apart.
   */
  @CountColumn(1, 'create_attempt')
  createAttempt: number;

  /** When the current create call started; null: at createdAt (the first call). */
  @NullableTimestampColumn('attempt_started_at')
  attemptStartedAt: Date | null;

  /** When it first reached paid, overpaid or covered; set by SessionStateService, never cleared. */
  @NullableTimestampColumn('paid_at')
  paidAt: Date | null;

  /**
   * Totals of the session's refunds (src/refunds): completed, and neither completed nor aborted.
   * Written only by the refunds' state path, with this row locked; optional because a row being
   * built has none yet (the column defaults to 0).
   */
  @MinorUnitsColumn('refunded_minor', { default: 0 })
  refundedMinor?: number;

  @MinorUnitsColumn('refunding_minor', { default: 0 })
  refundingMinor?: number;

  @VersionColumn()
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
