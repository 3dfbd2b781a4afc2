/**
 * The admin API end to end, on the real app and a fresh database (SQLite, or PostgreSQL when
 * DATABASE_URL is set: the suite runs on both). Sessions are written straight through the
 * app's DataSource, so that filters can be checked against a known set without the emulator.
 * Every list answer is compared with the same set filtered and sorted in JavaScript.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import request from 'supertest';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { CursorCodec } from '../src/common/cursor-codec';
import { filtersDigest, filtersFromQuery } from '../src/admin/session-filters';
import { uuidv7 } from '../src/common/ids';
import { TransactionRunner } from '../src/database/transaction-runner';
import { PaymentSession } from '../src/payments/entities/payment-session.entity';
import { SessionEvent } from '../src/payments/entities/session-event.entity';
import type { Outcome } from '../src/payments/payment-outcome';
import { REFUNDABLE_OUTCOMES } from '../src/refunds/refund-balance';
import { adminAuth, merchantAuth, startTestApp, TestApp } from './support/test-app';
import { sessionRow as baseSessionRow } from './support/session-fixtures';

const BASE = '/v1/admin/payment-sessions';

/** Sandbox mode against an address nothing listens on: the admin API never calls Fintecture. */
function offlineEnv(): Record<string, string> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    FINTECTURE_ENV: 'sandbox',
    FINTECTURE_APP_ID: 'admin-test-app',
    FINTECTURE_APP_SECRET: 'admin-test-secret',
    FINTECTURE_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    FINTECTURE_API_URL: 'http://127.0.0.1:9',
    RATE_LIMIT_PER_MINUTE: '1000000',
    CURSOR_SECRET: 'admin-e2e-cursor-secret-0123456789abcdef',
  };
}

const STATUS_OF: Record<Outcome, string | null> = {
  creating: null,
  creation_failed: null,
  awaiting_payer: 'provider_required',
  pending: 'payment_pending',
  covered: 'order_created',
  partially_paid: 'payment_partial',
  paid: 'payment_created',
  overpaid: 'payment_created',
  failed: 'payment_unsuccessful',
  expired: 'payment_expired',
  cancelled: 'payment_cancelled',
};

interface Fixture {
  id?: string;
  outcome?: Outcome;
  status?: string | null;
  state?: string;
  sessionId?: string | null;
  currency?: string;
  amountMinor?: number;
  createdAt: Date;
  communication?: string | null;
  merchant?: string;
}

/** A full, valid row; only what a test cares about needs saying. */
function sessionRow(f: Fixture): PaymentSession {
  const outcome = f.outcome ?? 'paid';
  return baseSessionRow({
    ...(f.id ? { id: f.id } : {}),
    ...(f.sessionId !== undefined ? { sessionId: f.sessionId } : {}),
    merchant: f.merchant ?? 'shop',
    requestFingerprint: '0'.repeat(64),
    state: f.state ?? `order-${randomBytes(4).toString('hex')}`,
    outcome,
    status: f.status === undefined ? STATUS_OF[outcome] : f.status,
    amountMinor: f.amountMinor ?? 4250,
    currency: f.currency ?? 'EUR',
    communication: f.communication ?? null,
    url: null,
    createdAt: f.createdAt,
  });
}

async function insertSessions(app: TestApp, rows: PaymentSession[]): Promise<void> {
  const tx = app.app.get(TransactionRunner);
  // Small statements: SQLite binds at most 32,766 parameters at once.
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    // The JSON columns' Record<string, unknown> type trips TypeORM's deep-partial typing; the rows are whole entities.
    await tx.run((manager) => manager.getRepository(PaymentSession).insert(part as QueryDeepPartialEntity<PaymentSession>[]));
  }
}

/** Newest first, ties broken by id: the order the API promises. */
function byListOrder(a: PaymentSession, b: PaymentSession): number {
  const t = b.createdAt.getTime() - a.createdAt.getTime();
  return t !== 0 ? t : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

async function walk(app: TestApp, query: Record<string, string>): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: request.Response = await request(app.app.getHttpServer())
      .get(BASE)
      .set(adminAuth)
      .query(cursor ? { ...query, cursor } : query)
      .expect(200);
    pages += 1;
    ids.push(...res.body.data.map((s: { id: string }) => s.id));
    cursor = res.body.next_cursor;
    if (pages > 1000) throw new Error('pagination does not end');
  } while (cursor);
  return { ids, pages };
}

/** The streamed export as one string, whatever its content type (supertest would not buffer text/csv on its own). */
function collectText(response: request.Response, done: (error: Error | null, body: string) => void): void {
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => (text += chunk));
  response.on('end', () => done(null, text));
}

/** RFC 4180, for checking what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i += 1;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += ch;
    i += 1;
  }
  if (field || row.length) throw new Error('CSV does not end with CRLF');
  return rows;
}

const at = (iso: string) => new Date(iso);

describe('admin payment sessions: filters, detail, export', () => {
  let t: TestApp;
  let http: ReturnType<TestApp['app']['getHttpServer']>;
  const fixtures: PaymentSession[] = [];
  let sharedTie: Date;
  let detailed: PaymentSession;

  beforeAll(async () => {
    t = await startTestApp(offlineEnv());
    http = t.app.getHttpServer();
    const outcomes: Outcome[] = [
      'paid',
      'paid',
      'paid',
      'pending',
      'awaiting_payer',
      'failed',
      'expired',
      'cancelled',
      'overpaid',
      'partially_paid',
      'creation_failed',
      'creating',
    ];
    const start = at('2026-01-01T00:00:00.000Z').getTime();
    for (let i = 0; i < 60; i++) {
      const outcome = outcomes[i % outcomes.length];
      fixtures.push(
        sessionRow({
          // Spread over two months, seconds and milliseconds included.
          createdAt: new Date(start + i * 86_400_000 + (i % 7) * 3_600_123),
          outcome,
          sessionId: outcome === 'creating' || outcome === 'creation_failed' ? null : undefined,
          state: `order-${i % 20}`,
          currency: i % 5 === 0 ? 'GBP' : 'EUR',
          amountMinor: [100, 1050, 1051, 4250, 99_999, 250_000, 1][i % 7],
        }),
      );
    }
    // Same instant, different ids: the id decides the order, and paging must not lose one.
    sharedTie = at('2026-01-20T12:00:00.000Z');
    for (let i = 0; i < 5; i++) fixtures.push(sessionRow({ createdAt: sharedTie, outcome: i % 2 ? 'paid' : 'pending', state: 'tied' }));
    // Exactly on the bounds used below.
    fixtures.push(sessionRow({ createdAt: at('2026-02-01T00:00:00.000Z'), state: 'edge-from' }));
    fixtures.push(sessionRow({ createdAt: at('2026-02-14T23:59:59.999Z'), state: 'edge-before-to' }));
    fixtures.push(sessionRow({ createdAt: at('2026-02-15T00:00:00.000Z'), state: 'edge-to' }));
    fixtures.push(sessionRow({ createdAt: at('2026-02-10T00:00:00.000Z'), status: 'order_created', outcome: 'pending' }));
    // Spreadsheet hazards and RFC 4180 quoting.
    fixtures.push(
      sessionRow({
        createdAt: at('2025-12-31T23:00:00.000Z'),
        state: '=HYPERLINK("http://evil.example","click")',
        communication: 'line one\r\nline "two", three',
        outcome: 'cancelled',
      }),
    );
    fixtures.push(sessionRow({ createdAt: at('2025-12-31T22:00:00.000Z'), state: '+33 6 12', communication: '-1+1', outcome: 'cancelled' }));
    fixtures.push(sessionRow({ createdAt: at('2025-12-31T21:00:00.000Z'), state: '@SUM(A1)', communication: 'naïve café €', outcome: 'cancelled' }));
    await insertSessions(t, fixtures);

    detailed = fixtures[3];
    const events = ['created', 'status', 'status', 'refund'].map((kind, i) =>
      Object.assign(new SessionEvent(), {
        id: uuidv7(detailed.createdAt.getTime() + i * 1000),
        paymentSessionId: detailed.id,
        source: i === 0 ? 'api' : 'webhook',
        kind,
        accepted: i !== 2,
        reason: i === 2 ? 'unchanged' : null,
        status: ['provider_required', 'payment_pending', 'payment_pending', 'refund_waiting'][i],
        transferState: null,
        outcomeBefore: ['creating', 'awaiting_payer', 'pending', 'pending'][i] as Outcome,
        outcomeAfter: ['awaiting_payer', 'pending', 'pending', 'pending'][i] as Outcome,
        requestId: `req-${i}`,
        receivedAmountMinor: i === 3 ? 1050 : null,
        dedupeKey: null,
        detail: i === 3 ? { note: 'x' } : null,
        createdAt: new Date(detailed.createdAt.getTime() + i * 1000),
      }),
    );
    // Stored out of order: the answer must still read oldest first.
    const shuffled = [events[2], events[0], events[3], events[1]] as QueryDeepPartialEntity<SessionEvent>[];
    await t.app.get(TransactionRunner).run((m) => m.getRepository(SessionEvent).insert(shuffled));
  });

  afterAll(async () => {
    await t?.close();
  });

  type Case = [string, Record<string, string>, (s: PaymentSession) => boolean];
  const from = (iso: string) => (s: PaymentSession) => s.createdAt.getTime() >= Date.parse(iso);
  const to = (iso: string) => (s: PaymentSession) => s.createdAt.getTime() < Date.parse(iso);
  const cases: Case[] = [
    ['no filter', {}, () => true],
    ['one outcome', { outcome: 'paid' }, (s) => s.outcome === 'paid'],
    ['several outcomes', { outcome: 'pending,awaiting_payer,cancelled' }, (s) => ['pending', 'awaiting_payer', 'cancelled'].includes(s.outcome)],
    [
      'every outcome, repeated and spaced',
      { outcome: 'paid, paid,creating,creation_failed,awaiting_payer,pending,partially_paid,overpaid,failed,expired,cancelled' },
      () => true,
    ],
    ['status', { status: 'payment_created' }, (s) => s.status === 'payment_created'],
    ['status of a minority', { status: 'order_created' }, (s) => s.status === 'order_created'],
    ['state', { state: 'order-7' }, (s) => s.state === 'order-7'],
    ['state with formula characters', { state: '=HYPERLINK("http://evil.example","click")' }, (s) => s.state.startsWith('=HYPERLINK')],
    ['session_id', { session_id: '' }, () => false], // filled in below
    ['currency', { currency: 'GBP' }, (s) => s.currency === 'GBP'],
    ['unknown currency', { currency: 'PLN' }, () => false],
    ['created_from (date, inclusive)', { created_from: '2026-02-01' }, from('2026-02-01T00:00:00Z')],
    ['created_to (date, exclusive)', { created_to: '2026-02-15' }, to('2026-02-15T00:00:00Z')],
    ['date range', { created_from: '2026-02-01', created_to: '2026-02-15' }, (s) => from('2026-02-01T00:00:00Z')(s) && to('2026-02-15T00:00:00Z')(s)],
    [
      'date-time range with offsets',
      { created_from: '2026-01-20T13:00:00+01:00', created_to: '2026-01-20T12:00:00.001Z' },
      (s) => s.createdAt.getTime() === sharedTie.getTime(),
    ],
    ['empty date range', { created_from: '2026-02-01', created_to: '2026-02-01' }, () => false],
    ['amount_min (decimal, inclusive)', { amount_min: '10.5' }, (s) => s.amountMinor >= 1050],
    ['amount_max (inclusive)', { amount_max: '10.51' }, (s) => s.amountMinor <= 1051],
    ['amount range', { amount_min: '10.50', amount_max: '999.99' }, (s) => s.amountMinor >= 1050 && s.amountMinor <= 99_999],
    ['exact amount', { amount_min: '42.5', amount_max: '42.50' }, (s) => s.amountMinor === 4250],
    [
      'outcome + date range',
      { outcome: 'paid', created_from: '2026-01-10', created_to: '2026-02-20' },
      (s) => s.outcome === 'paid' && from('2026-01-10T00:00:00Z')(s) && to('2026-02-20T00:00:00Z')(s),
    ],
    [
      'outcomes + currency + amount',
      { outcome: 'paid,pending,failed', currency: 'EUR', amount_min: '10' },
      (s) => ['paid', 'pending', 'failed'].includes(s.outcome) && s.currency === 'EUR' && s.amountMinor >= 1000,
    ],
    [
      'status + date range',
      { status: 'payment_pending', created_from: '2026-01-05' },
      (s) => s.status === 'payment_pending' && from('2026-01-05T00:00:00Z')(s),
    ],
    ['state + outcome', { state: 'tied', outcome: 'pending' }, (s) => s.state === 'tied' && s.outcome === 'pending'],
    [
      'everything at once',
      {
        outcome: 'paid,overpaid',
        status: 'payment_created',
        currency: 'EUR',
        created_from: '2026-01-01',
        created_to: '2026-03-01',
        amount_min: '1',
        amount_max: '1000',
      },
      (s) =>
        ['paid', 'overpaid'].includes(s.outcome) &&
        s.status === 'payment_created' &&
        s.currency === 'EUR' &&
        from('2026-01-01T00:00:00Z')(s) &&
        to('2026-03-01T00:00:00Z')(s) &&
        s.amountMinor >= 100 &&
        s.amountMinor <= 100_000,
    ],
  ];

  it.each(cases)('filters: %s, walked page by page, is exactly the expected list in order', async (name, query, predicate) => {
    if (name === 'session_id') {
      const target = fixtures.find((s) => s.sessionId)!;
      query = { session_id: target.sessionId! };
      predicate = (s) => s.id === target.id;
    }
    const expected = fixtures
      .filter(predicate)
      .sort(byListOrder)
      .map((s) => s.id);
    if (!['unknown currency', 'empty date range'].includes(name)) expect(expected.length).toBeGreaterThan(0);
    for (const limit of ['1', '4', '200']) {
      const { ids, pages } = await walk(t, { ...query, limit });
      expect(ids).toEqual(expected);
      expect(pages).toBe(Math.max(1, Math.ceil(expected.length / Number(limit))));
    }
  });

  it('answers the §5 resource (plus merchant), newest first, 50 by default, next_cursor null on the last page', async () => {
    const first = await request(http).get(BASE).set(adminAuth).expect(200);
    expect(first.body.data).toHaveLength(50);
    expect(typeof first.body.next_cursor).toBe('string');
    const newest = [...fixtures].sort(byListOrder)[0];
    expect(first.body.data[0]).toEqual({
      id: newest.id,
      session_id: newest.sessionId,
      url: null,
      state: newest.state,
      outcome: newest.outcome,
      status: newest.status,
      transfer_state: null,
      amount: (newest.amountMinor / 100).toFixed(2),
      currency: newest.currency,
      communication: newest.communication,
      payment_methods: ['immediate_transfer'],
      virtual_beneficiary: null,
      beneficiary: null,
      received_amount: null,
      refunded_amount: '0.00',
      refundable_amount: REFUNDABLE_OUTCOMES.includes(newest.outcome) ? (newest.amountMinor / 100).toFixed(2) : '0.00',
      expires_at: null,
      failure: null,
      created_at: newest.createdAt.toISOString(),
      updated_at: newest.createdAt.toISOString(),
      paid_at: null,
      version: newest.version,
      merchant: 'shop',
    });
    const second = await request(http).get(BASE).set(adminAuth).query({ cursor: first.body.next_cursor }).expect(200);
    expect(second.body.data).toHaveLength(fixtures.length - 50);
    expect(second.body.next_cursor).toBeNull();
  });

  it('has no next page when the last page is exactly full', async () => {
    const count = fixtures.filter((s) => s.state === 'tied').length;
    const res = await request(http)
      .get(BASE)
      .set(adminAuth)
      .query({ state: 'tied', limit: String(count) })
      .expect(200);
    expect(res.body.data).toHaveLength(count);
    expect(res.body.next_cursor).toBeNull();
  });

  describe('refuses bad parameters with a 400 naming them', () => {
    const bad: Array<[Record<string, string | string[]>, string]> = [
      [{ created_from: '2026-02-30' }, 'query.created_from'],
      [{ created_from: 'yesterday' }, 'query.created_from'],
      [{ created_to: '2026-11-24T10:00:00' }, 'query.created_to'],
      [{ created_to: '1732442400' }, 'query.created_to'],
      [{ created_from: '2026-02-02', created_to: '2026-02-01' }, 'query.created_from'],
      [{ amount_min: '-1' }, 'query.amount_min'],
      [{ amount_min: '1.234' }, 'query.amount_min'],
      [{ amount_max: '1e3' }, 'query.amount_max'],
      [{ amount_max: 'abc' }, 'query.amount_max'],
      [{ amount_min: '20', amount_max: '10' }, 'query.amount_min'],
      [{ outcome: 'paid,bogus' }, 'query.outcome'],
      [{ outcome: '' }, 'query.outcome'],
      [{ outcome: 'PAID' }, 'query.outcome'],
      [{ outcome: ['paid', 'failed'] }, 'query.outcome'],
      [{ limit: '0' }, 'query.limit'],
      [{ limit: '201' }, 'query.limit'],
      [{ limit: '1.5' }, 'query.limit'],
      [{ limit: 'ten' }, 'query.limit'],
      [{ limit: '-1' }, 'query.limit'],
      [{ status: 'Payment Created' }, 'query.status'],
      [{ session_id: 'not-a-session' }, 'query.session_id'],
      [{ currency: 'eur' }, 'query.currency'],
      [{ state: 'x'.repeat(513) }, 'query.state'],
      [{ sort: 'amount' }, 'query.sort'],
      [{ cursor: ['a', 'b'] }, 'query.cursor'],
    ];
    it.each(bad)('%j → %s', async (query, field) => {
      const res = await request(http).get(BASE).set(adminAuth).query(query).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, code: 'validation_failed' });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  describe('refuses forged, altered and misused cursors with 400 invalid_cursor', () => {
    let real: string;
    beforeAll(async () => {
      real = (await request(http).get(BASE).set(adminAuth).query({ outcome: 'paid', limit: '2' }).expect(200)).body.next_cursor;
    });

    const cursorCases: Array<[string, () => { cursor: string; query?: Record<string, string> }]> = [
      ['garbage', () => ({ cursor: 'garbage' })],
      ['empty', () => ({ cursor: '' })],
      ['huge', () => ({ cursor: 'A'.repeat(10_000) })],
      ['non-ASCII', () => ({ cursor: 'ü.ü' })],
      ['altered payload', () => ({ cursor: (real[0] === 'e' ? 'f' : 'e') + real.slice(1), query: { outcome: 'paid' } })],
      ['altered signature', () => ({ cursor: real.slice(0, -1) + (real.endsWith('A') ? 'B' : 'A'), query: { outcome: 'paid' } })],
      ['truncated', () => ({ cursor: real.slice(0, -5), query: { outcome: 'paid' } })],
      ['used with other filters', () => ({ cursor: real, query: { outcome: 'failed' } })],
      ['used without its filters', () => ({ cursor: real })],
      [
        'signed with another secret',
        () => ({
          cursor: new CursorCodec('another-secret-of-at-least-32-chars!', 'admin.sessions').encode(
            { createdAt: new Date(), id: fixtures[0].id },
            filtersDigest(filtersFromQuery({ outcome: 'paid' })),
          ),
          query: { outcome: 'paid' },
        }),
      ],
    ];
    it.each(cursorCases)('%s', async (_name, make) => {
      const { cursor, query } = make();
      const res = await request(http)
        .get(BASE)
        .set(adminAuth)
        .query({ ...query, cursor })
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, code: 'invalid_cursor' });
      expect(res.body.errors[0].field).toBe('query.cursor');
    });

    it('accepts the real one with its filters, whatever their spelling, and any page size', async () => {
      const res = await request(http).get(BASE).set(adminAuth).query({ outcome: 'paid,paid', cursor: real, limit: '3' }).expect(200);
      expect(res.body.data.every((s: { outcome: string }) => s.outcome === 'paid')).toBe(true);
    });
  });

  describe('GET /v1/admin/payment-sessions/{id}', () => {
    it('answers the session with its events, oldest first, by our id or by session_id', async () => {
      for (const key of [detailed.id, detailed.sessionId!]) {
        const res = await request(http).get(`${BASE}/${key}`).set(adminAuth).expect(200);
        expect(res.body.id).toBe(detailed.id);
        expect(res.body.merchant).toBe('shop');
        expect(res.body.events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'status', 'status', 'refund']);
        expect(res.body.events[2]).toMatchObject({ accepted: false, reason: 'unchanged', outcome_before: 'pending', outcome_after: 'pending' });
        expect(res.body.events[3]).toMatchObject({ source: 'webhook', received_amount: '10.50', detail: { note: 'x' }, request_id: 'req-3' });
        const times = res.body.events.map((e: { created_at: string }) => e.created_at);
        expect([...times].sort()).toEqual(times);
      }
    });

    it('answers a session without events with an empty list', async () => {
      const res = await request(http).get(`${BASE}/${fixtures[0].id}`).set(adminAuth).expect(200);
      expect(res.body.events).toEqual([]);
    });

    it.each([uuidv7(), 'f'.repeat(32), 'nope', '..', "1' OR '1'='1"])('404 for %j', async (id) => {
      const res = await request(http)
        .get(`${BASE}/${encodeURIComponent(id)}`)
        .set(adminAuth)
        .expect(404);
      expect(res.body.code).toBe('not_found');
    });
  });

  describe('access', () => {
    it.each([BASE, `${BASE}/export`, `${BASE}/00000000-0000-7000-8000-000000000000`])(
      '%s: 401 without a key, 403 with a merchant key',
      async (path) => {
        const none = await request(http).get(path).expect(401);
        expect(none.body.code).toBe('unauthorized');
        const merchant = await request(http).get(path).set(merchantAuth).expect(403);
        expect(merchant.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(merchant.body.code).toBe('forbidden');
        await request(http).get(path).set({ Authorization: 'Bearer not-a-key-at-all-123' }).expect(401);
      },
    );

    it('validates nothing before the key: a merchant gets 403 even with bad parameters', async () => {
      await request(http).get(BASE).set(merchantAuth).query({ limit: 'zzz' }).expect(403);
    });
  });

  describe('GET /v1/admin/payment-sessions/export', () => {
    async function exportCsv(query: Record<string, string> = {}) {
      const res = await request(http).get(`${BASE}/export`).set(adminAuth).query(query).buffer(true).parse(collectText).expect(200);
      return { res, rows: parseCsv(res.body as string) };
    }

    it('streams every filtered session as RFC 4180 CSV, newest first, with a header row', async () => {
      const { res, rows } = await exportCsv();
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="payment-sessions-\d{4}-\d{2}-\d{2}\.csv"$/);
      const [header, ...data] = rows;
      expect(header).toEqual([
        'id',
        'session_id',
        'merchant',
        'state',
        'outcome',
        'status',
        'transfer_state',
        'amount',
        'currency',
        'received_amount',
        'communication',
        'payment_methods',
        'failure_code',
        'expires_at',
        'created_at',
        'updated_at',
        'paid_at',
        'refunded_amount',
        'refunding_amount',
        'refundable_amount',
      ]);
      expect(data.map((r) => r[0])).toEqual([...fixtures].sort(byListOrder).map((s) => s.id));
      expect(data.every((r) => r.length === header.length)).toBe(true);
      const first = [...fixtures].sort(byListOrder)[0];
      expect(data[0]).toEqual([
        first.id,
        first.sessionId ?? '',
        'shop',
        first.state,
        first.outcome,
        first.status ?? '',
        '',
        (first.amountMinor / 100).toFixed(2),
        first.currency,
        '',
        first.communication ?? '',
        'immediate_transfer',
        '',
        '',
        first.createdAt.toISOString(),
        first.createdAt.toISOString(),
        '',
        '0.00',
        '0.00',
        REFUNDABLE_OUTCOMES.includes(first.outcome) ? (first.amountMinor / 100).toFixed(2) : '0.00',
      ]);
    });

    it('quotes commas, quotes and line breaks, keeps UTF-8, and defuses formulas', async () => {
      const { res, rows } = await exportCsv({ outcome: 'cancelled', created_to: '2026-01-01' });
      const text = res.body as string;
      expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
      expect(text).toContain('"line one\r\nline ""two"", three"');
      const byState = new Map(rows.slice(1).map((r) => [r[3], r]));
      expect([...byState.keys()]).toEqual([`'=HYPERLINK("http://evil.example","click")`, "'+33 6 12", "'@SUM(A1)"]);
      expect(byState.get(`'=HYPERLINK("http://evil.example","click")`)![10]).toBe('line one\r\nline "two", three');
      expect(byState.get("'+33 6 12")![10]).toBe("'-1+1");
      expect(byState.get("'@SUM(A1)")![10]).toBe('naïve café €');
    });

    it('applies the filters and answers only the header when nothing matches', async () => {
      const { rows } = await exportCsv({ outcome: 'paid,overpaid', currency: 'GBP' });
      const expected = fixtures.filter((s) => ['paid', 'overpaid'].includes(s.outcome) && s.currency === 'GBP').sort(byListOrder);
      expect(rows.slice(1).map((r) => r[0])).toEqual(expected.map((s) => s.id));
      const empty = await exportCsv({ currency: 'PLN' });
      expect(empty.rows).toHaveLength(1);
    });

    it('refuses bad filters (and paging parameters) as problem+json before streaming anything', async () => {
      for (const [query, field] of [
        [{ created_from: 'nope' }, 'query.created_from'],
        [{ amount_min: '5', amount_max: '1' }, 'query.amount_min'],
        [{ limit: '10' }, 'query.limit'],
      ] as const) {
        const res = await request(http).get(`${BASE}/export`).set(adminAuth).query(query).expect(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    });
  });
});

describe('admin payment sessions: paging while sessions are being written', () => {
  let t: TestApp;
  const initial: PaymentSession[] = [];

  beforeAll(async () => {
    t = await startTestApp(offlineEnv());
    const start = at('2026-06-01T00:00:00.000Z').getTime();
    for (let i = 0; i < 2400; i++) {
      // Several sessions per millisecond now and then, so that ties cross page boundaries.
      const createdAt = new Date(start + Math.floor(i / 3) * 60_000 + (i % 3 === 2 ? 0 : i % 3));
      initial.push(sessionRow({ createdAt, outcome: (['paid', 'pending', 'failed', 'expired'] as const)[i % 4], amountMinor: 100 + i }));
    }
    await insertSessions(t, initial);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('walks every row that existed at the start exactly once while newer and older rows are inserted', async () => {
    const startSet = new Set(initial.map((s) => s.id));
    const oldest = Math.min(...initial.map((s) => s.createdAt.getTime()));
    const newest = Math.max(...initial.map((s) => s.createdAt.getTime()));
    let writing = true;
    let written = 0;
    const writer = (async () => {
      // Newer than the first page, older than the last, and right inside the range being walked.
      while (writing) {
        const when = [newest + 1 + written * 1000, oldest - 1 - written * 1000, oldest + Math.floor(Math.random() * (newest - oldest))];
        await insertSessions(
          t,
          when.map((ms) => sessionRow({ createdAt: new Date(ms), outcome: 'paid' })),
        );
        written += when.length;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    try {
      do {
        const res: request.Response = await request(t.app.getHttpServer())
          .get(BASE)
          .set(adminAuth)
          .query(cursor ? { limit: '37', cursor } : { limit: '37' })
          .expect(200);
        seen.push(...res.body.data.map((s: { id: string }) => s.id));
        cursor = res.body.next_cursor;
        pages += 1;
      } while (cursor);
    } finally {
      writing = false;
      await writer;
    }

    expect(written).toBeGreaterThan(0);
    expect(new Set(seen).size).toBe(seen.length);
    const seenInitial = seen.filter((id) => startSet.has(id));
    expect(seenInitial).toHaveLength(initial.length);
    expect(seenInitial).toEqual([...initial].sort(byListOrder).map((s) => s.id));
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(initial.length / 37));
  });

  it('walks a filtered list the same way (one branch per outcome)', async () => {
    const query = { outcome: 'pending,failed', amount_min: '5', limit: '50' };
    const { ids } = await walk(t, query);
    const expected = initial.filter((s) => ['pending', 'failed'].includes(s.outcome) && s.amountMinor >= 500).sort(byListOrder);
    const initialIds = new Set(initial.map((s) => s.id));
    expect(ids.filter((id) => initialIds.has(id))).toEqual(expected.map((s) => s.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('exports more rows than one batch, each once, in order', async () => {
    const res = await request(t.app.getHttpServer())
      .get(`${BASE}/export`)
      .set(adminAuth)
      .query({ created_from: '2026-06-01', created_to: '2026-07-01' })
      .buffer(true)
      .parse(collectText)
      .expect(200);
    const rows = parseCsv(res.body as string).slice(1);
    const expected = [...initial].sort(byListOrder).map((s) => s.id);
    const initialIds = new Set(initial.map((s) => s.id));
    const inWindow = rows.map((r) => r[0]).filter((id) => initialIds.has(id));
    expect(inWindow).toEqual(expected);
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
  });
});
