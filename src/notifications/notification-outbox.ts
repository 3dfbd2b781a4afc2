import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EntityManager, IsNull } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { uuidv7 } from '../common/ids';
import { notificationsConfig } from '../config/notifications.config';
import { NotificationDelivery } from './entities/notification-delivery.entity';
import { NotificationEndpoint } from './entities/notification-endpoint.entity';
import { NotificationEvent } from './entities/notification-event.entity';
import { NotificationEventType } from './notification-types';

export interface OutboxEntry {
  merchant: string;
  type: NotificationEventType;
  subjectId: string;
  data: Record<string, unknown>;
}

/**
 * Writes an event and its deliveries with the caller's EntityManager, so inside the caller's
 * transaction: they commit or roll back with the change they announce. Nothing is written when
 * no endpoint of the merchant subscribes (an endpoint registered later is not sent the past).
 */
@Injectable()
export class NotificationOutbox {
  constructor(@Inject(notificationsConfig.KEY) private readonly config: ConfigType<typeof notificationsConfig>) {}

  async record(manager: EntityManager, entry: OutboxEntry, now = new Date()): Promise<NotificationEvent | null> {
    const endpoints = await manager
      .getRepository(NotificationEndpoint)
      .find({ select: { id: true, events: true }, where: { merchant: entry.merchant, deletedAt: IsNull() } });
    const subscribed = endpoints.filter((endpoint) => endpoint.events.includes(entry.type));
    if (!subscribed.length) return null;

    const id = uuidv7(now.getTime());
    // Serialised once: the stored text is what every attempt sends and signs.
    const payload = JSON.stringify({ id, type: entry.type, created_at: now.toISOString(), data: entry.data });
    const event: NotificationEvent = { id, merchant: entry.merchant, type: entry.type, subjectId: entry.subjectId, payload, createdAt: now };
    await manager.getRepository(NotificationEvent).insert(event);
    const giveUpAt = new Date(now.getTime() + this.config.maxAgeHours * 3_600_000);
    const deliveries = subscribed.map((endpoint): QueryDeepPartialEntity<NotificationDelivery> => ({
      id: uuidv7(now.getTime()),
      eventId: id,
      endpointId: endpoint.id,
      merchant: entry.merchant,
      status: 'pending',
      attempts: 0,
      consecutiveFailures: 0,
      nextAttemptAt: now,
      giveUpAt,
      claimToken: null,
      lastAttemptAt: null,
      lastHttpStatus: null,
      lastError: null,
      lastResponseBody: null,
      deliveredAt: null,
      createdAt: now,
    }));
    await manager.getRepository(NotificationDelivery).insert(deliveries);
    return event;
  }
}
