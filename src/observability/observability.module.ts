import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { HttpLogger, pinoHttp } from 'pino-http';
import { AppConfig } from '../config/configuration';
import { GracefulShutdown } from './graceful-shutdown';
import { buildHttpLoggerOptions } from './logging';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { ApiKeyThrottlerGuard, throttlerOptions } from './rate-limit';
import { RATE_LIMIT_STORAGE, RateLimitStorageModule, SharedThrottlerStorage } from './rate-limit-storage';

/** The pino-http middleware; configureApp mounts it first, before the body parsers. */
export const HTTP_LOGGER = Symbol('HTTP_LOGGER');

/**
 * Logs, metrics, rate limits (counted in Redis when REDIS_URL is set, so that instances share
 * one budget per key) and the HTTP side of shutdown.
 *
 * nestjs-pino is used with `useExisting`: its own middleware would be mounted by Nest after the
 * body parsers, so a request refused for a malformed or oversized body would leave no log line.
 * pino-http is built here instead, mounted first by configureApp, and nestjs-pino binds the
 * per-request logger it created (so Nest's Logger calls inside a request carry its request_id).
 */
@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({
      providers: [
        {
          provide: HTTP_LOGGER,
          inject: [ConfigService],
          useFactory: (config: ConfigService<AppConfig, true>): HttpLogger => pinoHttp(buildHttpLoggerOptions(config.get('log', { infer: true }))),
        },
      ],
      inject: [HTTP_LOGGER],
      useFactory: (httpLogger: HttpLogger) => ({ pinoHttp: { logger: httpLogger.logger }, useExisting: true as const }),
    }),
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [ConfigService, RATE_LIMIT_STORAGE],
      useFactory: (config: ConfigService<AppConfig, true>, storage: SharedThrottlerStorage | null) => ({
        ...throttlerOptions(config.get('rateLimit', { infer: true })),
        ...(storage ? { storage } : {}),
      }),
    }),
  ],
  controllers: [MetricsController],
  providers: [MetricsService, GracefulShutdown, { provide: APP_GUARD, useClass: ApiKeyThrottlerGuard }],
  exports: [MetricsService, GracefulShutdown],
})
export class ObservabilityModule {}
