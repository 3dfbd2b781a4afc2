import { FintectureErrorKind } from '../fintecture/fintecture.errors';

/** A Fintecture that fails this many sessions in a row is down: stop asking until the next pass. */
export const MAX_CONSECUTIVE_FAILURES = 10;
/** Retry-After is honoured, but a pass does not sleep longer than this on Fintecture's word. */
export const MAX_PAUSE_MS = 30_000;

/**
 * How long a batch stays leased: long enough for the batch at the worst pace (every call timing
 * out, plus a token call), short enough for a crashed instance's sessions to come back soon.
 */
export function leaseMs(batchSize: number, concurrency: number, fintectureTimeoutMs: number): number {
  const worstCase = Math.ceil(batchSize / concurrency) * (2 * fintectureTimeoutMs + 1000);
  return Math.min(Math.max(worstCase, 120_000), 3_600_000);
}

/** The last moment a session of the batch may be started: it must finish well inside the lease. */
export function lastStartBefore(leaseDeadline: number, fintectureTimeoutMs: number): number {
  return leaseDeadline - (2 * fintectureTimeoutMs + 5000);
}

/**
 * How long every worker waits after the n-th failure in a row: Fintecture's Retry-After when it
 * rate limits (doubling from 1 s without one), doubling from 250 ms for other faults.
 */
export function pauseAfterFailure(kind: FintectureErrorKind, consecutiveFailures: number, retryAfterSeconds?: number): number {
  const n = consecutiveFailures;
  if (kind === 'rate_limited') return retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : 1000 * 2 ** (n - 1);
  return 250 * 2 ** (n - 1);
}

/** A pause as the pacer takes it: never negative, never beyond MAX_PAUSE_MS. */
export function boundedPause(ms: number): number {
  return Math.min(Math.max(ms, 0), MAX_PAUSE_MS);
}
