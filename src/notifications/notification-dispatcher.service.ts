import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../config/configuration';
import { notificationsConfig } from '../config/notifications.config';
import { checkEndpointUrl } from './delivery/endpoint-url-rules';
import { NotificationAnswer, postNotification } from './delivery/notification-sender';
import { nextAttemptAt } from './delivery/retry-schedule';
import { signedHeaders } from './delivery/standard-webhooks';
import { AttemptOutcome, ClaimedDelivery, DeliveryStore } from './delivery-store';
import { liveSecrets } from './endpoint-secrets';
import { AttemptResult, NotificationMetrics } from './notification-metrics';

/** Beyond the HTTP timeout, how long a claim stays ours: room for the outcome to be written. */
const LEASE_MARGIN_MS = 30_000;

/**
 * Sends due deliveries. Woken after each commit that wrote some (see NotificationsListener) and
 * every NOTIFICATION_POLL_INTERVAL_MS as a safety net (another instance's commits, retries
 * coming due, leases of a dead process running out); at most NOTIFICATION_CONCURRENCY in flight.
 */
@Injectable()
export class NotificationDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private poller: NodeJS.Timeout | undefined;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private pumping = false;
  private again = false;
  private stopping = false;

  constructor(
    @Inject(notificationsConfig.KEY) private readonly config: ConfigType<typeof notificationsConfig>,
    private readonly appConfig: ConfigService<AppConfig, true>,
    private readonly store: DeliveryStore,
    private readonly metrics: NotificationMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.poller = setInterval(() => this.wake(), this.config.pollIntervalMs);
    this.poller.unref();
    this.wake();
  }

  /** Look for due deliveries now; calls while a look is under way make it look once more. */
  wake(): void {
    if (this.stopping) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    void this.pump();
  }

  /** Resolves when no attempt is in flight (tests, and shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size || this.pumping) await Promise.allSettled([...this.inFlight, new Promise((resolve) => setTimeout(resolve, 10))]);
  }

  /**
   * No new claim once shutdown starts; attempts in flight may finish within part of the
   * shutdown budget, then are stopped and their deliveries handed back as due (the receiver may
   * have got one of them: delivery is at least once, and webhook-id lets it deduplicate).
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.poller);
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    if (!this.inFlight.size && !this.pumping) return;
    const budgetMs = Math.min(this.config.timeoutMs, Math.floor(this.appConfig.get('shutdownTimeoutMs', { infer: true }) / 2));
    this.logger.log(`waiting up to ${budgetMs} ms for ${this.inFlight.size} notification attempt(s)`);
    let timer: NodeJS.Timeout | undefined;
    const late = await Promise.race([
      this.idle().then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), budgetMs))),
    ]);
    clearTimeout(timer);
    if (late) {
      this.abort.abort();
      await this.idle();
    }
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      do {
        this.again = false;
        while (!this.stopping && this.inFlight.size < this.config.concurrency) {
          const claimed = await this.store.claimDue(this.config.concurrency - this.inFlight.size, this.config.timeoutMs + LEASE_MARGIN_MS);
          if (!claimed.length) break;
          for (const item of claimed) this.track(this.attempt(item));
        }
      } while (this.again && !this.stopping);
    } catch (error) {
      this.logger.error({ err: error }, 'could not claim notification deliveries; the next poll tries again');
    } finally {
      this.pumping = false;
    }
  }

  private track(attempt: Promise<void>): void {
    const tracked = attempt
      .catch((error: unknown) =>
        this.logger.error({ err: error }, 'a notification attempt failed unexpectedly; its lease will expire and it will be retried'),
      )
      .finally(() => {
        this.inFlight.delete(tracked);
        // A slot is free: there may be more due.
        this.wake();
      });
    this.inFlight.add(tracked);
  }

  private async attempt({ delivery, event, endpoint, token }: ClaimedDelivery): Promise<void> {
    const now = new Date();
    if (!endpoint || endpoint.deletedAt) {
      await this.store.complete(delivery.id, token, {
        ...this.unchanged(delivery),
        status: 'failed',
        nextAttemptAt: null,
        lastError: 'endpoint deleted',
      });
      this.metrics.deliveries.inc({ result: 'failed' });
      return;
    }
    const policy = { httpsOnly: this.config.httpsOnly, blockPrivateAddresses: this.config.blockPrivateAddresses };
    const urlCheck = checkEndpointUrl(endpoint.url, policy);
    const timestamp = Math.floor(now.getTime() / 1000);
    const answer: NotificationAnswer = urlCheck.ok
      ? await postNotification({
          url: endpoint.url,
          body: event.payload,
          headers: { ...signedHeaders(liveSecrets(endpoint, now), event.id, timestamp, event.payload) },
          timeoutMs: this.config.timeoutMs,
          allowPrivateAddresses: !this.config.blockPrivateAddresses,
          signal: this.abort.signal,
        })
      : { kind: 'blocked', error: urlCheck.message, durationMs: 0 };
    if (answer.kind === 'aborted') {
      await this.store.release(delivery.id, token);
      return;
    }

    const success = answer.kind === 'answered' && answer.status >= 200 && answer.status < 300;
    const result: AttemptResult = success ? 'success' : answer.kind === 'answered' ? 'http_error' : answer.kind;
    const failures = success ? 0 : delivery.consecutiveFailures + 1;
    const retryAt = success ? null : nextAttemptAt(failures, now, delivery.giveUpAt, this.config.retryScheduleMs);
    const outcome: AttemptOutcome = {
      status: success ? 'delivered' : retryAt ? 'pending' : 'failed',
      attempts: delivery.attempts + 1,
      consecutiveFailures: failures,
      nextAttemptAt: retryAt,
      lastAttemptAt: now,
      lastHttpStatus: answer.kind === 'answered' ? answer.status : null,
      lastError: answer.kind === 'answered' ? null : answer.error.slice(0, 300),
      lastResponseBody: answer.kind === 'answered' ? answer.body : null,
      deliveredAt: success ? new Date() : delivery.deliveredAt,
    };
    const written = await this.store.complete(delivery.id, token, outcome);
    if (written && retryAt) this.wakeAt(retryAt);
    this.metrics.attempts.inc({ result });
    if (outcome.status !== 'pending') this.metrics.deliveries.inc({ result: outcome.status });
    // One line per attempt: ids, the host and what happened; never the body, the secret or the query string.
    this.logger.log(
      {
        delivery_id: delivery.id,
        event_id: event.id,
        event_type: event.type,
        endpoint_id: endpoint.id,
        merchant: delivery.merchant,
        host: safeHost(endpoint.url),
        attempt: outcome.attempts,
        result,
        http_status: outcome.lastHttpStatus,
        error: outcome.lastError,
        duration_ms: answer.durationMs,
        status: outcome.status,
        next_attempt_at: retryAt?.toISOString() ?? null,
        ...(written ? {} : { lease_lost: true }),
      },
      `notification ${event.type} to endpoint ${endpoint.id}: ${result}${outcome.lastHttpStatus ? ` ${outcome.lastHttpStatus}` : ''}, ${outcome.status}`,
    );
  }

  /** A retry due before the next poll is taken on time by this instance (another may take it first). */
  private wakeAt(at: Date): void {
    const delay = at.getTime() - Date.now();
    if (this.stopping || delay >= this.config.pollIntervalMs) return;
    // A timer may fire a millisecond before the wall clock says it is due: a margin, or the claim finds nothing due.
    const timer = setTimeout(
      () => {
        this.retryTimers.delete(timer);
        this.wake();
      },
      Math.max(delay, 0) + 10,
    );
    timer.unref();
    this.retryTimers.add(timer);
  }

  private unchanged(delivery: ClaimedDelivery['delivery']): AttemptOutcome {
    const { status, attempts, consecutiveFailures, nextAttemptAt, lastAttemptAt, lastHttpStatus, lastError, lastResponseBody, deliveredAt } =
      delivery;
    return { status, attempts, consecutiveFailures, nextAttemptAt, lastAttemptAt, lastHttpStatus, lastError, lastResponseBody, deliveredAt };
  }
}

function safeHost(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}
