/**
 * When to try a delivery again. Pure: the clock and the randomness are given.
 *
 * The schedule is a list of delays, the last one repeating (by default 10 s, 1 min, 5 min,
 * 30 min, 2 h, 6 h, then every 12 h), each spread by ±jitter so that the retries of many
 * deliveries that failed together (a shop that was down) do not all come back at once.
 */
export const DEFAULT_RETRY_SCHEDULE = '10s,1m,5m,30m,2h,6h,12h';
export const DEFAULT_JITTER = 0.2;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "10s,1m,2h" → milliseconds; null when an entry is not a whole number with ms, s, m or h. */
export function parseSchedule(text: string): number[] | null {
  const entries = text.split(',').map((entry) => entry.trim());
  const delays: number[] = [];
  for (const entry of entries) {
    const match = /^(\d{1,9})(ms|s|m|h)$/.exec(entry);
    if (!match) return null;
    delays.push(Number(match[1]) * UNIT_MS[match[2]]);
  }
  return delays.length ? delays : null;
}

/** The delay after the `failures`-th failure in a row (1 = the first attempt failed). */
export function retryDelayMs(failures: number, scheduleMs: readonly number[], random: () => number = Math.random, jitter = DEFAULT_JITTER): number {
  const base = scheduleMs[Math.min(Math.max(failures, 1), scheduleMs.length) - 1];
  return Math.round(base * (1 - jitter + 2 * jitter * random()));
}

/**
 * The next attempt after a failure, or null when it would come after `giveUpAt` (the
 * delivery is then failed rather than tried once more outside its window).
 */
export function nextAttemptAt(
  failures: number,
  now: Date,
  giveUpAt: Date,
  scheduleMs: readonly number[],
  random: () => number = Math.random,
): Date | null {
  const at = new Date(now.getTime() + retryDelayMs(failures, scheduleMs, random));
  return at.getTime() > giveUpAt.getTime() ? null : at;
}
