import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { FintectureCallEvent } from '../fintecture/events/fintecture-call.event';
import { FintectureTokenRefreshEvent } from '../fintecture/events/fintecture-token-refresh.event';
import { PaymentSessionTransitionEvent } from '../payments/events/payment-session-transition.event';
import { ReconciliationRunFinishedEvent } from '../reconciliation/events/reconciliation-run-finished.event';
import { DISCREPANCY_KINDS } from '../reconciliation/reconciliation-run.entity';
import { WEBHOOK_RESULTS, WebhookReceivedEvent } from '../webhooks/events/webhook-received.event';
import { routeOf } from './http-route';

/**
 * The service's Prometheus metrics, in a registry of its own (not prom-client's global one) so
 * that several app instances in one test process do not collide. Other modules are heard through
 * their domain events; gauges that need another module's data are registered by that module.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status ("aborted" when the client left first).',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to finishing its answer, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly httpInFlight = new Gauge({
    name: 'http_requests_in_flight',
    help: 'HTTP requests received and not yet answered.',
    registers: [this.registry],
  });
  readonly fintectureCalls = new Counter({
    name: 'fintecture_requests_total',
    help: 'Calls to the Fintecture API, by operation and HTTP status (or "timeout", "unavailable" when no answer came).',
    labelNames: ['operation', 'status'] as const,
    registers: [this.registry],
  });
  readonly fintectureDuration = new Histogram({
    name: 'fintecture_request_duration_seconds',
    help: 'Duration of calls to the Fintecture API, by operation and status.',
    labelNames: ['operation', 'status'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60],
    registers: [this.registry],
  });
  readonly tokenRefreshes = new Counter({
    name: 'fintecture_token_refreshes_total',
    help: 'Fintecture access token requests, by result.',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly webhooks = new Counter({
    name: 'webhooks_received_total',
    help: 'Fintecture webhooks received, by result: applied, duplicate, refused (by the transition rules), unknown (session), ignored (status without effect), invalid (signature, digest, date).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly transitions = new Counter({
    name: 'payment_session_transitions_total',
    help: 'Outcome changes of payment sessions, by outcome before and after and by source (api, webhook, reconciliation, admin).',
    labelNames: ['from', 'to', 'source'] as const,
    registers: [this.registry],
  });
  readonly reconciliationRuns = new Counter({
    name: 'reconciliation_runs_total',
    help: 'Reconciliation passes, by trigger (schedule, api, cli) and status (finished, interrupted, failed).',
    labelNames: ['trigger', 'status'] as const,
    registers: [this.registry],
  });
  readonly reconciliationDuration = new Histogram({
    name: 'reconciliation_run_duration_seconds',
    help: 'Duration of reconciliation passes, by trigger.',
    labelNames: ['trigger'] as const,
    buckets: [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800],
    registers: [this.registry],
  });
  readonly reconciliationSessions = new Counter({
    name: 'reconciliation_sessions_total',
    help: 'Sessions examined by reconciliation passes, by result (changed, unchanged, error).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly reconciliationDiscrepancies = new Counter({
    name: 'reconciliation_discrepancies_total',
    help: 'Discrepancies found by reconciliation passes, by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly reconciliationLastRun = new Gauge({
    name: 'reconciliation_last_run_timestamp_seconds',
    help: 'When the last reconciliation pass of this instance ended, by status (Unix time).',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const result of WEBHOOK_RESULTS) this.webhooks.inc({ result }, 0);
    for (const result of ['success', 'failure']) this.tokenRefreshes.inc({ result }, 0);
    for (const result of ['changed', 'unchanged', 'error']) this.reconciliationSessions.inc({ result }, 0);
    for (const kind of DISCREPANCY_KINDS) this.reconciliationDiscrepancies.inc({ kind }, 0);
  }

  /** Express middleware, mounted first so that even requests refused before routing are counted. */
  readonly httpMiddleware = (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    this.httpInFlight.inc();
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      this.httpInFlight.dec();
      const labels = {
        method: req.method,
        route: routeOf(req),
        status: res.writableFinished ? String(res.statusCode) : 'aborted',
      };
      this.httpRequests.inc(labels);
      this.httpDuration.observe(labels, (performance.now() - started) / 1000);
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };

  @OnEvent(FintectureCallEvent.NAME)
  observeFintectureCall(observation: FintectureCallEvent): void {
    const labels = { operation: observation.operation, status: String(observation.status) };
    this.fintectureCalls.inc(labels);
    this.fintectureDuration.observe(labels, observation.durationMs / 1000);
  }

  @OnEvent(FintectureTokenRefreshEvent.NAME)
  observeTokenRefresh(event: FintectureTokenRefreshEvent): void {
    this.tokenRefreshes.inc({ result: event.result });
  }

  @OnEvent(WebhookReceivedEvent.NAME)
  observeWebhook(event: WebhookReceivedEvent): void {
    this.webhooks.inc({ result: event.result });
  }

  @OnEvent(PaymentSessionTransitionEvent.NAME)
  observeTransition(change: PaymentSessionTransitionEvent): void {
    this.transitions.inc({ from: change.before, to: change.after, source: change.source });
  }

  @OnEvent(ReconciliationRunFinishedEvent.NAME)
  observeRun({ summary }: ReconciliationRunFinishedEvent): void {
    this.reconciliationRuns.inc({ trigger: summary.trigger, status: summary.status });
    if (summary.durationMs !== null) this.reconciliationDuration.observe({ trigger: summary.trigger }, summary.durationMs / 1000);
    this.reconciliationSessions.inc({ result: 'changed' }, summary.changed);
    this.reconciliationSessions.inc({ result: 'unchanged' }, summary.unchanged);
    this.reconciliationSessions.inc({ result: 'error' }, summary.errors);
    // discrepancyKinds counts them all; the discrepancies list is capped.
    for (const [kind, count] of Object.entries(summary.discrepancyKinds)) {
      if (count) this.reconciliationDiscrepancies.inc({ kind }, count);
    }
    const endedAt = summary.finishedAt ?? new Date();
    this.reconciliationLastRun.set({ status: summary.status }, endedAt.getTime() / 1000);
  }
}
