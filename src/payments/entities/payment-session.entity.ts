import { Check, Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';
import { bigintToNumber, TIMESTAMP_TYPE } from '../../database/column-types';
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
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Fintecture's 32-hex id; null until Fintecture has answered the create call. */
  @Index('uq_payment_sessions_session_id', { unique: true })
  @Column({ name: 'session_id', type: 'varchar', length: 32, nullable: true })
  sessionId: string | null;

  /** Label of the merchant API key that created it. */
  @Column({ type: 'varchar', length: 64 })
  merchant: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 255, nullable: true })
  idempotencyKey: string | null;

  /** SHA-256 of the request as forwarded; tells a replay from a different request under the same key. */
  @Column({ name: 'request_fingerprint', type: 'varchar', length: 64 })
  requestFingerprint: string;

  @Column({ type: 'varchar', length: 512 })
  state: string;

  @Column({ type: 'varchar', length: 32 })
  outcome: Outcome;

  @Column({ type: 'varchar', length: 64, nullable: true })
  status: string | null;

  @Column({ name: 'transfer_state', type: 'varchar', length: 64, nullable: true })
  transferState: string | null;

  /** Exact amount in minor units (cents); never a float. */
  @Column({ name: 'amount_minor', type: 'bigint', transformer: bigintToNumber })
  amountMinor: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'varchar', length: 140, nullable: true })
  communication: string | null;

  @Column({ name: 'payment_methods', type: 'simple-array', nullable: true })
  paymentMethods: string[] | null;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ name: 'virtual_beneficiary', type: 'simple-json', nullable: true })
  virtualBeneficiary: Record<string, unknown> | null;

  @Column({ type: 'simple-json', nullable: true })
  beneficiary: Record<string, unknown> | null;

  @Column({ name: 'received_amount_minor', type: 'bigint', nullable: true, transformer: bigintToNumber })
  receivedAmountMinor: number | null;

  /** When Fintecture will expire the session (creation + meta.expiry), if an expiry was asked. */
  @Column({ name: 'expires_at', type: TIMESTAMP_TYPE, nullable: true })
  expiresAt: Date | null;

  /** Why creation failed: a stable code, the HTTP status we answered, and Fintecture's detail. */
  @Column({ name: 'failure_code', type: 'varchar', length: 64, nullable: true })
  failureCode: string | null;

  @Column({ name: 'failure_status', type: 'integer', nullable: true })
  failureStatus: number | null;

  @Column({ name: 'failure_detail', type: 'text', nullable: true })
  failureDetail: string | null;

  /** Reconciliation bookkeeping: when to ask Fintecture next, and how often it was asked. */
  @Column({ name: 'next_check_at', type: TIMESTAMP_TYPE, nullable: true })
  nextCheckAt: Date | null;

  @Column({ name: 'check_count', type: 'integer', default: 0 })
  checkCount: number;

  @Column({ name: 'last_checked_at', type: TIMESTAMP_TYPE, nullable: true })
  lastCheckedAt: Date | null;

  /** Set when reconciliation stopped asking (RECONCILIATION_MAX_CHECKS reached); reported, not polled. */
  @Column({ name: 'reconciliation_gave_up_at', type: TIMESTAMP_TYPE, nullable: true })
  reconciliationGaveUpAt: Date | null;

  /** The reconciliation run checking it now, and until when its claim holds without a heartbeat (PaymentSessionsRepository.claim). */
  @Column({ name: 'reconciliation_claimed_by', type: 'varchar', length: 36, nullable: true })
  reconciliationClaimedBy: string | null;

  @Column({ name: 'reconciliation_claimed_until', type: TIMESTAMP_TYPE, nullable: true })
  reconciliationClaimedUntil: Date | null;

  /**
   * Which create call the row is waiting on: a retry under the same Idempotency-Key that takes
   * over a failed or dead call bumps it, so a late answer to the earlier call is told apart.
   */
  @Column({ name: 'create_attempt', type: 'integer', default: 1 })
  createAttempt: number;

  /** When the current create call started; null: at createdAt (the first call). */
  @Column({ name: 'attempt_started_at', type: TIMESTAMP_TYPE, nullable: true })
  attemptStartedAt: Date | null;

  /** When it first reached paid, overpaid or covered; set by SessionStateService, never cleared. */
  @Column({ name: 'paid_at', type: TIMESTAMP_TYPE, nullable: true })
  paidAt: Date | null;

  /**
   * Totals of the session's refunds (src/refunds): completed, and neither completed nor aborted.
   * Written only by the refunds' state path, with this row locked; optional because a row being
   * built has none yet (the column defaults to 0).
   */
  @Column({ name: 'refunded_minor', type: 'bigint', default: 0, transformer: bigintToNumber })
  refundedMinor?: number;

  @Column({ name: 'refunding_minor', type: 'bigint', default: 0, transformer: bigintToNumber })
  refundingMinor?: number;

  @VersionColumn()
  version: number;

  @Column({ name: 'created_at', type: TIMESTAMP_TYPE })
  createdAt: Date;

  @Column({ name: 'updated_at', type: TIMESTAMP_TYPE })
  updatedAt: Date;
}
