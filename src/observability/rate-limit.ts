import { ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request } from 'express';
import { ApiKeyGuard } from '../common/api-key.guard';
import { ProblemException } from '../common/problem';
import { AppConfig } from '../config/configuration';
import { isEmulatorPath, isOperationsPath, isWebhookPath, pathOf } from './http-route';

/**
 * Named 'default' so the guard writes the standard X-RateLimit-* and Retry-After headers on the
 * merchant and admin routes (other names get a suffix, e.g. X-RateLimit-Limit-webhook).
 */
export const API_THROTTLER = 'default';
export const WEBHOOK_THROTTLER = 'webhook';
const WINDOW_MS = 60_000;

function requestPath(context: ExecutionContext): string {
  return pathOf(context.switchToHttp().getRequest<Request>());
}

/**
 * Two separate budgets: the API's, per API key, and the webhook route's, per source address.
 * A flood on the webhook route (or a burst of Fintecture retries) therefore never eats a
 * merchant's budget, and one merchant's burst never eats another's. Probes, /metrics and the
 * emulator's in-process traffic are not limited at all.
 */
export function throttlerOptions(rateLimit: AppConfig['rateLimit']): ThrottlerModuleOptions {
  return {
    throttlers: [
      {
        name: API_THROTTLER,
        ttl: WINDOW_MS,
        limit: rateLimit.apiPerMinute,
        skipIf: (context) => {
          const path = requestPath(context);
          return isWebhookPath(path) || isOperationsPath(path) || isEmulatorPath(path);
        },
      },
      {
        name: WEBHOOK_THROTTLER,
        ttl: WINDOW_MS,
        limit: rateLimit.webhookPerMinute,
        skipIf: (context) => !isWebhookPath(requestPath(context)),
      },
    ],
  };
}

/**
 * Runs as a global guard, so before the routes' own ApiKeyGuard: the key is identified here
 * again (same constant-time comparison) to find its bucket. Unknown or missing keys share their
 * address's bucket, so a client trying keys is limited too.
 */
@Injectable()
export class ApiKeyThrottlerGuard extends ThrottlerGuard {
  private readonly apiKeys: ApiKeyGuard;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    config: ConfigService<AppConfig, true>,
  ) {
    super(options, storage, reflector);
    this.apiKeys = new ApiKeyGuard(reflector, config);
  }

  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const authorization = (req as Request).headers?.authorization;
    const caller = this.apiKeys.identify(authorization);
    // The label, never the key: trackers end up in storage keys and possibly in a shared store.
    if (caller) return `${caller.role}:${caller.label}`;
    return `ip:${await super.getTracker(req)}`;
  }

  /** One budget per key for all its routes; the default key is per route and handler. */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}|${tracker}`;
  }

  protected override throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    return Promise.reject(
      new ProblemException(
        429,
        'rate_limited',
        `Too many requests: this client may send ${detail.limit} per ${Math.round(detail.ttl / 1000)} s. Retry after ${retryAfter} s.`,
        { retry_after: retryAfter },
        { 'Retry-After': String(retryAfter) },
      ),
    );
  }
}
