import { NestFactory } from '@nestjs/core';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { uuidv7 } from '../src/common/ids';
import { loadConfiguration } from '../src/config/configuration';
import { FINTECTURE_CREDENTIALS, FintectureCredentials } from '../src/fintecture/fintecture-credentials';
import { FintectureClient } from '../src/fintecture/fintecture.client';
import { PaymentStatusReport } from '../src/fintecture/fintecture.types';
import { buildWebhookHeaders } from '../src/fintecture/http-signature';
import { ReconciliationRun } from '../src/reconciliation/reconciliation-run.entity';
import { ReconciliationService } from '../src/reconciliation/reconciliation.service';
import { UnmatchedNoticesService } from '../src/webhooks/unmatched-notices.service';
import { runInBackground, waitForRunEnd } from './support/reconciliation-runs';
import { insertSession, storedSession } from './support/session-fixtures';
import { adminAuth, startTestApp, TestApp } from './support/test-app';
import { TruthyProbe, waitForTruthy } from './support/wait-for-truthy';

/**
 * Admin runs cover what the admin asks for (issue 12 §4): a scope and filters, in the
 * background (202 + Location, progress on GET); and every pass reports the unmatched notices
 * that speak of money (§1). Each test works on its own app, so "every open session" is exactly
 * the sessions the test wrote.
 */

let t: TestApp;
afterEach(async () => {
  jest.restoreAllMocks();
  await t?.close();
});

const start = (env: Record<string, string> = {}) => startTestApp({ RECONCILIATION_HEARTBEAT_SECONDS: '1', RECONCILIATION_CONCURRENCY: '1', ...env });
const reload = (id: string) => storedSession(t.app, id);
const past = (ms: number) => new Date(Date.now() - ms);
const future = (ms: number) => new Date(Date.now() + ms);

function report(sessionId: string, status = 'provider_required'): PaymentStatusReport {
  return { sessionId, status, transferState: null, amount: '42.50', receivedAmount: null, type: 'PayByBank', state: null, requestId: randomUUID() };
}

/** Fintecture as a function of the session id; every call is counted. */
function stubFintecture(answer: (sessionId: string) => Promise<PaymentStatusReport> | PaymentStatusReport = report) {
  const calls: string[] = [];
  jest.spyOn(t.app.get(FintectureClient), 'getPayment').mockImplementation(async (sessionId: string) => {
    calls.push(sessionId);
    return answer(sessionId);
  });
  return calls;
}

/** One session of each kind a scope must tell apart. */
async function mixedSessions() {
  const { maxChecks } = t.config.reconciliation;
  return {
    due: await insertSession(t.app, { nextCheckAt: past(1000) }),
    later: await insertSession(t.app, { outcome: 'pending', status: 'payment_pending', nextCheckAt: future(3_600_000) }),
    givenUp: await insertSession(t.app, { nextCheckAt: null, checkCount: maxChecks, reconciliationGaveUpAt: past(60_000) }),
    paid: await insertSession(t.app, { outcome: 'paid', status: 'payment_created', transferState: 'received', nextCheckAt: null }),
    creating: await insertSession(t.app, { sessionId: null, outcome: 'creating', status: null, url: null, nextCheckAt: null }),
  };
}

describe('POST /v1/admin/reconciliation-runs', () => {
  it('with no body checks every open session, due or not, in the background: 202 running + Location, progress, then the result', async () => {
    t = await start();
    const s = await mixedSessions();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const calls = stubFintecture(async (sessionId) => {
      // The first answer comes at once, the others wait: the run is seen in progress with one check counted.
      if (calls.length > 1) await held;
      return report(sessionId);
    });

    const res = await request(t.url).post('/v1/admin/reconciliation-runs').set(adminAuth).expect(202);
    expect(res.headers.location).toBe(`/v1/admin/reconciliation-runs/${res.body.id}`);
    expect(res.body).toMatchObject({ trigger: 'api', status: 'running', scope: 'open', filters: null, finished_at: null, checked: 0 });

    // Progress: the counts as of the last heartbeat (every second here).
    const during = await waitFor(async () => {
      const run = (await request(t.url).get(res.headers.location).set(adminAuth).expect(200)).body;
      return run.checked >= 1 ? run : null;
    });
    expect(during).toMatchObject({ status: 'running', checked: 1, finished_at: null });
    expect(new Date(during.heartbeat_at).getTime()).toBeGreaterThan(new Date(during.started_at).getTime());

    release();
    const run = await waitForRunEnd(t.url, res.headers.location);
    expect(run).toMatchObject({ status: 'finished', scope: 'open', checked: 3, unchanged: 3, errors: 0, error: null });
    expect([...calls].sort()).toEqual([s.due.sessionId, s.later.sessionId, s.givenUp.sessionId].sort());
    // A session checked is no longer claimed, and follows its back-off.
    for (const session of [s.due, s.later]) {
      expect(await reload(session.id)).toMatchObject({
        reconciliationClaimedBy: null,
        reconciliationClaimedUntil: null,
        checkCount: session.checkCount + 1,
      });
    }
  });

  it('scope due asks only about the sessions due, as the schedule does', async () => {
    t = await start();
    const s = await mixedSessions();
    const calls = stubFintecture();
    const run = await runInBackground(t.url, { scope: 'due' });
    expect(run).toMatchObject({ status: 'finished', scope: 'due', checked: 1 });
    expect(calls).toEqual([s.due.sessionId]);

    const scheduled = await t.app.get(ReconciliationService).runPass('schedule');
    expect(scheduled).toMatchObject({ scope: 'due', status: 'finished', checked: 0 });
  });

  it('narrows either scope to a created range and to session ids (ours or Fintecture’s)', async () => {
    t = await start();
    const old = await insertSession(t.app, { createdAt: new Date('2026-01-10T10:00:00Z'), nextCheckAt: future(3_600_000) });
    const inRange = await insertSession(t.app, { createdAt: new Date('2026-02-10T10:00:00Z'), nextCheckAt: future(3_600_000) });
    const edge = await insertSession(t.app, { createdAt: new Date('2026-03-01T00:00:00Z'), nextCheckAt: past(1000) });
    const recent = await insertSession(t.app, { nextCheckAt: past(1000) });
    const calls = stubFintecture();

    const ranged = await runInBackground(t.url, { created_from: '2026-02-01', created_to: '2026-03-01T01:00:00+01:00' });
    // created_to is exclusive: 2026-03-01T00:00Z is not before it.
    expect(ranged).toMatchObject({
      status: 'finished',
      scope: 'open',
      checked: 1,
      filters: { created_from: '2026-02-01', created_to: '2026-03-01T01:00:00+01:00', session_ids: null },
    });
    expect(calls.splice(0)).toEqual([inRange.sessionId]);

    const dueAndIds = await runInBackground(t.url, { scope: 'due', session_ids: [old.id, recent.id] });
    expect(dueAndIds).toMatchObject({ scope: 'due', checked: 1 });
    expect(calls.splice(0)).toEqual([recent.sessionId]);

    const byIds = await runInBackground(t.url, { session_ids: [old.id, recent.sessionId, edge.id] });
    expect(byIds.checked).toBe(3);
    expect(calls.splice(0).sort()).toEqual([old.sessionId, recent.sessionId, edge.sessionId].sort());
  });

  it('refuses a body it cannot take with a 400 naming the field, and starts no run', async () => {
    t = await start();
    const before = await t.app.get(DataSource).getRepository(ReconciliationRun).count();
    const cases: Array<[unknown, string, RegExp]> = [
      [{ scope: 'all' }, 'scope', /scope must be due or open/],
      [{ scope: 1 }, 'scope', /scope must be due or open/],
      [{ created_from: 'yesterday' }, 'created_from', /ISO 8601/],
      [{ created_from: '2026-02-30' }, 'created_from', /ISO 8601/],
      [{ created_to: '2026-02-01T10:00:00' }, 'created_to', /ISO 8601/],
      [{ created_from: '2026-02-02', created_to: '2026-02-01' }, 'created_to', /later than created_from/],
      [{ session_ids: 'abc' }, 'session_ids', /list of session ids/],
      [{ session_ids: [] }, 'session_ids', /at least one id/],
      [{ session_ids: ['not-an-id'] }, 'session_ids', /UUID/],
      [{ session_ids: Array.from({ length: 1001 }, () => randomBytes(16).toString('hex')) }, 'session_ids', /at most 1000/],
      [{ colour: 'blue' }, 'colour', /unknown field/],
      [[], 'body', /JSON object/],
    ];
    for (const [body, field, message] of cases) {
      const res = await request(t.url)
        .post('/v1/admin/reconciliation-runs')
        .set(adminAuth)
        .send(body as object)
        .expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors).toEqual(expect.arrayContaining([{ field, message: expect.stringMatching(message) }]));
    }
    expect(await t.app.get(DataSource).getRepository(ReconciliationRun).count()).toBe(before);
  });

  it('lists runs by the new statuses', async () => {
    t = await start();
    for (const status of ['finished_with_errors', 'abandoned', 'running']) {
      await request(t.url).get(`/v1/admin/reconciliation-runs?status=${status}`).set(adminAuth).expect(200);
    }
    const res = await request(t.url).get('/v1/admin/reconciliation-runs?status=done').set(adminAuth).expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'query.status' });
  });
});

describe('a run whose process is gone', () => {
  it('is closed as abandoned when another instance starts, and its sessions are free at once', async () => {
    t = await start({ RECONCILIATION_LEASE_SECONDS: '60' });
    const runs = t.app.get(DataSource).getRepository(ReconciliationRun);
    const lastSign = past(10 * 60_000);
    const dead = await runs.save(
      runs.create({
        id: uuidv7(lastSign.getTime() - 60_000),
        trigger: 'schedule',
        status: 'running',
        scope: 'due',
        filters: null,
        instance: 'gone-host:4242',
        startedAt: new Date(lastSign.getTime() - 60_000),
        finishedAt: null,
        heartbeatAt: lastSign,
        checked: 7,
      }),
    );
    const alive = await runs.save(
      runs.create({
        id: uuidv7(),
        trigger: 'api',
        status: 'running',
        scope: 'open',
        filters: null,
        instance: 'busy-host:1',
        startedAt: past(5000),
        heartbeatAt: new Date(),
      }),
    );
    // Claimed by the dead run as if for hours (a lease computed from a batch): freed all the same.
    const claimed = await insertSession(t.app, {
      nextCheckAt: past(1000),
      reconciliationClaimedBy: dead.id,
      reconciliationClaimedUntil: future(3_600_000),
    });
    const heldByLive = await insertSession(t.app, {
      nextCheckAt: past(1000),
      reconciliationClaimedBy: alive.id,
      reconciliationClaimedUntil: future(60_000),
    });

    // "At start": another instance of the service on the same database.
    const other = await NestFactory.createApplicationContext(
      AppModule.register(loadConfiguration({ NODE_ENV: 'test', LOG_LEVEL: 'silent', RECONCILIATION_INTERVAL_SECONDS: '0', ...databaseEnv() })),
      { logger: false },
    );
    try {
      await other.init();
      const closed = await waitFor(async () => {
        const row = await runs.findOneByOrFail({ id: dead.id });
        return row.status === 'abandoned' ? row : null;
      });
      expect(closed.finishedAt!.getTime()).toBe(lastSign.getTime());
      expect(closed.checked).toBe(7);
      expect(closed.error).toMatch(
        new RegExp(
          `^no heartbeat from gone-host:4242 since ${lastSign.toISOString().replace(/\./g, '\\.')}: its process is gone; closed as abandoned by `,
        ),
      );
      expect((await runs.findOneByOrFail({ id: alive.id })).status).toBe('running');
      expect(await reload(claimed.id)).toMatchObject({ reconciliationClaimedBy: null, reconciliationClaimedUntil: null });
      expect((await reload(heldByLive.id)).reconciliationClaimedBy).toBe(alive.id);

      const res = await request(t.url).get(`/v1/admin/reconciliation-runs/${dead.id}`).set(adminAuth).expect(200);
      expect(res.body).toMatchObject({ status: 'abandoned', heartbeat_at: lastSign.toISOString(), finished_at: lastSign.toISOString() });

      // The next pass checks the freed session, not the one a live run holds.
      const calls = stubFintecture();
      const run = await t.app.get(ReconciliationService).runPass('schedule');
      expect(run).toMatchObject({ status: 'finished', checked: 1 });
      expect(calls).toEqual([claimed.sessionId]);
    } finally {
      await other.close();
    }
  });
});

describe('unmatched notices that report money', () => {
  let credentials: FintectureCredentials;

  function sendWebhook(fields: Record<string, string>) {
    const body = new URLSearchParams(fields).toString();
    const headers = buildWebhookHeaders({ body, appId: credentials.appId, publicKey: credentials.publicKey, requestId: randomUUID() });
    return request(t.url)
      .post('/v1/webhooks/fintecture')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set(headers)
      .send(body)
      .expect(200);
  }

  it('are unmatched_payment discrepancies of every pass until someone resolves them', async () => {
    t = await start();
    credentials = t.app.get(FINTECTURE_CREDENTIALS);
    const paidSomewhere = randomBytes(16).toString('hex');
    const partSomewhere = randomBytes(16).toString('hex');
    await sendWebhook({
      session_id: paidSomewhere,
      status: 'payment_created',
      transfer_state: 'received',
      amount: '42.50',
      received_amount: '42.50',
      state: 'order-lost',
    });
    await sendWebhook({
      session_id: partSomewhere,
      status: 'payment_partial',
      transfer_state: 'insufficient',
      amount: '80.00',
      received_amount: '20.00',
    });
    // No money: kept as unmatched, but nothing to report.
    await sendWebhook({ session_id: randomBytes(16).toString('hex'), status: 'payment_unsuccessful', transfer_state: 'rejected' });
    stubFintecture();

    const first = await runInBackground(t.url, { scope: 'due' });
    const unmatched = first.discrepancies.filter((d: { kind: string }) => d.kind === 'unmatched_payment');
    expect(first.discrepancy_kinds).toMatchObject({ unmatched_payment: 2 });
    expect(unmatched).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          payment_session_id: null,
          session_id: paidSomewhere,
          status: 'payment_created',
          state: 'order-lost',
          detail: expect.objectContaining({ received_amount: '42.50' }),
        }),
        expect.objectContaining({
          payment_session_id: null,
          session_id: partSomewhere,
          status: 'payment_partial',
          detail: expect.objectContaining({ received_amount: '20.00' }),
        }),
      ]),
    );

    const again = await t.app.get(ReconciliationService).runPass('schedule');
    expect(again.discrepancyKinds.unmatched_payment).toBe(2);

    const noticeId = unmatched.find((d: { session_id: string }) => d.session_id === paidSomewhere)!.detail.notice_id as string;
    expect(await t.app.get(UnmatchedNoticesService).resolve(noticeId, 'refunded by hand')).toBe(true);
    const after = await t.app.get(ReconciliationService).runPass('schedule');
    expect(after.discrepancies.filter((d) => d.kind === 'unmatched_payment').map((d) => d.session_id)).toEqual([partSomewhere]);
  });
});

function databaseEnv(): Record<string, string> {
  const db = t.config.database;
  return db.type === 'postgres' ? { DATABASE_URL: db.url } : { DATABASE_PATH: db.path };
}

const waitFor = <T>(probe: TruthyProbe<T>, timeoutMs = 10_000) => waitForTruthy(probe, timeoutMs, 50);
