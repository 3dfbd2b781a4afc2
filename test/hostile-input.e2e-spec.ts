import request from 'supertest';
import { PAYMENT_SESSION_EXAMPLES } from '../src/payments/dto/payment-session.examples';
import { adminAuth, merchantAuth, startTestApp, TestApp } from './support/test-app';

/**
 * Whatever arrives, the service answers 4xx with problem+json, never 500: a battery of hostile
 * bodies, parameters and headers against every route a caller can reach.
 */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const deep = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const example = PAYMENT_SESSION_EXAMPLES.immediate_transfer.body;

const bodies: Array<[string, string, string]> = [
  ['deeply nested JSON', deep(5000), 'application/json'],
  ['deeply nested custom', JSON.stringify({ ...example, meta: { ...example.meta, custom: JSON.parse(deep(3000)) } }), 'application/json'],
  ['__proto__ key', JSON.stringify(example).replace('{"meta":{', '{"meta":{"__proto__":{"admin":true},'), 'application/json'],
  ['constructor key', JSON.stringify(example).replace('{"meta":{', '{"meta":{"constructor":{"prototype":1},'), 'application/json'],
  ['null', 'null', 'application/json'],
  ['a string', '"hello"', 'application/json'],
  ['a number', '42', 'application/json'],
  ['nulls everywhere', JSON.stringify({ meta: null, data: null }), 'application/json'],
  ['arrays for objects', JSON.stringify({ meta: [], data: [1, 2] }), 'application/json'],
  [
    'amount as object',
    JSON.stringify({ ...example, data: { type: 'PIS', attributes: { amount: { $gt: 0 }, currency: 'EUR' } } }),
    'application/json',
  ],
  [
    'huge amount',
    JSON.stringify({ ...example, data: { type: 'PIS', attributes: { amount: '9'.repeat(400), currency: 'EUR' } } }),
    'application/json',
  ],
  ['invalid UTF-8', '{"meta":{"psu_name":"\xff\xfe"}}', 'application/json'],
  ['wrong charset', JSON.stringify(example), 'application/json; charset=utf-7'],
  ['form body', 'meta[psu_name]=x&data[attributes][amount]=1', 'application/x-www-form-urlencoded'],
  ['gzip claimed, not gzip', JSON.stringify(example), 'application/json'],
];

describe('POST /v1/payment-sessions', () => {
  it.each(bodies)('%s', async (name, payload, type) => {
    const req = request(t.url).post('/v1/payment-sessions?state=hostile').set(merchantAuth).set('Content-Type', type);
    if (name.startsWith('gzip')) req.set('Content-Encoding', 'gzip');
    const res = await req.send(payload);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it.each([
    ['repeated state', 'state=a&state=b'],
    ['state as an object', 'state[x]=1'],
    ['redirect_uri javascript:', 'state=a&redirect_uri=javascript:alert(1)'],
    ['unknown parameter', 'state=a&admin=true'],
  ])('query: %s', async (_name, query) => {
    const res = await request(t.url).post(`/v1/payment-sessions?${query}`).set(merchantAuth).send(example);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it.each([
    ['Authorization without scheme', { Authorization: 'test-merchant-key-0001' }],
    ['Authorization with a huge token', { Authorization: `Bearer ${'x'.repeat(6000)}` }],
    ['Idempotency-Key with control characters', { ...merchantAuth, 'Idempotency-Key': 'a\tb' }],
    ['x-psu-type unknown', { ...merchantAuth, 'x-psu-type': 'robot' }],
  ])('headers: %s', async (_name, headers) => {
    const res = await request(t.url).post('/v1/payment-sessions?state=a').set(headers).send(example);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('refuses a broken percent-encoding rather than guess what state meant', async () => {
    const res = await request(t.url).post('/v1/payment-sessions?state=%E0%A4%A').set(merchantAuth).send(example);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'query.state', message: 'malformed percent-encoding' }]);
  });
});

describe('other routes', () => {
  it.each([
    ['GET', '/v1/payment-sessions/%E0%A4%A', merchantAuth],
    ['GET', `/v1/payment-sessions/${'a'.repeat(5000)}`, merchantAuth],
    ['GET', "/v1/payment-sessions/1' OR '1'='1", merchantAuth],
    ['POST', '/v1/payment-sessions/00000000-0000-7000-8000-000000000000/cancel', merchantAuth],
    ['GET', '/v1/admin/payment-sessions?limit=-1', adminAuth],
    ['GET', '/v1/admin/payment-sessions?limit=1e3', adminAuth],
    ['GET', '/v1/admin/payment-sessions?created_from=yesterday', adminAuth],
    ['GET', '/v1/admin/payment-sessions?amount_min=NaN', adminAuth],
    ['GET', '/v1/admin/payment-sessions?outcome[]=paid', adminAuth],
    ['GET', '/v1/admin/payment-sessions?cursor=%00%00', adminAuth],
    ['GET', `/v1/admin/payment-sessions?cursor=${'A'.repeat(4000)}`, adminAuth],
    ['GET', '/v1/admin/payment-sessions/export?currency=EUR&currency=GBP', adminAuth],
    ['GET', '/v1/admin/payment-sessions/nope', adminAuth],
    ['GET', '/v1/admin/reconciliation-runs?limit=0', adminAuth],
    ['GET', '/v1/admin/reconciliation-runs/%FF', adminAuth],
  ])('%s %s', async (method, path, headers) => {
    const res = await request(t.url)[method.toLowerCase() as 'get' | 'post'](path).set(headers);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it.each([
    ['no signature at all', 'session_id=abc&status=payment_created', 'application/x-www-form-urlencoded', {}],
    ['garbage signature', '{}', 'application/json', { Signature: 'keyId="x",algorithm="rsa-sha256",headers="date",signature="!!!"' }],
    ['malformed JSON', '{"a":', 'application/json', {}],
    ['deep JSON', deep(5000), 'application/json', {}],
  ])('webhook: %s is refused without a 5xx', async (_name, payload, type, headers) => {
    const res = await request(t.url).post('/v1/webhooks/fintecture').set('Content-Type', type).set(headers).send(payload);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
