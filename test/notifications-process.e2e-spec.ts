import request from 'supertest';
import { DataSource } from 'typeorm';
import { NotificationDelivery } from '../src/notifications/entities/notification-delivery.entity';
import { NotificationDispatcher } from '../src/notifications/notification-dispatcher.service';
import { freePort } from './support/free-port';
import { NotificationReceiver, verifyWithStandardWebhooks } from './support/notification-receiver';
import { ServiceProcess, startServiceProcess } from './support/service-process';
import { adminAuth, createTestDatabase, merchantAuth, SERVICE_PROCESS_KEYS_ENV, startTestApp, TestApp } from './support/test-app';
import { postExampleSession } from './support/session-api-calls';

/** Notifications across processes: a crash between the change and its delivery, and two instances on one database. */

async function eventually<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a process killed between the state change and the delivery', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const services: ServiceProcess[] = [];
  const receiver = new NotificationReceiver();

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const service of services) if (service.child.exitCode === null) service.child.kill('SIGKILL');
    await Promise.all(services.map((s) => s.exited));
    await receiver.close();
    await database.drop();
  });

  const start = async () => {
    const service = await startServiceProcess({
      ...database.env,
      LOG_LEVEL: 'info',
      ...SERVICE_PROCESS_KEYS_ENV,
      NOTIFICATION_ALLOW_PRIVATE_URLS: 'true',
      NOTIFICATION_RETRY_SCHEDULE: '1s',
      NOTIFICATION_POLL_INTERVAL_MS: '200',
    });
    services.push(service);
    return service;
  };

  it('delivers after a restart what was committed before the kill', async () => {
    // The shop is down at first: the change commits, its delivery cannot happen yet.
    const shopPort = await freePort();
    const first = await start();
    const endpoint = await request(first.url)
      .post('/v1/notification-endpoints')
      .set(merchantAuth)
      .send({ url: `http://127.0.0.1:${shopPort}/hooks/payments` })
      .expect(201);
    const session = (await postExampleSession(first.url, 'notif-crash').expect(201)).body as { id: string };
    const pending = await eventually(async () => {
      const res = await request(first.url).get(`/v1/notification-endpoints/${endpoint.body.id}/deliveries`).set(merchantAuth).expect(200);
      const [delivery] = res.body.data as Array<{ status: string; attempts: number; last_error: string | null }>;
      return delivery?.attempts >= 1 ? delivery : undefined;
    }, 'a first, failed attempt');
    expect(pending).toMatchObject({ status: 'pending', last_error: expect.stringContaining('ECONNREFUSED') });

    first.child.kill('SIGKILL');
    expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });

    await receiver.start(shopPort);
    const second = await start();
    const notice = await receiver.waitForOutcome(session.id, 'awaiting_payer', 20_000);
    expect(verifyWithStandardWebhooks(endpoint.body.secret, notice).data).toMatchObject({ previous_outcome: 'creating', object: { id: session.id } });
    const delivered = await eventually(async () => {
      const res = await request(second.url).get(`/v1/notification-endpoints/${endpoint.body.id}/deliveries`).set(merchantAuth).expect(200);
      return res.body.data[0]?.status === 'delivered' ? res.body.data[0] : undefined;
    }, 'the delivery marked delivered');
    expect(delivered.attempts).toBeGreaterThanOrEqual(2);
    expect(receiver.received.filter((r) => r.body.includes(session.id))).toHaveLength(1);

    // One log line per attempt, without secret or body.
    const attempts = second.jsonLines().filter((l) => l.delivery_id && l.event_id === notice.headers['webhook-id']);
    expect(attempts).toEqual([expect.objectContaining({ result: 'success', http_status: 200, status: 'delivered', host: `127.0.0.1:${shopPort}` })]);
    expect(second.output()).not.toContain(endpoint.body.secret);

    // And the dispatcher lets a graceful stop be graceful.
    second.child.kill('SIGTERM');
    expect(await second.exited).toMatchObject({ code: 0 });
  }, 120_000);
});

const onPostgres = process.env.DATABASE_URL ? it : it.skip;

describe('two instances on one PostgreSQL database', () => {
  onPostgres(
    'deliver each of 200 events exactly once (PostgreSQL only: skipped without DATABASE_URL)',
    async () => {
      const shared = await createTestDatabase();
      const receiver = await new NotificationReceiver().start();
      const env = {
        ...shared.env,
        NOTIFICATION_ALLOW_PRIVATE_URLS: 'true',
        // Both poll often, so that both compete for every due delivery, not only the one that committed it.
        NOTIFICATION_POLL_INTERVAL_MS: '50',
        NOTIFICATION_CONCURRENCY: '4',
      };
      const apps: TestApp[] = [];
      try {
        apps.push(await startTestApp(env));
        apps.push(await startTestApp(env));
        await request(apps[0].url).post('/v1/notification-endpoints').set(merchantAuth).send({ url: receiver.url }).expect(201);

        const EVENTS = 200;
        const ids: string[] = [];
        for (let batch = 0; batch < EVENTS; batch += 20) {
          const created = await Promise.all(
            Array.from({ length: 20 }, (_, i) => postExampleSession(apps[(batch + i) % 2].url, `notif-two-${batch + i}`).expect(201)),
          );
          ids.push(...created.map((res) => (res.body as { id: string }).id));
        }
        await receiver.waitFor((all) => new Set(all.map((r) => r.headers['webhook-id'])).size >= EVENTS || undefined, 60_000);
        await Promise.all(apps.map((app) => app.app.get(NotificationDispatcher).idle()));
        await new Promise((resolve) => setTimeout(resolve, 500));

        const perEvent = new Map<string, number>();
        for (const r of receiver.received) perEvent.set(String(r.headers['webhook-id']), (perEvent.get(String(r.headers['webhook-id'])) ?? 0) + 1);
        expect(perEvent.size).toBe(EVENTS);
        expect([...perEvent.values()].filter((n) => n !== 1)).toEqual([]);
        expect(new Set(receiver.bodies().map((b) => b.data.object.id))).toEqual(new Set(ids));
        const rows = await apps[0].app.get(DataSource).getRepository(NotificationDelivery).find();
        expect(rows).toHaveLength(EVENTS);
        expect(rows.every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
        // Both instances did part of the work.
        const byInstance = await request(apps[1].url).get('/metrics').expect(200);
        expect(byInstance.text).toMatch(/notification_delivery_attempts_total\{result="success"\} [1-9]/);
        const admin = await request(apps[1].url).get('/v1/admin/notification-deliveries').query({ limit: '200' }).set(adminAuth).expect(200);
        expect(admin.body.data).toHaveLength(EVENTS);
      } finally {
        for (const app of apps) await app.close();
        await receiver.close();
        await shared.drop();
      }
    },
    180_000,
  );
});
