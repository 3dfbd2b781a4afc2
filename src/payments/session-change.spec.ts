import { PaymentSession } from './entities/payment-session.entity';
import { applyChange, changedProperties, planChange } from './session-change';
import type { StatusNotice } from './session-state.types';

function row(fields: Partial<PaymentSession> = {}): PaymentSession {
  return Object.assign(new PaymentSession(), {
    id: 'row-1',
    outcome: 'pending',
    amountMinor: 1000,
    status: 'payment_pending',
    transferState: null,
    receivedAmountMinor: null,
    nextCheckAt: new Date('2026-12-01T10:00:00Z'),
    paidAt: null,
    updatedAt: new Date('2026-12-01T09:00:00Z'),
    ...fields,
  });
}

const notice = (status: string, fields: Partial<StatusNotice> = {}): StatusNotice => ({ source: 'webhook', kind: 'webhook', status, ...fields });

describe('planChange', () => {
  it.each([
    ['a payment for the whole amount', row(), notice('payment_created', { receivedAmountMinor: 1000 }), { accept: true, outcome: 'paid' }],
    ['the same facts again', row(), notice('payment_pending'), { accept: false, reason: 'unchanged' }],
    ['a status nobody knows', row(), notice('made_up_status'), { accept: false, reason: 'unknown_status' }],
    ['a step back from paid', row({ outcome: 'paid', status: 'payment_created' }), notice('payment_pending'), { accept: false }],
  ])('%s', (_, session, given, expected) => {
    expect(planChange(session, given)).toMatchObject(expected);
  });

  it('resolves a Smart Transfer increment against what the row already received', () => {
    const plan = planChange(
      row({ receivedAmountMinor: 400, status: 'payment_partial' }),
      notice('payment_partial', { lastTransactionAmountMinor: 600 }),
    );
    expect(plan).toMatchObject({ accept: true, notice: { receivedAmountMinor: 1000 } });
  });

  it('does not touch the row it decides on', () => {
    const session = row();
    const before = { ...session };
    planChange(session, notice('payment_created', { receivedAmountMinor: 1000 }));
    expect(session).toEqual(before);
  });
});

describe('applyChange', () => {
  const now = new Date('2026-12-01T11:00:00Z');

  it('writes the facts, the outcome, paid_at once paid, and stops checking a final session', () => {
    const session = row();
    const plan = planChange(session, notice('payment_created', { receivedAmountMinor: 1000, transferState: 'received' }));
    if (!plan.accept) throw new Error('expected an accepted plan');
    applyChange(session, plan, now);
    expect(session).toMatchObject({
      status: 'payment_created',
      transferState: 'received',
      receivedAmountMinor: 1000,
      outcome: 'paid',
      paidAt: now,
      updatedAt: now,
      nextCheckAt: null,
    });
  });

  it('keeps what a notice does not say, and runs the patch before the facts', () => {
    const session = row({ transferState: 'pending', paidAt: new Date('2026-11-30T00:00:00Z') });
    const plan = planChange(session, notice('payment_created', { receivedAmountMinor: 1000 }));
    if (!plan.accept) throw new Error('expected an accepted plan');
    applyChange(session, plan, now, (s) => (s.status = 'overwritten by the notice'));
    expect(session.transferState).toBe('pending');
    expect(session.paidAt).toEqual(new Date('2026-11-30T00:00:00Z'));
    expect(session.status).toBe('payment_created');
  });
});

describe('changedProperties', () => {
  const at = (iso: string) => new Date(iso);
  it.each([
    ['nothing', { a: 1, d: at('2026-01-01T00:00:00Z') }, { a: 1, d: at('2026-01-01T00:00:00Z') }, []],
    ['a scalar', { a: 1, b: 'x' }, { a: 2, b: 'x' }, ['a']],
    ['a date to another instant', { d: at('2026-01-01T00:00:00Z') }, { d: at('2026-01-02T00:00:00Z') }, ['d']],
    ['a date to null', { d: at('2026-01-01T00:00:00Z') }, { d: null }, ['d']],
    ['an equal array in a new object', { m: ['immediate_transfer'] }, { m: ['immediate_transfer'] }, []],
    ['an array that differs', { m: ['immediate_transfer'] }, { m: ['smart_transfer'] }, ['m']],
    ['an object to null', { o: { iban: 'FR76' } }, { o: null }, ['o']],
    ['null to a value', { s: null }, { s: 'abc' }, ['s']],
  ])('%s', (_, before, after, expected) => {
    expect(changedProperties(before as Record<string, unknown>, after as Record<string, unknown>)).toEqual(expected);
  });
});
