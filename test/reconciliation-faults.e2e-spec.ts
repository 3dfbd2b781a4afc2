import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadDatabaseConfiguration } from '../src/config/configuration';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { FintectureClient } from '../src/fintecture/fintecture.client';
import { PaymentStatusReport } from '../src/fintecture/fintecture.types';
import { PaymentSession } from '../src/payments/entities/payment-session.entity';
import { ReconciliationRun } from '../src/reconciliation/reconciliation-run.entity';
import { ReconciliationService } from '../src/reconciliation/reconciliation.service';
import { waitForRunEnd } from './support/reconciliation-runs';
import { startServiceProcess, ServiceProcess } from './support/service-process';
import { sessionRow } from './support/session-fixtures';
import { paymentStatus, startStatusFintecture, StatusFintecture } from './support/status-fintecture';
import { adminAuth, createTestDatabase, SERVICE_PROCESS_KEYS_ENV, startTestApp, TestApp } from './support/test-app';
import { TruthyProbe, waitForTruthy } from './support/wait-for-truthy';

/**
 * Reconciliation under its own faults (issue 12 §4): a pass killed with SIGKILL mid-pass, and
 * the database going away mid-pass. Settings are shrunk so that a lease is seconds, not minutes.
 */

const past = (ms: number) => new Date(Date.now() - ms);

const waitFor = <T>(probe: TruthyProbe<T>, timeoutMs = 20_000) => waitForTruthy(probe, timeoutMs, 50);

describe('a pass killed with SIGKILL mid-pass', () => {
  const SESSIONS = 30;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let fake: StatusFintecture;
  let reader: DataSource;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    // Slow enough that a pass over 30 sessions, one at a time, takes seconds.
    fake = await startStatusFintecture(() => ({ ...paymentStatus('provider_required'), delayMs: 150 }));
  });
  afterAll(async () => {
    for (const service of services) if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGKILL');
    await reader?.destroy().catch(() => undefined);
    await fake?.close();
    await database?.drop();
  });

  const env = () => ({
    ...database.env,
    ...fake.env,
    ...SERVICE_PROCESS_KEYS_ENV,
    RECONCILIATION_CONCURRENCY: '1',
    RECONCILIATION_BATCH_SIZE: '100',
    RECONCILIATION_HEARTBEAT_SECONDS: '1',
    RECONCILIATION_LEASE_SECONDS: '2',
    // A session checked is not due again during the test.
    RECONCILIATION_BACKOFF_BASE_SECONDS: '3600',
    FINTECTURE_TIMEOUT_MS: '500',
  });
  // The effective lease (pacing-policy claimLeaseMs): 2 × 500 ms + 5 s + 2 heartbeats.
  const LEASE_MS = 8000;

  it('stays running no longer than a lease: the next pass closes it as abandoned and checks the sessions it held', async () => {
    const first = await startServiceProcess(env());
    services.push(first);
    reader = new DataSource({ ...buildDataSourceOptions(loadDatabaseConfiguration({ NODE_ENV: 'test', ...database.env })), migrationsRun: false });
    await reader.initialize();
    const rows = Array.from({ length: SESSIONS }, () => sessionRow({ nextCheckAt: past(1000) }));
    await reader.getRepository(PaymentSession).save(rows);
    const runs = reader.getRepository(ReconciliationRun);
    const sessions = () => reader.getRepository(PaymentSession).findBy({});

    const started = await request(first.url).post('/v1/admin/reconciliation-runs').set(adminAuth).send({ scope: 'due' }).expect(202);
    const runId: string = started.body.id;
    // Mid-pass: a heartbeat written after the start, some sessions checked, most still claimed.
    const beating = await waitFor(async () => {
      const run = await runs.findOneByOrFail({ id: runId });
      return run.heartbeatAt && run.heartbeatAt.getTime() > run.startedAt.getTime() && fake.gets.length >= 5 ? run : null;
    });
    first.child.kill('SIGKILL');
    await first.exited;

    const atKill = await sessions();
    const checkedBefore = atKill.filter((s) => s.checkCount === 1).map((s) => s.id);
    const held = atKill.filter((s) => s.reconciliationClaimedBy === runId);
    expect(checkedBefore.length).toBeGreaterThan(0);
    expect(checkedBefore.length).toBeLessThan(SESSIONS);
    expect(held.length).toBe(SESSIONS - checkedBefore.length);
    const lastBeat = (await runs.findOneByOrFail({ id: runId })).heartbeatAt!.getTime();
    expect(lastBeat).toBeGreaterThanOrEqual(beating.heartbeatAt!.getTime());
    for (const session of held) {
      // A short claim renewed with the heartbeat, not a lease computed from the batch; the schedule is untouched.
      expect(session.reconciliationClaimedUntil!.getTime()).toBeLessThanOrEqual(lastBeat + LEASE_MS + 1000);
      expect(session.nextCheckAt!.getTime()).toBeLessThanOrEqual(Date.now());
    }
    expect((await runs.findOneByOrFail({ id: runId })).status).toBe('running');

    // Another instance, started at once; its pass comes once the dead run's lease is over.
    const second = await startServiceProcess(env());
    services.push(second);
    await waitFor(() => Date.now() > lastBeat + LEASE_MS + 250, LEASE_MS + 5000);
    const getsBefore = fake.gets.length;
    const next = await request(second.url).post('/v1/admin/reconciliation-runs').set(adminAuth).send({ scope: 'due' }).expect(202);
    const result = await waitForRunEnd(second.url, next.headers.location);

    const dead = await runs.findOneByOrFail({ id: runId });
    expect(dead.status).toBe('abandoned');
    expect(dead.finishedAt!.getTime()).toBe(lastBeat);
    expect(dead.error).toContain(`no heartbeat from ${hostname()}:${first.child.pid} since ${new Date(lastBeat).toISOString()}`);
    expect(dead.error).toContain(`closed as abandoned by ${hostname()}:${second.child.pid}`);
    const listed = await request(second.url).get('/v1/admin/reconciliation-runs?status=abandoned').set(adminAuth).expect(200);
    expect(listed.body.data.map((r: { id: string }) => r.id)).toEqual([runId]);

    // The sessions the killed pass held are checked by the next pass, each once, and none is left claimed.
    expect(result).toMatchObject({ status: 'finished', checked: held.length, errors: 0 });
    expect([...fake.gets.slice(getsBefore)].sort()).toEqual(held.map((s) => s.sessionId).sort());
    const after = await sessions();
    expect(after.filter((s) => s.checkCount !== 1)).toEqual([]);
    expect(after.filter((s) => s.reconciliationClaimedBy !== null)).toEqual([]);
  }, 90_000);
});

// A database that goes away: PostgreSQL refuses new connections and has the app's backends
// terminated mid-pass, then comes back.
const onPostgres = Boolean(process.env.DATABASE_URL?.trim());
(onPostgres ? describe : describe.skip)('the database goes away mid-pass (PostgreSQL)', () => {
  let t: TestApp;
  afterEach(async () => {
    jest.restoreAllMocks();
    await t?.close();
  });

  const databaseName = () => new URL((t.config.database as { url: string }).url).pathname.slice(1);
  async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
  const cut = () =>
    admin(async (client) => {
      await client.query(`ALTER DATABASE ${databaseName()} ALLOW_CONNECTIONS false`);
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [databaseName()]);
    });
  const restore = () => admin((client) => client.query(`ALTER DATABASE ${databaseName()} ALLOW_CONNECTIONS true`));

  function report(sessionId: string): PaymentStatusReport {
    return {
      sessionId,
      status: 'provider_required',
      transferState: null,
      amount: '42.50',
      receivedAmount: null,
      type: 'PayByBank',
      state: null,
      requestId: randomUUID(),
    };
  }

  async function dueSessions(n: number): Promise<PaymentSession[]> {
    const rows = Array.from({ length: n }, () => sessionRow({ nextCheckAt: past(1000) }));
    await t.app.get(DataSource).getRepository(PaymentSession).save(rows);
    return rows;
  }

  /** Fintecture answers every check; before the nth answer (once) the database is cut or restored (`onCall[n]`). */
  function stubFintecture(onCall: Record<number, () => Promise<unknown>>) {
    const calls: string[] = [];
    let answered = 0;
    jest.spyOn(t.app.get(FintectureClient), 'getPayment').mockImplementation(async (sessionId: string) => {
      calls.push(sessionId);
      answered += 1;
      await onCall[answered]?.();
      return report(sessionId);
    });
    return calls;
  }

  const start = () =>
    startTestApp({
      RECONCILIATION_CONCURRENCY: '1',
      RECONCILIATION_BATCH_SIZE: '100',
      RECONCILIATION_HEARTBEAT_SECONDS: '1',
      RECONCILIATION_BACKOFF_BASE_SECONDS: '3600',
    });

  it('a short outage: the run says finished_with_errors, and the sessions that failed are due at the next pass, not held', async () => {
    t = await start();
    const rows = await dueSessions(20);
    const calls = stubFintecture({ 5: cut, 10: restore });
    const run = await t.app.get(ReconciliationService).runPass('api');
    expect(run).toMatchObject({ status: 'finished_with_errors', checked: 20, errors: 5, unchanged: 15, errorKinds: { database_unavailable: 5 } });
    expect(run.error).toBe('5 of 20 checks ended in error (database_unavailable 5); those sessions are due again at the next pass');
    const failed = calls.slice(4, 9);
    const byId = new Map((await t.app.get(DataSource).getRepository(PaymentSession).findBy({})).map((s) => [s.sessionId, s]));
    for (const sessionId of failed) {
      const row = byId.get(sessionId)!;
      expect(row).toMatchObject({ checkCount: 0, reconciliationClaimedBy: null, reconciliationClaimedUntil: null });
      expect(row.nextCheckAt!.getTime()).toBeLessThanOrEqual(Date.now());
    }
    const stored = await request(t.url).get(`/v1/admin/reconciliation-runs/${run.id}`).set(adminAuth).expect(200);
    expect(stored.body).toMatchObject({ status: 'finished_with_errors', errors: 5, error_kinds: { database_unavailable: 5 }, error: run.error });

    calls.length = 0;
    const next = await t.app.get(ReconciliationService).runPass('schedule');
    expect(next).toMatchObject({ status: 'finished', checked: 5, errors: 0 });
    expect([...calls].sort()).toEqual([...failed].sort());
    expect(rows).toHaveLength(20);
  }, 60_000);

  it('a long outage: the pass stops after 10 failed writes, records its end once the database is back, and leaves nothing held', async () => {
    t = await start();
    await dueSessions(20);
    // Cut at the 3rd check; back a second after the 12th (the 10th failure in a row), while the pass retries its end.
    const calls = stubFintecture({ 3: cut, 12: () => Promise.resolve(void setTimeout(() => void restore(), 1000)) });
    const run = await t.app.get(ReconciliationService).runPass('api');
    expect(calls).toHaveLength(12);
    expect(run).toMatchObject({ status: 'interrupted', checked: 12, errors: 10, errorKinds: { database_unavailable: 10 } });
    expect(run.error).toBe(
      'the database failed 10 checks in a row; the rest waits for the next pass; 10 of 12 checks ended in error (database_unavailable 10); those sessions are due again at the next pass',
    );
    const stored = await t.app.get(DataSource).getRepository(ReconciliationRun).findOneByOrFail({ id: run.id });
    expect(stored).toMatchObject({ status: 'interrupted', errors: 10 });
    const rows = await t.app.get(DataSource).getRepository(PaymentSession).findBy({});
    expect(rows.filter((s) => s.reconciliationClaimedBy !== null)).toEqual([]);
    expect(rows.filter((s) => s.checkCount === 0 && s.nextCheckAt!.getTime() > Date.now())).toEqual([]);

    const next = await t.app.get(ReconciliationService).runPass('schedule');
    expect(next).toMatchObject({ status: 'finished', checked: 18, errors: 0 });
  }, 60_000);
});
