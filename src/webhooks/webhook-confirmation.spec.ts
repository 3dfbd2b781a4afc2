import type { PaymentStatusReport } from '../fintecture/fintecture.types';
import type { SessionSnapshot } from '../payments/payment-outcome';
import { ClaimedFacts, confirmedFacts, needsConfirmation } from './webhook-confirmation';

const session = (overrides: Partial<SessionSnapshot> = {}): SessionSnapshot => ({
  outcome: 'awaiting_payer',
  amountMinor: 4250,
  status: 'provider_required',
  transferState: null,
  receivedAmountMinor: null,
  ...overrides,
});

const report = (overrides: Partial<PaymentStatusReport> = {}): PaymentStatusReport => ({
  sessionId: 'a'.repeat(32),
  status: 'payment_created',
  transferState: 'received',
  amount: '42.50',
  receivedAmount: null,
  type: 'PayByBank',
  requestId: 'r-1',
  ...overrides,
});

describe('needsConfirmation', () => {
  const partially = session({ outcome: 'partially_paid', status: 'payment_partial', transferState: 'insufficient', receivedAmountMinor: 2000 });
  const paid = session({ outcome: 'paid', status: 'payment_created', transferState: 'received', receivedAmountMinor: 4250 });

  it.each<[string, SessionSnapshot, ClaimedFacts, boolean]>([
    ['payment_created on an open session (paid)', session(), { status: 'payment_created', transferState: 'received' }, true],
    ['an underpaid payment_created (partially_paid)', session(), { status: 'payment_created', receivedAmountMinor: 100 }, true],
    ['payment_partial (partially_paid)', session(), { status: 'payment_partial', transferState: 'insufficient' }, true],
    ['BNPL order_created (covered)', session(), { status: 'order_created' }, true],
    ['overpaid after paid', paid, { status: 'payment_created', transferState: 'overpaid', receivedAmountMinor: 5000 }, true],
    ['more money inside partially_paid', partially, { status: 'payment_partial', transferState: 'insufficient', receivedAmountMinor: 3000 }, true],
    ['an increment inside partially_paid', partially, { status: 'payment_partial', lastTransactionAmountMinor: 500 }, true],
    ['the same facts again', paid, { status: 'payment_created', transferState: 'received', receivedAmountMinor: 4250 }, false],
    ['a new transfer state of paid, same money', paid, { status: 'payment_created', transferState: 'completed' }, false],
    ['payment_pending', session(), { status: 'payment_pending', transferState: 'processing' }, false],
    ['payment_unsuccessful', session(), { status: 'payment_unsuccessful' }, false],
    ['payment_cancelled', session(), { status: 'payment_cancelled' }, false],
    ['a refused regression', paid, { status: 'payment_pending' }, false],
    ['an unknown status', session(), { status: 'iban_required' }, false],
  ])('%s', (_name, current, facts, expected) => {
    expect(needsConfirmation(current, facts)).toBe(expected);
  });
});

describe('confirmedFacts', () => {
  it.each<[string, ClaimedFacts, PaymentStatusReport, ClaimedFacts]>([
    [
      'Fintecture agrees and reports the amount: its amount wins',
      { status: 'payment_created', transferState: 'received', receivedAmountMinor: 100 },
      report({ receivedAmount: '42.50' }),
      { status: 'payment_created', transferState: 'received', receivedAmountMinor: 4250, lastTransactionAmountMinor: null },
    ],
    [
      "Fintecture agrees without amounts: the webhook's amounts stay",
      { status: 'payment_created', transferState: 'received', receivedAmountMinor: 100, lastTransactionAmountMinor: 100 },
      report(),
      { status: 'payment_created', transferState: 'received', receivedAmountMinor: 100, lastTransactionAmountMinor: 100 },
    ],
    [
      "Fintecture contradicts: its status, none of the webhook's amounts",
      { status: 'payment_created', transferState: 'received', receivedAmountMinor: 4250 },
      report({ status: 'provider_required', transferState: null }),
      { status: 'provider_required', transferState: null, receivedAmountMinor: null, lastTransactionAmountMinor: null },
    ],
    [
      'Fintecture is further along',
      { status: 'payment_partial', transferState: 'insufficient', receivedAmountMinor: 2000 },
      report({ status: 'payment_created', receivedAmount: '42.50' }),
      { status: 'payment_created', transferState: 'received', receivedAmountMinor: 4250, lastTransactionAmountMinor: null },
    ],
  ])('%s', (_name, claim, answer, expected) => {
    expect(confirmedFacts(claim, answer)).toEqual(expected);
  });
});
