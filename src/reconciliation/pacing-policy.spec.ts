import { boundedPause, lastStartBefore, leaseMs, MAX_PAUSE_MS, pauseAfterFailure } from './pacing-policy';

describe('leaseMs', () => {
  it.each([
    ['a small batch still gets two minutes', 10, 4, 1000, 120_000],
    ['the worst pace of a large batch', 500, 4, 10_000, 125 * 21_000],
    ['an uneven split rounds up', 9, 4, 30_000, 3 * 61_000],
    ['never more than an hour', 10_000, 1, 30_000, 3_600_000],
  ])('%s', (_name, batchSize, concurrency, timeoutMs, expected) => {
    expect(leaseMs(batchSize, concurrency, timeoutMs)).toBe(expected);
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
