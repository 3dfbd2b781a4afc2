import { Column, Entity, Index } from 'typeorm';
import {
  CreatedAtColumn,
  IdColumn,
  NullableTimestampColumn,
  NullableVarcharColumn,
  UpdatedAtColumn,
  VarcharColumn,
} from '../../database/entity-columns';
import type { NotificationEventType } from '../notification-types';

/**
 * A merchant's receiver. The secrets are stored as issued: signing needs them, so they cannot be
 * hashed like API keys; they are never logged and only answered on create and rotation.
 */
@Entity({ name: 'notification_endpoints' })
@Index('ix_notification_endpoints_merchant', ['merchant', 'id'])
export class NotificationEndpoint {
  @IdColumn()
  id: string;

  /** Label of the merchant API key that registered it. */
  @VarcharColumn(64)
  merchant: string;

  @Column({ type: 'text' })
  url: string;

  @NullableVarcharColumn(500)
  description: string | null;

  @Column({ type: 'simple-array' })
  events: NotificationEventType[];

  @VarcharColumn(100)
  secret: string;

  /** The secret before the last rotation, still signing beside the new one until it expires. */
  @NullableVarcharColumn(100, 'previous_secret')
  previousSecret: string | null;

  @NullableTimestampColumn('previous_secret_expires_at')
  previousSecretExpiresAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;

  /** Deleted endpoints are kept so that their deliveries can still be read; nothing more is sent to them. */
  @NullableTimestampColumn('deleted_at')
  deletedAt: Date | null;
}
