import { Logger } from '@nestjs/common';
import { EventEmitter2, EventEmitterModule } from '@nestjs/event-emitter';
import { Test } from '@nestjs/testing';
import { IncomingMessage } from 'node:http';
import { FintectureCallEvent } from '../fintecture/events/fintecture-call.event';
import { FintectureTokenRefreshEvent } from '../fintecture/events/fintecture-token-refresh.event';
import { PaymentSessionTransitionEvent } from '../payments/events/payment-session-transition.event';
import { WebhookReceivedEvent } from '../webhooks/events/webhook-received.event';
import { routeOf, UNMATCHED_ROUTE } from './http-route';
import { MetricsService } from './metrics.service';

beforeAll(() => Logger.overrideLogger(false));

async function value(metrics: MetricsService, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  return metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
}

async function metricsWithEvents(): Promise<{ metrics: MetricsService; events: EventEmitter2; close: () => Promise<void> }> {
  const moduleRef = await Test.createTestingModule({ imports: [EventEmitterModule.forRoot()], providers: [MetricsService] }).compile();
  await moduleRef.init();
  return { metrics: moduleRef.get(MetricsService), events: moduleRef.get(EventEmitter2), close: () => moduleRef.close() };
}

describe('MetricsService', () => {
  it('hears the domain events of the other modules', async () => {
    const { metrics, events, close } = await metricsWithEvents();
    try {
      events.emit(FintectureCallEvent.NAME, new FintectureCallEvent('connect', 'POST', '/pis/v2/connect', 'timeout', 10_000, 'r'));
      events.emit(FintectureTokenRefreshEvent.NAME, new FintectureTokenRefreshEvent('failure'));
      events.emit(PaymentSessionTransitionEvent.NAME, new PaymentSessionTransitionEvent('creating', 'creation_failed', 'api', {} as never));
      events.emit(WebhookReceivedEvent.NAME, new WebhookReceivedEvent('unknown'));

      expect(await value(metrics, 'fintecture_requests_total', { operation: 'connect', status: 'timeout' })).toBe(1);
      expect(await value(metrics, 'fintecture_token_refreshes_total', { result: 'failure' })).toBe(1);
      expect(await value(metrics, 'payment_session_transitions_total', { from: 'creating', to: 'creation_failed', source: 'api' })).toBe(1);
      expect(await value(metrics, 'webhooks_received_total', { result: 'unknown' })).toBe(1);
      // Known series exist from the start, at zero, so dashboards and rate() work before the first event.
      expect(await value(metrics, 'webhooks_received_total', { result: 'duplicate' })).toBe(0);
    } finally {
      await close();
    }
  });

  it('scrapes without a database (the open-sessions gauge belongs to payments and is simply absent)', async () => {
    const metrics = new MetricsService();
    const text = await metrics.registry.metrics();
    expect(text).toContain('http_requests_total');
    expect(text).not.toContain('payment_sessions_open');
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
