import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import request from 'supertest';
import { FakeFintecture, startFakeFintecture } from '../scripts/bench/fake-fintecture';
import { copyOpenSessions } from '../scripts/bench/open-sessions';
import { IMMEDIATE_TRANSFER_EXAMPLE } from '../src/payments/dto/payment-session.examples';
import { RATE_LIMIT_KEY_PREFIX } from '../src/observability/rate-limit-storage';
import { freePort } from './support/free-port';
import { ServiceProcess, startServiceProcess } from './support/service-process';
import { createTestDatabase, startTestApp, TestApp } from './support/test-app';

const REDIS_URL = process.env.REDIS_URL?.trim();
const DATABASE_URL = process.env.DATABASE_URL?.trim();
// Redis outlives a run: labels of their own keep this run's counters apart from any earlier run's.
const run = randomBytes(4).toString('hex');
const UNKNOWN_SESSION = '/v1/payment-sessions/0b6f6c1e-3f3a-4c43-9d35-1d6a0e0f6b7a';

function keys(labels: Array<[label: string, key: string]>): string {
  return labels.map(([label, key]) => `${label}:${key}`).join(',');
}

describe('rate-limit counters without a reachable Redis', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A port nobody listens on: the instance must go on serving, counting in its own memory.
    t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t?.close());

  it('still answers every request, and still limits each key (per instance)', async () => {
    const auth = { Authorization: 'Bearer test-merchant-key-0001' };
    for (let i = 0; i < 3; i++) await request(t.url).get(UNKNOWN_SESSION).set(auth).expect(404);
    await request(t.url).get(UNKNOWN_SESSION).set(auth).expect(429);
  });
});

(REDIS_URL ? describe : describe.skip)(`rate-limit counters in Redis${REDIS_URL ? '' : ' (skipped: REDIS_URL is not set)'}`, () => {
  const label = `redis-shop-${run}`;
  let t: TestApp;
  let redis: Redis;
  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: REDIS_URL!, RATE_LIMIT_PER_MINUTE: '4', MERCHANT_API_KEYS: keys([[label, 'redis-merchant-key-01']]) });
    redis = new Redis(REDIS_URL!);
  });
  afterAll(async () => {
    await t?.close();
    redis?.disconnect();
  });

  it('counts each request of a key in Redis, under the service prefix and the key label (never the key)', async () => {
    const auth = { Authorization: 'Bearer redis-merchant-key-01' };
    for (let i = 0; i < 3; i++) await request(t.url).get(UNKNOWN_SESSION).set(auth).expect(404);
    const found = await redis.keys(`${RATE_LIMIT_KEY_PREFIX}*${label}*`);
    expect(found).toEqual([`${RATE_LIMIT_KEY_PREFIX}{default|merchant:${label}:default}:hits`]);
    expect(await redis.get(found[0])).toBe('3');
    expect(found.join()).not.toContain('redis-merchant-key-01');
    const ttl = await redis.pttl(found[0]);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('refuses the request past the budget with the usual 429', async () => {
    const auth = { Authorization: 'Bearer redis-merchant-key-01' };
    await request(t.url).get(UNKNOWN_SESSION).set(auth).expect(404);
    const refused = await request(t.url).get(UNKNOWN_SESSION).set(auth).expect(429);
    expect(refused.body.code).toBe('rate_limited');
  });
});

const scaleOut = Boolean(DATABASE_URL && REDIS_URL);
(scaleOut ? describe : describe.skip)(
  `two instances on one PostgreSQL and one Redis${scaleOut ? '' : ' (skipped: needs DATABASE_URL and REDIS_URL; CI sets both)'}`,
  () => {
    const merchant = { label: `shop-${run}`, key: 'scale-merchant-key-01' };
    const limited = { label: `limited-${run}`, key: 'scale-limited-key-001' };
    const admin = { label: `ops-${run}`, key: 'scale-admin-key-00001' };
    let fake: FakeFintecture;
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let a: ServiceProcess;
    let b: ServiceProcess;

    beforeAll(async () => {
      fake = await startFakeFintecture({ getDelayMs: 5 });
      database = await createTestDatabase();
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const env = {
        ...database.env,
        REDIS_URL: REDIS_URL!,
        FINTECTURE_ENV: 'sandbox',
        FINTECTURE_API_URL: fake.url,
        FINTECTURE_APP_ID: `scale-out-${run}`,
        FINTECTURE_APP_SECRET: randomBytes(16).toString('hex'),
        FINTECTURE_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        MERCHANT_API_KEYS: keys([
          [merchant.label, merchant.key],
          [limited.label, limited.key],
        ]),
        ADMIN_API_KEYS: keys([[admin.label, admin.key]]),
        RATE_LIMIT_PER_MINUTE: '6',
        RECONCILIATION_INTERVAL_SECONDS: '0',
        RECONCILIATION_BATCH_SIZE: '20',
      };
      // One after the other: the first one migrates the database, the second finds it migrated.
      a = await startServiceProcess(env, 90_000);
      b = await startServiceProcess(env, 90_000);
    }, 200_000);

    afterAll(async () => {
      for (const service of [a, b]) {
        if (!service) continue;
        service.child.kill('SIGTERM');
        await service.exited;
      }
      await database?.drop();
      await fake?.close();
    }, 60_000);

    it('creates one Fintecture session for one Idempotency-Key sent to both at once', async () => {
      const { query, headers, body } = IMMEDIATE_TRANSFER_EXAMPLE;
      const before = fake.counts.connect;
      const send = (service: ServiceProcess) =>
        request(service.url)
          .post('/v1/payment-sessions')
          .query({ ...query, state: `scale-out-${run}` })
          .set({ ...headers, 'idempotency-key': `scale-out-${run}`, Authorization: `Bearer ${merchant.key}` })
          .send(body);
      const [fromA, fromB] = await Promise.all([send(a), send(b)]);
      expect([fromA.status, fromB.status].sort()).toEqual(expect.arrayContaining([201]));
      for (const answer of [fromA, fromB]) expect([200, 201]).toContain(answer.status);
      expect(fromA.body.id).toBe(fromB.body.id);
      expect(fromA.body.session_id).toBe(fromB.body.session_id);
      expect(fake.counts.connect - before).toBe(1);
    });

    it('shares one budget per key: 6 a minute in all, whichever instance answers', async () => {
      const auth = { Authorization: `Bearer ${limited.key}` };
      for (const service of [a, b, a, b, a, b]) await request(service.url).get(UNKNOWN_SESSION).set(auth).expect(404);
      await request(a.url).get(UNKNOWN_SESSION).set(auth).expect(429);
      await request(b.url).get(UNKNOWN_SESSION).set(auth).expect(429);
    });

    it('never checks one session twice when both run a reconciliation pass at once', async () => {
      const template = await request(a.url)
        .post('/v1/payment-sessions')
        .query({ ...IMMEDIATE_TRANSFER_EXAMPLE.query, state: `template-${run}` })
        .set({ ...IMMEDIATE_TRANSFER_EXAMPLE.headers, 'idempotency-key': `template-${run}`, Authorization: `Bearer ${merchant.key}` })
        .send(IMMEDIATE_TRANSFER_EXAMPLE.body)
        .expect(201);
      const due = await copyOpenSessions({ engine: 'postgres', env: database.env }, template.body.id, 300);
      // Each run goes on in the background (202); due scope: the copies made due. The admin key has
      // the same small budget as every key here (6 a minute), so the runs' ends are awaited in the
      // database and each run is read once over HTTP.
      const start = (service: ServiceProcess) =>
        request(service.url).post('/v1/admin/reconciliation-runs').set('Authorization', `Bearer ${admin.key}`).send({ scope: 'due' }).expect(202);
      const [startedA, startedB] = await Promise.all([start(a), start(b)]);
      await waitForRunsInDatabase(database.env.DATABASE_URL, [startedA.body.id, startedB.body.id]);
      const read = (service: ServiceProcess, location: string) =>
        request(service.url).get(location).set('Authorization', `Bearer ${admin.key}`).expect(200);
      const [runA, runB] = await Promise.all([read(a, String(startedA.headers.location)), read(b, String(startedB.headers.location))]);

      expect(runA.body.instance).not.toBe(runB.body.instance);
      expect(runA.body.checked + runB.body.checked).toBe(due.length);
      // Both took part: the passes overlapped, batch by batch.
      expect(runA.body.checked).toBeGreaterThan(0);
      expect(runB.body.checked).toBeGreaterThan(0);
      const asked = due.map((sessionId) => fake.counts.getsBySession[sessionId] ?? 0);
      expect(asked.filter((n) => n !== 1)).toEqual([]);
    }, 60_000);
  },
);

/** Polls reconciliation_runs until none of the given runs is still running. */
async function waitForRunsInDatabase(url: string, ids: string[], timeoutMs = 50_000): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM reconciliation_runs WHERE id = ANY($1) AND status = 'running'", [
        ids,
      ]);
      if (Number(rows[0].n) === 0) return;
      if (Date.now() > deadline) throw new Error(`runs ${ids.join(', ')} still running after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await client.end();
  }
}
