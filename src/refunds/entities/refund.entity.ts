import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintToNumber, TIMESTAMP_TYPE } from '../../database/column-types';
import { PaymentSession } from '../../payments/entities/payment-session.entity';
import type { RefundStatus } from '../refund-status';

/** api: started through this service; console: started in the Fintecture Console, learnt from its webhook. */
export type RefundOrigin = 'api' | 'console';

// The indexes and the check are made by the migration; declared here too so that
// `npm run migration:generate` compares like with like.
@Entity({ name: 'refunds' })
@Check('refunds_amount_minor_check', 'amount_minor > 0')
@Index('uq_refunds_idempotency', ['merchant', 'idempotencyKey'], { unique: true })
@Index('ix_refunds_session', ['paymentSessionId', 'createdAt', 'id'])
@Index('ix_refunds_created', ['createdAt', 'id'])
@Index('ix_refunds_status_created', ['status', 'createdAt', 'id'])
@Index('ix_refunds_due', ['nextCheckAt', 'id'])
export class Refund {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'payment_session_id', type: 'varchar', length: 36 })
  paymentSessionId: string;

  @ManyToOne(() => PaymentSession, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'payment_session_id', foreignKeyConstraintName: 'refunds_payment_session_id_fkey' })
  session?: PaymentSession;

  /** The session's merchant (a Console refund has no caller of its own). */
  @Column({ type: 'varchar', length: 64 })
  merchant: string;

  @Column({ type: 'varchar', length: 16 })
  origin: RefundOrigin;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 255, nullable: true })
  idempotencyKey: string | null;

  /** SHA-256 of the request; tells a replay from a different request under the same key. */
  @Column({ name: 'request_fingerprint', type: 'varchar', length: 64, nullable: true })
  requestFingerprint: string | null;

  @Column({ name: 'amount_minor', type: 'bigint', transformer: bigintToNumber })
  amountMinor: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'varchar', length: 16 })
  status: RefundStatus;

  /** Fintecture's session of the refund (32 hex), once its answer or a webhook named it. */
  @Index('uq_refunds_refund_session_id', { unique: true })
  @Column({ name: 'refund_session_id', type: 'varchar', length: 32, nullable: true })
  refundSessionId: string | null;

  @Column({ type: 'varchar', length: 140, nullable: true })
  communication: string | null;

  /** The merchant's own reason; never sent to Fintecture. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  /** Fintecture's last word about it: the call's answer (refund_accepted…) or the refund session's status. */
  @Column({ name: 'fintecture_status', type: 'varchar', length: 64, nullable: true })
  fintectureStatus: string | null;

  @Column({ name: 'transfer_state', type: 'varchar', length: 64, nullable: true })
  transferState: string | null;

  /** Why it is aborted or unknown: a stable code and Fintecture's detail. */
  @Column({ name: 'failure_code', type: 'varchar', length: 64, nullable: true })
  failureCode: string | null;

  @Column({ name: 'failure_detail', type: 'text', nullable: true })
  failureDetail: string | null;

  /** The refund call now awaited: a retry that takes over a call never sent bumps it. */
  @Column({ name: 'call_attempt', type: 'integer', default: 1 })
  callAttempt: number;

  @Column({ name: 'call_started_at', type: TIMESTAMP_TYPE, nullable: true })
  callStartedAt: Date | null;

  /** Reconciliation: when to ask Fintecture about its refund session next. */
  @Column({ name: 'next_check_at', type: TIMESTAMP_TYPE, nullable: true })
  nextCheckAt: Date | null;

  @Column({ name: 'check_count', type: 'integer', default: 0 })
  checkCount: number;

  /** When reconciliation reported it as refund_stuck (once). */
  @Column({ name: 'stuck_reported_at', type: TIMESTAMP_TYPE, nullable: true })
  stuckReportedAt: Date | null;

  /** Bumped by every change of status, never by bookkeeping. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'created_at', type: TIMESTAMP_TYPE })
  createdAt: Date;

  @Column({ name: 'updated_at', type: TIMESTAMP_TYPE })
  updatedAt: Date;
}
