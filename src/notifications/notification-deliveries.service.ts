import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { UUID_PATTERN } from '../common/ids';
import { ProblemException } from '../common/problem';
import { notificationsConfig } from '../config/notifications.config';
import { TransactionRunner } from '../database/transaction-runner';
import { NotificationDelivery } from './entities/notification-delivery.entity';
import { NotificationEndpoint } from './entities/notification-endpoint.entity';
import { NotificationEvent } from './entities/notification-event.entity';
import { NotificationDispatcher } from './notification-dispatcher.service';
import { DeliveryStatus } from './notification-types';

export interface DeliveryFilters {
  /** null: every merchant (admin). */
  merchant: string | null;
  endpointId?: string;
  status?: DeliveryStatus;
}

export interface DeliveryPage {
  deliveries: Array<{ delivery: NotificationDelivery; eventType: string | null }>;
  nextCursor: string | null;
}

@Injectable()
export class NotificationDeliveriesService {
  constructor(
    @InjectRepository(NotificationDelivery) private readonly deliveries: Repository<NotificationDelivery>,
    @InjectRepository(NotificationEvent) private readonly events: Repository<NotificationEvent>,
    private readonly tx: TransactionRunner,
    private readonly dispatcher: NotificationDispatcher,
    @Inject(notificationsConfig.KEY) private readonly config: ConfigType<typeof notificationsConfig>,
  ) {}

  /** Newest first, keyset-paged by id (UUIDv7). */
  async list(filters: DeliveryFilters, limit: number, cursor?: string): Promise<DeliveryPage> {
    const query = this.deliveries
      .createQueryBuilder('d')
      .orderBy('d.id', 'DESC')
      .limit(limit + 1);
    if (filters.merchant !== null) query.andWhere('d.merchant = :merchant', { merchant: filters.merchant });
    if (filters.endpointId) query.andWhere('d.endpointId = :endpointId', { endpointId: filters.endpointId });
    if (filters.status) query.andWhere('d.status = :status', { status: filters.status });
    if (cursor) query.andWhere('d.id < :cursor', { cursor });
    const rows = await query.getMany();
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    return { deliveries: await this.withTypes(page), nextCursor: more ? page[page.length - 1].id : null };
  }

  /**
   * Due again now with a fresh NOTIFICATION_MAX_AGE_HOURS window, whatever it ended as; one
   * being attempted right now is left to that attempt.
   */
  async redeliver(id: string, merchant: string | null): Promise<{ delivery: NotificationDelivery; eventType: string | null }> {
    const found = UUID_PATTERN.test(id) ? await this.deliveries.findOneBy({ id }) : null;
    if (!found || (merchant !== null && found.merchant !== merchant)) throw new ProblemException(404, 'not_found', `No notification delivery ${id}.`);
    const updated = await this.tx.run(async (manager) => {
      const endpoint = await manager.getRepository(NotificationEndpoint).findOneBy({ id: found.endpointId });
      if (!endpoint || endpoint.deletedAt) throw new ProblemException(409, 'endpoint_deleted', 'The endpoint of this delivery was deleted.');
      const now = new Date();
      await manager
        .createQueryBuilder()
        .update(NotificationDelivery)
        .set({
          status: 'pending',
          nextAttemptAt: now,
          consecutiveFailures: 0,
          giveUpAt: new Date(now.getTime() + this.config.maxAgeHours * 3_600_000),
        })
        .where('id = :id AND claim_token IS NULL', { id })
        .execute();
      return manager.getRepository(NotificationDelivery).findOneByOrFail({ id });
    });
    this.dispatcher.wake();
    return (await this.withTypes([updated]))[0];
  }

  private async withTypes(rows: NotificationDelivery[]): Promise<DeliveryPage['deliveries']> {
    if (!rows.length) return [];
    const events = await this.events.find({ select: { id: true, type: true }, where: { id: In([...new Set(rows.map((r) => r.eventId))]) } });
    const types = new Map(events.map((e) => [e.id, e.type]));
    return rows.map((delivery) => ({ delivery, eventType: types.get(delivery.eventId) ?? null }));
  }
}
