import { Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import { AppConfig } from '../config/configuration';

/** Every counter key starts with this, so the service's keys are easy to find (and to tell apart) in a shared Redis. */
export const RATE_LIMIT_KEY_PREFIX = 'payments:rate-limit:';
/** A Redis that takes longer than this to count a request is treated as down for that request. */
const COMMAND_TIMEOUT_MS = 250;
const READY_WAIT_MS = 3000;
const WARN_EVERY_MS = 30_000;

/** Where a URL points, without its credentials: what may be logged. */
export function redisAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}:${parsed.port || '6379'}${parsed.pathname.length > 1 ? parsed.pathname : ''}`;
  } catch {
    return 'an unparsable URL';
  }
}

/**
 * The throttler's counters in Redis, so that N instances share one budget per key (one atomic
 * script per request: increment, expiry, block). A rate limit must never take the service down:
 * while Redis is unreachable or slow, each instance counts in its own memory (a budget per
 * instance, as without Redis) and says so in a warning every 30 s, and goes back to Redis when
 * it is back.
 */
export class SharedThrottlerStorage implements ThrottlerStorage, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: Redis;
  private readonly shared: ThrottlerStorageRedisService;
  private readonly local = new ThrottlerStorageService();
  private lastWarning = 0;
  private closed = false;

  constructor(
    private readonly url: string,
    options: { keyPrefix?: string } = {},
  ) {
    this.redis = new Redis(url, {
      keyPrefix: options.keyPrefix ?? RATE_LIMIT_KEY_PREFIX,
      commandTimeout: COMMAND_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
      // Requests are not queued while disconnected: they are counted locally instead.
      enableOfflineQueue: false,
      retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
      // A socket that does not close at once is destroyed soon, so that shutdown is not held up.
      disconnectTimeout: 200,
    });
    // ioredis reports each failed (re)connection as an 'error' event; without a listener it would be an uncaught error.
    this.redis.on('error', (error: Error) => this.warn(`Redis at ${redisAddress(this.url)}: ${error.message}`));
    this.shared = new ThrottlerStorageRedisService(this.redis);
  }

  /** Waits a little for the first connection, so that the first requests already share their budget. */
  async onModuleInit(): Promise<void> {
    if (this.redis.status === 'ready') return;
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), READY_WAIT_MS);
      this.redis.once('ready', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (ready) this.logger.log(`rate-limit counters are shared in Redis at ${redisAddress(this.url)}`);
    else this.warn(`Redis at ${redisAddress(this.url)} is not reachable yet; counting in this instance's memory meanwhile`);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    if (this.redis.status === 'ready') {
      try {
        return await this.shared.increment(key, ttl, limit, blockDuration, throttlerName);
      } catch (error) {
        this.warn(`Redis could not count a request (${(error as Error).message}); counting in this instance's memory meanwhile`);
      }
    }
    return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
  }

  /** Idempotent: Nest calls it once per module that holds the instance (this one and the throttler's). */
  onApplicationShutdown(): void {
    if (this.closed) return;
    this.closed = true;
    this.local.onApplicationShutdown();
    this.redis.disconnect(false);
  }

  private warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.logger.warn(message);
  }
}

export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

/** The shared storage when REDIS_URL is set; null: the throttler's own in-memory storage. */
@Module({
  providers: [
    {
      provide: RATE_LIMIT_STORAGE,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>): SharedThrottlerStorage | null => {
        const { redisUrl } = config.get('rateLimit', { infer: true });
        return redisUrl ? new SharedThrottlerStorage(redisUrl) : null;
      },
    },
  ],
  exports: [RATE_LIMIT_STORAGE],
})
export class RateLimitStorageModule {}
