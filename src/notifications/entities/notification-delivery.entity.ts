import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TIMESTAMP_TYPE } from '../../database/column-types';
import type { DeliveryStatus } from '../notification-types';
import { NotificationEndpoint } from './notification-endpoint.entity';
import { NotificationEvent } from './notification-event.entity';

/** One event to one endpoint: the unit the dispatcher claims, sends and retries. */
@Entity({ name: 'notification_deliveries' })
@Index('uq_notification_deliveries_event_endpoint', ['eventId', 'endpointId'], { unique: true })
@Index('ix_notification_deliveries_due', ['nextAttemptAt', 'id'], { where: "status = 'pending'" })
@Index('ix_notification_deliveries_endpoint', ['endpointId', 'id'])
@Index('ix_notification_deliveries_status', ['status', 'id'])
export class NotificationDelivery {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'event_id', type: 'varchar', length: 36 })
  eventId: string;

  @ManyToOne(() => NotificationEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'notification_deliveries_event_id_fkey' })
  event?: NotificationEvent;

  @Column({ name: 'endpoint_id', type: 'varchar', length: 36 })
  endpointId: string;

  @ManyToOne(() => NotificationEndpoint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id', foreignKeyConstraintName: 'notification_deliveries_endpoint_id_fkey' })
  endpoint?: NotificationEndpoint;

  @Column({ type: 'varchar', length: 64 })
  merchant: string;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** Failures in a row since the last success or redelivery: what the back-off reads. */
  @Column({ name: 'consecutive_failures', type: 'integer', default: 0 })
  consecutiveFailures: number;

  /** While pending: when it is due. A claimed delivery's is pushed to the end of its lease. */
  @Column({ name: 'next_attempt_at', type: TIMESTAMP_TYPE, nullable: true })
  nextAttemptAt: Date | null;

  /** After this no retry is scheduled: the delivery is failed (NOTIFICATION_MAX_AGE_HOURS after it was due). */
  @Column({ name: 'give_up_at', type: TIMESTAMP_TYPE })
  giveUpAt: Date;

  /** Who holds the current lease; an outcome is written only by its holder. */
  @Column({ name: 'claim_token', type: 'varchar', length: 36, nullable: true })
  claimToken: string | null;

  @Column({ name: 'last_attempt_at', type: TIMESTAMP_TYPE, nullable: true })
  lastAttemptAt: Date | null;

  @Column({ name: 'last_http_status', type: 'integer', nullable: true })
  lastHttpStatus: number | null;

  /** Why the last attempt failed without an HTTP answer (timeout, refused address…). */
  @Column({ name: 'last_error', type: 'varchar', length: 300, nullable: true })
  lastError: string | null;

  /** The first 2 KB of the last answer. */
  @Column({ name: 'last_response_body', type: 'text', nullable: true })
  lastResponseBody: string | null;

  @Column({ name: 'delivered_at', type: TIMESTAMP_TYPE, nullable: true })
  deliveredAt: Date | null;

  @Column({ name: 'created_at', type: TIMESTAMP_TYPE })
  createdAt: Date;
}
