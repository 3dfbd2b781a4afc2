import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import axios from 'axios';
import { randomUUID } from 'node:crypto';
import { FINTECTURE_APP, FintectureApp } from '../fintecture/fintecture-credentials';
import { buildWebhookHeaders } from '../fintecture/http-signature';
import { DEFAULT_WEBHOOK_TIMEOUT_MS, EMULATOR_OPTIONS, EmulatorOptions } from './emulator-options';
import { EmulatorUrls } from './emulator-urls';
import { webhookBody, WebhookEvent } from './emulator-webhook-body';

export interface WebhookAttempt {
  at: string;
  /** HTTP status of the answer; null when none came (refused connection, timeout). */
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDelivery {
  id: string;
  sessionId: string;
  status: string;
  transferState: string | null;
  url: string;
  format: 'form' | 'json';
  body: string;
  /** Kept across retries: it identifies the event; Date and Signature are renewed at each try. */
  requestId: string;
  createdAt: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: WebhookAttempt[];
  lastStatus: number | null;
  nextAttemptAt: string | null;
}

const MAX_DELIVERIES_KEPT = 1000;

/**
 * Sends webhooks in the background, retrying a non-2xx answer or no answer with exponential
 * back-off (Fintecture: 10 tries), and keeps a log of every delivery for tests and demos.
 */
@Injectable()
export class EmulatorWebhookService implements OnModuleDestroy {
  private readonly logger = new Logger('Emulator');
  private readonly deliveries: WebhookDelivery[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inflight = new Map<string, AbortController>();
  private readonly idleWaiters: Array<() => void> = [];
  private stopped = false;

  constructor(
    @Inject(EMULATOR_OPTIONS) private readonly options: EmulatorOptions,
    @Inject(FINTECTURE_APP) private readonly credentials: FintectureApp,
    private readonly urls: EmulatorUrls,
  ) {}

  /**
   * Queues the webhook and returns at once: a payer's redirect never waits for the merchant.
   * Null once the module is shutting down: nothing would ever deliver it.
   */
  send(event: WebhookEvent): WebhookDelivery | null {
    if (this.stopped) return null;
    const format = this.options.webhookFormat === 'json' ? 'json' : 'form';
    const delivery: WebhookDelivery = {
      id: randomUUID(),
      sessionId: event.sessionId,
      status: event.status,
      transferState: event.transferState,
      url: this.urls.webhookUrl(),
      format,
      body: webhookBody(event, format, this.options.webhookFields ?? 'full').body,
      requestId: randomUUID(),
      createdAt: new Date().toISOString(),
      state: 'pending',
      attempts: [],
      lastStatus: null,
      nextAttemptAt: new Date().toISOString(),
    };
    this.deliveries.push(delivery);
    this.trim();
    this.schedule(delivery, 0);
    return delivery;
  }

  list(): WebhookDelivery[] {
    return this.deliveries.map((delivery) => structuredClone(delivery));
  }

  /** Resolves once no delivery is pending (or after timeoutMs); true when idle. */
  async settle(timeoutMs = 10_000): Promise<boolean> {
    if (!this.hasPending()) return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(!this.hasPending()), timeoutMs);
      timer.unref();
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Forgets every delivery and cancels the pending ones. */
  clear(): void {
    this.cancelAll();
    this.deliveries.length = 0;
    this.notifyIfIdle();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    this.cancelAll();
    this.notifyIfIdle();
  }

  private cancelAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inflight.values()) controller.abort();
    this.inflight.clear();
    for (const delivery of this.deliveries) {
      if (delivery.state === 'pending') {
        delivery.state = 'failed';
        delivery.nextAttemptAt = null;
      }
    }
  }

  private hasPending(): boolean {
    return this.deliveries.some((delivery) => delivery.state === 'pending');
  }

  private notifyIfIdle(): void {
    if (this.hasPending()) return;
    for (const waiter of this.idleWaiters.splice(0)) waiter();
  }

  private schedule(delivery: WebhookDelivery, delayMs: number): void {
    if (this.stopped) return;
    delivery.nextAttemptAt = new Date(Date.now() + delayMs).toISOString();
    const timer = setTimeout(() => {
      this.timers.delete(delivery.id);
      void this.attempt(delivery);
    }, delayMs);
    timer.unref();
    this.timers.set(delivery.id, timer);
  }

  private async attempt(delivery: WebhookDelivery): Promise<void> {
    if (delivery.state !== 'pending' || this.stopped) return;
    const signed = buildWebhookHeaders({
      body: delivery.body,
      appId: this.credentials.appId,
      publicKey: this.credentials.publicKey,
      requestId: delivery.requestId,
    });
    const controller = new AbortController();
    this.inflight.set(delivery.id, controller);
    const started = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await axios.post<string>(delivery.url, delivery.body, {
        headers: {
          'Content-Type': delivery.format === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
          'User-Agent': 'Fintecture-Emulator-Webhook/1.0',
          ...signed,
        },
        // The body is already the exact bytes that were hashed: no second serialisation.
        transformRequest: [(data: unknown) => data],
        responseType: 'text',
        validateStatus: () => true,
        maxRedirects: 0,
        timeout: this.options.webhookTimeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
        signal: controller.signal,
        // Loopback must stay loopback, whatever HTTP(S)_PROXY says.
        proxy: false,
      });
      status = response.status;
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    } finally {
      this.inflight.delete(delivery.id);
    }
    if (delivery.state !== 'pending') return;
    delivery.attempts.push({ at: new Date(started).toISOString(), status, error, durationMs: Date.now() - started });
    delivery.lastStatus = status;
    if (status !== null && status >= 200 && status < 300) {
      delivery.state = 'delivered';
      delivery.nextAttemptAt = null;
    } else if (delivery.attempts.length >= Math.max(1, this.options.webhookMaxAttempts)) {
      delivery.state = 'failed';
      delivery.nextAttemptAt = null;
      this.logger.warn(`webhook ${delivery.status} for ${delivery.sessionId} given up after ${delivery.attempts.length} attempts`);
    } else {
      const retries = delivery.attempts.length - 1;
      this.schedule(delivery, this.options.webhookBaseDelayMs * 2 ** retries);
      return;
    }
    this.notifyIfIdle();
  }

  private trim(): void {
    while (this.deliveries.length > MAX_DELIVERIES_KEPT) {
      const index = this.deliveries.findIndex((delivery) => delivery.state !== 'pending');
      if (index < 0) break;
      this.deliveries.splice(index, 1);
    }
  }
}
