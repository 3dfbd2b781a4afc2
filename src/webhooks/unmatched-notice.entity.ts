import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintToNumber, TIMESTAMP_TYPE } from '../database/column-types';

/** Why a verified notice could not be applied to a session. */
export type UnmatchedReason = 'unknown_session' | 'missing_fields' | 'malformed_body';

/**
 * A verified webhook that no session took: kept, never dropped, so that a payment Fintecture
 * reports for a create whose answer was lost can still be found, matched or resolved by hand.
 * Amounts are kept as the webhook wrote them and, when they read as money, in minor units.
 */
@Entity({ name: 'unmatched_notices' })
@Index('ix_unmatched_notices_received', ['receivedAt', 'id'])
@Index('ix_unmatched_notices_session', ['sessionId'])
export class UnmatchedNotice {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The signed X-Request-ID: Fintecture's retries of one notice are one row. */
  @Index('uq_unmatched_notices_request', { unique: true })
  @Column({ name: 'request_id', type: 'varchar', length: 128 })
  requestId: string;

  @Column({ type: 'varchar', length: 32 })
  reason: UnmatchedReason;

  @Column({ name: 'session_id', type: 'varchar', length: 512, nullable: true })
  sessionId: string | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  status: string | null;

  @Column({ name: 'transfer_state', type: 'varchar', length: 512, nullable: true })
  transferState: string | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  type: string | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  state: string | null;

  @Column({ name: 'refunded_session_id', type: 'varchar', length: 512, nullable: true })
  refundedSessionId: string | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  amount: string | null;

  @Column({ name: 'amount_minor', type: 'bigint', nullable: true, transformer: bigintToNumber })
  amountMinor: number | null;

  @Column({ name: 'received_amount', type: 'varchar', length: 512, nullable: true })
  receivedAmount: string | null;

  @Column({ name: 'received_amount_minor', type: 'bigint', nullable: true, transformer: bigintToNumber })
  receivedAmountMinor: number | null;

  @Column({ name: 'last_transaction_amount', type: 'varchar', length: 512, nullable: true })
  lastTransactionAmount: string | null;

  @Column({ name: 'content_type', type: 'varchar', length: 255, nullable: true })
  contentType: string | null;

  /** Every field of the body as received (first value of a repeated form field). */
  @Column({ type: 'simple-json', nullable: true })
  fields: Record<string, unknown> | null;

  /** The body itself when it could not be read as fields. */
  @Column({ name: 'raw_body', type: 'text', nullable: true })
  rawBody: string | null;

  /** The session that took the notice later (adopted it), null while unmatched. */
  @Column({ name: 'matched_payment_session_id', type: 'varchar', length: 36, nullable: true })
  matchedPaymentSessionId: string | null;

  @Column({ name: 'matched_at', type: TIMESTAMP_TYPE, nullable: true })
  matchedAt: Date | null;

  /** Set by whoever settles an unmatched notice by hand (reconciliation reports it until then). */
  @Column({ name: 'resolved_at', type: TIMESTAMP_TYPE, nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  @Column({ name: 'received_at', type: TIMESTAMP_TYPE })
  receivedAt: Date;
}
