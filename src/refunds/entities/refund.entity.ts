import { Check, Entity, Index } from 'typeorm';
import {
  CascadingParent,
  CountColumn,
  CreatedAtColumn,
  IdColumn,
  MinorUnitsColumn,
  NullableTextColumn,
  NullableTimestampColumn,
  NullableVarcharColumn,
  RefIdColumn,
  UpdatedAtColumn,
  VarcharColumn,
} from '../../database/entity-columns';
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
  @IdColumn()
  id: string;

  @RefIdColumn('payment_session_id')
  paymentSessionId: string;

  @CascadingParent(() => PaymentSession, 'payment_session_id', 'refunds_payment_session_id_fkey')
  session?: PaymentSession;

  /** The session's merchant (a Console refund has no caller of its own). */
  @VarcharColumn(64)
  merchant: string;

  @VarcharColumn(16)
  origin: RefundOrigin;

  @NullableVarcharColumn(255, 'idempotency_key')
  idempotencyKey: string | null;

  /** SHA-256 of the request; tells a replay from a different request under the same key. */
  @NullableVarcharColumn(64, 'request_fingerprint')
  requestFingerprint: string | null;

  @MinorUnitsColumn('amount_minor')
  amountMinor: number;

  @VarcharColumn(3)
  currency: string;

  @VarcharColumn(16)
  status: RefundStatus;

  /** Fintecture's session of the refund (32 hex), once its answer or a webhook named it. */
  @Index('uq_refunds_refund_session_id', { unique: true })
  @NullableVarcharColumn(32, 'refund_session_id')
  refundSessionId: string | null;

  @NullableVarcharColumn(140)
  communication: string | null;

  /** The merchant's own reason; never sent to Fintecture. */
  @NullableVarcharColumn(500)
  reason: string | null;

  /** Fintecture's last word about it: the call's answer (refund_accepted…) or the refund session's status. */
  @NullableVarcharColumn(64, 'fintecture_status')
  fintectureStatus: string | null;

  @NullableVarcharColumn(64, 'transfer_state')
  transferState: string | null;

  /** Why it is aborted or unknown: a stable code and Fintecture's detail. */
  @NullableVarcharColumn(64, 'failure_code')
  failureCode: string | null;

  @NullableTextColumn('failure_detail')
  failureDetail: string | null;

  /** The refund call now awaited: a retry that takes over a call never sent bumps it. */
  @CountColumn(1, 'call_attempt')
  callAttempt: number;

  @NullableTimestampColumn('call_started_at')
  callStartedAt: Date | null;

  /** Reconciliation: when to ask Fintecture about its refund session next. */
  @NullableTimestampColumn('next_check_at')
  nextCheckAt: Date | null;

  @CountColumn(0, 'check_count')
  checkCount: number;

  /** When reconciliation reported it as refund_stuck (once). */
  @NullableTimestampColumn('stuck_reported_at')
  stuckReportedAt: Date | null;

  /** Bumped by every change of status, never by bookkeeping. */
  @CountColumn(1)
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
