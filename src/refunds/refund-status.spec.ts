import { itReturnsEach } from '../../test/support/it-returns-each';
import { decideRefundTransition, RefundStatus, refundStatusOf } from './refund-status';

describe('refundStatusOf', () => {
  itReturnsEach('%s → %s', refundStatusOf, [
    ['refund_accepted', 'accepted'],
    ['payment_pending', 'accepted'],
    ['provider_required', 'accepted'],
    ['sca_required', 'accepted'],
    ['refund_waiting', 'waiting'],
    ['session_initiated', 'waiting'],
    ['payment_created', 'completed'],
    ['refund_aborted', 'aborted'],
    ['payment_unsuccessful', 'aborted'],
    ['payment_cancelled', 'aborted'],
    ['payment_expired', 'aborted'],
    ['payment_partial', null],
    ['payment_error', null],
    ['iban_required', null],
    ['', null],
    [null, null],
  ]);
});

describe('decideRefundTransition', () => {
  it.each<[RefundStatus, RefundStatus, string]>([
    ['requested', 'accepted', 'accept'],
    ['requested', 'waiting', 'accept'],
    ['requested', 'completed', 'accept'],
    ['requested', 'aborted', 'accept'],
    ['requested', 'unknown', 'accept'],
    ['unknown', 'accepted', 'accept'],
    ['unknown', 'completed', 'accept'],
    ['unknown', 'aborted', 'accept'],
    ['waiting', 'accepted', 'accept'],
    ['waiting', 'completed', 'accept'],
    ['accepted', 'completed', 'accept'],
    ['accepted', 'aborted', 'accept'],
    ['aborted', 'completed', 'accept'],
    ['requested', 'requested', 'unchanged'],
    ['accepted', 'accepted', 'unchanged'],
    ['completed', 'completed', 'unchanged'],
    ['aborted', 'aborted', 'unchanged'],
    ['unknown', 'requested', 'regression'],
    ['accepted', 'waiting', 'regression'],
    ['accepted', 'unknown', 'regression'],
    ['waiting', 'unknown', 'regression'],
    ['completed', 'aborted', 'terminal'],
    ['completed', 'accepted', 'terminal'],
    ['completed', 'unknown', 'terminal'],
    ['aborted', 'accepted', 'terminal'],
    ['aborted', 'unknown', 'terminal'],
  ])('%s → %s: %s', (current, next, expected) => {
    const decision = decideRefundTransition(current, next);
    expect(decision.accept ? 'accept' : decision.reason).toBe(expected);
  });
});
