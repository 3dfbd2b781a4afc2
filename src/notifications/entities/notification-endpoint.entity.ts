import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP_TYPE } from '../../database/column-types';
import type { NotificationEventType } from '../notification-types';

/**
 * A merchant's receiver. The secrets are stored as issued: signing needs them, so they cannot be
 * hashed like API keys; they are never logged and only answered on create and rotation.
 */
@Entity({ name: 'notification_endpoints' })
@Index('ix_notification_endpoints_merchant', ['merchant', 'id'])
export class NotificationEndpoint {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Label of the merchant API key that registered it. */
  @Column({ type: 'varchar', length: 64 })
  merchant: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  @Column({ type: 'simple-array' })
  events: NotificationEventType[];

  @Column({ type: 'varchar', length: 100 })
  secret: string;

  /** The secret before the last rotation, still signing beside the new one until it expires. */
  @Column({ name: 'previous_secret', type: 'varchar', length: 100, nullable: true })
  previousSecret: string | null;

  @Column({ name: 'previous_secret_expires_at', type: TIMESTAMP_TYPE, nullable: true })
  previousSecretExpiresAt: Date | null;

  @Column({ name: 'created_at', type: TIMESTAMP_TYPE })
  createdAt: Date;

  @Column({ name: 'updated_at', type: TIMESTAMP_TYPE })
  updatedAt: Date;

  /** Deleted endpoints are kept so that their deliveries can still be read; nothing more is sent to them. */
  @Column({ name: 'deleted_at', type: TIMESTAMP_TYPE, nullable: true })
  deletedAt: Date | null;
}
