import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { FintectureCredentials } from '../src/fintecture/fintecture-credentials';
import { buildWebhookHeaders } from '../src/fintecture/http-signature';
import { IMMEDIATE_TRANSFER_EXAMPLE } from '../src/payments/dto/payment-session.examples';
import { emulatorCalls } from './support/emulator-client';
import { adminAuth, merchantAuth, startTestAppWithCredentials, TestApp } from './support/test-app';

/**
 * Issue 12 §5: errors that tell the truth. The database is really made unreachable (PostgreSQL:
 * the app's database stops accepting connections and its backends are terminated; SQLite:
 * another process holds the write lock): every request that could not reach it answers 503
 * service_unavailable with Retry-After, never 500, and no create reaches Fintecture.
 */
let t: TestApp;
let credentials: FintectureCredentials;

beforeAll(async () => ({ t, credentials } = await startTestAppWithCredentials()));
afterAll(() => t?.close());

function create(key: string) {
  const { query, body } = IMMEDIATE_TRANSFER_EXAMPLE;
  return request(t.url)
    .post(`/v1/payment-sessions?${new URLSearchParams({ ...(query as unknown as Record<string, string>), state: `order-${key}` })}`)
    .set(merchantAuth)
    .set('Idempotency-Key', key)
    .send(body);
}

const connects = async () => (await emulatorCalls(t.url)).filter((c) => c.path.split('?')[0] === '/emulator/pis/v2/connect').length;

interface Outage {
  /** What the fault breaks: PostgreSQL loses reads too, SQLite in WAL mode only writes. */
  readsFail: boolean;
  end(): Promise<void>;
}

/** Cuts the app off its own database, for real. */
async function cutDatabase(): Promise<Outage> {
  const database = t.config.database;
  if (database.type === 'postgres') {
    const url = new URL(database.url);
    const name = url.pathname.slice(1);
    url.pathname = '/postgres';
    const admin = new Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    return {
      readsFail: true,
      end: async () => {
        await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
        await admin.end();
      },
    };
  }
  // Another process's write lock: the app's writes wait out busy_timeout, then fail SQLITE_BUSY.
  const other = new Database(database.path);
  other.pragma('busy_timeout = 0');
  other.exec('BEGIN EXCLUSIVE');
  return {
    readsFail: false,
    end: () => {
      other.exec('COMMIT');
      other.close();
      return Promise.resolve();
    },
  };
}

function expectUnavailable(res: request.Response): void {
  expect(res.status).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 503, code: 'service_unavailable' });
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
}

describe('with the database unreachable', () => {
  it('every request that needs it answers 503 with Retry-After, never 500; creates send nothing to Fintecture; all is well once it is back', async () => {
    const existing = (await create(`before-${randomUUID()}`).expect(201)).body;
    const key = `outage-${randomUUID()}`;
    const sentBefore = await connects();
    const outage = await cutDatabase();
    let restored = false;
    try {
      expectUnavailable(await create(key));
      expectUnavailable(await create(`outage-${randomUUID()}`));
      expect(await connects()).toBe(sentBefore);

      const body = new URLSearchParams({ session_id: existing.session_id, status: 'payment_pending', transfer_state: 'processing' }).toString();
      const signed = buildWebhookHeaders({ body, appId: credentials.appId, publicKey: credentials.publicKey });
      expectUnavailable(await request(t.url).post('/v1/webhooks/fintecture').type('form').set(signed).send(body));
      expectUnavailable(await request(t.url).post(`/v1/payment-sessions/${existing.id}/cancel`).set(merchantAuth));

      if (outage.readsFail) {
        expectUnavailable(await request(t.url).get(`/v1/payment-sessions/${existing.id}`).set(merchantAuth));
        expectUnavailable(await request(t.url).get('/v1/admin/payment-sessions').set(adminAuth));
        expectUnavailable(await request(t.url).get('/v1/admin/unmatched-notices').set(adminAuth));
      }
      await request(t.url)
        .get('/health/ready')
        .expect(outage.readsFail ? 503 : 200);
      await outage.end();
      restored = true;

      const created = await create(key).expect(201);
      expect(created.body.outcome).toBe('awaiting_payer');
      expect(await connects()).toBe(sentBefore + 1);
      await request(t.url).get(`/v1/payment-sessions/${existing.id}`).set(merchantAuth).expect(200);
    } finally {
      if (!restored) await outage.end();
    }
  }, 60_000);
});

describe('characters the database cannot store are refused with a 400 naming the field', () => {
  it.each<[string, () => request.Test, string]>([
    ['NUL in the admin state filter', () => request(t.url).get('/v1/admin/payment-sessions?state=%00').set(adminAuth), 'query.state'],
    ['NUL in the export filter', () => request(t.url).get('/v1/admin/payment-sessions/export?state=a%00b').set(adminAuth), 'query.state'],
    [
      'NUL in the create state',
      () => request(t.url).post('/v1/payment-sessions?state=order%00').set(merchantAuth).send(IMMEDIATE_TRANSFER_EXAMPLE.body),
      'query.state',
    ],
    [
      'NUL in a body field',
      () => {
        const body = structuredClone(IMMEDIATE_TRANSFER_EXAMPLE.body) as { data: { attributes: { communication?: string } } };
        body.data.attributes.communication = 'ORDER\u00001';
        return request(t.url).post('/v1/payment-sessions?state=x').set(merchantAuth).send(body);
      },
      'data.attributes.communication',
    ],
    [
      'a lone surrogate in a body field',
      () => request(t.url).post('/v1/payment-sessions?state=x').set(merchantAuth).type('json').send('{"meta":{"psu_name":"\\ud800"}}'),
      'meta.psu_name',
    ],
    ['NUL in a path parameter', () => request(t.url).get('/v1/payment-sessions/abc%00').set(merchantAuth), 'param.id'],
  ])('%s', async (_name, send, field) => {
    const res = await send().expect(400);
    expect(res.body).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(res.body.errors).toEqual([{ field, message: expect.stringMatching(/cannot be stored/) }]);
  });
});
