import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ProblemDetailsFilter } from '../src/common/problem-details.filter';
import { ProblemValidationPipe } from '../src/common/validation';
import { EmulatorCredentialsModule } from '../src/emulator/emulator-credentials';
import { EmulatorOptions } from '../src/emulator/emulator-options';
import { EmulatorModule } from '../src/emulator/emulator.module';
import { isValidIban } from '../src/emulator/iban';
import { startStandaloneEmulator } from '../src/emulator/standalone';
import { computeDigest, parseSignatureHeader, verifyWebhookSignature } from '../src/fintecture/http-signature';
import { fetchToken, httpCall, HttpAnswer, signedCall, SignedCallInput, signedHeaders } from './support/emulator-calls';
import { EmulatorInspector, inspectEmulator } from './support/emulator-inspector';
import { ReceivedWebhook, startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';
import { freshFintectureCredentials } from './support/fresh-fintecture-identity';

const credentials = freshFintectureCredentials({ generated: true });

interface Harness {
  app: NestExpressApplication;
  url: string;
  emulator: EmulatorInspector;
  close(): Promise<void>;
}

/** The emulator as the service mounts it: rawBody on, the service's global pipe and error filter around it. */
async function startEmulator(webhookUrl: string, overrides: Partial<EmulatorOptions> = {}): Promise<Harness> {
  const options: EmulatorOptions = {
    // Port 0: the emulator fills in the port it ends up listening on.
    publicBaseUrl: 'http://127.0.0.1:0/emulator',
    webhookUrl,
    webhookFormat: 'form',
    webhookMaxAttempts: 10,
    webhookBaseDelayMs: 20,
    tokenTtlSeconds: 3600,
    timeoutFaultMs: 400,
    webhookTimeoutMs: 500,
    ...overrides,
  };
  const moduleRef = await Test.createTestingModule({
    imports: [EmulatorCredentialsModule.with(credentials), EmulatorModule.forRoot(options)],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ rawBody: true, logger: false });
  app.useGlobalPipes(new ProblemValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return { app, url: `http://127.0.0.1:${port}`, emulator: inspectEmulator(app), close: () => app.close() };
}

let receiver: WebhookReceiver;
let h: Harness;
let token: string;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  h = await startEmulator(receiver.url);
  token = await fetchToken(h.url, credentials);
});
afterAll(async () => {
  await h?.close();
  await receiver?.close();
});
beforeEach(() => receiver.clear());

const connectBody = (overrides: { meta?: Record<string, unknown>; attributes?: Record<string, unknown> } = {}) =>
  JSON.stringify({
    meta: { psu_name: 'Jeanne Dupré', psu_email: 'jeanne@example.org', psu_ip: '203.0.113.7', ...overrides.meta },
    data: {
      type: 'PIS',
      attributes: { amount: '42.50', currency: 'EUR', communication: 'ORDER-2026-0042 / web', ...overrides.attributes },
    },
  });

const REDIRECT = 'https://shop.example/fintecture/callback';
const ORIGIN = 'https://shop.example/cart';
const defaultQuery = () =>
  new URLSearchParams({ redirect_uri: REDIRECT, origin_uri: ORIGIN, state: `order-${Math.random().toString(36).slice(2, 8)}` }).toString();

function api(
  input: Omit<SignedCallInput, 'credentials' | 'token'> & { token?: string | null; dryRun?: false },
  harness?: Harness,
): Promise<HttpAnswer>;
function api(
  input: Omit<SignedCallInput, 'credentials' | 'token'> & { token?: string | null; dryRun: true },
  harness?: Harness,
): Promise<Record<string, string>>;
/** A signed call with the current token; dryRun returns the headers it would send instead of sending. */
function api(
  input: Omit<SignedCallInput, 'credentials' | 'token'> & { token?: string | null; dryRun?: boolean },
  harness = h,
): Promise<HttpAnswer | Record<string, string>> {
  const { dryRun, ...call } = input;
  const signed = { credentials, ...call, token: call.token === undefined ? token : call.token };
  return dryRun ? Promise.resolve(signedHeaders(signed)) : signedCall(harness.url, signed);
}

async function connect(
  options: { body?: string; query?: string; headers?: Record<string, string> } = {},
  harness = h,
): Promise<{ sessionId: string; url: string; answer: HttpAnswer; state: string | null }> {
  const query = options.query ?? defaultQuery();
  const answer = await api(
    { method: 'POST', path: `/emulator/pis/v2/connect?${query}`, body: options.body ?? connectBody(), headers: options.headers },
    harness,
  );
  expect(answer.status).toBe(201);
  const meta = answer.json<{ meta: { session_id: string; url: string } }>().meta;
  return { sessionId: meta.session_id, url: meta.url, answer, state: new URLSearchParams(query).get('state') };
}

const getPayment = (sessionId: string, harness = h) => api({ method: 'GET', path: `/emulator/pis/v2/payments/${sessionId}` }, harness);

function expectFintectureError(answer: HttpAnswer, status: number, code: string, itemCode?: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  const body = answer.json<{ status: string; code: string; log_id: string; errors: Array<{ code: string; title: string; message: string }> }>();
  expect(body).toMatchObject({ status: String(status), code });
  expect(body.log_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(body.errors.length).toBeGreaterThan(0);
  for (const item of body.errors) expect(item).toEqual({ code: expect.any(String), title: expect.any(String), message: expect.any(String) });
  if (itemCode) expect(body.errors.map((e) => e.code)).toContain(itemCode);
}

function verified(webhook: ReceivedWebhook): URLSearchParams {
  const result = verifyWebhookSignature({
    headers: webhook.headers,
    rawBody: webhook.rawBody,
    appId: credentials.appId,
    privateKey: credentials.privateKey,
    toleranceSeconds: 600,
  });
  expect(result).toMatchObject({ ok: true });
  return new URLSearchParams(webhook.body);
}

const form = (fields: Record<string, string> = {}) => ({
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('POST /emulator/oauth/accesstoken', () => {
  const basic = (id: string, secret: string) => 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64');
  const tokenCall = (authorization: string | undefined, body: string, contentType = 'application/x-www-form-urlencoded') =>
    httpCall(h.url, 'POST', '/emulator/oauth/accesstoken', {
      headers: { ...(authorization ? { Authorization: authorization } : {}), 'Content-Type': contentType, Accept: 'application/json' },
      body,
    });
  const goodForm = () => `grant_type=client_credentials&app_id=${credentials.appId}&scope=PIS`;

  it('issues an expiring bearer token for good Basic credentials and the §1.2 form', async () => {
    const answer = await tokenCall(basic(credentials.appId, credentials.appSecret), goodForm());
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ token_type: 'Bearer', access_token: expect.any(String), expires_in: 3600 });
  });

  it('refuses bad or missing Basic credentials with 401', async () => {
    expectFintectureError(await tokenCall(basic(credentials.appId, 'wrong-secret'), goodForm()), 401, 'unauthorized', 'invalid_client');
    expectFintectureError(await tokenCall(basic(randomUUID(), credentials.appSecret), goodForm()), 401, 'unauthorized', 'invalid_client');
    expectFintectureError(await tokenCall(undefined, goodForm()), 401, 'unauthorized', 'invalid_client');
  });

  it('refuses a bad grant, a missing field, another app id or another scope', async () => {
    const auth = basic(credentials.appId, credentials.appSecret);
    expectFintectureError(
      await tokenCall(auth, `grant_type=authorization_code&app_id=${credentials.appId}&scope=PIS`),
      400,
      'bad_request',
      'invalid_field',
    );
    expectFintectureError(await tokenCall(auth, 'grant_type=client_credentials&scope=PIS'), 400, 'bad_request', 'mandatory_field_missing');
    expectFintectureError(
      await tokenCall(auth, `grant_type=client_credentials&app_id=${randomUUID()}&scope=PIS`),
      401,
      'unauthorized',
      'invalid_app_id',
    );
    expectFintectureError(
      await tokenCall(auth, `grant_type=client_credentials&app_id=${credentials.appId}&scope=AIS`),
      401,
      'unauthorized',
      'invalid_scopes',
    );
    expectFintectureError(await tokenCall(auth, JSON.stringify({ grant_type: 'client_credentials' }), 'application/json'), 400, 'bad_request');
  });

  it('the signed /oauth/secure/accesstoken variant also checks the signature and the app_id header', async () => {
    const path = '/emulator/oauth/secure/accesstoken';
    const call = (tamper?: (headers: Record<string, string>) => void) =>
      signedCall(h.url, {
        method: 'POST',
        path,
        body: goodForm(),
        credentials,
        headers: {
          Authorization: basic(credentials.appId, credentials.appSecret),
          'Content-Type': 'application/x-www-form-urlencoded',
          app_id: credentials.appId,
        },
        tamper,
      });
    expect((await call()).status).toBe(200);
    expectFintectureError(await call((headers) => (headers.Digest = computeDigest('x'))), 401, 'unauthorized', 'invalid_signature');
    expectFintectureError(await call((headers) => delete headers.app_id), 401, 'unauthorized', 'invalid_app_id');
  });
});

describe('POST /emulator/pis/v2/connect', () => {
  it('accepts a call signed with signRequest and answers a 32-hex session and its payer page', async () => {
    const { sessionId, url, answer } = await connect();
    expect(sessionId).toMatch(/^[0-9a-f]{32}$/);
    const port = new URL(h.url).port;
    expect(url).toBe(`http://127.0.0.1:${port}/emulator/connect/${sessionId}`);
    expect(answer.json()).toEqual({ meta: { session_id: sessionId, url } });
  });

  it('refuses a tampered body, a wrong digest, a wrong keyId, a changed path, or no signature with 401', async () => {
    const path = `/emulator/pis/v2/connect?${defaultQuery()}`;
    const body = connectBody();
    // Signs the genuine call, then lets the test change what actually goes on the wire.
    const forged = (alter: (headers: Record<string, string>) => void, sentBody = body, sentPath = path) =>
      api({ method: 'POST', path, body, dryRun: true, tamper: alter }).then((headers) =>
        httpCall(h.url, 'POST', sentPath, { headers, body: sentBody }),
      );
    expect((await forged(() => undefined)).status).toBe(201);
    expectFintectureError(await forged(() => undefined, body.replace('42.50', '4250.00')), 401, 'unauthorized', 'invalid_signature');
    expectFintectureError(await forged((hdrs) => (hdrs.Digest = computeDigest('{}'))), 401, 'unauthorized', 'invalid_signature');
    expectFintectureError(
      await forged((hdrs) => (hdrs.Signature = hdrs.Signature.replace(credentials.appId, randomUUID()))),
      401,
      'unauthorized',
      'invalid_signature',
    );
    expectFintectureError(await forged(() => undefined, body, `${path}&extra=1`), 401, 'unauthorized', 'invalid_signature');
    expectFintectureError(await forged((hdrs) => (hdrs['X-Request-ID'] = randomUUID())), 401, 'unauthorized', 'invalid_signature');
    expectFintectureError(await forged((hdrs) => delete hdrs.Signature), 401, 'unauthorized', 'invalid_signature');
    expectFintectureError(
      await forged((hdrs) => (hdrs.Signature = hdrs.Signature.replace(/signature="[^"]{8}/, 'signature="AAAAAAAA'))),
      401,
      'unauthorized',
      'invalid_signature',
    );
  });

  it('takes the request-target as received or relative to the /emulator mount point, and no other path', async () => {
    const path = `/emulator/pis/v2/connect?${defaultQuery()}`;
    const body = connectBody();
    const signedFor = (signedPath: string) => api({ method: 'POST', path: signedPath, body, dryRun: true });
    // As an SDK with http://host/emulator as its base URL signs it: the path a Fintecture host there would see.
    expect((await httpCall(h.url, 'POST', path, { headers: await signedFor(path.replace(/^\/emulator/, '')), body })).status).toBe(201);
    for (const other of [
      path.replace(/^\/emulator/, '/other'),
      `/emulator${path}`,
      `${path.replace(/^\/emulator/, '')}&extra=1`,
      path.replace('/connect', '/refund'),
    ]) {
      expectFintectureError(await httpCall(h.url, 'POST', path, { headers: await signedFor(other), body }), 401, 'unauthorized', 'invalid_signature');
    }
  });

  it('refuses a missing, unknown or expired bearer token with 401 invalid_token', async () => {
    const path = `/emulator/pis/v2/connect?${defaultQuery()}`;
    expectFintectureError(await api({ method: 'POST', path, body: connectBody(), token: null }), 401, 'unauthorized', 'invalid_token');
    expectFintectureError(await api({ method: 'POST', path, body: connectBody(), token: 'not-a-token' }), 401, 'unauthorized', 'invalid_token');
    const doomed = await fetchToken(h.url, credentials);
    h.emulator.tokens.expireAll();
    expectFintectureError(await api({ method: 'POST', path, body: connectBody(), token: doomed }), 401, 'unauthorized', 'invalid_token');
    token = await fetchToken(h.url, credentials);
  });

  it('tokens expire after tokenTtlSeconds', async () => {
    const short = await startEmulator(receiver.url, { tokenTtlSeconds: 1 });
    try {
      const shortToken = await fetchToken(short.url, credentials);
      const call = () => signedCall(short.url, { method: 'GET', path: '/emulator/pis/v2/payments', credentials, token: shortToken });
      expect((await call()).status).toBe(200);
      await sleep(1100);
      expectFintectureError(await call(), 401, 'unauthorized', 'invalid_token');
    } finally {
      await short.close();
    }
  });

  it("validates the body and answers 400 in Fintecture's shape", async () => {
    const body = JSON.stringify({ meta: { psu_name: 'Jeanne' }, data: { attributes: { amount: '-1', currency: 'eur' } } });
    const answer = await api({ method: 'POST', path: `/emulator/pis/v2/connect?${defaultQuery()}`, body });
    expectFintectureError(answer, 400, 'bad_request', 'mandatory_field_missing');
    const messages = answer.json<{ errors: Array<{ code: string; message: string }> }>().errors;
    expect(messages).toEqual(
      expect.arrayContaining([
        { code: 'mandatory_field_missing', title: 'Mandatory Field Missing', message: 'meta.psu_email has not been defined' },
        expect.objectContaining({ code: 'invalid_field', message: expect.stringContaining('data.attributes.amount') }),
        expect.objectContaining({ code: 'invalid_field', message: expect.stringContaining('data.attributes.currency') }),
      ]),
    );
  });

  it('takes what the sandbox takes from official clients, and names a misspelt field', async () => {
    // Magento 2's BNPL call: no SIREN, a null-free company, reconciliation by key, no data.type; no payer IP (Ruby SDK).
    const magento = JSON.stringify({
      meta: {
        psu_name: 'Jeanne Dupré',
        psu_email: 'jeanne@example.org',
        psu_phone: '',
        psu_company: 'ACME SAS',
        psu_address: { street: 'rue des Lilas', number: '12', zip: '75011', city: 'Paris', country: 'fr' },
        expiry: '3600',
        payment_methods: [{ id: 'bnpl', order: 0 }],
      },
      data: { attributes: { amount: 42.5, net_amount: '35.42', currency: 'EUR', communication: 'FINTECTURE-100000042' } },
    });
    const { sessionId } = await connect({ body: magento });
    expect(h.emulator.getSession(sessionId)).toMatchObject({ type: 'BuyNowPayLater', amount: '42.5', psuIncorporation: null });

    const typo = await api({
      method: 'POST',
      path: `/emulator/pis/v2/connect?${defaultQuery()}`,
      body: connectBody({ attributes: { comunication: 'x' } }),
    });
    expectFintectureError(typo, 400, 'bad_request', 'invalid_field');
    expect(typo.json<{ errors: Array<{ message: string }> }>().errors.map((e) => e.message)).toEqual([
      'data.attributes.comunication is not a field Fintecture knows',
    ]);
  });

  it('hashes the raw bytes whatever the Content-Type', async () => {
    const path = `/emulator/pis/v2/connect?${defaultQuery()}`;
    const body = connectBody();
    const good = await api({ method: 'POST', path, body, headers: { 'Content-Type': 'text/plain' } });
    expect(good.status).toBe(201);
    const headers = await api({ method: 'POST', path, body, headers: { 'Content-Type': 'text/plain' }, dryRun: true });
    const tampered = await httpCall(h.url, 'POST', path, { headers, body: body.replace('Jeanne', 'Jeannot') });
    expectFintectureError(tampered, 401, 'unauthorized', 'invalid_signature');
  });

  it('returns the virtual IBAN and the beneficiary when asked', async () => {
    const query = `${defaultQuery()}&with_virtualbeneficiary=true&with_beneficiary=true`;
    const { answer } = await connect({ query, body: connectBody({ meta: { reconciliation: { level: 'payment_session', match_amount: true } } }) });
    const body = answer.json<{ virtual_beneficiary: { iban: string }; beneficiary: { iban: string } }>();
    expect(isValidIban(body.virtual_beneficiary.iban)).toBe(true);
    expect(isValidIban(body.beneficiary.iban)).toBe(true);
  });

  it('records every call, newest last, with its exact path, headers and body', async () => {
    const before = h.emulator.recordedRequests().length;
    const body = connectBody({ attributes: { communication: 'CMD 42 / Zoë' } });
    const { sessionId } = await connect({ body, headers: { 'x-psu-type': 'retail', 'x-country': 'fr' } });
    const recorded = (await httpCall(h.url, 'GET', '/emulator/requests')).json<Array<Record<string, unknown>>>();
    expect(recorded.length).toBe(before + 1);
    const last = recorded[recorded.length - 1] as {
      method: string;
      path: string;
      originalUrl: string;
      body: string;
      headers: Record<string, string>;
      status: number;
      operation: string;
    };
    expect(last).toMatchObject({ method: 'POST', operation: 'connect', status: 201, body });
    expect(last.path).toMatch(/^\/emulator\/pis\/v2\/connect\?redirect_uri=/);
    expect(last.originalUrl).toBe(last.path);
    expect(last.headers.digest).toBe(computeDigest(body));
    expect(last.headers['x-psu-type']).toBe('retail');
    expect(h.emulator.getSession(sessionId)?.connectHeaders).toEqual({ 'x-psu-type': 'retail', 'x-country': 'fr' });
    // The app secret never shows in the record.
    await fetchToken(h.url, credentials);
    const tokenCall = h.emulator.recordedRequests().pop();
    expect(tokenCall).toMatchObject({ operation: 'token', status: 200, fault: null });
    expect(tokenCall?.headers.authorization).toBe('Basic [redacted]');
    expect(JSON.stringify(tokenCall)).not.toContain(credentials.appSecret);
  });
});

describe('GET, list, PATCH and refund', () => {
  it('GET /pis/v2/payments/{id} answers the agreed shape', async () => {
    const { sessionId, state } = await connect();
    const answer = await getPayment(sessionId);
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({
      meta: { session_id: sessionId, status: 'provider_required', code: 200, type: 'PayByBank' },
      data: {
        id: sessionId,
        type: 'payments',
        transfer_state: null,
        attributes: expect.objectContaining({
          amount: '42.50',
          currency: 'EUR',
          communication: 'ORDER-2026-0042 / web',
          transfer_state: null,
          received_amount: null,
          state,
        }),
      },
    });
    expectFintectureError(await getPayment('0'.repeat(32)), 404, 'not_found');
  });

  it('GET /pis/v2/payments filters on filter[status], signed in its encoded form', async () => {
    const { sessionId } = await connect();
    const list = async (query: string) => {
      const answer = await api({ method: 'GET', path: `/emulator/pis/v2/payments?${query}` });
      expect(answer.status).toBe(200);
      return answer.json<{ data: Array<{ id: string; meta: { status: string } }> }>().data;
    };
    const waiting = await list('filter%5Bstatus%5D=provider_required');
    expect(waiting.map((p) => p.id)).toContain(sessionId);
    expect(waiting.every((p) => p.meta.status === 'provider_required')).toBe(true);
    expect((await list('filter%5Bstatus%5D=payment_created')).map((p) => p.id)).not.toContain(sessionId);
    expectFintectureError(
      await api({ method: 'GET', path: '/emulator/pis/v2/payments?filter%5Bstatus%5D=payment_completed' }),
      400,
      'bad_request',
      'invalid_field',
    );
  });

  it('PATCH cancels an unpaid session once, sends its webhook, and refuses to cancel a paid one', async () => {
    const { sessionId } = await connect();
    const body = JSON.stringify({ meta: { status: 'payment_cancelled' } });
    const first = await api({ method: 'PATCH', path: `/emulator/pis/v2/payments/${sessionId}`, body });
    expect(first.status).toBe(200);
    expect(first.json()).toMatchObject({ meta: { session_id: sessionId, status: 'payment_cancelled' }, data: { transfer_state: 'cancelled' } });
    const [webhook] = await receiver.waitFor(1);
    expect(Object.fromEntries(verified(webhook))).toMatchObject({ session_id: sessionId, status: 'payment_cancelled', transfer_state: 'cancelled' });
    const again = await api({ method: 'PATCH', path: `/emulator/pis/v2/payments/${sessionId}`, body });
    expect(again.status).toBe(200);
    await h.emulator.webhooks.settle();
    expect(receiver.received).toHaveLength(1);

    const paid = await connect();
    await httpCall(h.url, 'POST', `/emulator/connect/${paid.sessionId}/pay`, form());
    expectFintectureError(
      await api({ method: 'PATCH', path: `/emulator/pis/v2/payments/${paid.sessionId}`, body }),
      400,
      'bad_request',
      'invalid_field',
    );
    expectFintectureError(
      await api({ method: 'PATCH', path: `/emulator/pis/v2/payments/${sessionId}`, body: JSON.stringify({ meta: { status: 'payment_created' } }) }),
      400,
      'bad_request',
    );
    expectFintectureError(await api({ method: 'PATCH', path: `/emulator/pis/v2/payments/${'f'.repeat(32)}`, body }), 404, 'not_found');
  });

  it('refunds a paid session (Refund webhook with refunded_session_id) and refuses more than was paid', async () => {
    const { sessionId } = await connect();
    await httpCall(h.url, 'POST', `/emulator/connect/${sessionId}/pay`, form());
    await receiver.waitFor(1);
    const refundBody = (amount?: string) =>
      JSON.stringify({ meta: { session_id: sessionId }, data: { attributes: { ...(amount ? { amount } : {}), communication: 'REFUND 42' } } });
    const refund = await api({ method: 'POST', path: '/emulator/pis/v2/refund?state=refund-1', body: refundBody('10.00') });
    expect(refund.status).toBe(200);
    const meta = refund.json<{ meta: { session_id: string; refunded_session_id: string; status: number; code: string } }>().meta;
    expect(meta).toMatchObject({ refunded_session_id: sessionId, status: 200, code: 'refund_accepted' });
    expect(meta.session_id).toMatch(/^[0-9a-f]{32}$/);
    const webhooks = await receiver.waitFor(2);
    expect(Object.fromEntries(verified(webhooks[1]))).toMatchObject({
      session_id: meta.session_id,
      refunded_session_id: sessionId,
      type: 'Refund',
      status: 'payment_created',
      amount: '10.00',
      state: 'refund-1',
    });
    expectFintectureError(
      await api({ method: 'POST', path: '/emulator/pis/v2/refund', body: refundBody('40.00') }),
      400,
      'bad_request',
      'refund_aborted',
    );
    const rest = await api({ method: 'POST', path: '/emulator/pis/v2/refund', body: refundBody() });
    expect(rest.status).toBe(200);
    const restId = rest.json<{ meta: { session_id: string } }>().meta.session_id;
    expect(h.emulator.getSession(restId)?.amount).toBe('32.50');

    const unpaid = await connect();
    expectFintectureError(
      await api({ method: 'POST', path: '/emulator/pis/v2/refund', body: JSON.stringify({ meta: { session_id: unpaid.sessionId } }) }),
      400,
      'bad_request',
      'refund_aborted',
    );
    expectFintectureError(
      await api({ method: 'POST', path: '/emulator/pis/v2/refund', body: JSON.stringify({ meta: { session_id: 'nope' } }) }),
      400,
      'bad_request',
      'session_id_invalid_or_expired',
    );
  });
});

describe('the payer page', () => {
  it('is a small HTML page with the amount, merchant, communication and demo banks, every value escaped', async () => {
    const { sessionId } = await connect({ body: connectBody({ attributes: { communication: '<img src=x onerror=alert(1)> & co' } }) });
    const page = await httpCall(h.url, 'GET', `/emulator/connect/${sessionId}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain('form-action');
    expect(page.text).toContain('42.50');
    expect(page.text).toContain('Demo shop');
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; co');
    expect(page.text).not.toContain('<img');
    expect(page.text).not.toMatch(/<script/i);
    expect(page.text).toContain('Demo Bank');
    for (const action of ['pay_less', 'pay_more', 'refuse', 'abandon']) {
      expect(page.text).toContain(`formaction="/emulator/connect/${sessionId}/${action}"`);
    }
    expect(page.text).toContain(`action="/emulator/connect/${sessionId}/pay"`);
    expect((await httpCall(h.url, 'GET', `/emulator/connect/${'0'.repeat(32)}`)).status).toBe(404);
  });

  const cases: Array<{
    action: string;
    fields?: Record<string, string>;
    status: string;
    transferState: string;
    received: string | null;
  }> = [
    { action: 'pay', fields: { provider: 'emubnkfr' }, status: 'payment_created', transferState: 'received', received: '42.50' },
    { action: 'pay_less', fields: { received_amount_less: '20.00' }, status: 'payment_partial', transferState: 'insufficient', received: '20.00' },
    { action: 'pay_less', status: 'payment_partial', transferState: 'insufficient', received: '21.25' },
    { action: 'pay_more', fields: { received_amount_more: '50' }, status: 'payment_created', transferState: 'overpaid', received: '50.00' },
    { action: 'refuse', status: 'payment_unsuccessful', transferState: 'rejected', received: null },
  ];

  it.each(cases)('$action → $status + $transferState, redirect and signed webhook', async ({ action, fields, status, transferState, received }) => {
    const { sessionId, state } = await connect();
    const answer = await httpCall(h.url, 'POST', `/emulator/connect/${sessionId}/${action}`, form(fields));
    expect(answer.status).toBe(303);
    const location = new URL(answer.headers.location as string);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      session_id: sessionId,
      status,
      state,
      provider: fields?.provider ?? 'demobank',
    });

    const [webhook] = await receiver.waitFor(1);
    expect(webhook.method).toBe('POST');
    expect(webhook.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(parseSignatureHeader(webhook.headers.signature as string)).toMatchObject({
      keyId: credentials.appId,
      headers: ['date', 'digest', 'x-request-id'],
    });
    const payload = Object.fromEntries(verified(webhook));
    expect(payload).toEqual({
      session_id: sessionId,
      status,
      transfer_state: transferState,
      type: 'PayByBank',
      amount: '42.50',
      ...(received ? { received_amount: received } : {}),
      state,
      provider: fields?.provider ?? 'demobank',
      customer_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      event: `payment_session.status.${status}`,
    });
    const payment = (await getPayment(sessionId)).json<{
      meta: { status: string };
      data: { transfer_state: string; attributes: Record<string, unknown> };
    }>();
    expect(payment.meta.status).toBe(status);
    expect(payment.data.transfer_state).toBe(transferState);
    expect(payment.data.attributes).toMatchObject({ transfer_state: transferState, received_amount: received });

    // Once decided, the page offers nothing more.
    expect((await httpCall(h.url, 'POST', `/emulator/connect/${sessionId}/pay`, form())).status).toBe(409);
  });

  it('abandon sends the payer back to origin_uri and changes nothing: no webhook, still payable', async () => {
    const { sessionId } = await connect();
    const answer = await httpCall(h.url, 'POST', `/emulator/connect/${sessionId}/abandon`, form());
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe(ORIGIN);
    await h.emulator.webhooks.settle();
    await sleep(50);
    expect(receiver.received).toHaveLength(0);
    expect(h.emulator.getSession(sessionId)?.status).toBe('provider_required');
    expect((await httpCall(h.url, 'GET', `/emulator/connect/${sessionId}`)).text).toContain('<form');
  });

  it('refuses a pay-less amount that is not less, and an unknown bank', async () => {
    const { sessionId } = await connect();
    const tooMuch = await httpCall(h.url, 'POST', `/emulator/connect/${sessionId}/pay_less`, form({ received_amount: '42.50' }));
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.headers['content-type']).toMatch(/^text\/html/);
    expect((await httpCall(h.url, 'POST', `/emulator/connect/${sessionId}/pay`, form({ provider: 'realbank' }))).status).toBe(400);
    expect((await httpCall(h.url, 'POST', `/emulator/connect/${sessionId}/explode`, form())).status).toBe(404);
    expect(h.emulator.getSession(sessionId)?.status).toBe('provider_required');
  });

  it('without redirect_uri, shows a result page; smart transfer and BNPL get their own webhook type', async () => {
    const smart = await connect({
      query: 'state=smart-1',
      body: connectBody({ meta: { payment_methods: [{ id: 'smart_transfer' }] } }),
    });
    const answer = await httpCall(h.url, 'POST', `/emulator/connect/${smart.sessionId}/pay`, form());
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('payment_created');
    const [manual] = await receiver.waitFor(1);
    expect(verified(manual).get('type')).toBe('ManualTransfer');

    const bnplBody = connectBody({ meta: { payment_methods: [{ id: 'bnpl' }], psu_company: 'ACME', psu_incorporation: '000000000' } });
    const bnpl = await connect({ body: bnplBody });
    await httpCall(h.url, 'POST', `/emulator/connect/${bnpl.sessionId}/pay`, form());
    const [, later] = await receiver.waitFor(2);
    expect(Object.fromEntries(verified(later))).toMatchObject({ type: 'BuyNowPayLater', status: 'order_created', transfer_state: 'pending' });

    const hub = await connect({
      body: connectBody({
        meta: {
          payment_methods: [{ id: 'immediate_transfer' }, { id: 'smart_transfer' }, { id: 'bnpl' }],
          psu_company: 'ACME',
          psu_incorporation: '000000000',
        },
      }),
    });
    await httpCall(h.url, 'POST', `/emulator/connect/${hub.sessionId}/pay`, form({ method: 'smart_transfer' }));
    const [, , chosen] = await receiver.waitFor(3);
    expect(verified(chosen).get('type')).toBe('ManualTransfer');
  });
});

describe('webhook delivery', () => {
  it('retries a non-2xx answer with back-off: 500, 500, then 200 makes 3 attempts', async () => {
    receiver.script(500, 500, 200);
    const { sessionId } = await connect();
    await httpCall(h.url, 'POST', `/emulator/connect/${sessionId}/pay`, form());
    const received = await receiver.waitFor(3);
    expect(received.map((w) => w.answeredWith)).toEqual([500, 500, 200]);
    // Same event, same X-Request-ID; each try freshly signed and valid.
    expect(new Set(received.map((w) => w.headers['x-request-id'])).size).toBe(1);
    for (const webhook of received) verified(webhook);
    await h.emulator.webhooks.settle();
    const log = (await httpCall(h.url, 'GET', '/emulator/webhooks')).json<
      Array<{ sessionId: string; state: string; attempts: Array<{ at: string; status: number }>; lastStatus: number }>
    >();
    const delivery = log.find((d) => d.sessionId === sessionId);
    expect(delivery).toMatchObject({ state: 'delivered', lastStatus: 200 });
    expect(delivery?.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    // Exponential back-off from webhookBaseDelayMs (20 ms): at least 20, then at least 40 ms between tries.
    const starts = (delivery?.attempts ?? []).map((a) => Date.parse(a.at));
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(20);
    expect(starts[2] - starts[1]).toBeGreaterThanOrEqual(40);
  });

  it('retries when the receiver does not answer, and gives up after webhookMaxAttempts', async () => {
    const few = await startEmulator(receiver.url, { webhookMaxAttempts: 3, webhookBaseDelayMs: 10, webhookTimeoutMs: 300 });
    try {
      const fewToken = await fetchToken(few.url, credentials);
      receiver.script('hang', 500, 503);
      const answer = await signedCall(few.url, {
        method: 'POST',
        path: `/emulator/pis/v2/connect?${defaultQuery()}`,
        body: connectBody(),
        credentials,
        token: fewToken,
      });
      const sessionId = answer.json<{ meta: { session_id: string } }>().meta.session_id;
      const redirect = await httpCall(few.url, 'POST', `/emulator/connect/${sessionId}/pay`, form());
      // The payer's redirect never waits for the merchant's webhook endpoint, which is hanging now.
      expect(redirect.status).toBe(303);
      expect(few.emulator.webhookDeliveries()[0]).toMatchObject({ state: 'pending', attempts: [] });
      await receiver.waitFor(3);
      await few.emulator.webhooks.settle();
      const [delivery] = few.emulator.webhookDeliveries();
      expect(delivery.state).toBe('failed');
      expect(delivery.attempts.map((a) => a.status)).toEqual([null, 500, 503]);
      expect(delivery.attempts[0].error).toMatch(/timeout/i);
    } finally {
      await few.close();
    }
  });

  it('sends JSON when configured, signed over the JSON bytes', async () => {
    const json = await startEmulator(receiver.url, { webhookFormat: 'json' });
    try {
      const jsonToken = await fetchToken(json.url, credentials);
      const answer = await signedCall(json.url, {
        method: 'POST',
        path: '/emulator/pis/v2/connect?state=json-1',
        body: connectBody(),
        credentials,
        token: jsonToken,
      });
      const sessionId = answer.json<{ meta: { session_id: string } }>().meta.session_id;
      await httpCall(json.url, 'POST', `/emulator/connect/${sessionId}/refuse`, form());
      const [webhook] = await receiver.waitFor(1);
      expect(webhook.headers['content-type']).toBe('application/json');
      expect(webhook.headers.digest).toBe(computeDigest(webhook.rawBody));
      verified(webhook);
      expect(JSON.parse(webhook.body)).toMatchObject({ session_id: sessionId, status: 'payment_unsuccessful', state: 'json-1' });
    } finally {
      await json.close();
    }
  });
});

describe('POST /emulator/sessions/{id}/simulate', () => {
  it('applies the change, shows it on GET, and sends its webhook', async () => {
    const { sessionId } = await connect();
    const answer = await httpCall(h.url, 'POST', `/emulator/sessions/${sessionId}/simulate`, {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'payment_partial', transfer_state: 'insufficient', received_amount: '12.00' }),
    });
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({ status: 'payment_partial', transferState: 'insufficient', receivedAmount: '12.00' });
    const payment = (await getPayment(sessionId)).json<{ meta: { status: string }; data: { attributes: Record<string, unknown> } }>();
    expect(payment.meta.status).toBe('payment_partial');
    expect(payment.data.attributes.received_amount).toBe('12.00');
    const [webhook] = await receiver.waitFor(1);
    expect(Object.fromEntries(verified(webhook))).toMatchObject({
      status: 'payment_partial',
      transfer_state: 'insufficient',
      received_amount: '12.00',
    });
  });

  it('can stay silent, and refuses unknown statuses', async () => {
    const { sessionId } = await connect();
    const silent = await httpCall(h.url, 'POST', `/emulator/sessions/${sessionId}/simulate`, {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'payment_pending', transfer_state: 'processing', send_webhook: false }),
    });
    expect(silent.status).toBe(200);
    await h.emulator.webhooks.settle();
    expect(receiver.received).toHaveLength(0);
    const bad = await httpCall(h.url, 'POST', `/emulator/sessions/${sessionId}/simulate`, {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'payment_completed' }),
    });
    expectFintectureError(bad, 400, 'bad_request', 'invalid_field');
    expect(
      (
        await httpCall(h.url, 'POST', `/emulator/sessions/${'0'.repeat(32)}/simulate`, {
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ status: 'payment_created' }),
        })
      ).status,
    ).toBe(404);
  });
});

describe('POST /emulator/faults', () => {
  const addFault = (fault: Record<string, unknown>) =>
    httpCall(h.url, 'POST', '/emulator/faults', { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(fault) });
  const connectCall = () => api({ method: 'POST', path: `/emulator/pis/v2/connect?${defaultQuery()}`, body: connectBody() });

  it.each([
    ['500', 500, 'internal_server_error'],
    ['429', 429, 'too_many_requests'],
    ['400', 400, 'bad_request'],
    ['invalid_token', 401, 'unauthorized'],
  ])('kind %s answers %d %s once, then the route works again', async (kind, status, code) => {
    expect((await addFault({ route: 'connect', kind, count: 1 })).status).toBe(201);
    const sessionsBefore = h.emulator.listSessions().length;
    const failed = await connectCall();
    expectFintectureError(failed, status, code, kind === 'invalid_token' ? 'invalid_token' : undefined);
    if (kind === '429') expect(failed.headers['retry-after']).toBe('1');
    expect(h.emulator.listSessions().length).toBe(sessionsBefore);
    expect((await connectCall()).status).toBe(201);
  });

  it('timeout holds the answer timeoutFaultMs after doing the work; a client that gives up gets nothing', async () => {
    await addFault({ route: 'connect', kind: 'timeout', count: 1 });
    const started = Date.now();
    const slow = await connectCall();
    expect(slow.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);

    await addFault({ route: 'POST /pis/v2/connect', kind: 'timeout' });
    const before = h.emulator.listSessions().length;
    const path = `/emulator/pis/v2/connect?${defaultQuery()}`;
    const body = connectBody();
    const headers = await api({ method: 'POST', path, body, dryRun: true });
    await expect(httpCall(h.url, 'POST', path, { headers, body, timeoutMs: 100 })).rejects.toThrow(/no answer/);
    // Like a Fintecture that answered too late: the session exists although the client never heard of it.
    expect(h.emulator.listSessions().length).toBe(before + 1);
    expect(h.emulator.recordedRequests().pop()).toMatchObject({ operation: 'connect', status: 201, fault: 'timeout' });
  });

  it('count makes several calls fail; faults also apply to the token route; bad faults are refused', async () => {
    await addFault({ route: 'token', kind: '500', count: 2 });
    await expect(fetchToken(h.url, credentials)).rejects.toThrow(/500/);
    await expect(fetchToken(h.url, credentials)).rejects.toThrow(/500/);
    await expect(fetchToken(h.url, credentials)).resolves.toEqual(expect.any(String));
    expectFintectureError(await addFault({ route: 'connect', kind: 'teapot' }), 400, 'bad_request', 'invalid_field');
    await addFault({ route: 'refund', kind: '500', count: 5 });
    expect((await httpCall(h.url, 'GET', '/emulator/faults')).json<unknown[]>()).toEqual([
      expect.objectContaining({ route: 'refund', kind: '500', remaining: 5 }),
    ]);
    expect((await httpCall(h.url, 'DELETE', '/emulator/faults')).status).toBe(204);
    expect((await httpCall(h.url, 'GET', '/emulator/faults')).json<unknown[]>()).toEqual([]);
  });
});

describe('expiry', () => {
  it('a session with meta.expiry turns payment_expired after that time and sends its webhook', async () => {
    const { sessionId, state } = await connect({ body: connectBody({ meta: { expiry: 1 } }) });
    const paidEarly = await connect({ body: connectBody({ meta: { expiry: 1 } }) });
    await httpCall(h.url, 'POST', `/emulator/connect/${paidEarly.sessionId}/pay`, form());
    const webhooks = await receiver.waitFor(2, 5000);
    const expired = webhooks.map(verified).find((fields) => fields.get('session_id') === sessionId);
    expect(Object.fromEntries(expired as URLSearchParams)).toMatchObject({ status: 'payment_expired', state });
    expect((await getPayment(sessionId)).json<{ meta: { status: string } }>().meta.status).toBe('payment_expired');
    expect((await getPayment(paidEarly.sessionId)).json<{ meta: { status: string } }>().meta.status).toBe('payment_created');
    expect((await httpCall(h.url, 'POST', `/emulator/connect/${sessionId}/pay`, form())).status).toBe(409);
  });
});

describe('reset and the control views', () => {
  it('GET /emulator/sessions/{id} shows the history and the deliveries; reset forgets everything', async () => {
    const { sessionId } = await connect();
    await httpCall(h.url, 'POST', `/emulator/connect/${sessionId}/pay`, form());
    await h.emulator.webhooks.settle();
    const view = (await httpCall(h.url, 'GET', `/emulator/sessions/${sessionId}`)).json<{
      history: Array<{ status: string }>;
      webhooks: unknown[];
    }>();
    expect(view.history.map((change) => change.status)).toEqual(['provider_required', 'payment_created']);
    expect(view.webhooks).toHaveLength(1);
    expect((await httpCall(h.url, 'POST', '/emulator/reset')).status).toBe(204);
    expect(h.emulator.getSession(sessionId)).toBeUndefined();
    expect(h.emulator.recordedRequests()).toEqual([]);
    expect(h.emulator.webhookDeliveries()).toEqual([]);
    // Tokens survive a reset.
    expect((await getPayment(sessionId)).status).toBe(404);
  });
});

describe('the standalone runner (npm run emulator)', () => {
  it('generates an identity, parses bodies itself, answers at /emulator and at the root, and refuses production', async () => {
    const standalone = await startStandaloneEmulator({ EMULATOR_PORT: '0', EMULATOR_WEBHOOK_URL: receiver.url }, false);
    try {
      const base = `http://127.0.0.1:${standalone.port}`;
      expect(standalone.credentials.generated).toBe(true);
      const standaloneToken = await fetchToken(base, standalone.credentials);
      const call = (path: string, body: string) =>
        signedCall(base, { method: 'POST', path, body, credentials: standalone.credentials, token: standaloneToken });
      const mounted = await call('/emulator/pis/v2/connect?state=s-1', connectBody());
      expect(mounted.status).toBe(201);
      expect(mounted.json<{ meta: { url: string } }>().meta.url).toContain(`http://localhost:${standalone.port}/emulator/connect/`);
      const root = await call('/pis/v2/connect?state=s-2', connectBody());
      expect(root.status).toBe(201);
      const recorded = inspectEmulator(standalone.app).recordedRequests();
      expect(recorded.map((r) => r.path)).toEqual(['/emulator/oauth/accesstoken', '/emulator/pis/v2/connect?state=s-1', '/pis/v2/connect?state=s-2']);
      // Malformed JSON and unknown routes still answer in Fintecture's shape.
      expectFintectureError(await call('/pis/v2/connect', '{"meta":'), 400, 'bad_request', 'invalid_body');
      expectFintectureError(await httpCall(base, 'GET', '/pis/v2/nothing-here'), 404, 'not_found');
    } finally {
      await standalone.app.close();
    }
    await expect(startStandaloneEmulator({ NODE_ENV: 'production', EMULATOR_PORT: '0' }, false)).rejects.toThrow(/never runs in production/);
  });

  it('uses the app credentials from the environment when they are given', async () => {
    const pem = credentials.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const standalone = await startStandaloneEmulator(
      {
        EMULATOR_PORT: '0',
        FINTECTURE_APP_ID: credentials.appId,
        FINTECTURE_APP_SECRET: credentials.appSecret,
        FINTECTURE_PRIVATE_KEY: pem.replace(/\n/g, '\\n'),
      },
      false,
    );
    try {
      expect(standalone.credentials).toMatchObject({ appId: credentials.appId, generated: false });
      const base = `http://127.0.0.1:${standalone.port}`;
      const standaloneToken = await fetchToken(base, credentials);
      const answer = await signedCall(base, {
        method: 'POST',
        path: '/pis/v2/connect',
        body: connectBody(),
        credentials,
        token: standaloneToken,
      });
      expect(answer.status).toBe(201);
    } finally {
      await standalone.app.close();
    }
  });
});
