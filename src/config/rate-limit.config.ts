import { configNamespace } from './config-namespace';
import { EnvReader } from './env-reader';

export interface RateLimitConfig {
  /** Requests per API key per minute. */
  apiPerMinute: number;
  /** Webhook requests per source address per minute. */
  webhookPerMinute: number;
  /** Where the counters live when several instances share one budget per key; unset: in each process's memory. */
  redisUrl?: string;
}

/**
 * The defaults are a guard against a runaway client, not a capacity plan: 1,000 requests a
 * second is above what one instance serves, so a merchant (or Fintecture, the one source of
 * the webhooks) is never throttled below what the service could answer.
 */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 60_000;

export function readRateLimitConfig(read: EnvReader): RateLimitConfig {
  const redisUrl = read.string('REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\/[^/]/.test(redisUrl)) read.problem(`REDIS_URL: must be a redis:// or rediss:// URL`);
  return {
    apiPerMinute: read.int('RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMIT_PER_MINUTE, 1, 1_000_000),
    webhookPerMinute: read.int('WEBHOOK_RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMIT_PER_MINUTE, 1, 1_000_000),
    ...(redisUrl && !read.hasProblemWith('REDIS_URL') ? { redisUrl } : {}),
  };
}

export const rateLimitConfig = configNamespace('rateLimit', readRateLimitConfig);
