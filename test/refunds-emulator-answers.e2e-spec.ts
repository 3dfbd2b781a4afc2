import request from 'supertest';
import { IMMEDIATE_TRANSFER_EXAMPLE } from '../src/payments/dto/payment-session.examples';
import { injectFault, simulate } from './support/emulator-client';
import { inspectEmulator } from './support/emulator-inspector';
import { PAID, refundEmulatorClient, waitFor } from './support/refund-emulator-client';
import { merchantAuth, startTestApp, TestApp } from './support/test-app';

/**
 * Refunds against the emulator when Fintecture answers otherwise than "accepted" (issue 14):
 * refund_aborted in both shapes, refund_waiting, Magento's accepted, a 5xx, a timeout, a refund
 * held and then failed, and the documented minimal webhook.
 */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const { sessionOf, paidSession, refund, refundReaches, refundCalls, refundEvents } = refundEmulatorClient(() => t);

describe("Fintecture's other answers", () => {
  it('refund_aborted (a 400 with errors[0].code): 422, the refund kept as aborted, its amount refundable again', async () => {
    const session = await paidSession();
    await injectFault(t.url, { route: 'refund', kind: 'refund_aborted', count: 1 });
    const res = await refund(session, { amount: '5.00' }).expect(422);
    expect(res.body).toMatchObject({ code: 'refund_aborted', refund: { status: 'aborted', amount: '5.00', failure: { code: 'refund_aborted' } } });
    const stored = await request(t.url).get(`/v1/refunds/${res.body.refund.id}`).set(merchantAuth).expect(200);
    expect(stored.body).toMatchObject({ status: 'aborted', fintecture_status: 'refund_aborted', refund_session_id: null });
    expect(await sessionOf(session.id)).toMatchObject({ refunded_amount: '0.00', refundable_amount: session.amount });
    // Its amount is refundable again: a new refund is made.
    const before = refundCalls().length;
    await refund(session, { amount: '5.00' }).expect(201);
    expect(refundCalls()).toHaveLength(before + 1);
  });

  it('refund_aborted as meta.status (the Magento shape) is read as aborted too', async () => {
    const session = await paidSession();
    await injectFault(t.url, { route: 'refund', kind: 'refund_aborted_status', count: 1 });
    const res = await refund(session, { amount: '5.00' }, { 'Idempotency-Key': `aborted-${session.id}` }).expect(422);
    expect(res.body.refund).toMatchObject({ status: 'aborted', fintecture_status: 'refund_aborted' });
    const before = refundCalls().length;
    const replay = await refund(session, { amount: '5.00' }, { 'Idempotency-Key': `aborted-${session.id}` }).expect(422);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(refundCalls()).toHaveLength(before);
  });

  it('refund_accepted as meta.status (the Magento shape) is read as accepted', async () => {
    const session = await paidSession();
    await injectFault(t.url, { route: 'refund', kind: 'refund_accepted_status', count: 1 });
    const res = await refund(session, {}).expect(201);
    expect(res.body).toMatchObject({ status: 'accepted', refund_session_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    await refundReaches(res.body.id, 'completed');
  });

  it('refund_waiting is recorded as waiting, holds its amount, and completes when done in the Console', async () => {
    const session = await paidSession();
    await injectFault(t.url, { route: 'refund', kind: 'refund_waiting', count: 1 });
    const res = await refund(session, { amount: '4.00' }).expect(201);
    expect(res.body).toMatchObject({ status: 'waiting', fintecture_status: 'refund_waiting' });
    expect(await sessionOf(session.id)).toMatchObject({ refunded_amount: '0.00', refundable_amount: (Number(session.amount) - 4).toFixed(2) });
    await simulate(t.url, res.body.refund_session_id as string, { status: 'payment_created', transfer_state: 'completed' });
    await refundReaches(res.body.id, 'completed');
    expect(await sessionOf(session.id)).toMatchObject({ refunded_amount: '4.00' });
  });

  it('a 5xx keeps the refund unknown; a retry with the same key answers it and sends nothing more', async () => {
    const session = await paidSession();
    await injectFault(t.url, { route: 'refund', kind: '500', count: 1 });
    const key = { 'Idempotency-Key': `flaky-${session.id}` };
    const res = await refund(session, { amount: '3.00' }, key).expect(201);
    expect(res.body).toMatchObject({ status: 'unknown', failure: { code: 'upstream_unavailable' } });
    // The unknown refund holds its amount: it may have been made.
    expect(await sessionOf(session.id)).toMatchObject({ refundable_amount: (Number(session.amount) - 3).toFixed(2) });
    const before = refundCalls().length;
    const retry = await refund(session, { amount: '3.00' }, key).expect(201);
    expect(retry.body).toMatchObject({ id: res.body.id, status: 'unknown' });
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(refundCalls()).toHaveLength(before);
  });

  it('a call that timed out after Fintecture made the refund is settled by its webhook, without a second call', async () => {
    const session = await paidSession();
    await injectFault(t.url, { route: 'refund', kind: 'timeout', count: 1 });
    const before = refundCalls().length;
    const res = await refund(session, { amount: '6.00' }, { 'Idempotency-Key': `slow-${session.id}` }).expect(201);
    // The webhook (300 ms) came while the call was still waiting (FINTECTURE_TIMEOUT_MS=2000): completed, and the
    // timeout that followed changed nothing.
    expect(res.body).toMatchObject({ status: 'completed', amount: '6.00' });
    const events = await refundEvents(res.body.id);
    expect(events.map((e) => [e.kind, e.statusAfter, e.accepted, e.reason])).toEqual([
      ['requested', 'requested', true, null],
      ['webhook', 'completed', true, null],
      ['call', 'completed', false, 'terminal'],
    ]);
    await refund(session, { amount: '6.00' }, { 'Idempotency-Key': `slow-${session.id}` }).expect(201);
    expect(refundCalls()).toHaveLength(before + 1);
  });
});

describe('refunds the emulator holds', () => {
  it('refund_held: accepted, then failed at Fintecture (simulate): aborted by its webhook, its amount refundable again', async () => {
    const session = await paidSession();
    await injectFault(t.url, { route: 'refund', kind: 'refund_held', count: 1 });
    const res = await refund(session, { amount: '8.00' }).expect(201);
    expect(res.body.status).toBe('accepted');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await request(t.url).get(`/v1/refunds/${res.body.id}`).set(merchantAuth).expect(200)).body.status).toBe('accepted');
    await simulate(t.url, res.body.refund_session_id as string, { status: 'payment_unsuccessful', transfer_state: 'rejected' });
    const aborted = await refundReaches(res.body.id, 'aborted');
    expect(aborted).toMatchObject({ fintecture_status: 'payment_unsuccessful', failure: { code: 'refund_aborted' } });
    expect(await sessionOf(session.id)).toMatchObject({ refunded_amount: '0.00', refundable_amount: session.amount });
  });
});

describe('with the emulator sending the documented minimal webhook (no type, no amount)', () => {
  let minimal: TestApp;
  beforeAll(async () => {
    minimal = await startTestApp({ EMULATOR_WEBHOOK_FIELDS: 'minimal' });
  });
  afterAll(() => minimal?.close());

  it('the refund webhook is matched by state and completes the refund', async () => {
    const { query, body } = IMMEDIATE_TRANSFER_EXAMPLE;
    const created = await request(minimal.url)
      .post(`/v1/payment-sessions?${new URLSearchParams({ ...query, state: 'minimal-refund' })}`)
      .set(merchantAuth)
      .send(body)
      .expect(201);
    await simulate(minimal.url, created.body.session_id as string, PAID);
    const reads = () => request(minimal.url).get(`/v1/payment-sessions/${created.body.id}`).set(merchantAuth).expect(200);
    await waitFor(async () => ((await reads()).body.outcome === 'paid' ? true : undefined));
    const res = await request(minimal.url).post(`/v1/payment-sessions/${created.body.id}/refunds`).set(merchantAuth).send({}).expect(201);
    const delivered = await waitFor(() => {
      const deliveries = inspectEmulator(minimal.app)
        .webhookDeliveries()
        .filter((d) => d.sessionId === res.body.refund_session_id && d.state === 'delivered');
      return Promise.resolve(deliveries.length ? deliveries[0] : undefined);
    });
    const fields = new URLSearchParams(delivered.body);
    expect([fields.has('type'), fields.has('amount'), fields.get('state'), fields.get('refunded_session_id')]).toEqual([
      false,
      false,
      res.body.id,
      created.body.session_id,
    ]);
    const completed = await waitFor(async () => {
      const read = await request(minimal.url).get(`/v1/refunds/${res.body.id}`).set(merchantAuth).expect(200);
      return read.body.status === 'completed' ? read.body : undefined;
    });
    expect(completed).toMatchObject({ amount: created.body.amount, refund_session_id: res.body.refund_session_id });
    expect((await reads()).body).toMatchObject({ refunded_amount: created.body.amount, refundable_amount: '0.00' });
  });
});
