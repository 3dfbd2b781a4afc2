import request from 'supertest';
import { BUY_NOW_PAY_LATER_EXAMPLE, IMMEDIATE_TRANSFER_EXAMPLE, PaymentSessionExample } from '../src/payments/dto/payment-session.examples';
import { simulate } from './support/emulator-client';
import { merchantAuth, startTestApp, TestApp } from './support/test-app';
import { outcomeEventually } from './support/session-api-calls';

/** What an outcome means for the shop: covered ships the goods, paid means the money arrived. */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

async function create(example: PaymentSessionExample, state: string): Promise<{ id: string; session_id: string; amount: string }> {
  const { query, headers, body } = example;
  const res = await request(t.url)
    .post(`/v1/payment-sessions?${new URLSearchParams({ ...query, state })}`)
    .set(merchantAuth)
    .set(Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith('x-'))) as Record<string, string>)
    .send(body)
    .expect(201);
  return res.body;
}

describe('what a payment means', () => {
  it('BNPL order_created is covered, then payment_created is paid, and never back', async () => {
    const session = await create(BUY_NOW_PAY_LATER_EXAMPLE, 'meaning-bnpl');
    await simulate(t.url, session.session_id, { status: 'order_created', transfer_state: 'pending' });
    await outcomeEventually(t.url, session.id, 'covered');
    await simulate(t.url, session.session_id, { status: 'payment_created', transfer_state: 'received' });
    await outcomeEventually(t.url, session.id, 'paid');
  });

  it('an underpaid payment_created is partially_paid, not paid', async () => {
    const session = await create(IMMEDIATE_TRANSFER_EXAMPLE, 'meaning-underpaid');
    expect(session.amount).toBe('42.50');
    await simulate(t.url, session.session_id, { status: 'payment_created', transfer_state: 'received', received_amount: '1.00' });
    const read = await outcomeEventually(t.url, session.id, 'partially_paid');
    expect(read.received_amount).toBe('1.00');
  });

  it('an overpaying payment_created is overpaid', async () => {
    const session = await create(IMMEDIATE_TRANSFER_EXAMPLE, 'meaning-overpaid');
    await simulate(t.url, session.session_id, { status: 'payment_created', transfer_state: 'received', received_amount: '50.00' });
    await outcomeEventually(t.url, session.id, 'overpaid');
  });
});
