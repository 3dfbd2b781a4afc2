import { EventEmitter2 } from '@nestjs/event-emitter';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { WebhookReceivedEvent, WebhookResult } from '../src/webhooks/events/webhook-received.event';
import { FINTECTURE_CREDENTIALS, FintectureCredentials } from '../src/fintecture/fintecture-credentials';
import { buildWebhookHeaders, computeDigest, httpDate } from '../src/fintecture/http-signature';
import { PaymentSession } from '../src/payments/entities/payment-session.entity';
import { SessionEvent } from '../src/payments/entities/session-event.entity';
import { IMMEDIATE_TRANSFER_EXAMPLE } from '../src/payments/dto/payment-session.examples';
import { SessionStateService } from '../src/payments/session-state.service';
import { emulatorCalls, injectFault, simulate } from './support/emulator-client';
import { httpCall } from './support/emulator-calls';
import { adminAuth, merchantAuth, startTestApp, startTestAppWithCredentials, TestApp } from './support/test-app';
import { insertSession as insertSessionRow, storedSession, storedSessionEvents } from './support/session-fixtures';

/**
 * Webhooks built here exactly as Fintecture builds them (the one signer of http-signature.ts,
 * with the app's own identity), then sent, tampered with or replayed. Most suites write their
 * sessions straight to the database, where Fintecture (the emulator) has never heard of them, to
 * test verification and the forward-only rules: their app does not confirm notices with
 * Fintecture (WEBHOOK_CONFIRM=false). Confirmation has its own suite, with sessions the emulator knows.
 */
let t: TestApp;
let credentials: FintectureCredentials;
const results: WebhookResult[] = [];

beforeAll(async () => {
  t = await startTestApp({ WEBHOOK_CONFIRM: 'false' });
  credentials = t.app.get(FINTECTURE_CREDENTIALS);
  t.app.get(EventEmitter2).on(WebhookReceivedEvent.NAME, ({ result }: WebhookReceivedEvent) => results.push(result));
});
afterAll(() => t?.close());
beforeEach(() => {
  results.length = 0;
});

function insertSession(overrides: Partial<PaymentSession> = {}): Promise<PaymentSession> {
  return insertSessionRow(t.app, { nextCheckAt: new Date(Date.now() + 3_600_000), ...overrides });
}

const reload = (id: string) => storedSession(t.app, id);
const eventsOf = (id: string) => storedSessionEvents(t.app, id);

type Format = 'form' | 'json';

interface WebhookOptions {
  format?: Format;
  requestId?: string;
  date?: string;
  /** Bytes sent instead of the ones signed. */
  sendBody?: string;
  headers?: Record<string, string>;
  appId?: string;
  publicKey?: FintectureCredentials['publicKey'];
  contentType?: string;
}

function encode(fields: Record<string, string>, format: Format): string {
  return format === 'json' ? JSON.stringify(fields) : new URLSearchParams(fields).toString();
}

function webhook(fields: Record<string, string>, options: WebhookOptions = {}) {
  const format = options.format ?? 'form';
  const body = encode(fields, format);
  const signed = buildWebhookHeaders({
    body,
    appId: options.appId ?? credentials.appId,
    publicKey: options.publicKey ?? credentials.publicKey,
    date: options.date,
    requestId: options.requestId,
  });
  return request(t.url)
    .post('/v1/webhooks/fintecture')
    .set('Content-Type', options.contentType ?? (format === 'json' ? 'application/json' : 'application/x-www-form-urlencoded'))
    .set({ ...signed, ...options.headers })
    .send(options.sendBody ?? body);
}

const paid = (sessionId: string, extra: Record<string, string> = {}) => ({
  session_id: sessionId,
  status: 'payment_created',
  transfer_state: 'received',
  type: 'PayByBank',
  amount: '42.50',
  event: 'payment_session.status.payment_created',
  ...extra,
});

describe('POST /v1/webhooks/fintecture applies verified notices', () => {
  it.each<Format>(['form', 'json'])('a valid %s webhook is applied and recorded', async (format) => {
    const session = await insertSession();
    const requestId = randomUUID();
    const res = await webhook(paid(session.sessionId!, { received_amount: '42.50' }), { format, requestId }).expect(200);
    expect(res.body).toEqual({ result: 'applied' });
    expect(results).toEqual(['applied']);

    const row = await reload(session.id);
    expect(row).toMatchObject({
      outcome: 'paid',
      status: 'payment_created',
      transferState: 'received',
      receivedAmountMinor: 4250,
      nextCheckAt: null,
    });
    const events = await eventsOf(session.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      source: 'webhook',
      accepted: true,
      status: 'payment_created',
      transferState: 'received',
      outcomeBefore: 'awaiting_payer',
      outcomeAfter: 'paid',
      requestId,
      receivedAmountMinor: 4250,
      dedupeKey: `webhook:${requestId}`,
    });
  });

  it('reads a form sent without a parsable content type from the raw bytes', async () => {
    const session = await insertSession();
    await webhook(paid(session.sessionId!), { contentType: 'text/plain' }).expect(200, { result: 'applied' });
    expect((await reload(session.id)).outcome).toBe('paid');
  });

  it('hashes the bytes received, + and %20 alike, never a re-serialised form', async () => {
    const session = await insertSession();
    const raw = `session_id=${session.sessionId}&status=payment_pending&state=order%20with+spaces&provider=bank%2Fone`;
    const signed = buildWebhookHeaders({ body: raw, appId: credentials.appId, publicKey: credentials.publicKey });
    await request(t.url)
      .post('/v1/webhooks/fintecture')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set(signed)
      .send(raw)
      .expect(200, { result: 'applied' });
    expect((await reload(session.id)).outcome).toBe('pending');
  });
});

describe('anything that does not verify is answered 401 and changes nothing', () => {
  const { publicKey: strangerKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const minutes = (n: number) => httpDate(new Date(Date.now() + n * 60_000));
  const hours = (n: number) => minutes(60 * n);

  it.each<[string, (sessionId: string) => WebhookOptions]>([
    ['a tampered body', (id) => ({ sendBody: new URLSearchParams(paid(id, { amount: '4250.00' })).toString() })],
    ['a wrong digest', () => ({ headers: { Digest: computeDigest('something else') } })],
    [
      'a digest of another algorithm',
      (id) => ({ headers: { Digest: computeDigest(new URLSearchParams(paid(id)).toString()).replace('SHA-256', 'SHA-512') } }),
    ],
    ['a wrong key id', () => ({ appId: randomUUID() })],
    ['a signature encrypted for another key', () => ({ publicKey: strangerKey })],
    [
      'a signature that is not base64 ciphertext',
      () => ({
        headers: {
          Signature: `keyId="${credentials.appId}",algorithm="rsa-sha256",headers="date digest x-request-id",signature="bm90IGEgY2lwaGVydGV4dA=="`,
        },
      }),
    ],
    ['a malformed Signature header', () => ({ headers: { Signature: 'garbage' } })],
    ['a Date 73 hours old', () => ({ date: hours(-73) })],
    ['a Date 73 hours ahead', () => ({ date: hours(73) })],
    ['a signed Date replaced after signing', () => ({ headers: { Date: minutes(-1) } })],
    ['an X-Request-ID replaced after signing', () => ({ headers: { 'X-Request-ID': randomUUID() } })],
  ])('%s', async (_name, options) => {
    const session = await insertSession();
    const res = await webhook(paid(session.sessionId!), options(session.sessionId!)).expect(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, code: 'invalid_signature' });
    expect(results).toEqual(['invalid']);
    expect(await reload(session.id)).toMatchObject({ outcome: 'awaiting_payer', status: 'provider_required', version: session.version });
    expect(await eventsOf(session.id)).toHaveLength(0);
  });

  it.each(['Signature', 'Digest', 'Date', 'X-Request-ID'])('a missing %s header', async (header) => {
    const session = await insertSession();
    const body = new URLSearchParams(paid(session.sessionId!)).toString();
    const signed: Record<string, string> = buildWebhookHeaders({ body, appId: credentials.appId, publicKey: credentials.publicKey });
    delete signed[header];
    await request(t.url).post('/v1/webhooks/fintecture').set('Content-Type', 'application/x-www-form-urlencoded').set(signed).send(body).expect(401);
    expect((await reload(session.id)).outcome).toBe('awaiting_payer');
  });

  it.each([
    ['2 hours old', -2],
    ['71 hours old', -71],
    ['an hour ahead', 1],
  ])('applies a correctly signed webhook dated %s (the window is 72 h by default: a retry may keep its first Date)', async (_name, offset) => {
    const session = await insertSession();
    await webhook(paid(session.sessionId!), { date: hours(offset) }).expect(200, { result: 'applied' });
    expect((await reload(session.id)).outcome).toBe('paid');
  });
});

describe('notices are recorded once and only move a session forward', () => {
  it('a replayed notice (same X-Request-ID) is answered 200 and recorded once', async () => {
    const session = await insertSession();
    const requestId = randomUUID();
    const date = httpDate();
    await webhook(paid(session.sessionId!), { requestId, date }).expect(200, { result: 'applied' });
    await webhook(paid(session.sessionId!), { requestId, date }).expect(200, { result: 'duplicate' });
    // A retry of the same notice with a new Date is still the same notice.
    await webhook(paid(session.sessionId!), { requestId }).expect(200, { result: 'duplicate' });
    expect(results).toEqual(['applied', 'duplicate', 'duplicate']);
    expect(await eventsOf(session.id)).toHaveLength(1);
  });

  it('the same facts under a new X-Request-ID are recorded as a refused, unchanged notice', async () => {
    const session = await insertSession();
    await webhook(paid(session.sessionId!)).expect(200, { result: 'applied' });
    const res = await webhook(paid(session.sessionId!)).expect(200);
    expect(res.body).toEqual({ result: 'refused', reason: 'unchanged' });
    const events = await eventsOf(session.id);
    expect(events.map((e) => [e.accepted, e.reason])).toEqual([
      [true, null],
      [false, 'unchanged'],
    ]);
  });

  it('payment_created then a late payment_pending stays paid', async () => {
    const session = await insertSession();
    await webhook(paid(session.sessionId!)).expect(200, { result: 'applied' });
    const late = await webhook({ session_id: session.sessionId!, status: 'payment_pending', transfer_state: 'processing' }).expect(200);
    expect(late.body).toEqual({ result: 'refused', reason: 'terminal' });
    expect(await reload(session.id)).toMatchObject({ outcome: 'paid', status: 'payment_created', transferState: 'received' });
    const events = await eventsOf(session.id);
    expect(events[1]).toMatchObject({ accepted: false, reason: 'terminal', status: 'payment_pending', outcomeBefore: 'paid', outcomeAfter: 'paid' });
  });

  it('payment_unsuccessful then payment_created becomes paid', async () => {
    const session = await insertSession();
    await webhook({ session_id: session.sessionId!, status: 'payment_unsuccessful', transfer_state: 'rejected' }).expect(200, { result: 'applied' });
    expect((await reload(session.id)).outcome).toBe('failed');
    await webhook(paid(session.sessionId!)).expect(200, { result: 'applied' });
    expect((await reload(session.id)).outcome).toBe('paid');
    expect((await eventsOf(session.id)).map((e) => [e.outcomeBefore, e.outcomeAfter])).toEqual([
      ['awaiting_payer', 'failed'],
      ['failed', 'paid'],
    ]);
  });

  it('a partial payment records the amount received, and the rest may follow', async () => {
    const session = await insertSession();
    await webhook({ session_id: session.sessionId!, status: 'payment_partial', transfer_state: 'insufficient', received_amount: '20.00' }).expect(
      200,
    );
    expect(await reload(session.id)).toMatchObject({ outcome: 'partially_paid', receivedAmountMinor: 2000 });
    await webhook(paid(session.sessionId!, { received_amount: '42.50' })).expect(200, { result: 'applied' });
    expect(await reload(session.id)).toMatchObject({ outcome: 'paid', receivedAmountMinor: 4250 });
  });

  it('a status the service does not model is recorded and ignored', async () => {
    const session = await insertSession();
    const res = await webhook({ session_id: session.sessionId!, status: 'iban_required' }).expect(200);
    expect(res.body).toEqual({ result: 'ignored', reason: 'unknown_status' });
    expect(results).toEqual(['ignored']);
    expect((await reload(session.id)).outcome).toBe('awaiting_payer');
    expect((await eventsOf(session.id)).map((e) => [e.accepted, e.reason])).toEqual([[false, 'unknown_status']]);
  });

  it('a notice about a session the service does not know is answered 200', async () => {
    await webhook(paid(randomBytes(16).toString('hex'))).expect(200, { result: 'unknown' });
    await webhook(paid('not-a-session-id')).expect(200, { result: 'unknown' });
    expect(results).toEqual(['unknown', 'unknown']);
  });

  it('a verified notice without a session or status is ignored', async () => {
    await webhook({ event: 'something' }).expect(200, { result: 'ignored', reason: 'missing_fields' });
  });

  it('a refund notice is recorded on the original session without changing it', async () => {
    const session = await insertSession({ outcome: 'paid', status: 'payment_created', transferState: 'received', nextCheckAt: null });
    const refundId = randomBytes(16).toString('hex');
    const requestId = randomUUID();
    const fields = {
      session_id: refundId,
      refunded_session_id: session.sessionId!,
      type: 'Refund',
      status: 'payment_created',
      amount: '10.00',
      state: session.state,
    };
    await webhook(fields, { requestId }).expect(200, { result: 'applied' });
    await webhook(fields, { requestId }).expect(200, { result: 'duplicate' });
    expect(await reload(session.id)).toMatchObject({ outcome: 'paid', status: 'payment_created' });
    const events = await eventsOf(session.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ source: 'webhook', kind: 'refund', requestId, outcomeBefore: 'paid', outcomeAfter: 'paid' });
    expect(events[0].detail).toMatchObject({ refund_session_id: refundId, refunded_amount: '10.00', type: 'Refund' });

    const admin = await request(t.url).get(`/v1/admin/payment-sessions/${session.id}`).set(adminAuth);
    if (admin.status === 200) expect(admin.body.events.map((e: { kind: string }) => e.kind)).toContain('refund');
  });

  it('20 concurrent notices for one session end in one consistent state, each distinct notice recorded once', async () => {
    const session = await insertSession();
    const id = session.sessionId!;
    const distinct = (
      [
        { session_id: id, status: 'sca_required' },
        { session_id: id, status: 'session_initiated' },
        { session_id: id, status: 'payment_pending', transfer_state: 'processing' },
        { session_id: id, status: 'payment_pending', transfer_state: 'accepted' },
        paid(id, { received_amount: '42.50' }),
        paid(id, { received_amount: '42.50' }),
        { session_id: id, status: 'payment_pending', transfer_state: 'processing' },
        { session_id: id, status: 'provider_required' },
        { session_id: id, status: 'payment_unsuccessful', transfer_state: 'rejected' },
        paid(id, { received_amount: '42.50' }),
        { session_id: id, status: 'sca_required' },
        { session_id: id, status: 'payment_pending' },
        paid(id, { received_amount: '42.50' }),
        { session_id: id, status: 'payment_waiting' },
        { session_id: id, status: 'payment_pending', transfer_state: 'sent' },
      ] as Array<Record<string, string>>
    ).map((fields) => ({ fields, requestId: randomUUID(), date: httpDate() }));
    // Five of them arrive twice: Fintecture's retries of a notice it thinks was lost.
    const sends = [...distinct, ...distinct.slice(0, 5)];
    const responses = await Promise.all(sends.map((n) => webhook(n.fields, { requestId: n.requestId, date: n.date })));
    expect(responses.map((r) => r.status)).toEqual(sends.map(() => 200));
    expect(results).toHaveLength(20);
    expect(results.filter((r) => r === 'duplicate')).toHaveLength(5);

    const row = await reload(session.id);
    expect(row.outcome).toBe('paid');
    expect(row.status).toBe('payment_created');
    const events = await eventsOf(session.id);
    expect(events).toHaveLength(distinct.length);
    expect(new Set(events.map((e) => e.requestId))).toEqual(new Set(distinct.map((n) => n.requestId)));
    // The accepted events form one unbroken chain from where the session was to where it is.
    const accepted = events.filter((e) => e.accepted);
    let outcome = 'awaiting_payer';
    for (const event of accepted) {
      expect(event.outcomeBefore).toBe(outcome);
      outcome = event.outcomeAfter!;
    }
    expect(outcome).toBe('paid');
    expect(accepted.filter((e) => e.outcomeAfter === 'paid' && e.outcomeBefore !== 'paid')).toHaveLength(1);
    // Nothing accepted after paid but more detail of paid itself.
    const paidAt = accepted.findIndex((e) => e.outcomeAfter === 'paid');
    expect(accepted.slice(paidAt + 1).every((e) => e.outcomeAfter === 'paid')).toBe(true);
  });
});

describe('faults on our side', () => {
  it('a notice that cannot be recorded is answered 503, and its retry is applied once', async () => {
    const session = await insertSession();
    const requestId = randomUUID();
    jest.spyOn(t.app.get(SessionStateService), 'apply').mockRejectedValueOnce(new Error('Connection terminated unexpectedly'));
    const res = await webhook(paid(session.sessionId!), { requestId }).expect(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toMatchObject({ status: 503, code: 'service_unavailable' });
    expect(results).toEqual([]);
    expect((await reload(session.id)).outcome).toBe('awaiting_payer');

    await webhook(paid(session.sessionId!), { requestId }).expect(200, { result: 'applied' });
    expect(await eventsOf(session.id)).toHaveLength(1);
    jest.restoreAllMocks();
  });
});

describe('with a tolerance of 60 s and the emulator sending JSON webhooks', () => {
  let other: TestApp;
  beforeAll(async () => {
    other = await startTestApp({ WEBHOOK_TOLERANCE_SECONDS: '60', EMULATOR_WEBHOOK_FORMAT: 'json' });
  });
  afterAll(() => other?.close());

  function signedFor(app: TestApp, body: string, date: string) {
    const identity = app.app.get<FintectureCredentials>(FINTECTURE_CREDENTIALS);
    return buildWebhookHeaders({ body, appId: identity.appId, publicKey: identity.publicKey, date });
  }

  it('refuses a Date two minutes old that the default window would take', async () => {
    const body = `session_id=${randomBytes(16).toString('hex')}&status=payment_created`;
    await request(other.url)
      .post('/v1/webhooks/fintecture')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set(signedFor(other, body, httpDate(new Date(Date.now() - 120_000))))
      .send(body)
      .expect(401);
    await request(other.url)
      .post('/v1/webhooks/fintecture')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set(signedFor(other, body, httpDate(new Date(Date.now() - 30_000))))
      .send(body)
      .expect(200, { result: 'unknown' });
  });

  it("applies the emulator's own signed JSON webhook for a session created through the API", async () => {
    const example = IMMEDIATE_TRANSFER_EXAMPLE;
    const created = await request(other.url)
      .post(
        `/v1/payment-sessions?${new URLSearchParams({ ...(example.query as unknown as Record<string, string>), state: `order-${randomUUID()}` })}`,
      )
      .set(merchantAuth)
      .set({ 'x-psu-type': 'retail', 'x-country': 'fr', 'x-language': 'fr' })
      .send(example.body)
      .expect(201);
    await request(other.url)
      .post(`/emulator/sessions/${created.body.session_id}/simulate`)
      .send({ status: 'payment_created', transfer_state: 'received', received_amount: '42.50' })
      .expect(200);
    const deadline = Date.now() + 5000;
    let session = created.body;
    while (session.outcome !== 'paid' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      session = (await request(other.url).get(`/v1/payment-sessions/${created.body.id}`).set(merchantAuth).expect(200)).body;
    }
    expect(session).toMatchObject({ outcome: 'paid', status: 'payment_created', transfer_state: 'received', received_amount: '42.50' });
    const emulated = await request(other.url).get(`/emulator/sessions/${created.body.session_id}`).expect(200);
    expect(emulated.body.webhooks).toEqual([expect.objectContaining({ state: 'delivered' })]);
    const events = await other.app
      .get(DataSource)
      .getRepository(SessionEvent)
      .find({ where: { paymentSessionId: created.body.id, source: 'webhook' } });
    expect(events).toEqual([expect.objectContaining({ accepted: true, outcomeAfter: 'paid', dedupeKey: `webhook:${events[0].requestId}` })]);
  });
});

describe('Smart Transfer increments and refund notices (issue 11 §3)', () => {
  it('records last_transaction_amount on each event and keeps received_amount right, whatever order the notices come in', async () => {
    const session = await insertSession({ amountMinor: 10_000 });
    const partial = (received: string | undefined, last: string) => ({
      session_id: session.sessionId!,
      status: 'payment_partial',
      transfer_state: 'insufficient',
      ...(received ? { received_amount: received } : {}),
      last_transaction_amount: last,
    });
    await webhook(partial('30.00', '30.00')).expect(200, { result: 'applied' });
    await webhook(partial('70.00', '40.00')).expect(200, { result: 'applied' });
    expect(await reload(session.id)).toMatchObject({ outcome: 'partially_paid', receivedAmountMinor: 7000 });
    // The first increment's notice again, delivered late under another X-Request-ID: the total does not go back.
    await webhook(partial('30.00', '30.00')).expect(200, { result: 'refused', reason: 'unchanged' });
    expect((await reload(session.id)).receivedAmountMinor).toBe(7000);
    // An increment that comes without a running total is added to what is known.
    await webhook({ session_id: session.sessionId!, status: 'payment_created', transfer_state: 'received', last_transaction_amount: '30.00' }).expect(
      200,
      {
        result: 'applied',
      },
    );
    expect(await reload(session.id)).toMatchObject({ outcome: 'paid', receivedAmountMinor: 10_000 });
    const events = await eventsOf(session.id);
    expect(events.map((e) => [e.accepted, e.receivedAmountMinor, e.lastTransactionAmountMinor])).toEqual([
      [true, 3000, 3000],
      [true, 7000, 4000],
      [false, 7000, 3000],
      [true, 10_000, 3000],
    ]);
    const admin = await request(t.url).get(`/v1/admin/payment-sessions/${session.id}`).set(adminAuth).expect(200);
    expect(admin.body.events.map((e: { last_transaction_amount: string | null }) => e.last_transaction_amount)).toEqual([
      '30.00',
      '40.00',
      '30.00',
      '30.00',
    ]);
  });

  it('recognises a refund notice by refunded_session_id when it carries no type (as Magento does)', async () => {
    const session = await insertSession({ outcome: 'paid', status: 'payment_created', transferState: 'received', nextCheckAt: null });
    const fields = {
      session_id: randomBytes(16).toString('hex'),
      refunded_session_id: session.sessionId!,
      status: 'payment_created',
      amount: '10.00',
    };
    await webhook(fields).expect(200, { result: 'applied' });
    expect(await reload(session.id)).toMatchObject({ outcome: 'paid', status: 'payment_created', version: session.version });
    const events = await eventsOf(session.id);
    expect(events).toEqual([expect.objectContaining({ kind: 'refund', accepted: true, outcomeBefore: 'paid', outcomeAfter: 'paid' })]);
    expect(events[0].detail).toMatchObject({ refund_session_id: fields.session_id, refunded_amount: '10.00' });
  });
});

describe('a signed body that does not parse is recorded and answered 200 ignored', () => {
  const unmatched = async () => (await request(t.url).get('/v1/admin/unmatched-notices?limit=200').set(adminAuth).expect(200)).body.data;

  it('malformed JSON: kept with its raw bytes, a retry is a duplicate', async () => {
    const requestId = randomUUID();
    const body = '{"session_id":"abc","status":';
    const signed = buildWebhookHeaders({ body, appId: credentials.appId, publicKey: credentials.publicKey, requestId });
    const send = () => request(t.url).post('/v1/webhooks/fintecture').set('Content-Type', 'application/json').set(signed).send(body);
    await send().expect(200, { result: 'ignored', reason: 'malformed_body' });
    await send().expect(200, { result: 'duplicate' });
    expect(results).toEqual(['ignored', 'duplicate']);
    const kept = (await unmatched()).filter((n: { request_id: string }) => n.request_id === requestId);
    expect(kept).toEqual([expect.objectContaining({ reason: 'malformed_body', raw_body: body, session_id: null, matched_payment_session_id: null })]);
  });

  it('form bytes without any Content-Type are read from the raw bytes and applied', async () => {
    const session = await insertSession();
    const body = new URLSearchParams(paid(session.sessionId!)).toString();
    const signed = buildWebhookHeaders({ body, appId: credentials.appId, publicKey: credentials.publicKey });
    const answer = await httpCall(t.url, 'POST', '/v1/webhooks/fintecture', { headers: signed, body });
    expect([answer.status, answer.json()]).toEqual([200, { result: 'applied' }]);
    expect((await reload(session.id)).outcome).toBe('paid');
  });

  it('a verified notice without session or status is kept too', async () => {
    const requestId = randomUUID();
    await webhook({ event: 'something', state: 'order-x' }, { requestId }).expect(200, { result: 'ignored', reason: 'missing_fields' });
    const kept = (await unmatched()).filter((n: { request_id: string }) => n.request_id === requestId);
    expect(kept).toEqual([expect.objectContaining({ reason: 'missing_fields', state: 'order-x', fields: { event: 'something', state: 'order-x' } })]);
  });
});

describe('a notice that would release the goods is confirmed with Fintecture first (WEBHOOK_CONFIRM, on by default)', () => {
  let confirming: TestApp;
  let identity: FintectureCredentials;
  beforeAll(async () => ({ t: confirming, credentials: identity } = await startTestAppWithCredentials()));
  afterAll(() => confirming?.close());

  async function createSession(): Promise<{ id: string; session_id: string; state: string }> {
    const example = IMMEDIATE_TRANSFER_EXAMPLE;
    const query = new URLSearchParams({ ...(example.query as unknown as Record<string, string>), state: `order-${randomUUID()}` });
    return (await request(confirming.url).post(`/v1/payment-sessions?${query}`).set(merchantAuth).send(example.body).expect(201)).body;
  }

  function send(fields: Record<string, string>, requestId = randomUUID()) {
    const body = new URLSearchParams(fields).toString();
    const signed = buildWebhookHeaders({ body, appId: identity.appId, publicKey: identity.publicKey, requestId });
    return request(confirming.url).post('/v1/webhooks/fintecture').set('Content-Type', 'application/x-www-form-urlencoded').set(signed).send(body);
  }

  const gets = async (sessionId: string) =>
    (await emulatorCalls(confirming.url)).filter((c) => c.method === 'GET' && c.path === `/emulator/pis/v2/payments/${sessionId}`);
  const rowOf = (id: string) => storedSession(confirming.app, id);
  const eventsFor = (id: string) => storedSessionEvents(confirming.app, id);

  it("a validly signed payment_created that Fintecture's GET contradicts changes nothing", async () => {
    const created = await createSession();
    const before = await rowOf(created.id);
    const requestId = randomUUID();
    const res = await send(paid(created.session_id, { received_amount: '42.50', state: created.state }), requestId).expect(200);
    expect(res.body).toEqual({ result: 'refused', reason: 'not_confirmed' });
    expect(await gets(created.session_id)).toHaveLength(1);
    expect(await rowOf(created.id)).toMatchObject({
      outcome: 'awaiting_payer',
      status: 'provider_required',
      receivedAmountMinor: null,
      version: before.version,
    });
    const events = (await eventsFor(created.id)).filter((e) => e.source === 'webhook');
    expect(events).toEqual([expect.objectContaining({ accepted: false, status: 'provider_required', requestId, dedupeKey: `webhook:${requestId}` })]);
    expect(events[0].detail).toMatchObject({
      confirmed: true,
      claimed: { status: 'payment_created', transfer_state: 'received', received_amount_minor: 4250 },
    });
    // Fintecture's retry of the same notice changes nothing either, and is not asked about again.
    await send(paid(created.session_id), requestId).expect(200, { result: 'duplicate' });
  });

  it('a payment Fintecture confirms is applied with what Fintecture says (an underpaid one is partially_paid)', async () => {
    const created = await createSession();
    await simulate(confirming.url, created.session_id, {
      status: 'payment_created',
      transfer_state: 'received',
      received_amount: '1.00',
      send_webhook: false,
    } as never);
    await send(paid(created.session_id, { received_amount: '42.50' })).expect(200, { result: 'applied' });
    expect(await rowOf(created.id)).toMatchObject({ outcome: 'partially_paid', status: 'payment_created', receivedAmountMinor: 100 });
  });

  it('a notice that releases nothing is applied without asking', async () => {
    const created = await createSession();
    await send({ session_id: created.session_id, status: 'payment_pending', transfer_state: 'processing' }).expect(200, { result: 'applied' });
    expect(await gets(created.session_id)).toHaveLength(0);
    expect((await rowOf(created.id)).outcome).toBe('pending');
  });

  it('when Fintecture cannot be asked: 503, nothing applied, and the retry is applied once it can', async () => {
    const created = await createSession();
    await simulate(confirming.url, created.session_id, { status: 'payment_created', transfer_state: 'received', send_webhook: false } as never);
    await injectFault(confirming.url, { route: 'get_payment', kind: '500', count: 1 });
    const requestId = randomUUID();
    const refused = await send(paid(created.session_id), requestId).expect(503);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.body).toMatchObject({ status: 503, code: 'service_unavailable' });
    expect(await rowOf(created.id)).toMatchObject({ outcome: 'awaiting_payer' });
    expect((await eventsFor(created.id)).filter((e) => e.source === 'webhook')).toHaveLength(0);
    await send(paid(created.session_id), requestId).expect(200, { result: 'applied' });
    expect((await rowOf(created.id)).outcome).toBe('paid');
  });
});
