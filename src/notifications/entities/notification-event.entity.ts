import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP_TYPE } from '../../database/column-types';
import type { NotificationEventType } from '../notification-types';

/** The outbox: one row per announced change, written in the transaction of the change. */
@Entity({ name: 'notification_events' })
@Index('ix_notification_events_subject', ['subjectId', 'id'])
export class NotificationEvent {
  /** UUIDv7; also the webhook-id header, the same on every attempt, so a receiver can deduplicate. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  merchant: string;

  @Column({ type: 'varchar', length: 64 })
  type: NotificationEventType;

  /** What changed: the payment session's id (a refund's, later). */
  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId: string;

  /** The body exactly as sent: serialised once, so that every attempt and every signature covers the same bytes. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ name: 'created_at', type: TIMESTAMP_TYPE })
  createdAt: Date;
}
