import { itReturnsEach } from '../../../test/support/it-returns-each';
import { DEFAULT_RETRY_SCHEDULE, nextAttemptAt, parseSchedule, retryDelayMs } from './retry-schedule';

const S = 1000;
const M = 60 * S;
const H = 60 * M;

describe('parseSchedule', () => {
  itReturnsEach(
    '%j → %j',
    parseSchedule,
    [
      [DEFAULT_RETRY_SCHEDULE, [10 * S, M, 5 * M, 30 * M, 2 * H, 6 * H, 12 * H]],
      ['50ms, 100ms', [50, 100]],
      ['1h', [H]],
      ['', null],
      ['10', null],
      ['10s,', null],
      ['1.5s', null],
      ['-1s', null],
      ['10d', null],
    ],
    'toEqual',
  );
});

describe('retryDelayMs', () => {
  const schedule = parseSchedule(DEFAULT_RETRY_SCHEDULE)!;
  const middle = () => 0.5;

  it.each<[number, number]>([
    [1, 10 * S],
    [2, M],
    [3, 5 * M],
    [4, 30 * M],
    [5, 2 * H],
    [6, 6 * H],
    [7, 12 * H],
    // then every 12 h
    [8, 12 * H],
    [40, 12 * H],
    // a count below 1 is read as the first failure
    [0, 10 * S],
  ])('after failure %i waits %i ms (no jitter drawn)', (failures, expected) => {
    expect(retryDelayMs(failures, schedule, middle)).toBe(expected);
  });

  it.each<[number, number]>([
    [0, 8 * S],
    [0.25, 9 * S],
    [0.999999, 12 * S],
  ])('spreads the delay by ±20%% (random %d → %i ms)', (draw, expected) => {
    expect(retryDelayMs(1, schedule, () => draw)).toBe(expected);
  });
});

describe('nextAttemptAt', () => {
  const schedule = [10 * S, M];
  const now = new Date('2026-11-24T10:00:00Z');

  it.each<[string, number, Date, Date | null]>([
    ['within the window', 1, new Date('2026-11-24T11:00:00Z'), new Date('2026-11-24T10:00:10Z')],
    ['exactly at the end of the window', 2, new Date('2026-11-24T10:01:00Z'), new Date('2026-11-24T10:01:00Z')],
    ['past the window: give up', 2, new Date('2026-11-24T10:00:59Z'), null],
  ])('%s', (_label, failures, giveUpAt, expected) => {
    expect(nextAttemptAt(failures, now, giveUpAt, schedule, () => 0.5)).toEqual(expected);
  });
});
