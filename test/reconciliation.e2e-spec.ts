import { EventEmitter2 } from '@nestjs/event-emitter';
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { uuidv7 } from '../src/common/ids';
import { TransactionRunner } from '../src/database/transaction-runner';
import { ReconciliationRunFinishedEvent } from '../src/reconciliation/events/reconciliation-run-finished.event';
import { FINTECTURE_CREDENTIALS, FintectureCredentials } from '../src/fintecture/fintecture-credentials';
import { FintectureClient } from '../src/fintecture/fintecture.client';
import { FintectureError } from '../src/fintecture/fintecture.errors';
import { PaymentStatusReport } from '../src/fintecture/fintecture.types';
import { buildWebhookHeaders } from '../src/fintecture/http-signature';
import { IMMEDIATE_TRANSFER_EXAMPLE } from '../src/payments/dto/payment-session.examples';
import { PaymentSession } from '../src/payments/entities/payment-session.entity';
import { ReconciliationPacer } from '../src/reconciliation/reconciliation-pacer';
import { ReconciliationService } from '../src/reconciliation/reconciliation.service';
import { RunSummary } from '../src/reconciliation/run-tally';
import { emulatorCalls, injectFault } from './support/emulator-client';
import { adminAuth, merchantAuth, startTestApp, TestApp } from './support/test-app';
import { runInBackground } from './support/reconciliation-runs';
import { insertSession as insertSessionRow, storedSessionEvents } from './support/session-fixtures';
import { TruthyProbe, waitForTruthy } from './support/wait-for-truthy';

/**
 * Reconciliation against the emulator (journeys) and against a stubbed Fintecture client where
 * a test needs to hold an answer back or say something the emulator would not.
 *
 * The app runs with an explicit Fintecture identity so that `npm run reconcile`, another
 * process, can talk to this app's emulator as the app itself does.
 */
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const IDENTITY = {
  FINTECTURE_ENV: 'emulator',
  FINTECTURE_APP_ID: randomUUID(),
  FINTECTURE_APP_SECRET: randomUUID(),
  FINTECTURE_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
};

let t: TestApp;
let credentials: FintectureCredentials;
let service: ReconciliationService;
const heard: RunSummary[] = [];

beforeAll(async () => {
  t = await startTestApp(IDENTITY);
  credentials = t.app.get(FINTECTURE_CREDENTIALS);
  service = t.app.get(ReconciliationService);
  t.app.get(EventEmitter2).on(ReconciliationRunFinishedEvent.NAME, ({ summary }: ReconciliationRunFinishedEvent) => heard.push(summary));
});
afterAll(() => t?.close());
beforeEach(() => quiesce());
afterEach(() => jest.restoreAllMocks());

// ---- helpers ------------------------------------------------------------------------------

const sessionsRepo = () => t.app.get(DataSource).getRepository(PaymentSession);
const reload = (id: string) => sessionsRepo().findOneByOrFail({ id });
const eventsOf = (id: string) => storedSessionEvents(t.app, id);
const write = <T>(work: Parameters<TransactionRunner['run']>[0]) => t.app.get(TransactionRunner).run(work) as Promise<T>;

/** Nothing from earlier tests is due: each test makes due exactly the sessions it is about. */
async function quiesce(): Promise<void> {
  await write((manager) =>
    manager
      .createQueryBuilder()
      .update(PaymentSession)
      .set({ nextCheckAt: new Date(Date.now() + 86_400_000) })
      .where('next_check_at IS NOT NULL')
      .execute(),
  );
}

async function makeDue(...ids: string[]): Promise<void> {
  await write((manager) =>
    manager
      .createQueryBuilder()
      .update(PaymentSession)
      .set({ nextCheckAt: new Date(Date.now() - 1000) })
      .whereInIds(ids)
      .execute(),
  );
}

function insertSession(overrides: Partial<PaymentSession> = {}): Promise<PaymentSession> {
  return insertSessionRow(t.app, { nextCheckAt: new Date(Date.now() - 1000), ...overrides });
}

/** A real session: created through the API, so the emulator knows it. */
async function createSession(): Promise<{ id: string; session_id: string }> {
  const example = IMMEDIATE_TRANSFER_EXAMPLE;
  const state = `order-${randomUUID()}`;
  const res = await request(t.url)
    .post(`/v1/payment-sessions?${new URLSearchParams({ ...(example.query as unknown as Record<string, string>), state })}`)
    .set(merchantAuth)
    .set({ 'x-psu-type': 'retail', 'x-country': 'fr', 'x-language': 'fr', 'idempotency-key': randomUUID() })
    .send(example.body)
    .expect(201);
  return res.body;
}

async function emulate(sessionId: string, change: Record<string, unknown>): Promise<void> {
  await request(t.url)
    .post(`/emulator/sessions/${sessionId}/simulate`)
    .send(change)
    .expect((res) => {
      if (res.status >= 300) throw new Error(`simulate answered ${res.status}: ${JSON.stringify(res.body)}`);
    });
}

function report(sessionId: string, status: string, extra: Partial<PaymentStatusReport> = {}): PaymentStatusReport {
  return { sessionId, status, transferState: null, amount: '42.50', receivedAmount: null, type: 'PayByBank', requestId: randomUUID(), ...extra };
}

/** Fintecture as a function of the session id; every call is counted. */
function stubFintecture(answer: (sessionId: string) => Promise<PaymentStatusReport> | PaymentStatusReport) {
  const calls: string[] = [];
  const spy = jest.spyOn(t.app.get(FintectureClient), 'getPayment').mockImplementation(async (sessionId: string) => {
    calls.push(sessionId);
    return answer(sessionId);
  });
  return { calls, spy };
}

/** Fintecture stubbed with answers held back until release() is called: the pass is mid-call for as long as a test needs. */
function stubFintectureHeld(answer: (sessionId: string) => PaymentStatusReport) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const { calls } = stubFintecture(async (sessionId) => {
    await held;
    return answer(sessionId);
  });
  return { calls, release: () => release() };
}

type RunBody = { id: string; discrepancies: Array<{ payment_session_id: string; kind: string } & Record<string, any>> } & Record<string, any>;

/** A due-scope admin run (the tests make due exactly the sessions they are about), followed to its end. */
async function runViaApi(): Promise<RunBody> {
  return (await runInBackground(t.url, { scope: 'due' })) as RunBody;
}

const about = (run: RunBody, id: string) => run.discrepancies.filter((d) => d.payment_session_id === id);

function sendWebhook(fields: Record<string, string>, requestId = randomUUID()) {
  const body = new URLSearchParams(fields).toString();
  const headers = buildWebhookHeaders({ body, appId: credentials.appId, publicKey: credentials.publicKey, requestId });
  return request(t.url).post('/v1/webhooks/fintecture').set('Content-Type', 'application/x-www-form-urlencoded').set(headers).send(body);
}

const waitFor = <T>(probe: TruthyProbe<T>, timeoutMs = 5000) => waitForTruthy(probe, timeoutMs, 25);

// ---- journeys with the emulator -----------------------------------------------------------

describe('a pass against the emulator', () => {
  it('finds a payment no webhook announced, applies it and reports it', async () => {
    const created = await createSession();
    await emulate(created.session_id, { status: 'payment_created', transfer_state: 'received', received_amount: '42.50', send_webhook: false });
    await makeDue(created.id);

    const run = await runViaApi();
    expect(run).toMatchObject({ trigger: 'api', status: 'finished', checked: 1, changed: 1, unchanged: 0, errors: 0 });
    expect(about(run, created.id)).toEqual([
      expect.objectContaining({
        kind: 'unannounced_change',
        session_id: created.session_id,
        outcome_before: 'awaiting_payer',
        outcome_after: 'paid',
        status: 'payment_created',
        detail: expect.objectContaining({ previous_status: 'provider_required' }),
      }),
    ]);
    expect(await reload(created.id)).toMatchObject({ outcome: 'paid', receivedAmountMinor: 4250, nextCheckAt: null, checkCount: 1 });
    const events = await eventsOf(created.id);
    expect(events[events.length - 1]).toMatchObject({
      source: 'reconciliation',
      accepted: true,
      status: 'payment_created',
      outcomeBefore: 'awaiting_payer',
      outcomeAfter: 'paid',
      detail: { run_id: run.id },
    });
    const gets = (await emulatorCalls(t.url)).filter((c) => c.method === 'GET' && c.path.endsWith(`/pis/v2/payments/${created.session_id}`));
    expect(gets.length).toBeGreaterThanOrEqual(1);
  });

  it('finds an expiry no webhook announced', async () => {
    const created = await createSession();
    await emulate(created.session_id, { status: 'payment_expired', send_webhook: false });
    await makeDue(created.id);
    const run = await runViaApi();
    expect(about(run, created.id).map((d) => d.kind)).toEqual(['unannounced_change']);
    expect(await reload(created.id)).toMatchObject({ outcome: 'expired', status: 'payment_expired' });
  });

  it('reports an amount received that differs from the amount asked', async () => {
    const created = await createSession();
    await emulate(created.session_id, { status: 'payment_created', transfer_state: 'overpaid', received_amount: '50.00', send_webhook: false });
    await makeDue(created.id);
    const run = await runViaApi();
    expect(
      about(run, created.id)
        .map((d) => d.kind)
        .sort(),
    ).toEqual(['amount_mismatch', 'unannounced_change']);
    expect(about(run, created.id).find((d) => d.kind === 'amount_mismatch')).toMatchObject({
      outcome_after: 'overpaid',
      detail: expect.objectContaining({ amount: '42.50', received_amount: '50.00' }),
    });
    expect(await reload(created.id)).toMatchObject({ outcome: 'overpaid', receivedAmountMinor: 5000 });
  });

  it('counts 429 and 500 as errors, keeps those sessions due, and checks them on the next pass', async () => {
    const first = await createSession();
    const second = await createSession();
    await emulate(first.session_id, { status: 'payment_created', transfer_state: 'received', send_webhook: false });
    await makeDue(first.id, second.id);
    await injectFault(t.url, { route: 'get_payment', kind: '429', count: 1 });
    await injectFault(t.url, { route: 'get_payment', kind: '500', count: 1 });

    const failing = await runViaApi();
    // A pass with checks in error says so (it was plain `finished` before issue 12 §4).
    expect(failing).toMatchObject({
      status: 'finished_with_errors',
      checked: 2,
      errors: 2,
      changed: 0,
      unchanged: 0,
      error_kinds: { rate_limited: 1, unavailable: 1 },
    });
    expect(failing.error).toMatch(/^2 of 2 checks ended in error .*due again at the next pass$/);
    const details = await request(t.url).get(`/v1/admin/reconciliation-runs/${failing.id}`).set(adminAuth).expect(200);
    expect(details.body.error_samples.map((e: { kind: string; http_status: number }) => [e.kind, e.http_status]).sort()).toEqual([
      ['rate_limited', 429],
      ['unavailable', 500],
    ]);
    for (const id of [first.id, second.id]) {
      const row = await reload(id);
      // Still due, and an outage does not use up the session's checks.
      expect(row.nextCheckAt!.getTime()).toBeLessThanOrEqual(Date.now());
      expect(row.checkCount).toBe(0);
      expect(row.outcome).toBe('awaiting_payer');
    }

    const retried = await runViaApi();
    expect(retried).toMatchObject({ status: 'finished', checked: 2, errors: 0, changed: 1, unchanged: 1 });
    expect((await reload(first.id)).outcome).toBe('paid');
    expect((await reload(second.id)).nextCheckAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it('a webhook racing a pass on the same session: one consistent state, one change recorded', async () => {
    // Staggered so that either side may get there first; whichever does, the record is the same.
    for (const delayMs of [0, 10, 40]) {
      const created = await createSession();
      await makeDue(created.id);
      const [run] = await Promise.all([
        runViaApi(),
        new Promise((resolve) => setTimeout(resolve, delayMs)).then(() =>
          emulate(created.session_id, { status: 'payment_created', transfer_state: 'received', received_amount: '42.50' }),
        ),
      ]);
      await waitFor(async () => (await reload(created.id)).outcome === 'paid');
      // Let the webhook delivery land before counting.
      await waitFor(async () => {
        const res = await request(t.url).get(`/emulator/sessions/${created.session_id}`).expect(200);
        const deliveries: Array<{ state: string }> = res.body.webhooks;
        return deliveries.length > 0 && deliveries.every((d) => d.state === 'delivered');
      });
      const events = (await eventsOf(created.id)).filter((e) => e.status === 'payment_created');
      const intoPaid = events.filter((e) => e.accepted && e.outcomeAfter === 'paid');
      expect(intoPaid).toHaveLength(1);
      const reported = about(run, created.id);
      // The pass reports the change exactly when it, and not the webhook, applied it.
      expect(reported.length).toBe(intoPaid[0].source === 'reconciliation' ? 1 : 0);
      expect(await reload(created.id)).toMatchObject({ outcome: 'paid', status: 'payment_created', transferState: 'received' });
    }
  });
});

// ---- the state path under a stubbed Fintecture --------------------------------------------

describe('a pass with Fintecture stubbed', () => {
  it('a webhook that lands while the pass is asking wins; the pass records nothing twice', async () => {
    const session = await insertSession();
    const { calls, release } = stubFintectureHeld((sessionId) =>
      report(sessionId, 'payment_created', { transferState: 'received', receivedAmount: '42.50' }),
    );
    const pass = service.runPass('api');
    await waitFor(() => calls.length === 1);
    // The webhook's own confirmation (WEBHOOK_CONFIRM) gets the same answer, without waiting for the pass.
    jest
      .spyOn(t.app.get(FintectureClient), 'confirmPayment')
      .mockImplementation(async (sessionId: string) => report(sessionId, 'payment_created', { transferState: 'received', receivedAmount: '42.50' }));
    await sendWebhook({ session_id: session.sessionId!, status: 'payment_created', transfer_state: 'received', received_amount: '42.50' }).expect(
      200,
      { result: 'applied' },
    );
    release();
    const summary = await pass;
    expect(summary).toMatchObject({ checked: 1, changed: 0, unchanged: 1, errors: 0 });
    expect(summary.discrepancies.filter((d) => d.payment_session_id === session.id)).toEqual([]);
    const events = await eventsOf(session.id);
    expect(events.map((e) => [e.source, e.accepted, e.outcomeAfter])).toEqual([['webhook', true, 'paid']]);
    expect(await reload(session.id)).toMatchObject({ outcome: 'paid', nextCheckAt: null });
  });

  it('a pass that applies a change first makes the webhook that follows a refused, unchanged notice', async () => {
    const session = await insertSession();
    stubFintecture((sessionId) => report(sessionId, 'payment_created', { transferState: 'received', receivedAmount: '42.50' }));
    const summary = await service.runPass('api');
    expect(summary.discrepancies.filter((d) => d.payment_session_id === session.id).map((d) => d.kind)).toEqual(['unannounced_change']);
    await sendWebhook({ session_id: session.sessionId!, status: 'payment_created', transfer_state: 'received', received_amount: '42.50' }).expect(
      200,
      { result: 'refused', reason: 'unchanged' },
    );
    const events = await eventsOf(session.id);
    expect(events.map((e) => [e.source, e.accepted, e.reason, e.outcomeAfter])).toEqual([
      ['reconciliation', true, null, 'paid'],
      ['webhook', false, 'unchanged', 'paid'],
    ]);
  });

  it('a late, older answer from Fintecture is refused and recorded, not reported as a conflict', async () => {
    const session = await insertSession();
    const { calls, release } = stubFintectureHeld((sessionId) => report(sessionId, 'payment_pending', { transferState: 'processing' }));
    const pass = service.runPass('api');
    await waitFor(() => calls.length === 1);
    await sendWebhook({ session_id: session.sessionId!, status: 'payment_unsuccessful', transfer_state: 'rejected' }).expect(200);
    release();
    const summary = await pass;
    expect(summary).toMatchObject({ checked: 1, changed: 0, unchanged: 1 });
    expect(summary.discrepancies.filter((d) => d.payment_session_id === session.id)).toEqual([]);
    const events = await eventsOf(session.id);
    expect(events.map((e) => [e.source, e.accepted, e.reason])).toEqual([
      ['webhook', true, null],
      ['reconciliation', false, 'regression'],
    ]);
    expect((await reload(session.id)).outcome).toBe('failed');
  });

  it('Fintecture disagreeing with a settled record is reported as a conflict', async () => {
    const session = await insertSession({ outcome: 'failed', status: 'payment_unsuccessful', transferState: 'rejected' });
    stubFintecture((sessionId) => report(sessionId, 'payment_pending'));
    const summary = await service.runPass('api');
    expect(summary.discrepancies.filter((d) => d.payment_session_id === session.id)).toEqual([
      expect.objectContaining({
        kind: 'status_conflict',
        outcome_after: 'failed',
        detail: expect.objectContaining({ reported_status: 'payment_pending', reason: 'regression' }),
      }),
    ]);
  });

  it('a session stuck in creating past the configured age becomes creation_failed, through the state path', async () => {
    const timeout = t.config.reconciliation.creatingTimeoutSeconds;
    const old = new Date(Date.now() - (timeout + 60) * 1000);
    const stuck = await insertSession({
      sessionId: null,
      outcome: 'creating',
      status: null,
      url: null,
      nextCheckAt: null,
      createdAt: old,
      updatedAt: old,
    });
    const young = await insertSession({ sessionId: null, outcome: 'creating', status: null, url: null, nextCheckAt: null });
    const { calls } = stubFintecture((sessionId) => report(sessionId, 'provider_required'));

    const summary = await service.runPass('api');
    expect(calls).toEqual([]);
    expect(summary.discrepancies.filter((d) => d.payment_session_id === stuck.id)).toEqual([
      expect.objectContaining({ kind: 'stuck_creating', outcome_before: 'creating', outcome_after: 'creation_failed', session_id: null }),
    ]);
    expect(summary.changed).toBeGreaterThanOrEqual(1);
    expect(await reload(stuck.id)).toMatchObject({ outcome: 'creation_failed', failureCode: 'upstream_timeout', failureStatus: 504 });
    expect(await eventsOf(stuck.id)).toEqual([
      expect.objectContaining({
        source: 'reconciliation',
        kind: 'creation_failed',
        accepted: true,
        reason: 'stuck_creating',
        outcomeBefore: 'creating',
        outcomeAfter: 'creation_failed',
      }),
    ]);
    expect((await reload(young.id)).outcome).toBe('creating');

    // The merchant reading it sees why.
    const res = await request(t.url).get(`/v1/payment-sessions/${stuck.id}`).set(merchantAuth).expect(200);
    expect(res.body).toMatchObject({ outcome: 'creation_failed', failure: { code: 'upstream_timeout' } });
  });

  it('an open session past its expiry is reported once', async () => {
    const session = await insertSession({ expiresAt: new Date(Date.now() - 60_000) });
    stubFintecture((sessionId) => report(sessionId, 'provider_required'));
    const first = await service.runPass('api');
    expect(first.discrepancies.filter((d) => d.payment_session_id === session.id)).toEqual([
      expect.objectContaining({ kind: 'open_past_expiry', outcome_after: 'awaiting_payer' }),
    ]);
    await makeDue(session.id);
    const second = await service.runPass('api');
    expect(second.checked).toBe(1);
    expect(second.discrepancies.filter((d) => d.payment_session_id === session.id)).toEqual([]);
    expect((await eventsOf(session.id)).map((e) => [e.kind, e.reason])).toEqual([['discrepancy', 'open_past_expiry']]);
  });

  it('a session that stays open is asked less and less often, then given up on and reported', async () => {
    const { backoffBaseSeconds, backoffMaxSeconds, maxChecks } = t.config.reconciliation;
    const session = await insertSession();
    const { calls } = stubFintecture((sessionId) => report(sessionId, 'provider_required'));
    const delays: number[] = [];
    for (let i = 1; i <= 3; i += 1) {
      const before = Date.now();
      await service.runPass('api');
      const row = await reload(session.id);
      expect(row.checkCount).toBe(i);
      delays.push(row.nextCheckAt!.getTime() - before);
      await makeDue(session.id);
    }
    for (let i = 0; i < 3; i += 1) {
      const expected = Math.min(backoffBaseSeconds * 2 ** (i + 1), backoffMaxSeconds) * 1000;
      expect(delays[i]).toBeGreaterThanOrEqual(expected - 1000);
      expect(delays[i]).toBeLessThanOrEqual(expected + 5000);
    }
    expect(delays[1]).toBeGreaterThan(delays[0]);
    expect(delays[2]).toBeGreaterThan(delays[1]);

    await write((manager) =>
      manager
        .createQueryBuilder()
        .update(PaymentSession)
        .set({ checkCount: maxChecks - 1 })
        .whereInIds([session.id])
        .execute(),
    );
    const last = await service.runPass('api');
    expect(last.discrepancies.filter((d) => d.payment_session_id === session.id)).toEqual([
      expect.objectContaining({ kind: 'gave_up', detail: { check_count: maxChecks } }),
    ]);
    const row = await reload(session.id);
    expect(row).toMatchObject({ outcome: 'awaiting_payer', nextCheckAt: null, checkCount: maxChecks });
    const [marker] = await t.app
      .get(DataSource)
      .query(
        t.config.database.type === 'postgres'
          ? 'SELECT reconciliation_gave_up_at AS at FROM payment_sessions WHERE id = $1'
          : 'SELECT reconciliation_gave_up_at AS at FROM payment_sessions WHERE id = ?',
        [session.id],
      );
    expect(marker.at).toBeTruthy();
    expect((await eventsOf(session.id)).map((e) => e.reason)).toContain('gave_up');

    const callsBefore = calls.length;
    const after = await service.runPass('api');
    expect(calls.length).toBe(callsBefore);
    expect(after.checked).toBe(0);
  });

  it('a status request Fintecture refuses (400) is an error and a discrepancy, and backs off', async () => {
    const session = await insertSession();
    stubFintecture(() => {
      throw new FintectureError('rejected', 'Fintecture answered 400: session_id_invalid_or_expired', { httpStatus: 400, code: 'bad_request' });
    });
    const summary = await service.runPass('api');
    expect(summary).toMatchObject({ checked: 1, errors: 1 });
    expect(summary.discrepancies.filter((d) => d.payment_session_id === session.id).map((d) => d.kind)).toEqual(['check_rejected']);
    const row = await reload(session.id);
    expect(row.checkCount).toBe(1);
    expect(row.nextCheckAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it('stops asking a failing Fintecture after ten failures in a row and hands the rest back', async () => {
    const sessions = await Promise.all(Array.from({ length: 14 }, () => insertSession()));
    const { calls } = stubFintecture(() => {
      throw new FintectureError('timeout', 'Fintecture did not answer within 2000 ms');
    });
    const pauses = jest.spyOn(t.app.get(ReconciliationPacer), 'pause').mockImplementation(() => undefined);
    const summary = await service.runPass('api');
    expect(pauses).toHaveBeenCalled();
    expect(summary.status).toBe('interrupted');
    expect(summary.error).toMatch(/failed 10 checks in a row \(last: timeout\)/);
    expect(summary.errors).toBeGreaterThanOrEqual(10);
    expect(calls.length).toBe(summary.errors);
    for (const session of sessions) expect((await reload(session.id)).nextCheckAt!.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('two passes at once never ask about the same session twice', async () => {
    const sessions = await Promise.all(Array.from({ length: 12 }, () => insertSession()));
    const { calls } = stubFintecture(async (sessionId) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return report(sessionId, 'provider_required');
    });
    const [a, b] = await Promise.all([service.runPass('api'), service.runPass('schedule')]);
    expect(a.checked + b.checked).toBe(12);
    expect(calls.sort()).toEqual(sessions.map((s) => s.sessionId!).sort());
  });
});

// ---- runs: admin reads, listeners, the command line ---------------------------------------

describe('reconciliation runs', () => {
  it('are listed newest first with a cursor, and read one by one with their discrepancies', async () => {
    const session = await insertSession({ expiresAt: new Date(Date.now() - 1000) });
    stubFintecture((sessionId) => report(sessionId, 'provider_required'));
    const older = await runViaApi();
    const newer = await runViaApi();

    const page1 = await request(t.url).get('/v1/admin/reconciliation-runs?limit=1').set(adminAuth).expect(200);
    expect(page1.body.data.map((r: { id: string }) => r.id)).toEqual([newer.id]);
    expect(page1.body.data[0].discrepancies).toBeUndefined();
    expect(page1.body.next_cursor).toEqual(expect.any(String));
    const page2 = await request(t.url).get(`/v1/admin/reconciliation-runs?limit=1&cursor=${page1.body.next_cursor}`).set(adminAuth).expect(200);
    expect(page2.body.data.map((r: { id: string }) => r.id)).toEqual([older.id]);

    const one = await request(t.url).get(`/v1/admin/reconciliation-runs/${older.id}`).set(adminAuth).expect(200);
    expect(one.body).toMatchObject({
      id: older.id,
      trigger: 'api',
      status: 'finished',
      checked: 1,
      discrepancy_count: 1,
      discrepancy_kinds: { open_past_expiry: 1 },
      discrepancies: [expect.objectContaining({ kind: 'open_past_expiry', payment_session_id: session.id })],
    });
    expect(new Date(one.body.finished_at).getTime()).toBeGreaterThanOrEqual(new Date(one.body.started_at).getTime());
    expect(heard.map((s) => s.id)).toEqual(expect.arrayContaining([older.id, newer.id]));

    const apiRuns = await request(t.url).get('/v1/admin/reconciliation-runs?trigger=api&status=finished').set(adminAuth).expect(200);
    expect(apiRuns.body.data.every((r: { trigger: string }) => r.trigger === 'api')).toBe(true);
  });

  it('refuse a cursor that was altered or issued by another listing, as a validation error', async () => {
    stubFintecture((sessionId) => report(sessionId, 'provider_required'));
    await runViaApi();
    await runViaApi();
    const page1 = await request(t.url).get('/v1/admin/reconciliation-runs?limit=1').set(adminAuth).expect(200);
    const real: string = page1.body.next_cursor;
    expect(real).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    await insertSession({ nextCheckAt: null });
    await insertSession({ nextCheckAt: null });
    const sessions = await request(t.url).get('/v1/admin/payment-sessions?limit=1').set(adminAuth).expect(200);
    const foreign: string = sessions.body.next_cursor;
    expect(foreign).toEqual(expect.any(String));
    const altered = real.slice(0, -1) + (real.endsWith('A') ? 'B' : 'A');
    for (const cursor of [altered, foreign, real.split('.')[0]]) {
      const res = await request(t.url).get('/v1/admin/reconciliation-runs').query({ cursor }).set(adminAuth).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors).toEqual([{ field: 'query.cursor', message: 'cursor is not a cursor this service gave' }]);
    }
  });

  it('are admin-only and validate their queries', async () => {
    await request(t.url).get('/v1/admin/reconciliation-runs').expect(401);
    await request(t.url).get('/v1/admin/reconciliation-runs').set(merchantAuth).expect(403);
    await request(t.url).post('/v1/admin/reconciliation-runs').set(merchantAuth).expect(403);
    await request(t.url).get(`/v1/admin/reconciliation-runs/${uuidv7()}`).set(adminAuth).expect(404);
    await request(t.url).get('/v1/admin/reconciliation-runs/not-an-id').set(adminAuth).expect(404);
    for (const query of ['limit=0', 'limit=201', 'limit=abc', 'cursor=%24%24', 'cursor=bm9wZQ', 'trigger=cron', 'colour=blue']) {
      const res = await request(t.url).get(`/v1/admin/reconciliation-runs?${query}`).set(adminAuth).expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
  });

  it('npm run reconcile runs one pass, prints it and exits 0; 1 when checks fail', async () => {
    const created = await createSession();
    await emulate(created.session_id, { status: 'payment_created', transfer_state: 'received', send_webhook: false });
    await makeDue(created.id);
    const database = t.config.database.type === 'postgres' ? { DATABASE_URL: t.config.database.url } : { DATABASE_PATH: t.config.database.path };
    const env = { ...IDENTITY, ...database, FINTECTURE_API_URL: `${t.url}/emulator`, LOG_LEVEL: 'warn', NODE_ENV: 'test' };

    const ok = await reconcileCommand(env);
    expect(ok.code).toBe(0);
    expect(ok.summary!).toMatchObject({ trigger: 'cli', status: 'finished', checked: 1, changed: 1, errors: 0 });
    expect(ok.summary!.discrepancies).toEqual([expect.objectContaining({ kind: 'unannounced_change', payment_session_id: created.id })]);
    expect((await reload(created.id)).outcome).toBe('paid');
    const listed = await request(t.url).get('/v1/admin/reconciliation-runs?trigger=cli').set(adminAuth).expect(200);
    expect(listed.body.data[0]).toMatchObject({ id: ok.summary!.id, trigger: 'cli', status: 'finished' });

    // Fintecture out of reach: the pass finishes, the session stays due, the command says so.
    const other = await createSession();
    await makeDue(other.id);
    const failing = await reconcileCommand({ ...env, FINTECTURE_API_URL: 'http://127.0.0.1:9/emulator', FINTECTURE_TIMEOUT_MS: '500' });
    expect(failing.code).toBe(1);
    expect(failing.summary).toMatchObject({ trigger: 'cli', status: 'finished_with_errors', checked: 1, errors: 1 });
    expect((await reload(other.id)).nextCheckAt!.getTime()).toBeLessThanOrEqual(Date.now());

    const misconfigured = await reconcileCommand({ ...env, RECONCILIATION_CONCURRENCY: 'lots' });
    expect(misconfigured.code).toBe(1);
    expect(misconfigured.summary).toBeNull();
    expect(misconfigured.stderr).toMatch(/RECONCILIATION_CONCURRENCY/);
  }, 120_000);
});

function reconcileCommand(env: Record<string, string | undefined>): Promise<{ code: number | null; summary: RunBody | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
    const child = spawn('npm', ['run', '--silent', 'reconcile'], { cwd: `${__dirname}/..`, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout
        .trim()
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{') && l.includes('"trigger"'));
      resolve({ code, summary: line ? JSON.parse(line) : null, stderr });
    });
  });
}

// ---- the schedule and shutdown, each on an app of its own ---------------------------------

describe('the schedule', () => {
  it('runs passes every RECONCILIATION_INTERVAL_SECONDS', async () => {
    const scheduled = await startTestApp({ RECONCILIATION_INTERVAL_SECONDS: '1' });
    try {
      const runs: RunSummary[] = [];
      scheduled.app.get(EventEmitter2).on(ReconciliationRunFinishedEvent.NAME, ({ summary }: ReconciliationRunFinishedEvent) => runs.push(summary));
      await waitFor(() => runs.length >= 2, 6000);
      expect(runs.every((r) => r.trigger === 'schedule' && r.status === 'finished')).toBe(true);
      const listed = await request(scheduled.url).get('/v1/admin/reconciliation-runs?trigger=schedule').set(adminAuth).expect(200);
      expect(listed.body.data.length).toBeGreaterThanOrEqual(2);
    } finally {
      await scheduled.close();
    }
  });

  it('is off with 0', async () => {
    const runs: RunSummary[] = [];
    t.app.get(EventEmitter2).on(ReconciliationRunFinishedEvent.NAME, ({ summary }: ReconciliationRunFinishedEvent) => runs.push(summary));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(runs.filter((r) => r.trigger === 'schedule')).toEqual([]);
  });
});

// On SQLite the service is one process by assumption (see reconciliation-pass.service.ts); the
// guard between instances is PostgreSQL's row locks, so that is where two instances are tested.
const onPostgres = Boolean(process.env.DATABASE_URL?.trim());
(onPostgres ? describe : describe.skip)('two instances on one PostgreSQL database', () => {
  it('never ask about the same session at once, and between them check every due session once', async () => {
    const env = { RECONCILIATION_BATCH_SIZE: '3', RECONCILIATION_CONCURRENCY: '2' };
    const first = await startTestApp(env);
    const { loadConfiguration } = await import('../src/config/configuration');
    const { AppModule } = await import('../src/app.module');
    const { NestFactory } = await import('@nestjs/core');
    const second = await NestFactory.createApplicationContext(
      AppModule.register(
        loadConfiguration({
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          DATABASE_URL: (first.config.database as { url: string }).url,
          RECONCILIATION_INTERVAL_SECONDS: '0',
          ...env,
        }),
      ),
      { logger: false },
    );
    try {
      const sessionIds: string[] = [];
      for (let i = 0; i < 24; i += 1) {
        const row = await insertSessionRow(first.app, { nextCheckAt: new Date(Date.now() - 1000) });
        sessionIds.push(row.sessionId!);
      }
      const asked: string[] = [];
      let concurrent = 0;
      const busy = new Set<string>();
      for (const instance of [first.app, second]) {
        jest.spyOn(instance.get(FintectureClient), 'getPayment').mockImplementation(async (sessionId: string) => {
          if (busy.has(sessionId)) concurrent += 1;
          busy.add(sessionId);
          asked.push(sessionId);
          await new Promise((resolve) => setTimeout(resolve, 15));
          busy.delete(sessionId);
          return report(sessionId, 'provider_required');
        });
      }
      const summaries = await Promise.all([
        first.app.get(ReconciliationService).runPass('api'),
        second.get(ReconciliationService).runPass('cli'),
        first.app.get(ReconciliationService).runPass('schedule'),
        second.get(ReconciliationService).runPass('api'),
      ]);
      expect(concurrent).toBe(0);
      expect(asked.sort()).toEqual([...sessionIds].sort());
      expect(summaries.reduce((sum, s) => sum + s.checked, 0)).toBe(24);
      // Both instances did some of the work.
      expect(summaries[0].checked + summaries[2].checked).toBeGreaterThan(0);
      expect(summaries[1].checked + summaries[3].checked).toBeGreaterThan(0);
    } finally {
      await second.close();
      await first.close();
    }
  });
});

describe('shutdown', () => {
  it('picks no new session, finishes those in flight, then lets the database close', async () => {
    const app = await startTestApp({ RECONCILIATION_CONCURRENCY: '2' });
    let closed = false;
    try {
      const ids: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        const row = await insertSessionRow(app.app, { nextCheckAt: new Date(Date.now() - 1000) });
        ids.push(row.id);
      }
      const inFlight: string[] = [];
      jest.spyOn(app.app.get(FintectureClient), 'getPayment').mockImplementation(async (sessionId: string) => {
        inFlight.push(sessionId);
        await new Promise((resolve) => setTimeout(resolve, 400));
        return report(sessionId, 'payment_pending');
      });
      const reconciliation = app.app.get(ReconciliationService);
      const pass = reconciliation.runPass('api');
      await waitFor(() => inFlight.length === 2);
      const closing = app.app.close();
      const summary = await pass;
      await closing;
      closed = true;
      expect(summary).toMatchObject({ status: 'interrupted', checked: 2, changed: 2, errors: 0 });
      expect(inFlight).toHaveLength(2);
      await expect(reconciliation.runPass('api')).rejects.toMatchObject({ status: 503 });

      // Read what the closed app left behind through a connection of our own.
      const { buildDataSourceOptions } = await import('../src/database/data-source-options');
      const reader = new DataSource({ ...buildDataSourceOptions(app.config.database), migrationsRun: false });
      await reader.initialize();
      try {
        const rows = await reader.getRepository(PaymentSession).findBy({});
        const byId = new Map(rows.map((r) => [r.id, r]));
        const worked = ids.filter((id) => byId.get(id)!.checkCount === 1);
        expect(worked).toHaveLength(2);
        for (const id of worked) expect(byId.get(id)!.outcome).toBe('pending');
        for (const id of ids.filter((i) => !worked.includes(i))) {
          // Handed back due, not left under this instance's lease.
          expect(byId.get(id)!.nextCheckAt!.getTime()).toBeLessThanOrEqual(Date.now());
          expect(byId.get(id)!.outcome).toBe('awaiting_payer');
        }
      } finally {
        await reader.destroy();
      }
    } finally {
      if (!closed) await app.app.close().catch(() => undefined);
      await app.close().catch(() => undefined);
    }
  });
});
