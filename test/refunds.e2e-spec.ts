import request from 'supertest';
import { DataSource } from 'typeorm';
import { SessionEvent } from '../src/payments/entities/session-event.entity';
import { NotificationReceiver, verifyWithStandardWebhooks } from './support/notification-receiver';
import { refundEmulatorClient } from './support/refund-emulator-client';
import { merchantAuth, OTHER_MERCHANT_KEY, startTestApp, TestApp } from './support/test-app';

/**
 * Refunds end to end against the built-in emulator (issue 14): the real app on a real database,
 * the emulator making refund sessions and sending their webhooks over loopback.
 */
let t: TestApp;
let receiver: NotificationReceiver;
let endpointSecret: string;
const otherAuth = { Authorization: `Bearer ${OTHER_MERCHANT_KEY}` };

beforeAll(async () => {
  receiver = await new NotificationReceiver().start();
  t = await startTestApp({
    NOTIFICATION_ALLOW_PRIVATE_URLS: 'true',
    // Slow polling: a notification that arrives within moments was woken by its commit.
    NOTIFICATION_POLL_INTERVAL_MS: '60000',
    NOTIFICATION_RETRY_SCHEDULE: '100ms',
  });
  const endpoint = await request(t.url)
    .post('/v1/notification-endpoints')
    .set(merchantAuth)
    .send({ url: receiver.url, events: ['refund.updated'] })
    .expect(201);
  endpointSecret = endpoint.body.secret as string;
});
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

const { createSession, sessionOf, paidSession, refund, refundReaches, refundCalls, refundEvents } = refundEmulatorClient(() => t);

describe('full and partial refunds', () => {
  it('refunds the whole balance when no amount is given: stored, sent once with state = the refund id, completed by its webhook', async () => {
    const session = await paidSession();
    expect(session).toMatchObject({ outcome: 'paid', refunded_amount: '0.00', refundable_amount: session.amount });
    const before = refundCalls().length;
    const res = await refund(session, { communication: 'REFUND ORDER 1', reason: 'returned goods' }).expect(201);
    expect(res.headers.location).toBe(`/v1/refunds/${res.body.id}`);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      payment_session_id: session.id,
      amount: session.amount,
      currency: 'EUR',
      status: 'accepted',
      refund_session_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      communication: 'REFUND ORDER 1',
      reason: 'returned goods',
      origin: 'api',
      fintecture_status: 'refund_accepted',
      failure: null,
      version: 2,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const calls = refundCalls().slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0].path).toBe(`/emulator/pis/v2/refund?state=${res.body.id}`);
    expect(JSON.parse(calls[0].body)).toEqual({
      meta: { session_id: session.session_id },
      data: { attributes: { amount: session.amount, communication: 'REFUND ORDER 1' } },
    });
    expect(calls[0].status).toBe(200);

    const completed = await refundReaches(res.body.id, 'completed');
    expect(completed).toMatchObject({ fintecture_status: 'payment_created', refund_session_id: res.body.refund_session_id, version: 3 });
    expect(await sessionOf(session.id)).toMatchObject({ outcome: 'paid', refunded_amount: session.amount, refundable_amount: '0.00' });
    const events = await refundEvents(res.body.id);
    expect(events.map((e) => [e.source, e.kind, e.statusBefore, e.statusAfter, e.accepted])).toEqual([
      ['api', 'requested', null, 'requested', true],
      ['api', 'call', 'requested', 'accepted', true],
      ['webhook', 'webhook', 'accepted', 'completed', true],
    ]);
    // The original session keeps the refund notice in its history, its own outcome untouched.
    const sessionEvents = await t.app
      .get(DataSource)
      .getRepository(SessionEvent)
      .find({ where: { paymentSessionId: session.id, kind: 'refund' } });
    expect(sessionEvents).toEqual([
      expect.objectContaining({ source: 'webhook', outcomeBefore: 'paid', outcomeAfter: 'paid', status: 'payment_created' }),
    ]);
  });

  it('takes partial refunds until the balance is used, refuses one that would exceed it (nothing sent), then refunds the rest', async () => {
    const session = await paidSession();
    const first = await refund(session, { amount: '10.00' }).expect(201);
    const second = await refund(session, { amount: '20.00' }).expect(201);
    await refundReaches(first.body.id, 'completed');
    await refundReaches(second.body.id, 'completed');
    const left = (Number(session.amount) * 100 - 3000) / 100;
    expect(await sessionOf(session.id)).toMatchObject({ refunded_amount: '30.00', refundable_amount: left.toFixed(2) });

    const before = refundCalls().length;
    const refused = await refund(session, { amount: (left + 0.01).toFixed(2) }).expect(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'refund_exceeds_balance', refundable_amount: left.toFixed(2) });
    expect(refundCalls()).toHaveLength(before);

    const rest = await refund(session, {}).expect(201);
    expect(rest.body.amount).toBe(left.toFixed(2));
    await refundReaches(rest.body.id, 'completed');
    expect(await sessionOf(session.id)).toMatchObject({ refunded_amount: session.amount, refundable_amount: '0.00' });
    // Nothing left: even no amount is refused, and nothing is sent.
    await refund(session, {}).expect(409, /refund_exceeds_balance/);
    expect(refundCalls()).toHaveLength(before + 1);

    const list = await request(t.url).get(`/v1/payment-sessions/${session.session_id}/refunds`).set(merchantAuth).expect(200);
    expect(list.body.data.map((r: { id: string }) => r.id)).toEqual([first.body.id, second.body.id, rest.body.id]);
  });

  it('a partial payment refunds what was received, an overpaid one all that was received', async () => {
    const partial = await paidSession(merchantAuth, { status: 'payment_partial', transfer_state: 'insufficient', received_amount: '5.00' });
    expect(partial).toMatchObject({ outcome: 'partially_paid', refundable_amount: '5.00' });
    await refund(partial, { amount: '5.01' }).expect(409, /refund_exceeds_balance/);
    expect((await refund(partial).expect(201)).body.amount).toBe('5.00');

    const over = await paidSession(merchantAuth, { status: 'payment_created', transfer_state: 'overpaid', received_amount: '100.00' });
    expect(over).toMatchObject({ outcome: 'overpaid', refundable_amount: '100.00' });
    expect((await refund(over).expect(201)).body.amount).toBe('100.00');
  });

  it('refuses a session that received nothing (409 invalid_state), and sends nothing', async () => {
    const session = await createSession();
    const before = refundCalls().length;
    const res = await refund(session, { amount: '1.00' }).expect(409);
    expect(res.body).toMatchObject({ code: 'invalid_state', outcome: 'awaiting_payer' });
    expect(refundCalls()).toHaveLength(before);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an amount with three decimals', { amount: '1.001' }, 'amount'],
    ['a JSON number', { amount: 10 }, 'amount'],
    ['a zero amount', { amount: '0.00' }, 'amount'],
    ['an unknown field', { amount: '1.00', user_id: 'x' }, 'user_id'],
    ['a communication too long', { communication: 'x'.repeat(141) }, 'communication'],
  ])('refuses %s with 400, sending nothing', async (_name, body, field) => {
    const session = await paidSession();
    const before = refundCalls().length;
    const res = await refund(session, body).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(refundCalls()).toHaveLength(before);
  });

  it("a merchant can neither refund nor see another merchant's session or refunds", async () => {
    const session = await paidSession();
    const mine = await refund(session, { amount: '1.00' }).expect(201);
    await refund(session, { amount: '1.00' }, {}, otherAuth).expect(404);
    await request(t.url).get(`/v1/payment-sessions/${session.id}/refunds`).set(otherAuth).expect(404);
    await request(t.url).get(`/v1/refunds/${mine.body.id}`).set(otherAuth).expect(404);
    await request(t.url).get('/v1/refunds/not-a-uuid').set(merchantAuth).expect(404);
  });
});

describe('never more than the balance, never twice', () => {
  it('20 simultaneous refunds of the whole balance: exactly one is made, one refund call, the others 409', async () => {
    const session = await paidSession();
    const before = refundCalls().length;
    const answers = await Promise.all(Array.from({ length: 20 }, () => refund(session, {})));
    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array<number>(19).fill(409)]);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'refund_exceeds_balance')).toBe(true);
    expect(refundCalls().slice(before)).toHaveLength(1);
    const list = await request(t.url).get(`/v1/payment-sessions/${session.id}/refunds`).set(merchantAuth).expect(200);
    expect(list.body.data).toHaveLength(1);
  });

  it('the same Idempotency-Key answers the stored refund (20 at once too) with one call; with another body, 409', async () => {
    const session = await paidSession();
    const before = refundCalls().length;
    const key = { 'Idempotency-Key': `refund-${session.id}` };
    const answers = await Promise.all(Array.from({ length: 20 }, () => refund(session, { amount: '2.00' }, key)));
    expect(answers.map((a) => a.status)).toEqual(Array<number>(20).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    expect(refundCalls().slice(before)).toHaveLength(1);
    const conflict = await refund(session, { amount: '3.00' }, key).expect(409);
    expect(conflict.body.code).toBe('idempotency_conflict');
    await refund(session, { amount: '2.00' }, { 'Idempotency-Key': 'k'.repeat(256) }).expect(400, /idempotency-key/);
    expect(refundCalls().slice(before)).toHaveLength(1);
  });
});

describe('refund.updated notifications', () => {
  it('announces every change of a refund, signed as Standard Webhooks says', async () => {
    const session = await paidSession();
    const res = await refund(session, { amount: '7.00' }).expect(201);
    await refundReaches(res.body.id, 'completed');
    const mine = await receiver.waitFor((all) => {
      const found = all.filter((r) => (JSON.parse(r.body) as { data: { object: { id: string } } }).data.object.id === res.body.id);
      return found.length >= 3 ? found : undefined;
    });
    // Each is its own delivery: they may arrive in any order, the refund's version orders them.
    const bodies = mine.map((r) => verifyWithStandardWebhooks(endpointSecret, r)).sort((a, b) => a.data.object.version - b.data.object.version);
    expect(bodies.map((b) => [b.type, b.data.object.status, b.data.previous_status])).toEqual([
      ['refund.updated', 'requested', null],
      ['refund.updated', 'accepted', 'requested'],
      ['refund.updated', 'completed', 'accepted'],
    ]);
    expect(bodies[2].data.object).toMatchObject({
      id: res.body.id,
      payment_session_id: session.id,
      amount: '7.00',
      refund_session_id: res.body.refund_session_id,
    });
  });
});
