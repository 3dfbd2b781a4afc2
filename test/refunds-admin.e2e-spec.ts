import request from 'supertest';
import { PaymentSession } from '../src/payments/entities/payment-session.entity';
import { RefundFake, startRefundFake } from './support/refund-fake-fintecture';
import { insertSession } from './support/session-fixtures';
import { adminAuth, merchantAuth, startTestApp, TestApp } from './support/test-app';

/** The admin's view of refunds (issue 14 §6): the listing with its filters and keyset pages, the session detail, the CSV export. */
let fake: RefundFake;
let t: TestApp;
let first: PaymentSession;
let second: PaymentSession;
const made: Array<{ id: string; status: string; session: string }> = [];

beforeAll(async () => {
  fake = await startRefundFake();
  t = await startTestApp(fake.env);
  const paid = (state: string) => insertSession(t.app, { state, outcome: 'paid', status: 'payment_created', amountMinor: 10_000 });
  first = await paid('admin-refunds-1');
  second = await paid('admin-refunds-2');
  fake.answerRefundsWith('accept', 'aborted', 'waiting', 'accept', 'accept');
  for (const [session, amount] of [
    [first, '10.00'],
    [first, '1.00'],
    [second, '2.00'],
    [second, '3.00'],
    [first, '4.00'],
  ] as const) {
    const res = await request(t.url).post(`/v1/payment-sessions/${session.id}/refunds`).set(merchantAuth).send({ amount });
    made.push({ id: (res.body.refund ?? res.body).id as string, status: (res.body.refund ?? res.body).status as string, session: session.id });
  }
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

const list = (query: Record<string, string> = {}) => request(t.url).get('/v1/admin/refunds').query(query).set(adminAuth);
const newestFirst = () => [...made].reverse();

describe('GET /v1/admin/refunds', () => {
  it('lists every refund newest first, in keyset pages that end with next_cursor null', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await list({ limit: '2', ...(cursor ? { cursor } : {}) }).expect(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data.map((r: { id: string }) => r.id));
      cursor = res.body.next_cursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(newestFirst().map((r) => r.id));
    const one = (await list({ limit: '1' }).expect(200)).body.data[0];
    expect(one).toMatchObject({ id: made[4].id, merchant: 'shop', payment_session_id: first.id, amount: '4.00', status: 'accepted', origin: 'api' });
  });

  it.each<[string, Record<string, string>, (r: (typeof made)[number]) => boolean]>([
    ['one status', { status: 'aborted' }, (r) => r.status === 'aborted'],
    ['several statuses', { status: 'waiting,aborted' }, (r) => ['waiting', 'aborted'].includes(r.status)],
    ['a session by our id', { session: 'first' }, (r) => r.session === 'first'],
    ["a session by Fintecture's id", { session: 'second-hex' }, (r) => r.session === 'second'],
    ['a created range that holds them all', { created_from: '2020-01-01', created_to: '2100-01-01' }, () => true],
    ['a created range that holds none', { created_from: '2020-01-01', created_to: '2020-01-02' }, () => false],
  ])('filters by %s', async (_name, given, keep) => {
    const query = { ...given };
    if (query.session === 'first') query.session = first.id;
    if (query.session === 'second-hex') query.session = second.sessionId!;
    const named = made.map((r) => ({ ...r, session: r.session === first.id ? 'first' : 'second' }));
    const res = await list(query).expect(200);
    expect(res.body.data.map((r: { id: string }) => r.id)).toEqual(
      [...named]
        .reverse()
        .filter(keep)
        .map((r) => r.id),
    );
  });

  it.each<[Record<string, string>, string]>([
    [{ status: 'paid' }, 'query.status'],
    [{ created_from: '2026-02-30' }, 'query.created_from'],
    [{ created_from: '2026-02-02', created_to: '2026-02-01' }, 'query.created_from'],
    [{ session: 'nope' }, 'query.session'],
    [{ limit: '0' }, 'query.limit'],
    [{ limit: '201' }, 'query.limit'],
  ])('refuses %j with 400 naming %s', async (query, field) => {
    const res = await list(query).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('refuses a cursor used with other filters, or altered', async () => {
    const page = (await list({ limit: '1' }).expect(200)).body;
    expect((await list({ limit: '1', status: 'accepted', cursor: page.next_cursor }).expect(400)).body.code).toBe('invalid_cursor');
    expect((await list({ limit: '1', cursor: `${page.next_cursor}x` }).expect(400)).body.code).toBe('invalid_cursor');
  });

  it('is for admins only', async () => {
    await request(t.url).get('/v1/admin/refunds').set(merchantAuth).expect(403);
    await request(t.url).get('/v1/admin/refunds').expect(401);
  });

  it('reads one refund with its events', async () => {
    const res = await request(t.url).get(`/v1/admin/refunds/${made[1].id}`).set(adminAuth).expect(200);
    expect(res.body).toMatchObject({ id: made[1].id, status: 'aborted', merchant: 'shop' });
    expect(res.body.events.map((e: { kind: string; status_after: string }) => [e.kind, e.status_after])).toEqual([
      ['requested', 'requested'],
      ['call', 'aborted'],
    ]);
    await request(t.url).get('/v1/admin/refunds/0b6f6c1e-3f3a-4c43-9d35-1d6a0e0f6b7a').set(adminAuth).expect(404);
  });
});

describe('refunds in the session detail and the CSV export', () => {
  it("the admin session detail lists the session's refunds, oldest first", async () => {
    const res = await request(t.url).get(`/v1/admin/payment-sessions/${first.sessionId}`).set(adminAuth).expect(200);
    expect(res.body.refunds.map((r: { id: string }) => r.id)).toEqual(made.filter((r) => r.session === first.id).map((r) => r.id));
    expect(res.body).toMatchObject({ refunded_amount: '0.00', refundable_amount: '86.00' });
  });

  it('the export carries refunded, refunding and refundable amounts', async () => {
    const res = await request(t.url).get('/v1/admin/payment-sessions/export').set(adminAuth).expect(200);
    const rows = res.text
      .trimEnd()
      .split('\r\n')
      .map((line) => line.split(','));
    const header = rows[0];
    const row = rows.find((r) => r[0] === second.id)!;
    const cell = (name: string) => row[header.indexOf(name)];
    expect([cell('refunded_amount'), cell('refunding_amount'), cell('refundable_amount')]).toEqual(['0.00', '5.00', '95.00']);
  });
});
