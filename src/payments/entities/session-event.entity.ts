import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PaymentSession } from './payment-session.entity';
import { bigintToNumber, TIMESTAMP_TYPE } from '../../database/column-types';
import type { Outcome } from '../payment-outcome';

export type EventSource = 'api' | 'webhook' | 'reconciliation' | 'admin';

/** One row per change of a session and per notice that was refused: the audit trail. */
@Entity({ name: 'session_events' })
@Index('ix_session_events_session', ['paymentSessionId', 'createdAt'])
@Index('uq_session_events_dedupe', ['paymentSessionId', 'dedupeKey'], { unique: true })
export class SessionEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'payment_session_id', type: 'varchar', length: 36 })
  paymentSessionId: string;

  @ManyToOne(() => PaymentSession, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'payment_session_id', foreignKeyConstraintName: 'session_events_payment_session_id_fkey' })
  session?: PaymentSession;

  @Column({ type: 'varchar', length: 16 })
  source: EventSource;

  /** What happened: created, creation_failed, status, refund, cancel_requested… */
  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'boolean' })
  accepted: boolean;

  /** Why a notice changed nothing (duplicate, terminal, regression, unknown_status…). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  status: string | null;

  @Column({ name: 'transfer_state', type: 'varchar', length: 64, nullable: true })
  transferState: string | null;

  @Column({ name: 'outcome_before', type: 'varchar', length: 32, nullable: true })
  outcomeBefore: Outcome | null;

  @Column({ name: 'outcome_after', type: 'varchar', length: 32, nullable: true })
  outcomeAfter: Outcome | null;

  /** The notice's X-Request-ID (webhooks) or our own outbound request id. */
  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @Column({ name: 'received_amount_minor', type: 'bigint', nullable: true, transformer: bigintToNumber })
  receivedAmountMinor: number | null;

  /** A Smart Transfer increment: the amount of the transfer this notice reports, beside the running total. */
  @Column({ name: 'last_transaction_amount_minor', type: 'bigint', nullable: true, transformer: bigintToNumber })
  lastTransactionAmountMinor: number | null;

  /** Same key, same notice: the unique index makes recording it twice impossible. */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 200, nullable: true })
  dedupeKey: string | null;

  @Column({ type: 'simple-json', nullable: true })
  detail: Record<string, unknown> | null;

  @Column({ name: 'created_at', type: TIMESTAMP_TYPE })
  createdAt: Date;
}
