import type { PaymentSession } from './entities/payment-session.entity';

/** The status a create answers when Fintecture refused it: replayed as is, never retried under the same key. */
export const REFUSED_STATUS = 422;

/**
 * The longest a live create can still be waiting on Fintecture: a token request and the call,
 * each bounded by FINTECTURE_TIMEOUT_MS, both once more after a 401 invalid_token, plus a margin
 * for the database writes around them. Past it, no process can still be waiting: the attempt is dead.
 */
export function attemptLifetimeMs(timeoutMs: number, marginSeconds: number): number {
  return 4 * timeoutMs + marginSeconds * 1000;
}

export type AttemptRow = Pick<PaymentSession, 'requestFingerprint' | 'outcome' | 'sessionId' | 'failureStatus' | 'createdAt' | 'attemptStartedAt'>;

/** What a request under an Idempotency-Key already used does with the row it found. */
export type ReplayStep =
  | { kind: 'conflict' }
  | { kind: 'answer' }
  | { kind: 'replay_failure' }
  | { kind: 'take_over'; why: 'failed_upstream' | 'dead' }
  | { kind: 'wait'; retryAfterSeconds: number };

/**
 * A lost answer is retried, never doubled: no one but Fintecture can hold the URL of an attempt
 * whose answer was lost (the shop only gets it from us), so a new attempt is safe once the earlier
 * one failed upstream or is dead. A refusal (422) is Fintecture's answer to that very request and
 * is replayed; an attempt still in flight is waited for, then answered 409 with Retry-After.
 */
export function replayStep(row: AttemptRow, fingerprint: string, now: number, lifetimeMs: number): ReplayStep {
  if (row.requestFingerprint !== fingerprint) return { kind: 'conflict' };
  if (row.outcome === 'creating' && row.sessionId === null) {
    const deadAt = (row.attemptStartedAt ?? row.createdAt).getTime() + lifetimeMs;
    if (now >= deadAt) return { kind: 'take_over', why: 'dead' };
    return { kind: 'wait', retryAfterSeconds: Math.min(60, Math.max(1, Math.ceil((deadAt - now) / 1000))) };
  }
  if (row.outcome === 'creation_failed' && row.sessionId === null) {
    return row.failureStatus === REFUSED_STATUS ? { kind: 'replay_failure' } : { kind: 'take_over', why: 'failed_upstream' };
  }
  return { kind: 'answer' };
}
