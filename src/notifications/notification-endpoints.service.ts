import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { UUID_PATTERN, uuidv7 } from '../common/ids';
import { ProblemException, ValidationFailedException } from '../common/problem';
import { notificationsConfig } from '../config/notifications.config';
import { TransactionRunner } from '../database/transaction-runner';
import { checkEndpointUrl } from './delivery/endpoint-url-rules';
import { generateSecret } from './delivery/standard-webhooks';
import { CreateNotificationEndpointDto } from './dto/create-notification-endpoint.dto';
import { rotated } from './endpoint-secrets';
import { NotificationDelivery } from './entities/notification-delivery.entity';
import { NotificationEndpoint } from './entities/notification-endpoint.entity';
import { NOTIFICATION_EVENT_TYPES } from './notification-types';

/** Each endpoint gets every change of the merchant's sessions: a bound keeps one key from fanning out without end. */
export const MAX_ENDPOINTS_PER_MERCHANT = 16;

/** A merchant's endpoints; `merchant` null is the admin, who sees every merchant's. */
@Injectable()
export class NotificationEndpointsService {
  constructor(
    @InjectRepository(NotificationEndpoint) private readonly endpoints: Repository<NotificationEndpoint>,
    private readonly tx: TransactionRunner,
    @Inject(notificationsConfig.KEY) private readonly config: ConfigType<typeof notificationsConfig>,
  ) {}

  async create(merchant: string, body: CreateNotificationEndpointDto): Promise<NotificationEndpoint> {
    const check = checkEndpointUrl(body.url, { httpsOnly: this.config.httpsOnly, blockPrivateAddresses: this.config.blockPrivateAddresses });
    if (!check.ok) throw new ValidationFailedException([{ field: 'url', message: check.message }]);
    const now = new Date();
    const endpoint: NotificationEndpoint = {
      id: uuidv7(now.getTime()),
      merchant,
      url: check.url,
      description: body.description ?? null,
      events: body.events ?? [...NOTIFICATION_EVENT_TYPES],
      secret: generateSecret(),
      previousSecret: null,
      previousSecretExpiresAt: null,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    };
    await this.tx.run(async (manager) => {
      const count = await manager.getRepository(NotificationEndpoint).count({ where: { merchant, deletedAt: IsNull() } });
      if (count >= MAX_ENDPOINTS_PER_MERCHANT) {
        throw new ProblemException(
          409,
          'too_many_endpoints',
          `A merchant may register at most ${MAX_ENDPOINTS_PER_MERCHANT} notification endpoints.`,
        );
      }
      await manager.getRepository(NotificationEndpoint).insert(endpoint);
    });
    return endpoint;
  }

  /**
   * Newest first, keyset-paged by id (UUIDv7). A merchant sees its live endpoints; the admin
   * (merchant null) sees every one, deleted included, optionally of one merchant.
   */
  async list(
    merchant: string | null,
    limit: number,
    cursor?: string,
    ofMerchant?: string,
  ): Promise<{ endpoints: NotificationEndpoint[]; nextCursor: string | null }> {
    const query = this.endpoints
      .createQueryBuilder('e')
      .orderBy('e.id', 'DESC')
      .limit(limit + 1);
    if (merchant !== null) query.andWhere('e.merchant = :merchant AND e.deletedAt IS NULL', { merchant });
    else if (ofMerchant) query.andWhere('e.merchant = :merchant', { merchant: ofMerchant });
    if (cursor) query.andWhere('e.id < :cursor', { cursor });
    const rows = await query.getMany();
    const more = rows.length > limit;
    const endpoints = more ? rows.slice(0, limit) : rows;
    return { endpoints, nextCursor: more ? endpoints[endpoints.length - 1].id : null };
  }

  /** The merchant's live endpoint, or 404: another merchant's looks exactly like one that does not exist. */
  async findOwned(id: string, merchant: string): Promise<NotificationEndpoint> {
    const endpoint = UUID_PATTERN.test(id) ? await this.endpoints.findOneBy({ id, merchant, deletedAt: IsNull() }) : null;
    if (!endpoint) throw new ProblemException(404, 'not_found', `No notification endpoint ${id}.`);
    return endpoint;
  }

  /** Nothing more is sent to it; its deliveries still pending are failed, its history stays readable by admins. */
  async remove(id: string, merchant: string): Promise<void> {
    await this.findOwned(id, merchant);
    const now = new Date();
    await this.tx.run(async (manager) => {
      await manager.getRepository(NotificationEndpoint).update({ id, deletedAt: IsNull() }, { deletedAt: now, updatedAt: now });
      await manager
        .getRepository(NotificationDelivery)
        .update({ endpointId: id, status: 'pending' }, { status: 'failed', nextAttemptAt: null, lastError: 'endpoint deleted', claimToken: null });
    });
  }

  /** A new secret; the old one keeps signing beside it for 24 h. */
  async rotateSecret(id: string, merchant: string): Promise<NotificationEndpoint> {
    await this.findOwned(id, merchant);
    return this.tx.run(async (manager) => {
      const endpoint = await this.lock(manager, id);
      if (!endpoint || endpoint.deletedAt) throw new ProblemException(404, 'not_found', `No notification endpoint ${id}.`);
      const now = new Date();
      const secrets = rotated(endpoint, now);
      await manager.getRepository(NotificationEndpoint).update({ id }, { ...secrets, updatedAt: now });
      return Object.assign(endpoint, secrets, { updatedAt: now });
    });
  }

  private lock(manager: EntityManager, id: string): Promise<NotificationEndpoint | null> {
    const query = manager.getRepository(NotificationEndpoint).createQueryBuilder('e').where('e.id = :id', { id });
    if (this.tx.isPostgres) query.setLock('pessimistic_write');
    return query.getOne();
  }
}
