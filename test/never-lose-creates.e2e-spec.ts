import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { IMMEDIATE_TRANSFER_EXAMPLE } from '../src/payments/dto/payment-session.examples';
import { PaymentSession } from '../src/payments/entities/payment-session.entity';
import { ConnectFault, FaultyFintecture, startFaultyFintecture } from './support/faulty-fintecture';
import { ServiceProcess, startServiceProcess } from './support/service-process';
import {
  closeInOrder,
  createTestDatabase,
  merchantAuth,
  SERVICE_PROCESS_KEYS_ENV,
  startTestApp,
  startTestAppOnFake,
  TestApp,
} from './support/test-app';
import { storedSessionEvents } from './support/session-fixtures';

/**
 * Issue 12 §1: a create whose answer was lost. Fintecture (a strict fake on loopback) makes the
 * session and then hangs, answers late, answers 500 or closes the socket; or the process dies
 * mid-call. A retry with the same Idempotency-Key and request makes exactly one new attempt and
 * answers it; never two while one is alive.
 */
const TIMEOUT_MS = 1000;

let fake: FaultyFintecture;
let t: TestApp;

beforeAll(async () => {
  // Margin 0: an attempt is dead 4 × 1 s after it started.
  ({ fake, t } = await startTestAppOnFake(startFaultyFintecture, { FINTECTURE_TIMEOUT_MS: String(TIMEOUT_MS), CREATE_TAKEOVER_MARGIN_SECONDS: '0' }));
});
afterAll(() => closeInOrder(t, fake));

function create(url: string, key: string, state = `order-${key}`) {
  const { query, body } = IMMEDIATE_TRANSFER_EXAMPLE;
  return request(url)
    .post(`/v1/payment-sessions?${new URLSearchParams({ ...(query as unknown as Record<string, string>), state })}`)
    .set(merchantAuth)
    .set('Idempotency-Key', key)
    .send(body);
}

const rowsOf = (app: TestApp, key: string) => app.app.get(DataSource).getRepository(PaymentSession).findBy({ idempotencyKey: key });
const eventsOf = (app: TestApp, id: string) => storedSessionEvents(app.app, id);

describe('a lost answer: the retry under the same key makes one new attempt and answers it', () => {
  it.each<[ConnectFault, number, string]>([
    ['hang', 504, 'upstream_timeout'],
    ['slow', 504, 'upstream_timeout'],
    ['500', 502, 'upstream_unavailable'],
    ['close', 502, 'upstream_unavailable'],
  ])('Fintecture made the session, then %s', async (fault, status, code) => {
    const key = `lost-${fault}-${randomUUID()}`;
    fake.slowMs = 2 * TIMEOUT_MS;
    fake.faults.push(fault);
    const connects = fake.connectCalls();

    const first = await create(t.url, key).expect(status);
    expect(first.body.code).toBe(code);
    expect(fake.connectCalls()).toBe(connects + 1);
    const lost = fake.sessions[fake.sessions.length - 1];

    const retry = await create(t.url, key).expect(201);
    expect(fake.connectCalls()).toBe(connects + 2);
    const made = fake.sessions[fake.sessions.length - 1];
    expect(made.id).not.toBe(lost.id);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.body).toMatchObject({ session_id: made.id, outcome: 'awaiting_payer', failure: null });

    // The earlier attempt is kept in the history, superseded.
    const events = await eventsOf(t, retry.body.id);
    expect(events.map((e) => [e.kind, e.outcomeBefore, e.outcomeAfter])).toEqual([
      ['creating', null, 'creating'],
      ['creation_failed', 'creating', 'creation_failed'],
      ['attempt_superseded', 'creation_failed', 'creating'],
      ['created', 'creating', 'awaiting_payer'],
    ]);
    expect(events[2]).toMatchObject({ accepted: true, reason: 'superseded' });
    expect(events[2].detail).toMatchObject({ attempt: 1, outcome: 'creation_failed', failure_code: code, failure_status: status });
    expect(await rowsOf(t, key)).toEqual([expect.objectContaining({ createAttempt: 2, sessionId: made.id })]);

    // From now on the key answers that session, without another call.
    const again = await create(t.url, key).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.session_id).toBe(made.id);
    expect(fake.connectCalls()).toBe(connects + 2);
  });

  it('a refusal (422) is replayed as is: Fintecture answered that very request', async () => {
    const key = `refused-${randomUUID()}`;
    fake.faults.push('refuse');
    const connects = fake.connectCalls();
    const first = await create(t.url, key).expect(422);
    expect(first.body.code).toBe('upstream_rejected');
    const again = await create(t.url, key).expect(422);
    expect(again.body.code).toBe('upstream_rejected');
    expect(fake.connectCalls()).toBe(connects + 1);
  });

  it('another request under the key is still a 409 idempotency_conflict after a failure, and nothing is sent', async () => {
    const key = `conflict-${randomUUID()}`;
    fake.faults.push('500');
    await create(t.url, key).expect(502);
    const connects = fake.connectCalls();
    const res = await create(t.url, key, 'another-state').expect(409);
    expect(res.body.code).toBe('idempotency_conflict');
    expect(fake.connectCalls()).toBe(connects);
  });
});

describe('a process killed mid-call (kill -9): the attempt is dead once no live process can be waiting on it', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let killed: ServiceProcess;
  const key = `killed-${randomUUID()}`;
  let connectsAfterKill = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    killed = await startServiceProcess({
      ...fake.env,
      ...database.env,
      // Long enough that the process is surely mid-call when it is killed.
      FINTECTURE_TIMEOUT_MS: '60000',
      ...SERVICE_PROCESS_KEYS_ENV,
      LOG_LEVEL: 'info',
    });
    fake.faults.push('hang');
    const connects = fake.connectCalls();
    const pending = create(killed.url, key).then(
      () => undefined,
      () => undefined,
    );
    for (let i = 0; fake.connectCalls() === connects; i++) {
      if (i > 400) throw new Error('the create never reached Fintecture');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    killed.child.kill('SIGKILL');
    await killed.exited;
    await pending;
    connectsAfterKill = fake.connectCalls();
  }, 90_000);
  afterAll(async () => {
    if (killed && killed.child.exitCode === null && killed.child.signalCode === null) killed.child.kill('SIGKILL');
    await database?.drop();
  });

  it('while it may still be alive, a retry waits, then answers 409 idempotency_in_progress with Retry-After, and calls nothing', async () => {
    // With a 60 s margin the attempt is not known dead yet.
    const patient = await startTestApp({
      ...fake.env,
      ...database.env,
      FINTECTURE_TIMEOUT_MS: String(TIMEOUT_MS),
      CREATE_TAKEOVER_MARGIN_SECONDS: '60',
    });
    try {
      const res = await create(patient.url, key).expect(409);
      expect(res.body.code).toBe('idempotency_in_progress');
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(fake.connectCalls()).toBe(connectsAfterKill);
    } finally {
      await patient.close();
    }
  }, 30_000);

  it('once dead, two instances retrying at once make one new attempt, and both answer it', async () => {
    const a = await startTestApp({ ...fake.env, ...database.env, FINTECTURE_TIMEOUT_MS: String(TIMEOUT_MS), CREATE_TAKEOVER_MARGIN_SECONDS: '0' });
    const b = await startTestApp({ ...fake.env, ...database.env, FINTECTURE_TIMEOUT_MS: String(TIMEOUT_MS), CREATE_TAKEOVER_MARGIN_SECONDS: '0' });
    try {
      const [row] = await rowsOf(a, key);
      expect(row).toMatchObject({ outcome: 'creating', sessionId: null, createAttempt: 1 });
      const deadAt = row.createdAt.getTime() + 4 * TIMEOUT_MS;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadAt - Date.now() + 100)));

      const answers = await Promise.all([create(a.url, key), create(b.url, key), create(a.url, key), create(b.url, key)]);
      expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      expect(fake.connectCalls()).toBe(connectsAfterKill + 1);
      const made = fake.sessions[fake.sessions.length - 1];
      expect(new Set(answers.map((r) => r.body.session_id))).toEqual(new Set([made.id]));
      expect(new Set(answers.map((r) => r.body.id))).toEqual(new Set([row.id]));
      expect(answers.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(3);

      const events = await eventsOf(a, row.id);
      expect(events.map((e) => e.kind)).toEqual(['creating', 'attempt_superseded', 'created']);
      expect(events[1].detail).toMatchObject({ attempt: 1, outcome: 'creating' });
    } finally {
      await a.close();
      await b.close();
    }
  }, 30_000);
});
