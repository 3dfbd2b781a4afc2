import { boundedPause, claimLeaseMs, lastStartBefore, MAX_PAUSE_MS, pauseAfterFailure } from './pacing-policy';

describe('claimLeaseMs', () => {
  it.each([
    ['the configured lease when it has room', 120, 15, 10_000, 120_000],
    ['a batch of any size gets the same lease', 300, 15, 10_000, 300_000],
    ['at least a slow check plus two heartbeats', 20, 15, 10_000, 25_000 + 30_000],
    ['a long Fintecture timeout lengthens it', 60, 5, 60_000, 125_000 + 10_000],
    ['short settings for tests', 2, 1, 500, 6000 + 2000],
  ])('%s', (_name, leaseSeconds, heartbeatSeconds, timeoutMs, expected) => {
    expect(claimLeaseMs(leaseSeconds, heartbeatSeconds, timeoutMs)).toBe(expected);
  });
});

describe('lastStartBefore', () => {
  it.each([
    [1_000_000, 10_000, 975_000],
    [1_000_000, 0, 995_000],
  ])('lease ending at %d, timeout %d ms → %d', (deadline, timeoutMs, expected) => {
    expect(lastStartBefore(deadline, timeoutMs)).toBe(expected);
  });
});

describe('pauseAfterFailure', () => {
  it.each([
    ['rate limited with Retry-After', 'rate_limited', 1, 7, 7000],
    ['rate limited with Retry-After 0', 'rate_limited', 3, 0, 0],
    ['rate limited, no Retry-After, first', 'rate_limited', 1, undefined, 1000],
    ['rate limited, no Retry-After, third', 'rate_limited', 3, undefined, 4000],
    ['unavailable, first', 'unavailable', 1, undefined, 250],
    ['timeout, fourth', 'timeout', 4, undefined, 2000],
    ['unavailable ignores a Retry-After', 'unavailable', 2, 60, 500],
  ] as const)('%s', (_name, kind, n, retryAfter, expected) => {
    expect(pauseAfterFailure(kind, n, retryAfter)).toBe(expected);
  });
});

describe('boundedPause', () => {
  it.each([
    [-5, 0],
    [0, 0],
    [1500, 1500],
    [MAX_PAUSE_MS + 1, MAX_PAUSE_MS],
    [Infinity, MAX_PAUSE_MS],
  ])('%d → %d', (ms, expected) => {
    expect(boundedPause(ms)).toBe(expected);
  });
});
