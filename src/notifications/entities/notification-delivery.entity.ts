import { Entity, Index } from 'typeorm';
import {
  CascadingParent,
  CountColumn,
  CreatedAtColumn,
  IdColumn,
  NullableIntegerColumn,
  NullableTextColumn,
  NullableTimestampColumn,
  NullableVarcharColumn,
  RefIdColumn,
  TimestampColumn,
  VarcharColumn,
} from '../../database/entity-columns';
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
  @IdColumn()
  id: string;

  @RefIdColumn('event_id')
  eventId: string;

  @CascadingParent(() => NotificationEvent, 'event_id', 'notification_deliveries_event_id_fkey')
  event?: NotificationEvent;

  @RefIdColumn('endpoint_id')
  endpointId: string;

  @CascadingParent(() => NotificationEndpoint, 'endpoint_id', 'notification_deliveries_endpoint_id_fkey')
  endpoint?: NotificationEndpoint;

  @VarcharColumn(64)
  merchant: string;

  @VarcharColumn(16)
  status: DeliveryStatus;

  @CountColumn(0)
  attempts: number;

  /** Failures in a row since the last success or redelivery: what the back-off reads. */
  @CountColumn(0, 'consecutive_failures')
  consecutiveFailures: number;

  /** While pending: when it is due. A claimed delivery's is pushed to the end of its lease. */
  @NullableTimestampColumn('next_attempt_at')
  nextAttemptAt: Date | null;

  /** After this no retry is scheduled: the delivery is failed (NOTIFICATION_MAX_AGE_HOURS after it was due). */
  @TimestampColumn('give_up_at')
  giveUpAt: Date;

  /** Who holds the current lease; an outcome is written only by its holder. */
  @NullableVarcharColumn(36, 'claim_token')
  claimToken: string | null;

  @NullableTimestampColumn('last_attempt_at')
  lastAttemptAt: Date | null;

  @NullableIntegerColumn('last_http_status')
  lastHttpStatus: number | null;

  /** Why the last attempt failed without an HTTP answer (timeout, refused address…). */
  @NullableVarcharColumn(300, 'last_error')
  lastError: string | null;

  /** The first 2 KB of the last answer. */
  @NullableTextColumn('last_response_body')
  lastResponseBody: string | null;

  @NullableTimestampColumn('delivered_at')
  deliveredAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;
}
