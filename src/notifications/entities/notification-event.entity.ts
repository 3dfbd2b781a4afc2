import { Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, RefIdColumn, VarcharColumn } from '../../database/entity-columns';
import type { NotificationEventType } from '../notification-types';

/** The outbox: one row per announced change, written in the transaction of the change. */
@Entity({ name: 'notification_events' })
@Index('ix_notification_events_subject', ['subjectId', 'id'])
export class NotificationEvent {
  /** UUIDv7; also the webhook-id header, the same on every attempt, so a receiver can deduplicate. */
  @IdColumn()
  id: string;

  @VarcharColumn(64)
  merchant: string;

  @VarcharColumn(64)
  type: NotificationEventType;

  /** What changed: the payment session's id (a refund's, later). */
  @RefIdColumn('subject_id')
  subjectId: string;

  /** The body exactly as sent: serialised once, so that every attempt and every signature covers the same bytes. */
  @Column({ type: 'text' })
  payload: string;

  @CreatedAtColumn()
  createdAt: Date;
}
