import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { buildWebhookHeaders } from '../src/fintecture/http-signature';
import { PaymentSession } from '../src/payments/entities/payment-session.entity';
import { insertSession } from './support/session-fixtures';
import { RefundFake, startRefundFake } from './support/refund-fake-fintecture';
import { closeInOrder, merchantAuth, startTestAppOnFake, TestApp } from './support/test-app';

/**
 * Refunds against a strict fake Fintecture on loopback (issue 14): every refund call must be
 * signed and shaped exactly as fintecture-api.md §4.4 says, and the refund webhooks are sent by
 * the test itself, signed as Fintecture signs them, in the order the case needs.
 */
let fake: RefundFake;
let t: TestApp;

beforeAll(async () => ({ fake, t } = await startTestAppOnFake(startRefundFake, { FINTECTURE_TIMEOUT_MS: '1000' })));
afterAll(() => closeInOrder(t, fake));

const paid = (overrides: Partial<PaymentSession> = {}) =>
  insertSession(t.app, {
    outcome: 'paid',
    status: 'payment_created',
    transferState: 'received',
    amountMinor: 5000,
    communication: 'ORDER-7',
    ...overrides,
  });

const refund = (session: PaymentSession, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  request(t.url).post(`/v1/payment-sessions/${session.sessionId}/refunds`).set(merchantAuth).set(headers).send(body);

const getRefund = async (id: string) => (await request(t.url).get(`/v1/refunds/${id}`).set(merchantAuth).expect(200)).body as Record<string, any>;
const refundsOf = async (session: PaymentSession) =>
  (await request(t.url).get(`/v1/payment-sessions/${session.id}/refunds`).set(merchantAuth).expect(200)).body.data as Array<Record<string, any>>;

/** A refund webhook as Fintecture sends it: form-encoded, signed with the app's public key. */
function webhook(fields: Record<string, string>, requestId = randomUUID()) {
  const body = new URLSearchParams(fields).toString();
  const signed = buildWebhookHeaders({ body, appId: fake.appId, publicKey: fake.publicKey, requestId });
  return request(t.url)
    .post('/v1/webhooks/fintecture')
    .set({ 'Content-Type': 'application/x-www-form-urlencoded', ...signed })
    .send(body);
}

describe('the refund call', () => {
  it('is signed, carries meta.session_id, the amount and the communication, and state = our refund id', async () => {
    const session = await paid();
    const res = await refund(session, { amount: '12.50' }).expect(201);
    const call = fake.refundCalls[fake.refundCalls.length - 1];
    expect(fake.refusals).toEqual([]);
    expect(call.path).toBe(`/pis/v2/refund?state=${res.body.id}`);
    expect(call.state).toBe(res.body.id);
    expect(JSON.parse(call.body)).toEqual({
      meta: { session_id: session.sessionId },
      data: { attributes: { amount: '12.50', communication: 'REFUND ORDER-7' } },
    });
    expect(res.body).toMatchObject({ status: 'accepted', refund_session_id: call.refundSessionId, communication: 'REFUND ORDER-7' });
  });

  it("reads Magento's shape of the answer (meta.status refund_accepted) as accepted", async () => {
    fake.answerRefundsWith('accept_status');
    const res = await refund(await paid(), { amount: '1.00' }).expect(201);
    expect(res.body).toMatchObject({
      status: 'accepted',
      fintecture_status: 'refund_accepted',
      refund_session_id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });

  it('records refund_waiting and refund_aborted (400 with errors[0].code)', async () => {
    const session = await paid();
    fake.answerRefundsWith('waiting', 'aborted');
    expect((await refund(session, { amount: '1.00' }).expect(201)).body).toMatchObject({ status: 'waiting', fintecture_status: 'refund_waiting' });
    const aborted = await refund(session, { amount: '2.00' }).expect(422);
    expect(aborted.body).toMatchObject({
      code: 'refund_aborted',
      refund: { status: 'aborted', failure: { code: 'refund_aborted', detail: 'refund aborted' } },
    });
    expect((await refundsOf(session)).map((r) => r.status)).toEqual(['waiting', 'aborted']);
    expect((await request(t.url).get(`/v1/payment-sessions/${session.id}`).set(merchantAuth).expect(200)).body).toMatchObject({
      refunded_amount: '0.00',
      refundable_amount: '49.00',
    });
  });

  it('a call Fintecture would not serve (429) is retried under the same key: one refund, two calls, the second answered', async () => {
    const session = await paid();
    const key = { 'Idempotency-Key': `rl-${session.id}` };
    fake.answerRefundsWith('429');
    const before = fake.refundCalls.length;
    const first = await refund(session, { amount: '3.00' }, key).expect(502);
    expect(first.body).toMatchObject({ code: 'upstream_unavailable', refund: { status: 'aborted', failure: { code: 'not_sent' } } });
    const second = await refund(session, { amount: '3.00' }, key).expect(201);
    expect(second.body).toMatchObject({ id: first.body.refund.id, status: 'accepted' });
    expect(fake.refundCalls.length - before).toBe(2);
    expect(await refundsOf(session)).toHaveLength(1);
  });
});

describe('a call that got no answer', () => {
  it('timed out: unknown, then its webhook completes it, and a retry with the same key sends nothing', async () => {
    const session = await paid();
    const key = { 'Idempotency-Key': `hang-${session.id}` };
    fake.answerRefundsWith('hang');
    const before = fake.refundCalls.length;
    const res = await refund(session, { amount: '20.00' }, key).expect(201);
    expect(res.body).toMatchObject({ status: 'unknown', refund_session_id: null, failure: { code: 'upstream_timeout' } });
    const made = fake.refundCalls[fake.refundCalls.length - 1];

    await refund(session, { amount: '20.00' }, key).expect(201, /"status":"unknown"/);
    expect(fake.refundCalls.length - before).toBe(1);

    const fields = {
      session_id: made.refundSessionId!,
      status: 'payment_created',
      type: 'Refund',
      refunded_session_id: session.sessionId!,
      amount: '20.00',
      state: res.body.id,
    };
    await webhook(fields).expect(200, { result: 'applied' });
    expect(await getRefund(res.body.id)).toMatchObject({ status: 'completed', refund_session_id: made.refundSessionId, failure: null });
    const replay = await refund(session, { amount: '20.00' }, key).expect(201);
    expect(replay.body).toMatchObject({ id: res.body.id, status: 'completed' });
    expect(fake.refundCalls.length - before).toBe(1);
    expect((await request(t.url).get(`/v1/payment-sessions/${session.id}`).set(merchantAuth).expect(200)).body).toMatchObject({
      refunded_amount: '20.00',
      refundable_amount: '30.00',
    });
  });

  it('a webhook without state is matched to it by refunded_session_id and amount, not taken for a Console refund', async () => {
    const session = await paid();
    fake.answerRefundsWith('503');
    const res = await refund(session, { amount: '7.00' }).expect(201);
    expect(res.body).toMatchObject({ status: 'unknown', failure: { code: 'upstream_unavailable' } });
    const refundSessionId = randomBytes(16).toString('hex');
    await webhook({ session_id: refundSessionId, status: 'payment_created', refunded_session_id: session.sessionId!, amount: '7.00' }).expect(200, {
      result: 'applied',
    });
    expect(await refundsOf(session)).toEqual([
      expect.objectContaining({ id: res.body.id, status: 'completed', refund_session_id: refundSessionId, origin: 'api' }),
    ]);
  });
});

describe('refund webhooks', () => {
  it('one without type or amount (the documented minimal shape) is matched by state; a duplicate changes nothing', async () => {
    const session = await paid();
    fake.answerRefundsWith('waiting');
    const res = await refund(session, { amount: '5.00' }).expect(201);
    const requestId = randomUUID();
    const minimal = {
      session_id: res.body.refund_session_id as string,
      status: 'payment_created',
      refunded_session_id: session.sessionId!,
      state: res.body.id as string,
      event: 'payment_session.status.payment_created',
    };
    await webhook(minimal, requestId).expect(200, { result: 'applied' });
    await webhook(minimal, requestId).expect(200, { result: 'duplicate' });
    // The same facts under another X-Request-ID: recorded, refused as unchanged.
    await webhook(minimal).expect(200, { result: 'refused', reason: 'unchanged' });
    expect(await getRefund(res.body.id)).toMatchObject({ status: 'completed', version: 3 });
  });

  it('moves forward only: a late refund_waiting after completion is refused', async () => {
    const session = await paid();
    const res = await refund(session, { amount: '5.00' }).expect(201);
    const fields = {
      session_id: res.body.refund_session_id as string,
      refunded_session_id: session.sessionId!,
      state: res.body.id as string,
      type: 'Refund',
    };
    await webhook({ ...fields, status: 'payment_created', amount: '5.00' }).expect(200, { result: 'applied' });
    await webhook({ ...fields, status: 'refund_waiting' }).expect(200, { result: 'refused', reason: 'terminal' });
    await webhook({ ...fields, status: 'payment_partial' }).expect(200, { result: 'ignored', reason: 'unknown_status' });
    expect(await getRefund(res.body.id)).toMatchObject({ status: 'completed' });
  });

  it('a refund started in the Fintecture Console (no state) is recorded as a refund of the session, its amount asked of Fintecture when missing', async () => {
    const session = await paid();
    const withAmount = randomBytes(16).toString('hex');
    const requestId = randomUUID();
    await webhook(
      { session_id: withAmount, status: 'payment_created', type: 'Refund', refunded_session_id: session.sessionId!, amount: '15.00' },
      requestId,
    ).expect(200, {
      result: 'applied',
    });
    await webhook(
      { session_id: withAmount, status: 'payment_created', type: 'Refund', refunded_session_id: session.sessionId!, amount: '15.00' },
      requestId,
    ).expect(200, {
      result: 'duplicate',
    });
    const withoutAmount = randomBytes(16).toString('hex');
    fake.payments.set(withoutAmount, { status: 'refund_accepted', amount: '4.00' });
    await webhook({ session_id: withoutAmount, status: 'refund_accepted', refunded_session_id: session.sessionId! }).expect(200, {
      result: 'applied',
    });
    expect(await refundsOf(session)).toEqual([
      expect.objectContaining({ origin: 'console', status: 'completed', amount: '15.00', refund_session_id: withAmount }),
      expect.objectContaining({ origin: 'console', status: 'accepted', amount: '4.00', refund_session_id: withoutAmount }),
    ]);
    expect((await request(t.url).get(`/v1/payment-sessions/${session.id}`).set(merchantAuth).expect(200)).body).toMatchObject({
      refunded_amount: '15.00',
      refundable_amount: '31.00',
    });
  });

  it('a refund notice for a payment nobody here knows is kept as unmatched', async () => {
    await webhook({
      session_id: randomBytes(16).toString('hex'),
      status: 'payment_created',
      type: 'Refund',
      refunded_session_id: randomBytes(16).toString('hex'),
      amount: '1.00',
    }).expect(200, {
      result: 'unknown',
    });
  });
});
