import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { signRequest } from '../src/fintecture/http-signature';
import { FakeFintecture, startFakeFintecture } from './support/fake-fintecture';
import { closeInOrder, merchantAuth, startTestAppOnFake, TestApp } from './support/test-app';

/**
 * POST /v1/payment-sessions with the bodies Fintecture's own clients send, written byte for byte as
 * each builds them (key order, spacing, escapes, number or string amounts), against a strict fake
 * Fintecture that checks the Digest and signature over the bytes it receives. Each must be accepted
 * and reach Fintecture unchanged; the real mistakes must still be refused, naming the field.
 */
interface RealPayload {
  /** Who sends it, and where the shape comes from. */
  client: string;
  /** The query of our own call; forwarded as Fintecture's. */
  query: string;
  body: string;
  /** The amount the service stores and shows. */
  amount: string;
}

const REAL_PAYLOADS: RealPayload[] = [
  {
    // spec/connect.spec.ts connectConfigFull through Connect._buildPaymentPayload: data before meta, a number amount, an IP that is no address.
    client: 'JS SDK 2.0.2, full connect fixture',
    query: 'state=somestate&redirect_uri=https%3A%2F%2Fwww.google.com%2Fcallback&origin_uri=https%3A%2F%2Fwww.google.com%2Fshop',
    body: '{"data":{"type":"SEPA","attributes":{"amount":125,"currency":"EUR","communication":"Thanks mom!","end_to_end_id":"1234567890"}},"meta":{"psu_name":"Bob Smith","psu_email":"bob.smith@gmail.com","psu_ip":"123.456.789.123"}}',
    amount: '125.00',
  },
  {
    // connectConfigMin: no payer data at all, which the sandbox takes.
    client: 'JS SDK 2.0.2, minimal connect fixture',
    query: 'state=js-sdk-min&redirect_uri=https%3A%2F%2Fwww.google.com%2Fcallback',
    body: '{"data":{"type":"SEPA","attributes":{"amount":125,"currency":"EUR","communication":"Thanks mom!"}},"meta":{}}',
    amount: '125.00',
  },
  {
    // The PIS spec fixture's attributes (amount 1, a dash-less generateUUID end_to_end_id) through the same builder.
    client: 'JS SDK 2.0.2, one euro',
    query: 'state=js-sdk-one-euro',
    body: '{"data":{"type":"SEPA","attributes":{"amount":1,"currency":"EUR","communication":"KEEP YOUR DIRTY MONEY","end_to_end_id":"5f78e902907e4209aa8df63659b05d24"}},"meta":{}}',
    amount: '1.00',
  },
  {
    // Connect.ts of 2.5.3: payment_methods numbered from the array index, expiry typed string | number, IAddress with name.
    client: 'JS SDK 2.5.3, payment hub with a string expiry',
    query: 'state=js-sdk-253&redirect_uri=https%3A%2F%2Fboutique.example.fr%2Fretour',
    body: '{"data":{"type":"SEPA","attributes":{"amount":42.5,"currency":"EUR","communication":"ORDER-42","external_reference":"CMD-42"}},"meta":{"psu_name":"Bob Smith","psu_email":"bob.smith@example.com","psu_ip":"203.0.113.7","psu_phone":"612345678","psu_address":{"name":"Bob Smith","street":"rue des Lilas","number":"12","city":"Paris","zip":"75011","country":"FR"},"expiry":"3600","payment_methods":[{"id":"immediate_transfer","order":0},{"id":"smart_transfer","order":1}],"psu_phone_prefix":"+33"}}',
    amount: '42.50',
  },
  {
    // Helper generatePayload: a private customer (company null, no phone), the custom reconciliation field, expiry in minutes × 60.
    client: 'Magento 2, private customer with the custom reconciliation field',
    query: 'state=eyJvcmRlcl9pZCI6IjAwMDAwMDA0MiJ9&redirect_uri=https%3A%2F%2Fshop.example.com%2Ffintecture%2Fstandard%2Fresponse',
    body: '{"meta":{"psu_name":"Jeanne Dupré","psu_email":"jeanne.dupre@example.fr","psu_company":null,"psu_phone":"","psu_phone_prefix":"+33","psu_ip":"203.0.113.7","psu_address":{"street":"12 rue des Lilas","zip":"75011","city":"Paris","country":"FR"},"expiry":1800,"reconciliation":{"level":"key","key":"000000042","match_amount":true}},"data":{"attributes":{"amount":"42.5","currency":"EUR","communication":"FINTECTURE-000000042"}}}',
    amount: '42.50',
  },
  {
    // The only official BNPL client: payment_methods bnpl and net_amount, a company but no SIREN field.
    client: 'Magento 2, Buy Now Pay Later',
    query: 'state=eyJvcmRlcl9pZCI6IjAwMDAwMDA3NyJ9&redirect_uri=https%3A%2F%2Fshop.example.com%2Ffintecture%2Fstandard%2Fresponse',
    body: '{"meta":{"psu_name":"Hélène Garnier","psu_email":"helene.garnier@cote-jardin.example.fr","psu_company":"Atelier Côté Jardin","psu_phone":"556789012","psu_phone_prefix":"+33","psu_ip":"198.51.100.24","psu_address":{"street":"27 cours de l\'Intendance","zip":"33000","city":"Bordeaux","country":"FR"},"payment_methods":[{"id":"bnpl"}]},"data":{"attributes":{"amount":"3600","currency":"EUR","communication":"FINTECTURE-000000077","net_amount":"3000"}}}',
    amount: '3600.00',
  },
  {
    // spec/api/pis/connect_spec.rb get_connect_payload("11"): no data.type, no psu_ip, the generated end_to_end_id; to_json.
    client: 'Ruby SDK, sandbox connect spec',
    query: 'state=ok',
    body: '{"meta":{"psu_name":"John Doe","psu_email":"xavier.laumonier@fintecture.com","psu_phone":"666777888"},"data":{"attributes":{"amount":"11","currency":"EUR","communication":"Test Ruby Connect","end_to_end_id":"9d3e1c0b7a6f4e2d8c5b4a3f2e1d0c9b"}}}',
    amount: '11.00',
  },
  {
    // get_connect_payload("50", smart_transfer: true) with with_virtualbeneficiary.
    client: 'Ruby SDK, Smart Transfer',
    query: 'state=ok&with_virtualbeneficiary=true',
    body: '{"meta":{"psu_name":"John Doe","psu_email":"xavier.laumonier@fintecture.com","psu_phone":"666777888","reconciliation":{"level":"payer"}},"data":{"attributes":{"amount":"50","currency":"EUR","communication":"Test Ruby Connect","end_to_end_id":"0a1b2c3d4e5f40718293a4b5c6d7e8f9"}}}',
    amount: '50.00',
  },
  {
    // The earlier payload_connect of the same spec: empty prefix, form and incorporation, a lower-case country, a past execution date.
    client: 'Ruby SDK, earlier sandbox connect spec',
    query: 'state=ok',
    body: '{"meta":{"psu_name":"John Doe","psu_email":"sylvain.sanfilippo@fintecture.com","psu_phone":"666777888","psu_phone_prefix":"","psu_ip":"127.0.0.1","psu_form":"","psu_incorporation":"","psu_address":{"street":"Main St.","number":"123","complement":"2nd floor","city":"Paris","zip":"75000","country":"fr"}},"data":{"type":"PIS","attributes":{"amount":"123","currency":"EUR","communication":"Thanks Mom!","execution_date":"2021-09-23","end_to_end_id":"5f78e902907e4209aa8df63659b05d24"}}}',
    amount: '123.00',
  },
  {
    // json.dumps defaults: ", " and ": " separators, non-ASCII escaped as \\uXXXX; data.type "connect"; str() of a float amount.
    client: 'Python SDK / Odoo',
    query: 'state=1%2F3f2a9c%2F116%2F157&redirect_uri=https%3A%2F%2Fodoo.example.com%2Fpayment%2Ffintecture%2Fcallback',
    body: '{"meta": {"psu_name": "Jos\\u00e9 Garc\\u00eda", "psu_email": "jose.garcia@example.es", "psu_address": {"country": "FR", "street": "2 rue Marie Stuart", "zip": "75002", "city": "Paris"}}, "data": {"type": "connect", "attributes": {"amount": "149.3", "currency": "EUR", "communication": "Reference S00042"}}}',
    amount: '149.30',
  },
  {
    // Helper/Util createPayload, json_encode with JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES: data.type PAYMENT, a null company, a two-line street.
    client: 'Magento 1',
    query: 'state=eyJvcmRlcl9pZCI6IjEwMDAwMDA0MiJ9&redirect_uri=https%3A%2F%2Fshop.example.com%2Ffintecture%2Fstandard%2Fresponse',
    body: '{"data":{"type":"PAYMENT","attributes":{"amount":"43","currency":"EUR","communication":"FINTECTURE-100000042"}},"meta":{"psu_name":"Jeanne Dupré","psu_email":"jeanne.dupre@example.fr","psu_ip":"203.0.113.7","psu_phone":"0612345678","psu_company":null,"psu_address":{"street":"12 rue des Lilas\\nBâtiment B","complement":"12 rue des Lilas\\nBâtiment B","zip":"75011","city":"Paris","country":"FR"}}}',
    amount: '43.00',
  },
];

function post(query: string, body: string, app: TestApp) {
  return request(app.url).post(`/v1/payment-sessions?${query}`).set(merchantAuth).set('Content-Type', 'application/json').send(body);
}

describe('payloads of the official clients, against a sandbox', () => {
  let fake: FakeFintecture;
  let t: TestApp;

  beforeAll(async () => ({ fake, t } = await startTestAppOnFake(startFakeFintecture, { FINTECTURE_ENV: 'sandbox' })));
  afterAll(() => closeInOrder(t, fake));

  it.each(REAL_PAYLOADS.map((p) => [p.client, p] as const))('%s: 201, forwarded byte for byte', async (_client, payload) => {
    const before = fake.connectCalls.length;
    const res = await post(payload.query, payload.body, t);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ outcome: 'awaiting_payer', amount: payload.amount, currency: 'EUR' });

    expect(fake.connectCalls).toHaveLength(before + 1);
    const call = fake.connectCalls[fake.connectCalls.length - 1];
    expect(call.bytes.equals(Buffer.from(payload.body, 'utf8'))).toBe(true);
    // The query is rebuilt in the service's fixed order from the validated parameters; the body is the caller's.
    const [path, query] = call.path.split('?');
    expect(path).toBe('/pis/v2/connect');
    expect(Object.fromEntries(new URLSearchParams(query))).toEqual(Object.fromEntries(new URLSearchParams(payload.query)));
    expect(res.body.session_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('the fake is strict: a body other than the one signed is refused', async () => {
    const body = REAL_PAYLOADS[0].body;
    const path = '/pis/v2/connect?state=tamper';
    const signed = signRequest({ method: 'POST', pathWithQuery: path, body, appId: fake.appId, privateKey: createPrivateKey(fake.privateKeyPem) });
    const send = (sent: string) =>
      request(fake.url)
        .post(path)
        .set({ ...signed.headers, Authorization: 'Bearer fake-fintecture-access-token', 'Content-Type': 'application/json' })
        .send(sent);
    expect((await send(body.replace('125', '126'))).status).toBe(401);
    expect((await send(body)).status).toBe(201);
  });

  it('stores a JSON-number amount from its literal, not from the float it parses to', async () => {
    // 0.1 + 0.2 is not 0.3 as a float; the literal 0.3 is 30 cents exactly.
    const body = '{"data":{"type":"SEPA","attributes":{"amount":0.3,"currency":"EUR","communication":"float trap"}},"meta":{}}';
    const res = await post('state=float-trap', body, t).expect(201);
    expect(res.body.amount).toBe('0.30');
    expect(fake.connectCalls[fake.connectCalls.length - 1].bytes.toString('utf8')).toBe(body);
  });

  it('keeps pretty-printing, escapes and repeated whitespace: the Digest covers the bytes sent', async () => {
    const body =
      '{\n  "meta" : { "psu_name" : "Zo\\u00eb \\/ Dupr\\u00e9" },\n  "data" : { "attributes" : { "amount" : 10.5 , "currency" : "EUR" } }\n}\n';
    const res = await post('state=pretty', body, t).expect(201);
    expect(res.body.amount).toBe('10.50');
    expect(fake.connectCalls[fake.connectCalls.length - 1].bytes.toString('utf8')).toBe(body);
  });

  describe('real mistakes are still refused, naming the field, and nothing reaches Fintecture', () => {
    const JS_FULL = REAL_PAYLOADS[0].body;
    const MAGENTO_2 = REAL_PAYLOADS[4];

    it.each<[string, string, string, string]>([
      ['a wrong currency', 'state=x', JS_FULL.replace('"EUR"', '"USD"'), 'data.attributes.currency'],
      ['a lower-case currency', 'state=x', JS_FULL.replace('"EUR"', '"eur"'), 'data.attributes.currency'],
      ['a JSON-number amount with three decimals', 'state=x', JS_FULL.replace('"amount":125', '"amount":42.505'), 'data.attributes.amount'],
      [
        'a JSON-number amount that only rounds to two decimals',
        'state=x',
        JS_FULL.replace('"amount":125', '"amount":42.499999999999999999'),
        'data.attributes.amount',
      ],
      ['a JSON-number amount with an exponent', 'state=x', JS_FULL.replace('"amount":125', '"amount":1.25e2'), 'data.attributes.amount'],
      ['a negative JSON-number amount', 'state=x', JS_FULL.replace('"amount":125', '"amount":-125'), 'data.attributes.amount'],
      [
        'a string amount with three decimals',
        MAGENTO_2.query,
        MAGENTO_2.body.replace('"amount":"42.5"', '"amount":"42.505"'),
        'data.attributes.amount',
      ],
      [
        'a net_amount number with three decimals',
        'state=x',
        REAL_PAYLOADS[5].body.replace('"net_amount":"3000"', '"net_amount":2999.999'),
        'data.attributes.net_amount',
      ],
      ['a 513-character state', `state=${'s'.repeat(513)}`, JS_FULL, 'query.state'],
      ['a misspelt field name', 'state=x', JS_FULL.replace('"psu_email"', '"psu_mail"'), 'meta.psu_mail'],
      ['a misspelt nested field name', MAGENTO_2.query, MAGENTO_2.body.replace('"communication"', '"comunication"'), 'data.attributes.comunication'],
      ['an unknown data.type', 'state=x', JS_FULL.replace('"SEPA"', '"REQUEST_TO_PAY"'), 'data.type'],
    ])('%s', async (_name, query, body, field) => {
      const before = fake.connectCalls.length;
      const res = await post(query, body, t);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(fake.connectCalls).toHaveLength(before);
    });

    it('refuses a body that is not valid UTF-8 rather than forward other bytes than it read', async () => {
      const bytes = Buffer.concat([
        Buffer.from('{"meta":{"psu_name":"'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"},"data":{"attributes":{"amount":"1","currency":"EUR"}}}'),
      ]);
      const before = fake.connectCalls.length;
      const res = await fetch(`${t.url}/v1/payment-sessions?state=x`, {
        method: 'POST',
        headers: { ...merchantAuth, 'Content-Type': 'application/json' },
        body: bytes,
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { errors: unknown }).errors).toEqual([{ field: 'body', message: 'the body is not valid utf-8' }]);
      expect(fake.connectCalls).toHaveLength(before);
    });
  });
});

describe('against production, the payer fields production requires', () => {
  let fake: FakeFintecture;
  let t: TestApp;

  // Production runs migrations from the command line; the throw-away test database migrates itself.
  beforeAll(
    async () => ({ fake, t } = await startTestAppOnFake(startFakeFintecture, { FINTECTURE_ENV: 'production', DATABASE_MIGRATIONS_RUN: 'true' })),
  );
  afterAll(() => closeInOrder(t, fake));

  it.each<[string, string, string[]]>([
    ['no payer data (the JS SDK minimal fixture)', REAL_PAYLOADS[1].body, ['meta.psu_name', 'meta.psu_email', 'meta.psu_ip']],
    ['no payer IP (the Ruby SDK sandbox spec)', REAL_PAYLOADS[6].body, ['meta.psu_ip']],
    ['an empty payer IP', REAL_PAYLOADS[4].body.replace('"psu_ip":"203.0.113.7"', '"psu_ip":"   "'), ['meta.psu_ip']],
  ])('refuses %s with 400 naming each field', async (_name, body, fields) => {
    const res = await post('state=prod', body, t);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors).toEqual(fields.map((field) => ({ field, message: `${field.slice(5)} is required when FINTECTURE_ENV=production` })));
    expect(fake.connectCalls).toHaveLength(0);
  });

  it('takes a payer IP as given, as long as there is one', async () => {
    const payload = REAL_PAYLOADS[0];
    await post(payload.query, payload.body, t).expect(201);
    expect(fake.connectCalls.map((c) => c.bytes.toString('utf8'))).toEqual([payload.body]);
  });
});

describe('the literals are what the clients build', () => {
  type Builder = { connect: { _buildPaymentPayload(config: Record<string, unknown>): unknown } };
  // The official package, as installed (2.0.2); its builder is pure, no network involved.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { FintectureClient } = require('fintecture-client') as { FintectureClient: new (config: Record<string, unknown>) => Builder };
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const sdk = new FintectureClient({
    app_id: 'app',
    app_secret: 'secret',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    env: 'sandbox',
  });
  const fixture = {
    amount: 125,
    currency: 'EUR',
    communication: 'Thanks mom!',
    redirect_uri: 'https://www.google.com/callback',
    origin_uri: 'https://www.google.com/shop',
  };

  it.each<[string, Record<string, unknown>, number]>([
    [
      'connectConfigFull',
      {
        ...fixture,
        end_to_end_id: '1234567890',
        customer_id: '9',
        customer_full_name: 'Bob Smith',
        customer_email: 'bob.smith@gmail.com',
        customer_ip: '123.456.789.123',
        state: 'somestate',
      },
      0,
    ],
    ['connectConfigMin', fixture, 1],
    ['one euro', { amount: 1, currency: 'EUR', communication: 'KEEP YOUR DIRTY MONEY', end_to_end_id: '5f78e902907e4209aa8df63659b05d24' }, 2],
  ])('JS SDK %s', (_name, config, index) => {
    expect(JSON.stringify(sdk.connect._buildPaymentPayload(config))).toBe(REAL_PAYLOADS[index].body);
  });
});
