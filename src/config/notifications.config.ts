import { ConfigContext } from './app.config';
import { configNamespace } from './config-namespace';
import { EnvReader } from './env-reader';
import { DEFAULT_RETRY_SCHEDULE, parseSchedule } from '../notifications/delivery/retry-schedule';

export interface NotificationsConfig {
  /** A delivery is a success only with a 2xx within this. */
  timeoutMs: number;
  /** Retried until this old, then failed. */
  maxAgeHours: number;
  /** Production only: https endpoints, and deliveries to public addresses only unless this is true. */
  allowPrivateUrls: boolean;
  httpsOnly: boolean;
  blockPrivateAddresses: boolean;
  /** Delays between attempts, in ms; the last one repeats. */
  retryScheduleMs: number[];
  /** The safety net under the wake-up after each commit. */
  pollIntervalMs: number;
  /** Deliveries in flight per process. */
  concurrency: number;
}

export function readNotificationsConfig(read: EnvReader, context: ConfigContext): NotificationsConfig {
  const allowPrivateUrls = read.bool('NOTIFICATION_ALLOW_PRIVATE_URLS', false);
  const scheduleText = read.string('NOTIFICATION_RETRY_SCHEDULE') ?? DEFAULT_RETRY_SCHEDULE;
  let retryScheduleMs = parseSchedule(scheduleText);
  if (!retryScheduleMs) {
    read.problem(
      `NOTIFICATION_RETRY_SCHEDULE: must be a comma-separated list of delays such as 10s,1m,2h (units ms, s, m, h), got "${scheduleText}"`,
    );
    retryScheduleMs = parseSchedule(DEFAULT_RETRY_SCHEDULE)!;
  }
  return {
    timeoutMs: read.int('NOTIFICATION_TIMEOUT_MS', 10_000, 100, 120_000),
    maxAgeHours: read.int('NOTIFICATION_MAX_AGE_HOURS', 72, 1, 24 * 30),
    allowPrivateUrls,
    // Outside production the shop under development lives on localhost: the rules are production's.
    httpsOnly: context.production,
    blockPrivateAddresses: context.production && !allowPrivateUrls,
    retryScheduleMs,
    pollIntervalMs: read.int('NOTIFICATION_POLL_INTERVAL_MS', 5000, 50, 3_600_000),
    concurrency: read.int('NOTIFICATION_CONCURRENCY', 8, 1, 64),
  };
}

export const notificationsConfig = configNamespace('notifications', readNotificationsConfig);
