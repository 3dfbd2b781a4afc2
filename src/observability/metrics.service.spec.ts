import { Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { IncomingMessage } from 'node:http';
import { FintectureClient } from '../fintecture/fintecture.client';
import { FintectureTokenService } from '../fintecture/fintecture-token.service';
import { SessionStateService } from '../payments/session-state.service';
import { routeOf, UNMATCHED_ROUTE } from './http-route';
import { MetricsService } from './metrics.service';

beforeAll(() => Logger.overrideLogger(false));

function moduleRefWith(providers: Map<unknown, unknown>): ModuleRef {
  return {
    get: (token: unknown) => {
      if (!providers.has(token)) throw new Error('not found');
      return providers.get(token);
    },
  } as unknown as ModuleRef;
}

async function value(metrics: MetricsService, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  return metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
}

describe('MetricsService', () => {
  it('observes the modules through their listener arrays and tolerates the missing ones', async () => {
    const client = { callListeners: [] as Array<(o: unknown) => void> };
    const tokens = { refreshListeners: [] as Array<(o: 'success' | 'failure') => void> };
    const state = { transitionListeners: [] as Array<(c: unknown) => void> };
    const metrics = new MetricsService(
      moduleRefWith(
        new Map<unknown, unknown>([
          [FintectureClient, client],
          [FintectureTokenService, tokens],
          [SessionStateService, state],
        ]),
      ),
    );
    // WebhooksService and ReconciliationService are absent: no throw.
    metrics.onModuleInit();

    client.callListeners[0]({ operation: 'connect', method: 'POST', path: '/pis/v2/connect', status: 'timeout', durationMs: 10_000, requestId: 'r' });
    tokens.refreshListeners[0]('failure');
    state.transitionListeners[0]({ before: 'creating', after: 'creation_failed', source: 'api', session: {} });

    expect(await value(metrics, 'fintecture_requests_total', { operation: 'connect', status: 'timeout' })).toBe(1);
    expect(await value(metrics, 'fintecture_token_refreshes_total', { result: 'failure' })).toBe(1);
    expect(await value(metrics, 'payment_session_transitions_total', { from: 'creating', to: 'creation_failed', source: 'api' })).toBe(1);
    // Known series exist from the start, at zero, so dashboards and rate() work before the first event.
    expect(await value(metrics, 'webhooks_received_total', { result: 'duplicate' })).toBe(0);
  });

  it('scrapes without a database (the open-sessions gauge is simply left out)', async () => {
    const metrics = new MetricsService(moduleRefWith(new Map()));
    metrics.onModuleInit();
    await expect(metrics.registry.metrics()).resolves.toContain('http_requests_total');
  });
});

describe('routeOf', () => {
  const request = (route?: unknown, baseUrl?: string) => Object.assign(Object.create(IncomingMessage.prototype), { route, baseUrl });

  it('is the matched pattern, never the URL', () => {
    expect(routeOf(request({ path: '/v1/payment-sessions/:id' }))).toBe('/v1/payment-sessions/:id');
    expect(routeOf(request({ path: '/:id' }, '/v1/things'))).toBe('/v1/things/:id');
  });

  it('is "unmatched" without a handler, including when only a catch-all middleware route matched', () => {
    expect(routeOf(request())).toBe(UNMATCHED_ROUTE);
    expect(routeOf(request({ path: '/{*path}' }))).toBe(UNMATCHED_ROUTE);
  });
});
