import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import { Repository } from 'typeorm';
import { MetricsService } from '../observability/metrics.service';
import { PaymentSession } from './entities/payment-session.entity';
import { OUTCOMES, TERMINAL_OUTCOMES } from './payment-outcome';

const OPEN_OUTCOMES = OUTCOMES.filter((o) => !TERMINAL_OUTCOMES.includes(o));

/**
 * `payment_sessions_open`, counted in the database at scrape time (so it covers all instances).
 * Registered by payments, which owns the table, into the service's registry.
 */
@Injectable()
export class OpenSessionsMetric implements OnModuleInit {
  private readonly logger = new Logger('Metrics');

  constructor(
    private readonly metrics: MetricsService,
    @InjectRepository(PaymentSession) private readonly sessions: Repository<PaymentSession>,
  ) {}

  onModuleInit(): void {
    new Gauge({
      name: 'payment_sessions_open',
      help: 'Payment sessions whose outcome is not terminal, by outcome; counted in the database at scrape time (all instances).',
      labelNames: ['outcome'] as const,
      registers: [this.metrics.registry],
      collect: async function (this: Gauge<'outcome'>) {
        await collect(this);
      },
    });
    const collect = async (gauge: Gauge<'outcome'>): Promise<void> => {
      // A failing database leaves the previous values (and says so) rather than failing the whole
      // scrape: the other metrics matter most exactly then.
      try {
        const rows = await this.sessions
          .createQueryBuilder('s')
          .select('s.outcome', 'outcome')
          .addSelect('COUNT(*)', 'count')
          .where('s.outcome NOT IN (:...terminal)', { terminal: [...TERMINAL_OUTCOMES] })
          .groupBy('s.outcome')
          .getRawMany<{ outcome: string; count: string | number }>();
        // Every open outcome is written, zeros included, so a drained outcome does not keep its old value.
        const counts = new Map<string, number>(OPEN_OUTCOMES.map((o) => [o, 0]));
        for (const row of rows) counts.set(row.outcome, Number(row.count));
        for (const [outcome, count] of counts) gauge.set({ outcome }, count);
      } catch (error) {
        this.logger.warn({ err: error }, 'could not count open payment sessions for /metrics');
      }
    };
  }
}
