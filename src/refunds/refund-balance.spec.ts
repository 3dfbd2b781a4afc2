import type { Outcome } from '../payments/payment-outcome';
import { admitRefund, RefundAdmission, refundableMinor } from './refund-balance';

const session = (outcome: Outcome, receivedAmountMinor: number | null = null) => ({ outcome, amountMinor: 4250, receivedAmountMinor });
const none = { refundedMinor: 0, refundingMinor: 0 };

describe('refundableMinor', () => {
  it.each<[string, ReturnType<typeof session>, typeof none, number]>([
    ['paid, nothing refunded: the amount', session('paid'), none, 4250],
    ['paid with a received amount: what was received', session('paid', 4250), none, 4250],
    ['overpaid: all that was received', session('overpaid', 5000), none, 5000],
    ['partially paid: what was received', session('partially_paid', 1000), none, 1000],
    ['covered (BNPL): the amount', session('covered'), none, 4250],
    ['less completed and pending refunds', session('paid'), { refundedMinor: 1000, refundingMinor: 250 }, 3000],
    ['never below zero', session('paid'), { refundedMinor: 5000, refundingMinor: 0 }, 0],
    ['awaiting payer: nothing', session('awaiting_payer'), none, 0],
    ['failed: nothing', session('failed'), none, 0],
    ['cancelled: nothing', session('cancelled'), none, 0],
    ['pending: nothing', session('pending'), none, 0],
  ])('%s', (_name, s, totals, expected) => {
    expect(refundableMinor(s, totals)).toBe(expected);
  });
});

describe('admitRefund', () => {
  it.each<[string, ReturnType<typeof session>, typeof none, number | null, RefundAdmission]>([
    ['the whole balance when no amount is given', session('paid'), none, null, { ok: true, amountMinor: 4250 }],
    ['a part', session('paid'), none, 1000, { ok: true, amountMinor: 1000 }],
    ['exactly the balance', session('paid'), { refundedMinor: 0, refundingMinor: 3250 }, 1000, { ok: true, amountMinor: 1000 }],
    [
      'one cent more than the balance',
      session('paid'),
      { refundedMinor: 0, refundingMinor: 3250 },
      1001,
      { ok: false, code: 'refund_exceeds_balance', balanceMinor: 1000 },
    ],
    [
      'the rest of a partial payment',
      session('partially_paid', 1500),
      { refundedMinor: 500, refundingMinor: 0 },
      null,
      { ok: true, amountMinor: 1000 },
    ],
    [
      'nothing left, no amount',
      session('paid'),
      { refundedMinor: 4250, refundingMinor: 0 },
      null,
      { ok: false, code: 'refund_exceeds_balance', balanceMinor: 0 },
    ],
    ['nothing received', session('awaiting_payer'), none, 100, { ok: false, code: 'invalid_state', balanceMinor: 0 }],
    ['nothing received, no amount', session('expired'), none, null, { ok: false, code: 'invalid_state', balanceMinor: 0 }],
  ])('%s', (_name, s, totals, asked, expected) => {
    expect(admitRefund(s, totals, asked)).toEqual(expected);
  });
});
