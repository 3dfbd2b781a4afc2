import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { buildWebhookHeaders } from '../src/fintecture/http-signature';
import { IMMEDIATE_TRANSFER_EXAMPLE } from '../src/payments/dto/payment-session.examples';
import { PaymentSession } from '../src/payments/entities/payment-session.entity';
import { UnmatchedNoticesService } from '../src/webhooks/unmatched-notices.service';
import { FaultyFintecture, startFaultyFintecture } from './support/faulty-fintecture';
import { adminAuth, closeInOrder, merchantAuth, startTestAppOnFake, TestApp } from './support/test-app';
import { storedSession, storedSessionEvents } from './support/session-fixtures';

/**
 * Issue 12 §1: no verified notice is ever dropped. A webhook for a session_id the service does not
 * know is kept as an unmatched notice; when it belongs to a create whose answer was lost (same
 * state and amount, no session id yet) that attempt adopts the session and the notice is applied.
 */
let fake: FaultyFintecture;
let t: TestApp;

beforeAll(async () => ({ fake, t } = await startTestAppOnFake(startFaultyFintecture, { FINTECTURE_TIMEOUT_MS: '1000' })));
afterAll(() => closeInOrder(t, fake));

function create(key: string, state: string) {
  const { query, body } = IMMEDIATE_TRANSFER_EXAMPLE;
  return request(t.url)
    .post(`/v1/payment-sessions?${new URLSearchParams({ ...(query as unknown as Record<string, string>), state })}`)
    .set(merchantAuth)
    .set('Idempotency-Key', key)
    .send(body);
}

function webhook(fields: Record<string, string>, requestId = randomUUID()) {
  const body = new URLSearchParams(fields).toString();
  const signed = buildWebhookHeaders({ body, appId: fake.appId, publicKey: fake.publicKey, requestId });
  return request(t.url).post('/v1/webhooks/fintecture').set('Content-Type', 'application/x-www-form-urlencoded').set(signed).send(body);
}

const unmatched = (query = '') => request(t.url).get(`/v1/admin/unmatched-notices${query}`).set(adminAuth);
const rowOf = (id: string) => storedSession(t.app, id);
const eventsOf = (id: string) => storedSessionEvents(t.app, id);

describe('a notice for an attempt whose answer was lost', () => {
  it('is applied to it: the attempt adopts the session Fintecture confirms, and a retry of the create answers it', async () => {
    const key = `adopt-${randomUUID()}`;
    const state = `order-${randomUUID()}`;
    fake.faults.push('close');
    await create(key, state).expect(502);
    const lost = fake.sessions[fake.sessions.length - 1];
    const [row] = await t.app.get(DataSource).getRepository(PaymentSession).findBy({ idempotencyKey: key });
    expect(row).toMatchObject({ outcome: 'creation_failed', sessionId: null });

    fake.pay(lost.id, { status: 'payment_created', transferState: 'received', receivedAmount: '42.50' });
    const requestId = randomUUID();
    const paid = { session_id: lost.id, status: 'payment_created', transfer_state: 'received', amount: '42.50', state };
    await webhook(paid, requestId).expect(200, { result: 'applied' });
    expect(fake.getCalls(lost.id)).toBe(1);
    expect(await rowOf(row.id)).toMatchObject({ outcome: 'paid', sessionId: lost.id, receivedAmountMinor: 4250, failureCode: null });
    const events = await eventsOf(row.id);
    expect(events.map((e) => [e.kind, e.outcomeBefore, e.outcomeAfter])).toEqual([
      ['creating', null, 'creating'],
      ['creation_failed', 'creating', 'creation_failed'],
      ['session_id_adopted', 'creation_failed', 'creating'],
      ['webhook', 'creating', 'paid'],
    ]);
    expect(events[2].detail).toMatchObject({ session_id: lost.id, request_id: requestId, confirmed: true });

    // Fintecture's retry is a duplicate; the shop's retry of the create answers the paid session, no new call.
    await webhook(paid, requestId).expect(200, { result: 'duplicate' });
    const connects = fake.connectCalls();
    const again = await create(key, state).expect(201);
    expect(again.body).toMatchObject({ id: row.id, session_id: lost.id, outcome: 'paid' });
    expect(fake.connectCalls()).toBe(connects);
    const listed = (await unmatched('?limit=200').expect(200)).body.data.filter((n: { request_id: string }) => n.request_id === requestId);
    expect(listed).toEqual([]);
  });

  it('that Fintecture does not know is not adopted: kept as unmatched', async () => {
    const key = `forged-${randomUUID()}`;
    const state = `order-${randomUUID()}`;
    fake.faults.push('500');
    await create(key, state).expect(502);
    const forged = randomBytes(16).toString('hex');
    const requestId = randomUUID();
    await webhook({ session_id: forged, status: 'payment_created', amount: '42.50', state }, requestId).expect(200, { result: 'unknown' });
    const [row] = await t.app.get(DataSource).getRepository(PaymentSession).findBy({ idempotencyKey: key });
    expect(row).toMatchObject({ outcome: 'creation_failed', sessionId: null });
    const listed = (await unmatched('?limit=200').expect(200)).body.data.filter((n: { request_id: string }) => n.request_id === requestId);
    expect(listed).toEqual([expect.objectContaining({ session_id: forged, status: 'payment_created', state, matched_payment_session_id: null })]);
  });
});

describe('GET /v1/admin/unmatched-notices', () => {
  it('lists every verified notice no session took, newest first, once per X-Request-ID, keyset-paged', async () => {
    const sent: Array<{ sessionId: string; requestId: string }> = [];
    for (let i = 0; i < 3; i++) {
      const sessionId = randomBytes(16).toString('hex');
      const requestId = randomUUID();
      const fields = {
        session_id: sessionId,
        status: 'payment_partial',
        transfer_state: 'insufficient',
        received_amount: '10.00',
        state: `nobody-${i}`,
      };
      await webhook(fields, requestId).expect(200, { result: 'unknown' });
      await webhook(fields, requestId).expect(200, { result: 'duplicate' });
      sent.push({ sessionId, requestId });
    }
    const first = (await unmatched('?limit=2').expect(200)).body;
    expect(first.data).toHaveLength(2);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = (await unmatched(`?limit=2&cursor=${encodeURIComponent(first.next_cursor)}`).expect(200)).body;
    const ids = [...first.data, ...second.data].map((n: { request_id: string }) => n.request_id);
    expect(ids.slice(0, 3)).toEqual(sent.map((s) => s.requestId).reverse());
    expect(new Set(ids).size).toBe(ids.length);
    expect(first.data[0]).toMatchObject({
      session_id: sent[2].sessionId,
      status: 'payment_partial',
      transfer_state: 'insufficient',
      received_amount: '10.00',
      state: 'nobody-2',
      reason: 'unknown_session',
      received_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      matched_payment_session_id: null,
    });
    expect(first.data[0].fields).toMatchObject({ session_id: sent[2].sessionId, status: 'payment_partial' });

    // Reconciliation reads the ones that report money, and stops once someone resolves them.
    const notices = t.app.get(UnmatchedNoticesService);
    const money = await notices.listReportingMoney(null, 500);
    const mine = money.find((n) => n.requestId === sent[2].requestId);
    expect(mine).toBeDefined();
    expect(await notices.resolve(mine!.id, 'paid by hand on order nobody-2')).toBe(true);
    expect((await notices.listReportingMoney(null, 500)).some((n) => n.requestId === sent[2].requestId)).toBe(false);
  });

  it('refuses a merchant key, a bad limit and an altered cursor', async () => {
    await request(t.url).get('/v1/admin/unmatched-notices').set(merchantAuth).expect(403);
    const bad = await unmatched('?limit=0').expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('query.limit');
    const altered = await unmatched('?cursor=eyJjIjoiMjAyNi0wMS0wMVQwMDowMDowMC4wMDBaIn0.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(400);
    expect(altered.body.code).toBe('invalid_cursor');
  });
});
