import { decideTransition, Outcome, outcomeOf, SessionSnapshot } from './payment-outcome';

describe('outcomeOf', () => {
  it.each([
    ['provider_required', null, 'awaiting_payer'],
    ['sca_required', null, 'awaiting_payer'],
    ['payment_waiting', null, 'awaiting_payer'],
    ['session_initiated', null, 'awaiting_payer'],
    ['provider_required', 'processing', 'pending'],
    ['sca_required', 'authorized', 'pending'],
    ['payment_pending', null, 'pending'],
    ['payment_pending', 'accepted', 'pending'],
    ['order_created', null, 'covered'],
    ['payment_unknown', null, 'pending'],
    ['payment_error', null, 'pending'],
    ['payment_partial', 'insufficient', 'partially_paid'],
    ['payment_partial', null, 'partially_paid'],
    ['payment_pending', 'insufficient', 'partially_paid'],
    ['payment_created', 'received', 'paid'],
    ['payment_created', null, 'paid'],
    ['payment_created', 'completed', 'paid'],
    ['payment_created', 'overpaid', 'overpaid'],
    ['payment_created', 'insufficient', 'partially_paid'],
    ['payment_unsuccessful', 'rejected', 'failed'],
    ['payment_expired', null, 'expired'],
    ['payment_cancelled', 'cancelled', 'cancelled'],
    ['refund_accepted', null, null],
    ['iban_required', null, null],
    ['payment_completed', null, null],
    ['', null, null],
  ])('%s + %s → %s', (status, transferState, expected) => {
    expect(outcomeOf(status, transferState)).toBe(expected);
  });

  it.each([
    ['payment_created', 'received', 4250, 100, 'partially_paid'],
    ['payment_created', 'received', 4250, 4250, 'paid'],
    ['payment_created', 'received', 4250, 5000, 'overpaid'],
    ['payment_created', 'overpaid', 4250, null, 'overpaid'],
    ['payment_created', null, 4250, null, 'paid'],
    ['payment_created', 'insufficient', 4250, null, 'partially_paid'],
    ['payment_partial', 'insufficient', 4250, 4250, 'partially_paid'],
    ['order_created', null, 4250, null, 'covered'],
  ])('%s + %s, asked %d, received %s → %s', (status, transferState, asked, received, expected) => {
    expect(outcomeOf(status, transferState, { asked, received })).toBe(expected);
  });
});

const at = (outcome: Outcome, status: string | null, transferState: string | null = null, received: number | null = null): SessionSnapshot => ({
  outcome,
  status,
  transferState,
  receivedAmountMinor: received,
});

describe('decideTransition', () => {
  it.each<[string, SessionSnapshot, string, string | null, number | null, boolean, Outcome, string?]>([
    ['creation answer', at('creating', null), 'provider_required', null, null, true, 'awaiting_payer'],
    ['payer reaches the bank', at('awaiting_payer', 'provider_required'), 'sca_required', null, null, true, 'awaiting_payer'],
    ['older journey step', at('awaiting_payer', 'sca_required'), 'provider_required', null, null, false, 'awaiting_payer', 'regression'],
    ['payment initiated', at('awaiting_payer', 'sca_required'), 'payment_pending', null, null, true, 'pending'],
    ['paid', at('pending', 'payment_pending'), 'payment_created', 'received', null, true, 'paid'],
    ['late pending after paid', at('paid', 'payment_created', 'received'), 'payment_pending', null, null, false, 'paid', 'terminal'],
    ['late provider_required after paid', at('paid', 'payment_created'), 'provider_required', null, null, false, 'paid', 'terminal'],
    ['paid then overpaid', at('paid', 'payment_created', 'received'), 'payment_created', 'overpaid', 5000, true, 'overpaid'],
    ['paid, transfer completes', at('paid', 'payment_created', 'received'), 'payment_created', 'completed', null, true, 'paid'],
    ['overpaid is final', at('overpaid', 'payment_created', 'overpaid'), 'payment_created', 'received', null, false, 'overpaid', 'terminal'],
    ['unsuccessful then created', at('failed', 'payment_unsuccessful'), 'payment_created', 'received', null, true, 'paid'],
    ['expired then partial funds', at('expired', 'payment_expired'), 'payment_partial', 'insufficient', 1000, true, 'partially_paid'],
    ['failed then old pending', at('failed', 'payment_unsuccessful'), 'payment_pending', null, null, false, 'failed', 'regression'],
    ['failed then awaiting', at('failed', 'payment_unsuccessful'), 'sca_required', null, null, false, 'failed', 'regression'],
    ['pending then back to awaiting', at('pending', 'payment_pending'), 'provider_required', null, null, false, 'pending', 'regression'],
    [
      'more partial funds',
      at('partially_paid', 'payment_partial', 'insufficient', 1000),
      'payment_partial',
      'insufficient',
      2000,
      true,
      'partially_paid',
    ],
    ['partial then rest', at('partially_paid', 'payment_partial', 'insufficient', 1000), 'payment_created', 'received', 4250, true, 'paid'],
    [
      'partial then expired',
      at('partially_paid', 'payment_partial', 'insufficient', 1000),
      'payment_expired',
      null,
      null,
      false,
      'partially_paid',
      'regression',
    ],
    ['repeated notice', at('pending', 'payment_pending'), 'payment_pending', null, null, false, 'pending', 'unchanged'],
    ['repeated paid', at('paid', 'payment_created', 'received'), 'payment_created', 'received', null, false, 'paid', 'unchanged'],
    ['cancel an open session', at('awaiting_payer', 'provider_required'), 'payment_cancelled', null, null, true, 'cancelled'],
    ['cancel after paid', at('paid', 'payment_created'), 'payment_cancelled', null, null, false, 'paid', 'terminal'],
    ['anything after cancelled', at('cancelled', 'payment_cancelled'), 'payment_created', 'received', null, false, 'cancelled', 'terminal'],
    ['anything after creation_failed', at('creation_failed', null), 'payment_created', null, null, false, 'creation_failed', 'terminal'],
    ['unknown status', at('pending', 'payment_pending'), 'refund_accepted', null, null, false, 'pending', 'unknown_status'],
    ['expired session', at('awaiting_payer', 'provider_required'), 'payment_expired', null, null, true, 'expired'],
    ['BNPL covered', at('awaiting_payer', 'provider_required'), 'order_created', null, null, true, 'covered'],
    ['covered then funds', at('covered', 'order_created'), 'payment_created', 'received', null, true, 'paid'],
    ['covered never back to pending', at('covered', 'order_created'), 'payment_pending', null, null, false, 'covered', 'regression'],
    ['covered never back to awaiting', at('covered', 'order_created'), 'provider_required', null, null, false, 'covered', 'regression'],
    ['paid never back to covered', at('paid', 'payment_created', 'received'), 'order_created', null, null, false, 'paid', 'terminal'],
    ['underpaid created', { ...at('pending', 'payment_pending'), amountMinor: 4250 }, 'payment_created', 'received', 100, true, 'partially_paid'],
    ['overpaid created', { ...at('pending', 'payment_pending'), amountMinor: 4250 }, 'payment_created', 'received', 5000, true, 'overpaid'],
    ['exact created', { ...at('pending', 'payment_pending'), amountMinor: 4250 }, 'payment_created', 'received', 4250, true, 'paid'],
    ['created, amount unknown', { ...at('pending', 'payment_pending'), amountMinor: 4250 }, 'payment_created', 'received', null, true, 'paid'],
    [
      'underpaid then the rest',
      { ...at('partially_paid', 'payment_created', 'received', 100), amountMinor: 4250 },
      'payment_created',
      'received',
      4250,
      true,
      'paid',
    ],
  ])('%s', (...row) => {
    // A rest parameter: Jest would take an eighth named parameter for a done callback.
    const [, current, status, transferState, received, accept, outcome, reason] = row;
    const decision = decideTransition(current, { status, transferState, receivedAmountMinor: received });
    expect(decision.accept).toBe(accept);
    expect(decision.outcome).toBe(outcome);
    if (!decision.accept) expect(decision.reason).toBe(reason);
  });
});
