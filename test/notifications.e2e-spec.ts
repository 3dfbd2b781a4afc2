import request from 'supertest';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '../src/database/transaction-runner';
import { NotificationDelivery } from '../src/notifications/entities/notification-delivery.entity';
import { NotificationEvent } from '../src/notifications/entities/notification-event.entity';
import { NotificationOutbox } from '../src/notifications/notification-outbox';
import { NotificationDispatcher } from '../src/notifications/notification-dispatcher.service';
import { SessionStateService } from '../src/payments/session-state.service';
import { simulate } from './support/emulator-client';
import { NotificationReceiver, ReceivedNotification, verifyWithStandardWebhooks } from './support/notification-receiver';
import { parsePrometheus, sampleValue } from './support/prometheus';
import { adminAuth, merchantAuth, OTHER_MERCHANT_KEY, startTestApp, TestApp } from './support/test-app';
import { postExampleSession } from './support/session-api-calls';

/**
 * Outgoing notifications end to end: the real app on a real database, endpoints on loopback
 * (NOTIFICATION_ALLOW_PRIVATE_URLS=true), every delivery verified with the standardwebhooks
 * package as a shop would. Polling is slow here on purpose: a delivery that arrives within
 * moments was woken by its commit, not found by a poll.
 */
let t: TestApp;
const otherAuth = { Authorization: `Bearer ${OTHER_MERCHANT_KEY}` };
const receivers: NotificationReceiver[] = [];

beforeAll(async () => {
  t = await startTestApp({
    NOTIFICATION_ALLOW_PRIVATE_URLS: 'true',
    NOTIFICATION_RETRY_SCHEDULE: '100ms,200ms',
    NOTIFICATION_POLL_INTERVAL_MS: '60000',
    NOTIFICATION_TIMEOUT_MS: '2000',
    // Sessions are due for reconciliation as soon as they exist.
    RECONCILIATION_BACKOFF_BASE_SECONDS: '0',
  });
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await t?.close();
});
afterEach(() => jest.restoreAllMocks());

async function receiver(): Promise<NotificationReceiver> {
  const r = await new NotificationReceiver().start();
  receivers.push(r);
  return r;
}

interface Endpoint {
  id: string;
  url: string;
  secret: string;
  events: string[];
}

/** Each test registers its own endpoints; earlier tests' endpoints are deleted so they do not see its events. */
async function freshEndpoint(r: NotificationReceiver, auth = merchantAuth, body: Record<string, unknown> = {}): Promise<Endpoint> {
  const existing = await request(t.url).get('/v1/notification-endpoints').set(auth).expect(200);
  for (const e of existing.body.data as Endpoint[]) await request(t.url).delete(`/v1/notification-endpoints/${e.id}`).set(auth).expect(204);
  const res = await request(t.url)
    .post('/v1/notification-endpoints')
    .set(auth)
    .send({ url: r.url, ...body })
    .expect(201);
  return res.body as Endpoint;
}

async function createSession(state: string, auth = merchantAuth): Promise<{ id: string; session_id: string }> {
  return (await postExampleSession(t.url, state, auth).expect(201)).body as { id: string; session_id: string };
}

/** Fintecture knows, but tells nobody: only reconciliation can find it. */
const PAID_WITHOUT_WEBHOOK = { status: 'payment_created', transfer_state: 'received', send_webhook: false };

const bodyOf = (r: ReceivedNotification) => JSON.parse(r.body) as Record<string, any>;

describe('notification endpoints', () => {
  it('registers an endpoint and shows its whsec_ secret on creation only', async () => {
    const r = await receiver();
    const res = await request(t.url)
      .post('/v1/notification-endpoints')
      .set(merchantAuth)
      .send({ url: r.url, description: 'order system' })
      .expect(201);
    expect(res.headers.location).toBe(`/v1/notification-endpoints/${res.body.id}`);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      url: r.url,
      description: 'order system',
      events: ['payment_session.updated', 'refund.updated'],
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      previous_secret_expires_at: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(Buffer.from(res.body.secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    const one = await request(t.url).get(`/v1/notification-endpoints/${res.body.id}`).set(merchantAuth).expect(200);
    expect(one.body.secret).toBeUndefined();
    const list = await request(t.url).get('/v1/notification-endpoints').set(merchantAuth).expect(200);
    expect(list.body.data.map((e: Endpoint) => e.id)).toContain(res.body.id);
    expect(JSON.stringify(list.body)).not.toContain(res.body.secret);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a relative url', { url: '/hooks' }, 'url'],
    ['an ftp url', { url: 'ftp://shop.example.com/hooks' }, 'url'],
    ['credentials in the url', { url: 'https://user:pass@shop.example.com/hooks' }, 'url'],
    ['an unknown event type', { url: 'https://shop.example.com/hooks', events: ['order.paid'] }, 'events'],
    ['no event type', { url: 'https://shop.example.com/hooks', events: [] }, 'events'],
    ['an unknown field', { url: 'https://shop.example.com/hooks', secret: 'whsec_mine' }, 'secret'],
  ])('refuses %s', async (_label, body, field) => {
    const res = await request(t.url).post('/v1/notification-endpoints').set(merchantAuth).send(body).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it("a merchant can neither see nor touch another merchant's endpoints", async () => {
    const r = await receiver();
    const mine = (await request(t.url).post('/v1/notification-endpoints').set(merchantAuth).send({ url: r.url }).expect(201)).body as Endpoint;
    const list = await request(t.url).get('/v1/notification-endpoints').set(otherAuth).expect(200);
    expect(list.body.data.map((e: Endpoint) => e.id)).not.toContain(mine.id);
    await request(t.url).get(`/v1/notification-endpoints/${mine.id}`).set(otherAuth).expect(404);
    await request(t.url).get(`/v1/notification-endpoints/${mine.id}/deliveries`).set(otherAuth).expect(404);
    await request(t.url).post(`/v1/notification-endpoints/${mine.id}/rotate-secret`).set(otherAuth).expect(404);
    await request(t.url).delete(`/v1/notification-endpoints/${mine.id}`).set(otherAuth).expect(404);
    // Still there, secret unchanged, for its owner.
    const still = await request(t.url).get(`/v1/notification-endpoints/${mine.id}`).set(merchantAuth).expect(200);
    expect(still.body.previous_secret_expires_at).toBeNull();
    // And its deliveries cannot be replayed by the other merchant.
    await freshEndpoint(r);
    const session = await createSession('notif-isolation');
    await r.waitForOutcome(session.id, 'awaiting_payer');
    const endpoints = (await request(t.url).get('/v1/notification-endpoints').set(merchantAuth).expect(200)).body.data as Endpoint[];
    const deliveries = await request(t.url).get(`/v1/notification-endpoints/${endpoints[0].id}/deliveries`).set(merchantAuth).expect(200);
    await request(t.url).post(`/v1/notification-deliveries/${deliveries.body.data[0].id}/redeliver`).set(otherAuth).expect(404);
  });

  it('deletes an endpoint: gone for its merchant, kept (deleted) for admins, never with a secret', async () => {
    const r = await receiver();
    const endpoint = (await request(t.url).post('/v1/notification-endpoints').set(otherAuth).send({ url: r.url }).expect(201)).body as Endpoint;
    await request(t.url).delete(`/v1/notification-endpoints/${endpoint.id}`).set(otherAuth).expect(204);
    await request(t.url).get(`/v1/notification-endpoints/${endpoint.id}`).set(otherAuth).expect(404);
    await request(t.url).delete(`/v1/notification-endpoints/${endpoint.id}`).set(otherAuth).expect(404);
    const admin = await request(t.url).get('/v1/admin/notification-endpoints').set(adminAuth).query({ merchant: 'other-shop' }).expect(200);
    const seen = admin.body.data.find((e: { id: string }) => e.id === endpoint.id);
    expect(seen).toMatchObject({ id: endpoint.id, merchant: 'other-shop', deleted_at: expect.any(String) });
    expect(JSON.stringify(admin.body)).not.toContain('whsec_');
    const all = await request(t.url).get('/v1/admin/notification-endpoints').set(adminAuth).expect(200);
    expect(new Set(all.body.data.map((e: { merchant: string }) => e.merchant))).toEqual(new Set(['shop', 'other-shop']));
    await request(t.url).get('/v1/admin/notification-endpoints').set(merchantAuth).expect(403);
    await request(t.url).get('/v1/notification-endpoints').set(adminAuth).expect(403);
  });
});

describe('payment_session.updated', () => {
  it('announces the create, a paid webhook and a cancel, each verified with standardwebhooks', async () => {
    const r = await receiver();
    const endpoint = await freshEndpoint(r);

    const started = Date.now();
    const paid = await createSession('notif-paid');
    const created = await r.waitForOutcome(paid.id, 'awaiting_payer');
    expect(created.at - started).toBeLessThan(3000);
    await simulate(t.url, paid.session_id, { status: 'payment_created', transfer_state: 'received' });
    const paidNotice = await r.waitForOutcome(paid.id, 'paid');

    const cancelled = await createSession('notif-cancel');
    await r.waitForOutcome(cancelled.id, 'awaiting_payer');
    const cancelledAt = Date.now();
    await request(t.url).post(`/v1/payment-sessions/${cancelled.id}/cancel`).set(merchantAuth).expect(200);
    const cancelNotice = await r.waitForOutcome(cancelled.id, 'cancelled');
    // Woken by the commit: the poll is a minute away.
    expect(cancelNotice.at - cancelledAt).toBeLessThan(2000);

    for (const received of r.received) {
      const verified = verifyWithStandardWebhooks(endpoint.secret, received);
      expect(verified).toEqual(bodyOf(received));
      expect(received.headers['content-type']).toBe('application/json');
      expect(received.headers['webhook-id']).toBe(verified.id);
      expect(Math.abs(Number(received.headers['webhook-timestamp']) - received.at / 1000)).toBeLessThan(5);
    }

    const resource = (await request(t.url).get(`/v1/payment-sessions/${paid.id}`).set(merchantAuth).expect(200)).body;
    expect(bodyOf(paidNotice)).toEqual({
      id: paidNotice.headers['webhook-id'],
      type: 'payment_session.updated',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: { object: resource, previous_outcome: 'awaiting_payer' },
    });
    expect(resource).toMatchObject({ outcome: 'paid', paid_at: expect.any(String), version: expect.any(Number) });
    expect(bodyOf(created).data).toMatchObject({ previous_outcome: 'creating', object: { outcome: 'awaiting_payer', paid_at: null } });
    // version grows with every change, so a receiver can drop an older event arriving late.
    expect(bodyOf(paidNotice).data.object.version).toBeGreaterThan(bodyOf(created).data.object.version);
    expect(bodyOf(cancelNotice).data).toMatchObject({
      previous_outcome: 'awaiting_payer',
      object: { id: cancelled.id, outcome: 'cancelled', paid_at: null },
    });
    // One event per change, one delivery each.
    const ids = r.received.map((x) => x.headers['webhook-id']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('announces a change found by reconciliation', async () => {
    const r = await receiver();
    const endpoint = await freshEndpoint(r);
    const session = await createSession('notif-reconciled');
    await r.waitForOutcome(session.id, 'awaiting_payer');
    await simulate(t.url, session.session_id, PAID_WITHOUT_WEBHOOK);
    await reconcile();
    const notice = await r.waitForOutcome(session.id, 'paid');
    expect(verifyWithStandardWebhooks(endpoint.secret, notice).data).toMatchObject({
      previous_outcome: 'awaiting_payer',
      object: { outcome: 'paid' },
    });
  });

  it('a tampered delivery fails verification', async () => {
    const r = await receiver();
    const endpoint = await freshEndpoint(r);
    const session = await createSession('notif-tampered');
    const genuine = await r.waitForOutcome(session.id, 'awaiting_payer');
    expect(() => verifyWithStandardWebhooks(endpoint.secret, genuine)).not.toThrow();
    const tamperings: Array<[string, Pick<ReceivedNotification, 'headers' | 'body'>]> = [
      ['the body', { headers: genuine.headers, body: genuine.body.replace('"awaiting_payer"', '"paid"') }],
      ['the id', { headers: { ...genuine.headers, 'webhook-id': `${String(genuine.headers['webhook-id'])}x` }, body: genuine.body }],
      [
        'the timestamp',
        { headers: { ...genuine.headers, 'webhook-timestamp': String(Number(genuine.headers['webhook-timestamp']) - 1) }, body: genuine.body },
      ],
      ['the signature', { headers: { ...genuine.headers, 'webhook-signature': `v1,${Buffer.alloc(32).toString('base64')}` }, body: genuine.body }],
    ];
    const refusals = tamperings.map(([what, tampered]) => {
      try {
        verifyWithStandardWebhooks(endpoint.secret, tampered);
        return [what, 'verified'];
      } catch (error) {
        return [what, (error as Error).message];
      }
    });
    expect(refusals).toEqual(tamperings.map(([what]) => [what, 'No matching signature found']));
    const stranger = (await request(t.url).post('/v1/notification-endpoints').set(otherAuth).send({ url: r.url }).expect(201)).body as Endpoint;
    expect(() => verifyWithStandardWebhooks(stranger.secret, genuine)).toThrow('No matching signature found');
  });

  it('an endpoint answering 500 twice, then 200, gets three attempts and one success', async () => {
    const r = await receiver();
    const endpoint = await freshEndpoint(r);
    const metric = async (name: string, labels: Record<string, string>) =>
      sampleValue(parsePrometheus((await request(t.url).get('/metrics').expect(200)).text), name, labels) ?? 0;
    const [errorsBefore, successesBefore] = [
      await metric('notification_delivery_attempts_total', { result: 'http_error' }),
      await metric('notification_delivery_attempts_total', { result: 'success' }),
    ];
    r.answerWith(500, 500);
    const session = await createSession('notif-retried');
    await r.waitFor((all) => all.filter((x) => x.body.includes(session.id)).length >= 3);
    await t.app.get(NotificationDispatcher).idle();
    const attempts = r.received.filter((x) => x.body.includes(session.id));
    expect(attempts).toHaveLength(3);
    // The same event every time (same id, same bytes), signed afresh.
    expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
    expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
    for (const a of attempts) expect(() => verifyWithStandardWebhooks(endpoint.secret, a)).not.toThrow();
    // Backed off between attempts.
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(70);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(150);

    const deliveries = await request(t.url).get(`/v1/notification-endpoints/${endpoint.id}/deliveries`).set(merchantAuth).expect(200);
    expect(deliveries.body.data).toEqual([
      {
        id: expect.any(String),
        event_id: attempts[0].headers['webhook-id'],
        event_type: 'payment_session.updated',
        endpoint_id: endpoint.id,
        status: 'delivered',
        attempts: 3,
        last_http_status: 200,
        last_error: null,
        last_response_body: 'thanks',
        last_attempt_at: expect.any(String),
        next_attempt_at: null,
        delivered_at: expect.any(String),
        created_at: expect.any(String),
      },
    ]);
    expect(deliveries.body.next_cursor).toBeNull();
    expect(await metric('notification_delivery_attempts_total', { result: 'http_error' })).toBe(errorsBefore + 2);
    expect(await metric('notification_delivery_attempts_total', { result: 'success' })).toBe(successesBefore + 1);
    expect(await metric('notification_oldest_pending_delivery_age_seconds', {})).toBe(0);
  });

  it('fails a delivery past its maximum age, lists it for admins, and redelivers it on demand', async () => {
    const r = await receiver();
    const endpoint = await freshEndpoint(r);
    r.defaultStatus = 503;
    const session = await createSession('notif-failed');
    // While the first attempt is answered, its window is made to end: the next failure is the last.
    await r.waitFor((all) => all.some((x) => x.body.includes(session.id)));
    await t.app
      .get(TransactionRunner)
      .run((manager) => manager.getRepository(NotificationDelivery).update({ endpointId: endpoint.id }, { giveUpAt: new Date(Date.now() - 1000) }));
    const failed = await waitForDelivery(endpoint.id, (d) => d.status === 'failed');
    expect(failed).toMatchObject({ status: 'failed', attempts: 2, last_http_status: 503, last_response_body: 'no: 503', next_attempt_at: null });

    const admin = await request(t.url).get('/v1/admin/notification-deliveries').query({ status: 'failed' }).set(adminAuth).expect(200);
    expect(admin.body.data).toContainEqual(expect.objectContaining({ id: failed.id, merchant: 'shop', status: 'failed', endpoint_id: endpoint.id }));
    expect(admin.body.data.every((d: { status: string }) => d.status === 'failed')).toBe(true);
    await request(t.url).get('/v1/admin/notification-deliveries').set(merchantAuth).expect(403);
    await request(t.url).get('/v1/admin/notification-deliveries').query({ status: 'lost' }).set(adminAuth).expect(400);

    r.defaultStatus = 200;
    const replay = await request(t.url).post(`/v1/notification-deliveries/${failed.id}/redeliver`).set(merchantAuth).expect(202);
    expect(replay.body).toMatchObject({ id: failed.id, status: 'pending' });
    const delivered = await waitForDelivery(endpoint.id, (d) => d.status === 'delivered');
    expect(delivered).toMatchObject({ attempts: 3, last_http_status: 200 });
    const sent = r.received.filter((x) => x.body.includes(session.id));
    expect(new Set(sent.map((x) => x.headers['webhook-id'])).size).toBe(1);
    expect(() => verifyWithStandardWebhooks(endpoint.secret, sent[sent.length - 1])).not.toThrow();
  });

  it('rotation: the old secret signs beside the new one', async () => {
    const r = await receiver();
    const endpoint = await freshEndpoint(r);
    const rotated = await request(t.url).post(`/v1/notification-endpoints/${endpoint.id}/rotate-secret`).set(merchantAuth).expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    const overlapEnds = Date.parse(rotated.body.previous_secret_expires_at);
    expect(Math.abs(overlapEnds - (Date.now() + 24 * 3_600_000))).toBeLessThan(60_000);
    const session = await createSession('notif-rotation');
    const notice = await r.waitForOutcome(session.id, 'awaiting_payer');
    expect(String(notice.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifyWithStandardWebhooks(rotated.body.secret, notice)).toEqual(bodyOf(notice));
    expect(verifyWithStandardWebhooks(endpoint.secret, notice)).toEqual(bodyOf(notice));
  });

  it('subscribes to the event types asked for only', async () => {
    const r = await receiver();
    await freshEndpoint(r, merchantAuth, { events: ['refund.updated'] });
    const session = await createSession('notif-unsubscribed');
    await request(t.url).post(`/v1/payment-sessions/${session.id}/cancel`).set(merchantAuth).expect(200);
    await t.app.get(NotificationDispatcher).idle();
    expect(r.received.filter((x) => x.body.includes(session.id))).toEqual([]);
    expect(await t.app.get(DataSource).getRepository(NotificationEvent).countBy({ subjectId: session.id })).toBe(0);
  });
});

describe('the outbox shares the transaction of the change', () => {
  it('no change without its event: an outbox that fails rolls the cancel back', async () => {
    const r = await receiver();
    await freshEndpoint(r);
    const session = await createSession('notif-outbox-down');
    await r.waitForOutcome(session.id, 'awaiting_payer');
    // Down for the whole test: the emulator's own webhook announcing the cancel must not get through either.
    jest.spyOn(t.app.get(NotificationOutbox), 'record').mockRejectedValue(new Error('outbox down on purpose'));
    await request(t.url).post(`/v1/payment-sessions/${session.id}/cancel`).set(merchantAuth).expect(500);
    const stored = await request(t.url).get(`/v1/payment-sessions/${session.id}`).set(merchantAuth).expect(200);
    expect(stored.body.outcome).toBe('awaiting_payer');
    const admin = await request(t.url).get(`/v1/admin/payment-sessions/${session.id}`).set(adminAuth).expect(200);
    expect(admin.body.events.filter((e: { outcome_after: string }) => e.outcome_after === 'cancelled')).toEqual([]);
  });

  it('no event without its change: a change that rolls back after the outbox wrote leaves no event', async () => {
    const r = await receiver();
    await freshEndpoint(r);
    const session = await createSession('notif-change-rolled-back');
    await r.waitForOutcome(session.id, 'awaiting_payer');
    const eventsBefore = await t.app.get(DataSource).getRepository(NotificationEvent).countBy({ subjectId: session.id });
    // The state path's own hook runs after the outbox, in the same transaction (reconciliation keeps its bookkeeping there): make it fail.
    const outbox = jest.spyOn(t.app.get(NotificationOutbox), 'record');
    const failing = t.app
      .get(SessionStateService)
      .apply(
        session.id,
        { source: 'admin', kind: 'test', status: 'payment_created', transferState: 'received', receivedAmountMinor: 4250 },
        undefined,
        {
          afterApply: () => Promise.reject(new Error('bookkeeping down on purpose')),
        },
      );
    await expect(failing).rejects.toThrow('bookkeeping down on purpose');
    expect(outbox).toHaveBeenCalledTimes(1);
    await t.app.get(NotificationDispatcher).idle();
    expect((await request(t.url).get(`/v1/payment-sessions/${session.id}`).set(merchantAuth).expect(200)).body.outcome).toBe('awaiting_payer');
    expect(await t.app.get(DataSource).getRepository(NotificationEvent).countBy({ subjectId: session.id })).toBe(eventsBefore);
    expect(
      r
        .bodies()
        .filter((b) => b.data.object.id === session.id)
        .map((b) => b.data.object.outcome),
    ).toEqual(['awaiting_payer']);
  });
});

/** One reconciliation pass, to its end (whether the API answers once it ran, 201, or once it started, 202). */
async function reconcile(): Promise<void> {
  const started = await request(t.url).post('/v1/admin/reconciliation-runs').set(adminAuth);
  expect([201, 202]).toContain(started.status);
  const deadline = Date.now() + 10_000;
  for (let run = started.body as { id: string; status: string }; run.status === 'running';) {
    if (Date.now() > deadline) throw new Error(`reconciliation run ${run.id} still running`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    run = (await request(t.url).get(`/v1/admin/reconciliation-runs/${run.id}`).set(adminAuth).expect(200)).body as typeof run;
  }
}

async function waitForDelivery(endpointId: string, done: (d: Record<string, any>) => boolean, timeoutMs = 10_000): Promise<Record<string, any>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(t.url).get(`/v1/notification-endpoints/${endpointId}/deliveries`).set(merchantAuth).expect(200);
    const found = (res.body.data as Array<Record<string, any>>).find(done);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no such delivery within ${timeoutMs} ms: ${JSON.stringify(res.body.data)}`);
    // A retry that came due while the test's own UPDATE held its row was skipped (SKIP LOCKED) and
    // left to the poll, a minute away here: stand in for it.
    t.app.get(NotificationDispatcher).wake();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
