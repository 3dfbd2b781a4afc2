import { PaymentSession } from '../payments/entities/payment-session.entity';
import {
  answerDiscrepancy,
  discrepancy,
  gaveUpFinding,
  rejectedCheckFinding,
  sessionFindings,
  unmatchedPaymentDiscrepancy,
} from './discrepancy-rules';

const now = new Date('2026-11-24T10:00:00.000Z');
const askedAt = new Date('2026-11-24T09:59:59.000Z');

function session(overrides: Partial<PaymentSession> = {}): PaymentSession {
  return Object.assign(new PaymentSession(), {
    id: '019ab000-0000-7000-8000-000000000001',
    sessionId: 'a'.repeat(32),
    state: 'order-1',
    outcome: 'pending',
    status: 'payment_pending',
    transferState: null,
    amountMinor: 4250,
    receivedAmountMinor: null,
    currency: 'EUR',
    expiresAt: null,
    checkCount: 0,
    updatedAt: new Date('2026-11-24T09:00:00.000Z'),
    ...overrides,
  });
}

describe('discrepancy', () => {
  it('describes the session as it stands and drops undefined details', () => {
    const found = discrepancy('gave_up', session({ outcome: 'awaiting_payer' }), 'pending', 'msg', { a: 1, b: undefined }, now);
    expect(found).toEqual({
      kind: 'gave_up',
      payment_session_id: '019ab000-0000-7000-8000-000000000001',
      session_id: 'a'.repeat(32),
      state: 'order-1',
      outcome_before: 'pending',
      outcome_after: 'awaiting_payer',
      status: 'payment_pending',
      transfer_state: null,
      message: 'msg',
      detail: { a: 1 },
      at: now.toISOString(),
    });
  });
});

describe('answerDiscrepancy', () => {
  const report = { status: 'payment_created', transferState: 'received' };
  const previous = { status: 'payment_pending', transferState: null };
  it.each([
    ['an accepted change is unannounced', { result: 'applied', before: 'pending' }, {}, 'unannounced_change'],
    ['an unchanged answer is nothing', { result: 'refused', reason: 'unchanged' }, {}, null],
    ['a refusal while the session stood still is a conflict', { result: 'refused', reason: 'regression' }, {}, 'status_conflict'],
    ['a refusal after the session moved mid-call is a stale answer', { result: 'refused', reason: 'regression' }, { updatedAt: now }, null],
    ['a duplicate is nothing', { result: 'duplicate' }, {}, null],
  ] as const)('%s', (_name, result, row, expected) => {
    const applied = { ...result, session: session(row), event: null } as unknown as Parameters<typeof answerDiscrepancy>[0];
    expect(answerDiscrepancy(applied, report, askedAt, previous)?.kind ?? null).toBe(expected);
  });

  it('says what the session said before an unannounced change', () => {
    const applied = { result: 'applied', before: 'pending', session: session({ outcome: 'paid' }), event: null } as unknown as Parameters<
      typeof answerDiscrepancy
    >[0];
    expect(answerDiscrepancy(applied, report, askedAt, previous)).toMatchObject({
      outcome_before: 'pending',
      outcome_after: 'paid',
      detail: { previous_status: 'payment_pending', previous_transfer_state: null },
    });
  });
});

describe('sessionFindings', () => {
  it.each([
    ['nothing for an exact amount', { receivedAmountMinor: 4250 }, []],
    ['nothing when nothing was received yet', {}, []],
    ['a short amount', { receivedAmountMinor: 100 }, ['amount_mismatch:reconciliation:amount_mismatch:100']],
    ['an excess amount', { receivedAmountMinor: 5000 }, ['amount_mismatch:reconciliation:amount_mismatch:5000']],
    [
      'a payer page open past its expiry',
      { outcome: 'awaiting_payer', expiresAt: new Date(now.getTime() - 1) },
      ['open_past_expiry:reconciliation:open_past_expiry'],
    ],
    ['a payer page still within its expiry', { outcome: 'awaiting_payer', expiresAt: new Date(now.getTime() + 1) }, []],
    ['a pending session past expiry is not a payer page', { outcome: 'pending', expiresAt: new Date(now.getTime() - 1) }, []],
    [
      'both at once',
      { outcome: 'awaiting_payer', expiresAt: new Date(0), receivedAmountMinor: 1 },
      ['amount_mismatch:reconciliation:amount_mismatch:1', 'open_past_expiry:reconciliation:open_past_expiry'],
    ],
  ] as const)('%s', (_name, row, expected) => {
    expect(sessionFindings(session(row as Partial<PaymentSession>), now).map((f) => `${f.kind}:${f.dedupeKey}`)).toEqual(expected);
  });

  it('words an amount mismatch in major units', () => {
    const [found] = sessionFindings(session({ receivedAmountMinor: 100 }), now);
    expect(found.message).toBe('Received 1.00 EUR for 42.50 asked.');
    expect(found.detail).toEqual({ amount: '42.50', received_amount: '1.00' });
  });
});

describe('rejectedCheckFinding and gaveUpFinding', () => {
  it.each([
    [
      rejectedCheckFinding('run-1', 'no such session', { httpStatus: 404, code: 'not_found' }),
      'check_rejected',
      'reconciliation:check_rejected:run-1',
      { http_status: 404, code: 'not_found', log_id: null },
    ],
    [gaveUpFinding({ outcome: 'pending', checkCount: 50 }), 'gave_up', 'reconciliation:gave_up', { check_count: 50 }],
  ])('%#', (finding, kind, dedupeKey, detail) => {
    expect(finding).toMatchObject({ kind, dedupeKey, detail });
  });
});

describe('unmatchedPaymentDiscrepancy', () => {
  const notice = {
    id: '019ab000-0000-7000-8000-00000000000a',
    requestId: 'req-1',
    reason: 'unknown_session' as const,
    sessionId: 'b'.repeat(32),
    status: 'payment_created',
    transferState: 'received',
    state: 'order-9',
    amount: '42.50',
    receivedAmount: null as string | null,
    receivedAt: new Date('2026-11-24T09:30:00.000Z'),
  };

  it.each([
    [
      'the amount asked when nothing says what arrived',
      {},
      'Fintecture reported payment_created (42.50) for a session no payment session of ours took; unresolved.',
    ],
    [
      'the amount received when known',
      { receivedAmount: '40.00' },
      'Fintecture reported payment_created (40.00) for a session no payment session of ours took; unresolved.',
    ],
    ['no amount at all', { amount: null }, 'Fintecture reported payment_created for a session no payment session of ours took; unresolved.'],
  ])('names %s', (_case, overrides, message) => {
    expect(unmatchedPaymentDiscrepancy({ ...notice, ...overrides }, now).message).toBe(message);
  });

  it('is about no session of ours, and points at the notice', () => {
    expect(unmatchedPaymentDiscrepancy(notice, now)).toEqual({
      kind: 'unmatched_payment',
      payment_session_id: null,
      session_id: 'b'.repeat(32),
      state: 'order-9',
      outcome_before: null,
      outcome_after: null,
      status: 'payment_created',
      transfer_state: 'received',
      message: expect.any(String),
      detail: {
        notice_id: notice.id,
        request_id: 'req-1',
        reason: 'unknown_session',
        amount: '42.50',
        received_amount: null,
        received_at: '2026-11-24T09:30:00.000Z',
      },
      at: now.toISOString(),
    });
    expect(unmatchedPaymentDiscrepancy({ ...notice, state: null }, now).state).toBe('');
  });
});
