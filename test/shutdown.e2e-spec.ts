import Database from 'better-sqlite3';
import { Client } from 'pg';
import request from 'supertest';
import { IMMEDIATE_TRANSFER_EXAMPLE } from '../src/payments/dto/payment-session.examples';
import { startServiceProcess, ServiceProcess } from './support/service-process';
import { adminAuth, createTestDatabase, merchantAuth, SERVICE_PROCESS_KEYS_ENV } from './support/test-app';

const CONCURRENT_CREATES = 30;
const SHUTDOWN_TIMEOUT_MS = 10_000;

/** Sessions by outcome, read straight from the database the service wrote (either engine). */
async function outcomes(env: Record<string, string>): Promise<Record<string, number>> {
  const sql = 'SELECT outcome, COUNT(*) AS n FROM payment_sessions GROUP BY outcome';
  let rows: Array<{ outcome: string; n: number | string }>;
  if (env.DATABASE_URL) {
    const client = new Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      rows = (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  } else {
    const db = new Database(env.DATABASE_PATH, { readonly: true, fileMustExist: true });
    try {
      rows = db.prepare(sql).all() as typeof rows;
    } finally {
      db.close();
    }
  }
  return Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)]));
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

function create(url: string, i: number) {
  const { query, body } = IMMEDIATE_TRANSFER_EXAMPLE;
  return request(url)
    .post(`/v1/payment-sessions?${new URLSearchParams({ ...query, state: `shutdown-order-${i}` })}`)
    .set(merchantAuth)
    .set('Idempotency-Key', `shutdown-${i}`)
    .send(body);
}

describe('SIGTERM while creates are in flight', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let service: ServiceProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    service = await startServiceProcess({
      ...database.env,
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      ...SERVICE_PROCESS_KEYS_ENV,
    });
  }, 60_000);

  afterAll(async () => {
    if (service?.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGKILL');
    await database?.drop();
  });

  it('answers every one of them, keeps them all, and exits 0 within the deadline', async () => {
    // Warm the token cache and the schema, so the burst below is only creates.
    await create(service.url, -1).expect(201);

    const answers = Array.from({ length: CONCURRENT_CREATES }, (_, i) =>
      create(service.url, i).then(
        (res) => ({ status: res.status, outcome: res.body.outcome as string | undefined }),
        (error: Error) => ({ status: 0, outcome: error.message }),
      ),
    );
    // A reconciliation pass asked for at the same time must be finished too.
    const pass = request(service.url)
      .post('/v1/admin/reconciliation-runs')
      .set(adminAuth)
      .then((res) => res.status);

    // Every create stores its session before calling Fintecture: once all rows exist, every
    // request is inside the service; most are still waiting on "Fintecture" then.
    let atSignal: Record<string, number> = {};
    for (const started = Date.now(); Date.now() - started < 15_000;) {
      atSignal = await outcomes(database.env);
      if (total(atSignal) >= CONCURRENT_CREATES + 1) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    service.child.kill('SIGTERM');
    const signalledAt = Date.now();
    expect(total(atSignal)).toBe(CONCURRENT_CREATES + 1);

    // New work is refused while the service drains, or finds the port closed once it is gone.
    const late = await create(service.url, 999).then(
      (res) => String(res.status),
      (error: NodeJS.ErrnoException) => error.code ?? error.message,
    );
    expect(['503', 'ECONNREFUSED', 'ECONNRESET', 'socket hang up']).toContain(late);

    const results = await Promise.all(answers);
    const exit = await service.exited;

    expect(results.filter((r) => r.status !== 201)).toEqual([]);
    expect(results.every((r) => r.outcome === 'awaiting_payer')).toBe(true);
    // Started in the background (202): SIGTERM stops it with the service, which still exits 0.
    expect(await pass).toBe(202);
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    expect(exit.at - signalledAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS);

    // Nothing lost, nothing left half-created: the database has every session, each answered.
    const after = await outcomes(database.env);
    expect(after).toEqual({ awaiting_payer: CONCURRENT_CREATES + 1 });

    const log = service.jsonLines();
    expect(log.some((l) => l.context === 'Shutdown' && /SIGTERM received/.test(l.msg))).toBe(true);
    expect(log.some((l) => l.context === 'Shutdown' && l.msg === 'stopped cleanly')).toBe(true);
    // The burst was really in flight when the signal came, or this test proves nothing.
    expect(atSignal.creating ?? 0).toBeGreaterThan(0);
  }, 60_000);
});
