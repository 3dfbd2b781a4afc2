import { backoffMs, planNextCheck } from './backoff-policy';

const settings = { backoffBaseSeconds: 60, backoffMaxSeconds: 3600, maxChecks: 5 };
const now = new Date('2026-11-24T10:00:00.000Z');

describe('backoffMs', () => {
  it.each([
    [0, 60_000],
    [1, 120_000],
    [2, 240_000],
    [5, 1_920_000],
    [6, 3_600_000],
    [1e9, 3_600_000],
  ])('after %d checks → %d ms', (checks, expected) => {
    expect(backoffMs(checks, settings)).toBe(expected);
  });

  it('is 0 with a base of 0, whatever the count', () => {
    expect(backoffMs(30, { backoffBaseSeconds: 0, backoffMaxSeconds: 3600 })).toBe(0);
  });
});

describe('planNextCheck', () => {
  it.each([
    ['first check of an open session', 0, 'pending', 1, 120_000, false],
    ['third check', 2, 'awaiting_payer', 3, 480_000, false],
    ['the last allowed check gives up', 4, 'pending', 5, null, true],
    ['past the limit still gives up', 9, 'pending', 10, null, true],
    ['a terminal session is never due again', 0, 'paid', 1, null, false],
    ['nor given up on, even at the limit', 4, 'cancelled', 5, null, false],
  ] as const)('%s', (_name, checksBefore, outcome, checkCount, delayMs, gaveUp) => {
    const plan = planNextCheck(checksBefore, outcome, now, settings);
    expect(plan).toEqual({ checkCount, gaveUp, nextCheckAt: delayMs === null ? null : new Date(now.getTime() + delayMs) });
  });
});
