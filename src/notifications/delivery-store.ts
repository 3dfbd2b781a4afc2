import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { TransactionRunner } from '../database/transaction-runner';
import { NotificationDelivery } from './entities/notification-delivery.entity';
import { NotificationEndpoint } from './entities/notification-endpoint.entity';
import { NotificationEvent } from './entities/notification-event.entity';

export interface ClaimedDelivery {
  delivery: NotificationDelivery;
  event: NotificationEvent;
  /** Null when the endpoint row is gone. */
  endpoint: NotificationEndpoint | null;
  token: string;
}

export type AttemptOutcome = Pick<
  NotificationDelivery,
  | 'status'
  | 'attempts'
  | 'consecutiveFailures'
  | 'nextAttemptAt'
  | 'lastAttemptAt'
  | 'lastHttpStatus'
  | 'lastError'
  | 'lastResponseBody'
  | 'deliveredAt'
>;

/**
 * The dispatcher's rows. A claim is a lease, as reconciliation's: due deliveries are taken in one
 * short transaction (FOR UPDATE SKIP LOCKED on PostgreSQL, so two instances never take the same
 * one), their next_attempt_at pushed to the end of the lease and a token written; the HTTP call
 * happens outside any transaction, and only the token's holder may write the outcome. A process
 * that dies mid-attempt leaves the delivery due again when its lease runs out.
 */
@Injectable()
export class DeliveryStore {
  constructor(private readonly tx: TransactionRunner) {}

  claimDue(limit: number, leaseMs: number, now = new Date()): Promise<ClaimedDelivery[]> {
    return this.tx.run(async (manager) => {
      const query = manager
        .getRepository(NotificationDelivery)
        .createQueryBuilder('d')
        // A literal, not a parameter: it must match the partial index's predicate.
        .where("d.status = 'pending'")
        .andWhere('d.nextAttemptAt <= :now', { now })
        .orderBy('d.nextAttemptAt', 'ASC')
        .addOrderBy('d.id', 'ASC')
        .limit(limit);
      if (this.tx.isPostgres) query.setLock('pessimistic_write').setOnLocked('skip_locked');
      const rows = await query.getMany();
      if (!rows.length) return [];
      const token = randomUUID();
      await manager
        .createQueryBuilder()
        .update(NotificationDelivery)
        .set({ nextAttemptAt: new Date(now.getTime() + leaseMs), claimToken: token })
        .whereInIds(rows.map((row) => row.id))
        .execute();
      const events = await manager.getRepository(NotificationEvent).findBy({ id: In([...new Set(rows.map((row) => row.eventId))]) });
      const endpoints = await manager.getRepository(NotificationEndpoint).findBy({ id: In([...new Set(rows.map((row) => row.endpointId))]) });
      const eventById = new Map(events.map((event) => [event.id, event]));
      const endpointById = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint]));
      return rows.map((delivery) => ({
        delivery,
        event: eventById.get(delivery.eventId)!,
        endpoint: endpointById.get(delivery.endpointId) ?? null,
        token,
      }));
    });
  }

  /** Writes an attempt's outcome; false when the lease was lost meanwhile (another holder owns the row now). */
  async complete(id: string, token: string, outcome: AttemptOutcome): Promise<boolean> {
    const result = await this.tx.run((manager) =>
      manager
        .createQueryBuilder()
        .update(NotificationDelivery)
        .set({ ...(outcome as QueryDeepPartialEntity<NotificationDelivery>), claimToken: null })
        .where('id = :id AND claim_token = :token', { id, token })
        .execute(),
    );
    return (result.affected ?? 0) > 0;
  }

  /** Claimed, not attempted (shutdown): due again now, for this or another instance. */
  async release(id: string, token: string): Promise<void> {
    await this.tx.run((manager) =>
      manager
        .createQueryBuilder()
        .update(NotificationDelivery)
        .set({ nextAttemptAt: new Date(), claimToken: null })
        .where("id = :id AND claim_token = :token AND status = 'pending'", { id, token })
        .execute(),
    );
  }
}
