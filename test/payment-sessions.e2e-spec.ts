import request from 'supertest';
import { DataSource } from 'typeorm';
import { FintectureCredentials } from '../src/fintecture/fintecture-credentials';
import { computeDigest, signRequest, verifyRequestSignature } from '../src/fintecture/http-signature';
import { PAYMENT_SESSION_EXAMPLES, PaymentSessionExample } from '../src/payments/dto/payment-session.examples';
import { SessionEvent } from '../src/payments/entities/session-event.entity';
import { emulatorCalls, EmulatorCall, injectFault } from './support/emulator-client';
import { adminAuth, merchantAuth, OTHER_MERCHANT_KEY, startTestAppWithCredentials, TestApp } from './support/test-app';

let t: TestApp;
let credentials: FintectureCredentials;

beforeAll(async () => ({ t, credentials } = await startTestAppWithCredentials()));
afterAll(() => t?.close());

function queryString(example: PaymentSessionExample): string {
  return new URLSearchParams(example.query as unknown as Record<string, string>).toString();
}

/** The example's x- headers; its Idempotency-Key is left out unless a test sets one. */
function headersOf(example: PaymentSessionExample): Record<string, string> {
  return Object.fromEntries(Object.entries(example.headers).filter(([name, v]) => v !== undefined && name !== 'idempotency-key'));
}

function create(example: PaymentSessionExample, extraHeaders: Record<string, string> = {}, body: unknown = example.body) {
  return request(t.url)
    .post(`/v1/payment-sessions?${queryString(example)}`)
    .set(merchantAuth)
    .set(headersOf(example))
    .set(extraHeaders)
    .send(body as object);
}

const callsTo = async (path: string) => (await emulatorCalls(t.url)).filter((c) => c.path.split('?')[0] === `/emulator${path}`);
const connectCalls = () => callsTo('/pis/v2/connect');
const tokenCalls = () => callsTo('/oauth/accesstoken');

describe('POST /v1/payment-sessions forwards each payment kind byte for byte', () => {
  it.each(Object.entries(PAYMENT_SESSION_EXAMPLES))('%s', async (_name, example) => {
    const before = (await connectCalls()).length;
    const res = await create(example).expect(201);

    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers.location).toBe(`/v1/payment-sessions/${res.body.id}`);
    expect(res.body).toMatchObject({
      state: example.query.state,
      outcome: 'awaiting_payer',
      status: 'provider_required',
      transfer_state: null,
      currency: example.body.data.attributes.currency,
      received_amount: null,
    });
    expect(res.body.session_id).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.url).toContain(`/emulator/connect/${res.body.session_id}`);
    expect(Number(res.body.amount)).toBe(Number(example.body.data.attributes.amount));

    const calls = await connectCalls();
    expect(calls).toHaveLength(before + 1);
    const call = calls[calls.length - 1];
    // The body Fintecture received is the caller's body, serialised once, and it is what was hashed.
    expect(call.body).toBe(JSON.stringify(example.body));
    expect(JSON.parse(call.body)).toEqual(example.body);
    expect(call.headers.digest).toBe(computeDigest(call.body));
    const sentQuery = new URLSearchParams(call.path.split('?')[1]);
    expect(Object.fromEntries(sentQuery)).toEqual(example.query);
    for (const [name, value] of Object.entries(headersOf(example))) expect(call.headers[name]).toBe(value);
    expect(call.headers['idempotency-key']).toBeUndefined();
    const verified = verifyRequestSignature({
      method: 'POST',
      pathWithQuery: call.path,
      headers: call.headers,
      rawBody: Buffer.from(call.body, 'utf8'),
      appId: credentials.appId,
      publicKey: credentials.publicKey,
    });
    expect(verified.ok).toBe(true);
  });

  it('keeps non-ASCII characters and slashes unescaped on the wire', async () => {
    const example = structuredClone(PAYMENT_SESSION_EXAMPLES.immediate_transfer);
    example.body.meta.psu_name = 'Zoë Ğüneş-Dupré';
    example.body.data.attributes.communication = 'CMD 42 / web';
    await create(example).expect(201);
    const call = (await connectCalls()).pop() as EmulatorCall;
    expect(call.body).toContain('Zoë Ğüneş-Dupré');
    expect(call.body).toContain('CMD 42 / web');
  });
});

describe('the strict verifier on the emulator side', () => {
  async function signedConnect(body: string, tamper?: (headers: Record<string, string>) => void) {
    const token = (
      await request(t.url)
        .post('/emulator/oauth/accesstoken')
        .set('Authorization', 'Basic ' + Buffer.from(`${credentials.appId}:${credentials.appSecret}`).toString('base64'))
        .type('form')
        .send('grant_type=client_credentials&app_id=' + credentials.appId + '&scope=PIS')
        .expect(200)
    ).body.access_token as string;
    const path = '/emulator/pis/v2/connect?state=tamper-test';
    const signed = signRequest({ method: 'POST', pathWithQuery: path, body, appId: credentials.appId, privateKey: credentials.privateKey });
    const headers: Record<string, string> = { ...signed.headers, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    tamper?.(headers);
    return { path, headers };
  }

  const body = JSON.stringify(PAYMENT_SESSION_EXAMPLES.immediate_transfer.body);

  it('accepts our signature', async () => {
    const { path, headers } = await signedConnect(body);
    await request(t.url).post(path).set(headers).send(body).expect(201);
  });

  it('refuses a tampered body, digest, or signature', async () => {
    let { path, headers } = await signedConnect(body);
    const res = await request(t.url).post(path).set(headers).send(body.replace('"42.50"', '"4.25"'));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status: '401', code: 'unauthorized' });

    ({ path, headers } = await signedConnect(body, (h) => (h.Digest = computeDigest('{}'))));
    await request(t.url).post(path).set(headers).send(body).expect(401);

    ({ path, headers } = await signedConnect(body, (h) => (h.Signature = h.Signature.replace(/signature="./, 'signature="A'))));
    await request(t.url).post(path).set(headers).send(body).expect(401);

    ({ path, headers } = await signedConnect(body));
    await request(t.url)
      .post(path + '&state2=x')
      .set(headers)
      .send(body)
      .expect(401);
  });
});

describe('the Fintecture token', () => {
  it('is fetched once and reused across calls', async () => {
    const before = (await tokenCalls()).length;
    await create(PAYMENT_SESSION_EXAMPLES.immediate_transfer).expect(201);
    await create(PAYMENT_SESSION_EXAMPLES.smart_transfer).expect(201);
    expect((await tokenCalls()).length).toBe(before);
  });

  it('is replaced after a 401 invalid_token, and the call retried once', async () => {
    const tokensBefore = (await tokenCalls()).length;
    const connectsBefore = (await connectCalls()).length;
    await injectFault(t.url, { route: 'connect', kind: 'invalid_token', count: 1 });
    const res = await create(PAYMENT_SESSION_EXAMPLES.immediate_transfer).expect(201);
    expect(res.body.outcome).toBe('awaiting_payer');
    expect((await tokenCalls()).length).toBe(tokensBefore + 1);
    expect((await connectCalls()).length).toBe(connectsBefore + 2);
  });
});

describe('validation: 400 problem+json, nothing sent upstream', () => {
  const base = PAYMENT_SESSION_EXAMPLES.immediate_transfer;
  const withBody = (mutate: (body: any) => void) => {
    const body = structuredClone(base.body) as any;
    mutate(body);
    return body;
  };

  it.each<[string, () => request.Test, string]>([
    [
      'amount as a number with 3 decimals',
      () =>
        create(
          base,
          {},
          withBody((b) => (b.data.attributes.amount = 42.505)),
        ),
      'data.attributes.amount',
    ],
    [
      'amount with 3 decimals',
      () =>
        create(
          base,
          {},
          withBody((b) => (b.data.attributes.amount = '1.234')),
        ),
      'data.attributes.amount',
    ],
    [
      'zero amount',
      () =>
        create(
          base,
          {},
          withBody((b) => (b.data.attributes.amount = '0.00')),
        ),
      'data.attributes.amount',
    ],
    [
      'currency',
      () =>
        create(
          base,
          {},
          withBody((b) => (b.data.attributes.currency = 'eur')),
        ),
      'data.attributes.currency',
    ],
    [
      'email',
      () =>
        create(
          base,
          {},
          withBody((b) => (b.meta.psu_email = 'not-an-email')),
        ),
      'meta.psu_email',
    ],
    [
      'unknown field',
      () =>
        create(
          base,
          {},
          withBody((b) => (b.meta.surprise = true)),
        ),
      'meta.surprise',
    ],
    [
      'unknown top-level field',
      () =>
        create(
          base,
          {},
          withBody((b) => (b.extra = 1)),
        ),
      'extra',
    ],
    [
      'wrong type',
      () =>
        create(
          base,
          {},
          withBody((b) => (b.meta.expiry = true)),
        ),
      'meta.expiry',
    ],
    ['missing state', () => request(t.url).post('/v1/payment-sessions').set(merchantAuth).send(base.body), 'query.state'],
    [
      '513-char state',
      () =>
        request(t.url)
          .post(`/v1/payment-sessions?state=${'s'.repeat(513)}`)
          .set(merchantAuth)
          .send(base.body),
      'query.state',
    ],
    ['bad x-country', () => create(base, { 'x-country': 'FRA' }), 'header.x-country'],
  ])('%s', async (_name, send, field) => {
    const before = (await connectCalls()).length;
    const res = await send().expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'validation_failed', title: 'Bad Request' });
    expect(res.body.request_id).toBeTruthy();
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await connectCalls()).length).toBe(before);
  });

  it('accepts a 512-char state', async () => {
    const example = { ...base, query: { ...base.query, state: 's'.repeat(512) } };
    await create(example).expect(201);
  });

  it.each([
    ['malformed JSON', '{"meta": {', 'application/json'],
    ['a JSON array', '[1,2]', 'application/json'],
    ['an empty body', '', 'application/json'],
    ['text', 'hello', 'text/plain'],
  ])('%s', async (_name, payload, type) => {
    const before = (await connectCalls()).length;
    const res = await request(t.url).post('/v1/payment-sessions?state=x').set(merchantAuth).set('Content-Type', type).send(payload);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await connectCalls()).length).toBe(before);
  });

  it('refuses a body over the size limit with 413', async () => {
    const body = withBody((b) => (b.meta.custom = 'x'.repeat(200_000)));
    const res = await create(base, {}, body);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
  });
});

describe('Idempotency-Key', () => {
  it('20 simultaneous identical requests: one session, one upstream call', async () => {
    const before = (await connectCalls()).length;
    const key = `order-42-${Date.now()}`;
    const answers = await Promise.all(Array.from({ length: 20 }, () => create(PAYMENT_SESSION_EXAMPLES.smart_transfer, { 'Idempotency-Key': key })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(new Set(answers.map((a) => a.body.session_id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    expect((await connectCalls()).length).toBe(before + 1);
  });

  it('the same key with another request is a 409, and nothing is sent', async () => {
    const key = `order-43-${Date.now()}`;
    await create(PAYMENT_SESSION_EXAMPLES.immediate_transfer, { 'Idempotency-Key': key }).expect(201);
    const before = (await connectCalls()).length;
    const changed = structuredClone(PAYMENT_SESSION_EXAMPLES.immediate_transfer.body);
    changed.data.attributes.amount = '43.00';
    const res = await create(PAYMENT_SESSION_EXAMPLES.immediate_transfer, { 'Idempotency-Key': key }, changed).expect(409);
    expect(res.body.code).toBe('idempotency_conflict');
    expect((await connectCalls()).length).toBe(before);
  });

  it('keys are per merchant', async () => {
    const key = `order-44-${Date.now()}`;
    const a = await create(PAYMENT_SESSION_EXAMPLES.immediate_transfer, { 'Idempotency-Key': key }).expect(201);
    const b = await create(PAYMENT_SESSION_EXAMPLES.immediate_transfer, {
      'Idempotency-Key': key,
      Authorization: `Bearer ${OTHER_MERCHANT_KEY}`,
    }).expect(201);
    expect(a.body.id).not.toBe(b.body.id);
  });
});

describe('upstream failures keep the row as creation_failed', () => {
  // A refusal is Fintecture's answer to that very request and is replayed; after a failure the
  // same key makes one new attempt (issue 12 §1: the earlier one may have lost its answer).
  it.each<[string, number, string, 'replayed' | 'new attempt']>([
    ['400', 422, 'upstream_rejected', 'replayed'],
    ['500', 502, 'upstream_unavailable', 'new attempt'],
    ['429', 502, 'upstream_unavailable', 'new attempt'],
    ['timeout', 504, 'upstream_timeout', 'new attempt'],
  ])('Fintecture %s → %d %s; the same key again: %s', async (kind, status, code, retry) => {
    await injectFault(t.url, { route: 'connect', kind, count: 1 });
    const key = `fail-${kind}-${Date.now()}`;
    const res = await create(PAYMENT_SESSION_EXAMPLES.immediate_transfer, { 'Idempotency-Key': key });
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe(code);

    const rows = await t.app.get(DataSource).query(`SELECT id, outcome, failure_code FROM payment_sessions WHERE idempotency_key = '${key}'`);
    expect(rows).toEqual([expect.objectContaining({ outcome: 'creation_failed', failure_code: code })]);
    const events = await t.app.get(DataSource).getRepository(SessionEvent).findBy({ paymentSessionId: rows[0].id });
    expect(events.map((e) => e.kind)).toEqual(['creating', 'creation_failed']);

    const before = (await connectCalls()).length;
    const again = await create(PAYMENT_SESSION_EXAMPLES.immediate_transfer, { 'Idempotency-Key': key });
    if (retry === 'replayed') {
      expect(again.status).toBe(status);
      expect((await connectCalls()).length).toBe(before);
    } else {
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ id: rows[0].id, outcome: 'awaiting_payer' });
      expect((await connectCalls()).length).toBe(before + 1);
    }
  });
});

describe('auth', () => {
  it('401 without a key or with a wrong one, 403 with an admin key', async () => {
    const body = PAYMENT_SESSION_EXAMPLES.immediate_transfer.body as object;
    let res = await request(t.url).post('/v1/payment-sessions?state=x').send(body).expect(401);
    expect(res.body.code).toBe('unauthorized');
    expect(res.headers['www-authenticate']).toBe('Bearer');
    res = await request(t.url).post('/v1/payment-sessions?state=x').set('Authorization', 'Bearer nope-nope-nope-nope').send(body).expect(401);
    res = await request(t.url).post('/v1/payment-sessions?state=x').set(adminAuth).send(body).expect(403);
    expect(res.body.code).toBe('forbidden');
    await request(t.url).get('/v1/payment-sessions/00000000-0000-7000-8000-000000000000').expect(401);
  });
});

describe('read, refresh, cancel', () => {
  let created: { id: string; session_id: string };
  beforeAll(async () => {
    created = (await create(PAYMENT_SESSION_EXAMPLES.immediate_transfer).expect(201)).body;
  });

  it('reads by our id and by Fintecture session_id; another merchant gets 404', async () => {
    const byId = await request(t.url).get(`/v1/payment-sessions/${created.id}`).set(merchantAuth).expect(200);
    const bySessionId = await request(t.url).get(`/v1/payment-sessions/${created.session_id}`).set(merchantAuth).expect(200);
    expect(bySessionId.body).toEqual(byId.body);
    await request(t.url).get(`/v1/payment-sessions/${created.id}`).set('Authorization', `Bearer ${OTHER_MERCHANT_KEY}`).expect(404);
    const res = await request(t.url).get('/v1/payment-sessions/not-an-id').set(merchantAuth).expect(404);
    expect(res.body.code).toBe('not_found');
  });

  it('refresh asks Fintecture and applies what it says', async () => {
    await request(t.url)
      .post(`/emulator/sessions/${created.session_id}/simulate`)
      .send({ status: 'payment_pending', transfer_state: 'processing' })
      .expect((r) => expect(r.status).toBeLessThan(300));
    const res = await request(t.url).get(`/v1/payment-sessions/${created.id}?refresh=true`).set(merchantAuth).expect(200);
    expect(res.body).toMatchObject({ outcome: 'pending', status: 'payment_pending', transfer_state: 'processing' });
    await request(t.url).get(`/v1/payment-sessions/${created.id}?refresh=maybe`).set(merchantAuth).expect(400);
  });

  it('cancels at Fintecture, then records it; a second cancel is harmless', async () => {
    const before = (await emulatorCalls(t.url)).filter((c) => c.method === 'PATCH').length;
    const res = await request(t.url).post(`/v1/payment-sessions/${created.id}/cancel`).set(merchantAuth).expect(200);
    expect(res.body).toMatchObject({ outcome: 'cancelled', status: 'payment_cancelled' });
    const patches = (await emulatorCalls(t.url)).filter((c) => c.method === 'PATCH');
    expect(patches).toHaveLength(before + 1);
    expect(JSON.parse(patches[patches.length - 1].body)).toEqual({ meta: { status: 'payment_cancelled' } });
    await request(t.url).post(`/v1/payment-sessions/${created.id}/cancel`).set(merchantAuth).expect(200);
  });

  it('a paid session cannot be cancelled', async () => {
    const paid = (await create(PAYMENT_SESSION_EXAMPLES.immediate_transfer).expect(201)).body;
    await request(t.url)
      .post(`/emulator/sessions/${paid.session_id}/simulate`)
      .send({ status: 'payment_created', transfer_state: 'received' })
      .expect((r) => expect(r.status).toBeLessThan(300));
    await request(t.url).get(`/v1/payment-sessions/${paid.id}?refresh=true`).set(merchantAuth).expect(200);
    const res = await request(t.url).post(`/v1/payment-sessions/${paid.id}/cancel`).set(merchantAuth).expect(409);
    expect(res.body.code).toBe('invalid_state');
  });
});

describe('health and docs', () => {
  it('answers live and ready', async () => {
    await request(t.url).get('/health/live').expect(200);
    const res = await request(t.url).get('/health/ready').expect(200);
    expect(res.body.info.database.status).toBe('up');
  });

  it('serves the OpenAPI document with the three payment kinds', async () => {
    const res = await request(t.url).get('/docs-json').expect(200);
    const examples = res.body.paths['/v1/payment-sessions'].post.requestBody.content['application/json'].examples;
    expect(Object.keys(examples)).toEqual(expect.arrayContaining(['immediate_transfer', 'smart_transfer', 'buy_now_pay_later']));
  });

  it('answers unknown routes with problem+json 404 and a request id', async () => {
    const res = await request(t.url).get('/nope').set('X-Request-ID', 'trace-me-123').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['x-request-id']).toBe('trace-me-123');
    expect(res.body.request_id).toBe('trace-me-123');
  });
});
