import { Outcome } from '../payments/payment-outcome';
import { AgeTally, OPEN_OUTCOMES, OutcomeTally, TalliedSession } from './overview-tally';

const NOW = new Date('2026-11-24T12:00:00.000Z');
const row = (outcome: Outcome, amountMinor: number, currency = 'EUR', ageMs = 0): TalliedSession => ({
  outcome,
  amountMinor,
  currency,
  createdAt: new Date(NOW.getTime() - ageMs),
});

describe('OutcomeTally', () => {
  it.each([
    ['nothing', [], []],
    ['one session', [row('paid', 4250)], [{ outcome: 'paid', count: 1, amounts: [{ currency: 'EUR', amount: '42.50' }] }]],
    [
      'amounts added per currency, never across currencies',
      [row('paid', 4250), row('paid', 1), row('paid', 999, 'GBP')],
      [
        {
          outcome: 'paid',
          count: 3,
          amounts: [
            { currency: 'EUR', amount: '42.51' },
            { currency: 'GBP', amount: '9.99' },
          ],
        },
      ],
    ],
    [
      'outcomes in the order of payment-outcome.ts',
      [row('cancelled', 100), row('awaiting_payer', 200), row('paid', 300)],
      [
        { outcome: 'awaiting_payer', count: 1, amounts: [{ currency: 'EUR', amount: '2.00' }] },
        { outcome: 'paid', count: 1, amounts: [{ currency: 'EUR', amount: '3.00' }] },
        { outcome: 'cancelled', count: 1, amounts: [{ currency: 'EUR', amount: '1.00' }] },
      ],
    ],
    [
      'large sums, still exact to the cent',
      [row('paid', 900_719_925_474_099), row('paid', 1)],
      [{ outcome: 'paid', count: 2, amounts: [{ currency: 'EUR', amount: '9007199254741.00' }] }],
    ],
  ])('%s', (_name, rows, expected) => {
    const tally = new OutcomeTally();
    for (const r of rows) tally.add(r);
    expect(tally.totals()).toEqual(expected);
  });
});

describe('AgeTally', () => {
  const H = 3_600_000;
  it.each([
    ['just created', 'under_1h', 0],
    ['59 minutes', 'under_1h', H - 60_000],
    ['exactly one hour', '1h_to_24h', H],
    ['23 hours', '1h_to_24h', 23 * H],
    ['exactly one day', '1d_to_7d', 24 * H],
    ['six days', '1d_to_7d', 6 * 24 * H],
    ['exactly seven days', 'over_7d', 7 * 24 * H],
    ['a year', 'over_7d', 365 * 24 * H],
    ['a clock ahead of ours', 'under_1h', -60_000],
  ])('%s old: %s', (_name, key, age) => {
    const tally = new AgeTally(NOW);
    tally.add(row('awaiting_payer', 100, 'EUR', age));
    const buckets = tally.result();
    expect(buckets.filter((b) => b.count).map((b) => b.key)).toEqual([key]);
    expect(buckets.find((b) => b.key === key)!.by_outcome).toEqual({ awaiting_payer: 1 });
  });

  it('gives each bucket the created range that the sessions list would show for it', () => {
    const buckets = new AgeTally(NOW).result();
    expect(buckets.map((b) => [b.key, b.created_from, b.created_to])).toEqual([
      ['under_1h', '2026-11-24T11:00:00.001Z', null],
      ['1h_to_24h', '2026-11-23T12:00:00.001Z', '2026-11-24T11:00:00.001Z'],
      ['1d_to_7d', '2026-11-17T12:00:00.001Z', '2026-11-23T12:00:00.001Z'],
      ['over_7d', null, '2026-11-17T12:00:00.001Z'],
    ]);
  });

  it('a session sits in the bucket whose range contains its creation time', () => {
    for (const age of [0, 3_599_999, 3_600_000, 86_399_999, 86_400_000, 604_800_000, 10 ** 10]) {
      const created = NOW.getTime() - age;
      const tally = new AgeTally(NOW);
      tally.add(row('pending', 1, 'EUR', age));
      const bucket = tally.result().find((b) => b.count)!;
      expect(bucket.created_from === null || created >= Date.parse(bucket.created_from)).toBe(true);
      expect(bucket.created_to === null || created < Date.parse(bucket.created_to)).toBe(true);
    }
  });
});

describe('OPEN_OUTCOMES', () => {
  it('are the outcomes someone still waits on: neither final, nor failed or expired', () => {
    expect(OPEN_OUTCOMES).toEqual(expect.arrayContaining(['awaiting_payer', 'creating', 'partially_paid', 'pending']));
    for (const closed of ['paid', 'overpaid', 'cancelled', 'creation_failed', 'failed', 'expired']) expect(OPEN_OUTCOMES).not.toContain(closed);
    expect([...OPEN_OUTCOMES].sort()).toEqual(OPEN_OUTCOMES);
  });
});
