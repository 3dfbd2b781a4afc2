import { attemptLifetimeMs, AttemptRow, replayStep, ReplayStep } from './create-attempts';

const T0 = Date.parse('2026-11-24T10:00:00Z');
const LIFETIME = attemptLifetimeMs(2000, 30);
const row = (overrides: Partial<AttemptRow> = {}): AttemptRow => ({
  requestFingerprint: 'f1',
  outcome: 'creating',
  sessionId: null,
  failureStatus: null,
  createdAt: new Date(T0),
  attemptStartedAt: null,
  ...overrides,
});

describe('attemptLifetimeMs', () => {
  it('covers a token request and the call, twice, plus the margin', () => {
    expect(attemptLifetimeMs(10_000, 30)).toBe(70_000);
    expect(attemptLifetimeMs(2000, 0)).toBe(8000);
  });
});

describe('replayStep', () => {
  it.each<[string, AttemptRow, string, number, ReplayStep]>([
    ['another request under the key', row(), 'f2', T0, { kind: 'conflict' }],
    ['another request, even after a failure', row({ outcome: 'creation_failed', failureStatus: 504 }), 'f2', T0, { kind: 'conflict' }],
    ['a stored session', row({ outcome: 'awaiting_payer', sessionId: 'a'.repeat(32) }), 'f1', T0, { kind: 'answer' }],
    ['a paid session', row({ outcome: 'paid', sessionId: 'a'.repeat(32) }), 'f1', T0, { kind: 'answer' }],
    ['a refusal is replayed', row({ outcome: 'creation_failed', failureStatus: 422 }), 'f1', T0, { kind: 'replay_failure' }],
    ['a timeout is retried', row({ outcome: 'creation_failed', failureStatus: 504 }), 'f1', T0, { kind: 'take_over', why: 'failed_upstream' }],
    ['a 502 is retried', row({ outcome: 'creation_failed', failureStatus: 502 }), 'f1', T0, { kind: 'take_over', why: 'failed_upstream' }],
    ['a failure without a status is retried', row({ outcome: 'creation_failed' }), 'f1', T0, { kind: 'take_over', why: 'failed_upstream' }],
    ['an attempt just started is waited for', row(), 'f1', T0 + 100, { kind: 'wait', retryAfterSeconds: 38 }],
    ['an attempt about to die', row(), 'f1', T0 + LIFETIME - 10, { kind: 'wait', retryAfterSeconds: 1 }],
    ['an attempt past its lifetime is dead', row(), 'f1', T0 + LIFETIME, { kind: 'take_over', why: 'dead' }],
    [
      "a retry's own attempt starts its own clock",
      row({ attemptStartedAt: new Date(T0 + 60_000) }),
      'f1',
      T0 + LIFETIME + 1000,
      { kind: 'wait', retryAfterSeconds: 59 },
    ],
  ])('%s', (_name, current, fingerprint, now, expected) => {
    expect(replayStep(current, fingerprint, now, LIFETIME)).toEqual(expected);
  });

  it('caps the Retry-After at a minute', () => {
    expect(replayStep(row(), 'f1', T0, 10 * 60_000)).toEqual({ kind: 'wait', retryAfterSeconds: 60 });
  });
});
