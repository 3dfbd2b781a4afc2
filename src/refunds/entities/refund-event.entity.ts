import { Entity, Index } from 'typeorm';
import { AuditEventBase } from '../../database/audit-event-base.entity';
import { CascadingParent, MinorUnitsColumn, NullableVarcharColumn, RefIdColumn } from '../../database/entity-columns';
import type { RefundStatus } from '../refund-status';
import { Refund } from './refund.entity';

/** One row per change of a refund and per notice about it that changed nothing: its audit trail. */
@Entity({ name: 'refund_events' })
@Index('ix_refund_events_refund', ['refundId', 'createdAt', 'id'])
@Index('uq_refund_events_dedupe', ['refundId', 'dedupeKey'], { unique: true })
export class RefundEvent extends AuditEventBase {
  @RefIdColumn('refund_id')
  refundId: string;

  @CascadingParent(() => Refund, 'refund_id', 'refund_events_refund_id_fkey')
  refund?: Refund;

  @NullableVarcharColumn(64, 'fintecture_status')
  fintectureStatus: string | null;

  @NullableVarcharColumn(16, 'status_before')
  statusBefore: RefundStatus | null;

  @NullableVarcharColumn(16, 'status_after')
  statusAfter: RefundStatus | null;

  /** The amount the notice named, when it named one. */
  @MinorUnitsColumn('amount_minor', { nullable: true })
  amountMinor: number | null;
}
