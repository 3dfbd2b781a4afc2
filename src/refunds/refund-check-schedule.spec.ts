import { nextRefundCheckAt } from './refund-check-schedule';

describe('nextRefundCheckAt', () => {
  const now = new Date('2026-11-24T10:00:00.000Z');
  it.each<[number, number, number, number]>([
    [0, 60, 3600, 60],
    [1, 60, 3600, 120],
    [3, 60, 3600, 480],
    [10, 60, 3600, 3600],
    [1000, 60, 3600, 3600],
    [5, 0, 3600, 0],
  ])('after %i checks (base %i s, max %i s): in %i s', (checks, base, max, expected) => {
    expect(nextRefundCheckAt(checks, now, base, max).getTime() - now.getTime()).toBe(expected * 1000);
  });
});
