import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricsService } from '../observability/metrics.service';
import { NotificationDelivery } from './entities/notification-delivery.entity';

export const ATTEMPT_RESULTS = ['success', 'http_error', 'timeout', 'network_error', 'blocked'] as const;
export type AttemptResult = (typeof ATTEMPT_RESULTS)[number];

/** The pending deliveries of every instance, as one scrape counts them. */
interface Backlog {
  count: number;
  oldestSeconds: number;
}

/**
 * Registered by notifications into the service's registry. Attempts and final results are this
 * instance's; the pending backlog and its oldest age are counted in the database at scrape time,
 * so they cover every instance.
 */
@Injectable()
export class NotificationMetrics implements OnModuleInit {
  private readonly logger = new Logger('Metrics');
  attempts!: Counter<'result'>;
  deliveries!: Counter<'result'>;

  constructor(
    private readonly metrics: MetricsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const registers = [this.metrics.registry];
    this.attempts = new Counter({
      name: 'notification_delivery_attempts_total',
      help: 'Attempts to deliver a notification to a shop endpoint, by result: success (2xx), http_error, timeout, network_error, blocked (SSRF rule).',
      labelNames: ['result'] as const,
      registers,
    });
    this.deliveries = new Counter({
      name: 'notification_deliveries_total',
      help: 'Notification deliveries that ended, by result: delivered, or failed (retried until NOTIFICATION_MAX_AGE_HOURS, or endpoint deleted).',
      labelNames: ['result'] as const,
      registers,
    });
    for (const result of ATTEMPT_RESULTS) this.attempts.inc({ result }, 0);
    for (const result of ['delivered', 'failed']) this.deliveries.inc({ result }, 0);

    let backlog: Promise<Backlog> | null = null;
    // Both gauges come from one query per scrape.
    const readBacklog = () => (backlog ??= this.backlog().finally(() => setImmediate(() => (backlog = null))));
    const backlogGauge = (name: string, help: string, valueOf: (counted: Backlog) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect: async function (this: Gauge) {
          this.set(valueOf(await readBacklog()));
        },
      });
    backlogGauge(
      'notification_deliveries_pending',
      'Notification deliveries not yet delivered nor failed; counted in the database at scrape time (all instances).',
      (counted) => counted.count,
    );
    backlogGauge(
      'notification_oldest_pending_delivery_age_seconds',
      'Age of the oldest pending notification delivery, 0 when none; counted in the database at scrape time (all instances).',
      (counted) => counted.oldestSeconds,
    );
  }

  private async backlog(): Promise<Backlog> {
    try {
      const row = await this.dataSource
        .getRepository(NotificationDelivery)
        .createQueryBuilder('d')
        .select('COUNT(*)', 'count')
        .addSelect('MIN(d.createdAt)', 'oldest')
        .where("d.status = 'pending'")
        .getRawOne<{ count: string | number; oldest: string | Date | null }>();
      const oldest = row?.oldest ? parseStoredDate(row.oldest) : null;
      return { count: Number(row?.count ?? 0), oldestSeconds: oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0 };
    } catch (error) {
      this.logger.warn({ err: error }, 'could not count pending notification deliveries for /metrics');
      return { count: 0, oldestSeconds: 0 };
    }
  }
}

/** Raw rows bypass the entity's column type: PostgreSQL gives a Date, SQLite the stored UTC text. */
function parseStoredDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
}
