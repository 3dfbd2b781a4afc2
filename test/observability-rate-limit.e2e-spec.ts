import request from 'supertest';
import { emulatorCalls } from './support/emulator-client';
import { adminAuth, merchantAuth, OTHER_MERCHANT_KEY, startTestApp, TestApp } from './support/test-app';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3', WEBHOOK_RATE_LIMIT_PER_MINUTE: '2' });
});
afterAll(() => t?.close());

const UNKNOWN_SESSION = '/v1/payment-sessions/0b6f6c1e-3f3a-4c43-9d35-1d6a0e0f6b7a';
const otherMerchantAuth = { Authorization: `Bearer ${OTHER_MERCHANT_KEY}` };

function forgedWebhook() {
  return request(t.url).post('/v1/webhooks/fintecture').type('form').send({ session_id: 'x', status: 'payment_created' });
}

describe('rate limits', () => {
  it('answers the 4th request of a key within the minute with 429 problem+json and Retry-After', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await request(t.url).get(UNKNOWN_SESSION).set(merchantAuth).expect(404);
      expect(res.headers['x-ratelimit-limit']).toBe('3');
      expect(res.headers['x-ratelimit-remaining']).toBe(String(2 - i));
    }
    const res = await request(t.url).get(UNKNOWN_SESSION).set(merchantAuth).expect(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 429, code: 'rate_limited', title: 'Too Many Requests' });
    expect(typeof res.body.request_id).toBe('string');
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('keeps the limit across all routes of the key: creating is refused too, before anything is sent', async () => {
    const res = await request(t.url).post('/v1/payment-sessions?state=x').set(merchantAuth).send({}).expect(429);
    expect(res.body.code).toBe('rate_limited');
    expect((await emulatorCalls(t.url)).filter((c) => c.path.includes('/pis/v2/connect'))).toHaveLength(0);
  });

  it('gives every API key its own budget', async () => {
    await request(t.url).get(UNKNOWN_SESSION).set(otherMerchantAuth).expect(404);
    await request(t.url).get('/v1/admin/payment-sessions').set(adminAuth).expect(200);
  });

  it('limits the webhook route separately, so a flood there leaves the merchants alone', async () => {
    await forgedWebhook().expect(401);
    await forgedWebhook().expect(401);
    const flooded = await forgedWebhook().expect(429);
    expect(flooded.body.code).toBe('rate_limited');
    expect(Number(flooded.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    // The merchant that was never limited still has its budget; the webhook flood did not eat it.
    await request(t.url).get(UNKNOWN_SESSION).set(otherMerchantAuth).expect(404);
  });

  it('never limits the probes or the metrics', async () => {
    for (let i = 0; i < 5; i++) {
      await request(t.url).get('/health/live').expect(200);
      await request(t.url).get('/metrics').expect(200);
    }
  });

  it('limits requests without a valid key by address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await request(t.url).get(UNKNOWN_SESSION).set({ Authorization: 'Bearer not-a-key' })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
