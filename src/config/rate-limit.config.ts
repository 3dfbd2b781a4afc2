import { configNamespace } from './config-namespace';
import { EnvReader } from './env-reader';

export interface RateLimitConfig {
  /** Requests per API key per minute. */
  apiPerMinute: number;
  /** Webhook requests per source address per minute. */
  webhookPerMinute: number;
}

export function readRateLimitConfig(read: EnvReader): RateLimitConfig {
  return {
    apiPerMinute: read.int('RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    webhookPerMinute: read.int('WEBHOOK_RATE_LIMIT_PER_MINUTE', 1200, 1, 1_000_000),
  };
}

export const rateLimitConfig = configNamespace('rateLimit', readRateLimitConfig);
