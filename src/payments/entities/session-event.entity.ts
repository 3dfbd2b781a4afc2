import { Entity, Index } from 'typeorm';
import { PaymentSession } from './payment-session.entity';
import { AuditEventBase } from '../../database/audit-event-base.entity';
import { CascadingParent, MinorUnitsColumn, NullableVarcharColumn, RefIdColumn } from '../../database/entity-columns';
import type { Outcome } from '../payment-outcome';

export type { EventSource } from '../../database/audit-event-base.entity';

/** One row per change of a session and per notice that was refused: the audit trail. */
@Entity({ name: 'session_events' })
@Index('ix_session_events_session', ['paymentSessionId', 'createdAt'])
@Index('uq_session_events_dedupe', ['paymentSessionId', 'dedupeKey'], { unique: true })
export class SessionEvent extends AuditEventBase {
  @RefIdColumn('payment_session_id')
  paymentSessionId: string;

  @CascadingParent(() => PaymentSession, 'payment_session_id', 'session_events_payment_session_id_fkey')
  session?: PaymentSession;

  @NullableVarcharColumn(64)
  status: string | null;

  @NullableVarcharColumn(32, 'outcome_before')
  outcomeBefore: Outcome | null;

  @NullableVarcharColumn(32, 'outcome_after')
  outcomeAfter: Outcome | null;

  @MinorUnitsColumn('received_amount_minor', { nullable: true })
  receivedAmountMinor: number | null;

  /** A Smart Transfer increment: the amount of the transfer this notice reports, beside the running total. */
  @MinorUnitsColumn('last_transaction_amount_minor', { nullable: true })
  lastTransactionAmountMinor: number | null;
}
