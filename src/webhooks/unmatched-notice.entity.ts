import { Entity, Index } from 'typeorm';
import {
  IdColumn,
  MinorUnitsColumn,
  NullableJsonColumn,
  NullableTextColumn,
  NullableTimestampColumn,
  NullableVarcharColumn,
  TimestampColumn,
  VarcharColumn,
} from '../database/entity-columns';

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
  @IdColumn()
  id: string;

  /** The signed X-Request-ID: Fintecture's retries of one notice are one row. */
  @Index('uq_unmatched_notices_request', { unique: true })
  @VarcharColumn(128, { name: 'request_id' })
  requestId: string;

  @VarcharColumn(32)
  reason: UnmatchedReason;

  @NullableVarcharColumn(512, 'session_id')
  sessionId: string | null;

  @NullableVarcharColumn(512)
  status: string | null;

  @NullableVarcharColumn(512, 'transfer_state')
  transferState: string | null;

  @NullableVarcharColumn(512)
  type: string | null;

  @NullableVarcharColumn(512)
  state: string | null;

  @NullableVarcharColumn(512, 'refunded_session_id')
  refundedSessionId: string | null;

  @NullableVarcharColumn(512)
  amount: string | null;

  @MinorUnitsColumn('amount_minor', { nullable: true })
  amountMinor: number | null;

  @NullableVarcharColumn(512, 'received_amount')
  receivedAmount: string | null;

  @MinorUnitsColumn('received_amount_minor', { nullable: true })
  receivedAmountMinor: number | null;

  @NullableVarcharColumn(512, 'last_transaction_amount')
  lastTransactionAmount: string | null;

  @NullableVarcharColumn(255, 'content_type')
  contentType: string | null;

  /** Every field of the body as received (first value of a repeated form field). */
  @NullableJsonColumn()
  fields: Record<string, unknown> | null;

  /** The body itself when it could not be read as fields. */
  @NullableTextColumn('raw_body')
  rawBody: string | null;

  /** The session that took the notice later (adopted it), null while unmatched. */
  @NullableVarcharColumn(36, 'matched_payment_session_id')
  matchedPaymentSessionId: string | null;

  @NullableTimestampColumn('matched_at')
  matchedAt: Date | null;

  /** Set by whoever settles an unmatched notice by hand (reconciliation reports it until then). */
  @NullableTimestampColumn('resolved_at')
  resolvedAt: Date | null;

  @NullableTextColumn()
  resolution: string | null;

  @TimestampColumn('received_at')
  receivedAt: Date;
}
