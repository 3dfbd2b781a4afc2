import { FintectureErrorKind } from '../fintecture/fintecture.errors';

/** A Fintecture (or a database) that fails this many sessions in a row is down: stop until the next pass. */
export const MAX_CONSECUTIVE_FAILURES = 10;
/** Retry-After is honoured, but a pass does not sleep longer than this on Fintecture's word. */
export const MAX_PAUSE_MS = 30_000;

/** The longest one check can take: the status call and a token call, both at their timeout, and slack for the database. */
export function checkBudgetMs(fintectureTimeoutMs: number): number {
  return 2 * fintectureTimeoutMs + 5000;
}

/**
 * How long a claim on a session, and a run's life, outlast the last heartbeat: the configured
 * lease, but never less than one check at its slowest plus two heartbeats, so that a live pass
 * always renews in time and a claimed session is started only while its claim has room for it.
 * A process that dies leaves its sessions for this long, whatever the size of its batch.
 */
export function claimLeaseMs(leaseSeconds: number, heartbeatSeconds: number, fintectureTimeoutMs: number): number {
  return Math.max(leaseSeconds * 1000, checkBudgetMs(fintectureTimeoutMs) + 2 * heartbeatSeconds * 1000);
}

/** The last moment a claimed session may be started: it must finish well inside the claim. */
export function lastStartBefore(leaseDeadline: number, fintectureTimeoutMs: number): number {
  return leaseDeadline - checkBudgetMs(fintectureTimeoutMs);
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
