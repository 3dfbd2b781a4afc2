import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintToNumber, TIMESTAMP_TYPE } from '../../database/column-types';
import type { EventSource } from '../../payments/entities/session-event.entity';
import type { RefundStatus } from '../refund-status';
import { Refund } from './refund.entity';

/** One row per change of a refund and per notice about it that changed nothing: its audit trail. */
@Entity({ name: 'refund_events' })
@Index('ix_refund_events_refund', ['refundId', 'createdAt', 'id'])
@Index('uq_refund_events_dedupe', ['refundId', 'dedupeKey'], { unique: true })
export class RefundEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'refund_id', type: 'varchar', length: 36 })
  refundId: string;

  @ManyToOne(() => Refund, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'refund_id', foreignKeyConstraintName: 'refund_events_refund_id_fkey' })
  refund?: Refund;

  @Column({ type: 'varchar', length: 16 })
  source: EventSource;

  /** requested, call, webhook, reconciliation, call_lost, console_refund… */
  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'boolean' })
  accepted: boolean;

  /** Why a notice changed nothing: unchanged, terminal, regression, unknown_status, superseded. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  reason: string | null;

  @Column({ name: 'fintecture_status', type: 'varchar', length: 64, nullable: true })
  fintectureStatus: string | null;

  @Column({ name: 'transfer_state', type: 'varchar', length: 64, nullable: true })
  transferState: string | null;

  @Column({ name: 'status_before', type: 'varchar', length: 16, nullable: true })
  statusBefore: RefundStatus | null;

  @Column({ name: 'status_after', type: 'varchar', length: 16, nullable: true })
  statusAfter: RefundStatus | null;

  /** The amount the notice named, when it named one. */
  @Column({ name: 'amount_minor', type: 'bigint', nullable: true, transformer: bigintToNumber })
  amountMinor: number | null;

  /** The webhook's X-Request-ID, or our own call's. */
  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @Column({ name: 'dedupe_key', type: 'varchar', length: 200, nullable: true })
  dedupeKey: string | null;

  @Column({ type: 'simple-json', nullable: true })
  detail: Record<string, unknown> | null;

  @Column({ name: 'created_at', type: TIMESTAMP_TYPE })
  createdAt: Date;
}
