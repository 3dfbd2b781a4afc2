import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { buildWebhookHeaders } from '../src/fintecture/http-signature';
import { IMMEDIATE_TRANSFER_EXAMPLE } from '../src/payments/dto/payment-session.examples';
import { SessionEvent } from '../src/payments/entities/session-event.entity';
import { simulate } from './support/emulator-client';
import { FaultyFintecture, startFaultyFintecture } from './support/faulty-fintecture';
import { freePort } from './support/free-port';
import { closeInOrder, merchantAuth, startTestApp, startTestAppOnFake, TestApp } from './support/test-app';

/**
 * Issue 12 §2: the payer pays just before the merchant cancels. The service records what
 * Fintecture reports, not an assumed payment_cancelled, and answers 409 with the session as it is.
 */
function create(app: TestApp) {
  const { query, body } = IMMEDIATE_TRANSFER_EXAMPLE;
  return request(app.url)
    .post(`/v1/payment-sessions?${new URLSearchParams({ ...(query as unknown as Record<string, string>), state: `order-${randomUUID()}` })}`)
    .set(merchantAuth)
    .send(body)
    .expect(201);
}

const cancel = (app: TestApp, id: string) => request(app.url).post(`/v1/payment-sessions/${id}/cancel`).set(merchantAuth);
const read = async (app: TestApp, id: string) => (await request(app.url).get(`/v1/payment-sessions/${id}`).set(merchantAuth).expect(200)).body;

describe('Fintecture answers the cancel with the status the session really has', () => {
  let fake: FaultyFintecture;
  let t: TestApp;
  beforeAll(async () => ({ fake, t } = await startTestAppOnFake(startFaultyFintecture)));
  afterAll(() => closeInOrder(t, fake));

  it('a cancel racing a payment ends paid: 409 invalid_state with the paid session, and the paid webhook that follows changes nothing', async () => {
    const created = (await create(t)).body;
    fake.pay(created.session_id, { status: 'payment_created', transferState: 'received', receivedAmount: '42.50' });

    const res = await cancel(t, created.id).expect(409);
    expect(res.body).toMatchObject({
      code: 'invalid_state',
      session: { id: created.id, outcome: 'paid', status: 'payment_created', received_amount: '42.50' },
    });
    expect(await read(t, created.id)).toMatchObject({ outcome: 'paid', status: 'payment_created', transfer_state: 'received' });
    const events = await t.app
      .get(DataSource)
      .getRepository(SessionEvent)
      .find({ where: { paymentSessionId: created.id }, order: { id: 'ASC' } });
    expect(events.filter((e) => e.kind === 'cancel')).toEqual([
      expect.objectContaining({ accepted: true, status: 'payment_created', outcomeBefore: 'awaiting_payer', outcomeAfter: 'paid' }),
    ]);

    const body = new URLSearchParams({
      session_id: created.session_id,
      status: 'payment_created',
      transfer_state: 'received',
      received_amount: '42.50',
    }).toString();
    const signed = buildWebhookHeaders({ body, appId: fake.appId, publicKey: fake.publicKey });
    await request(t.url).post('/v1/webhooks/fintecture').type('form').set(signed).send(body).expect(200, { result: 'refused', reason: 'unchanged' });
    expect((await read(t, created.id)).outcome).toBe('paid');
  });

  it('a cancel Fintecture performs is recorded as cancelled', async () => {
    const created = (await create(t)).body;
    const res = await cancel(t, created.id).expect(200);
    expect(res.body).toMatchObject({ outcome: 'cancelled', status: 'payment_cancelled', transfer_state: 'cancelled' });
  });
});

describe('the emulator refuses to cancel a paid session: Fintecture is asked what it is', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Webhooks go nowhere: the payment is known only to Fintecture when the merchant cancels.
    t = await startTestApp({ EMULATOR_WEBHOOK_URL: `http://127.0.0.1:${await freePort()}/nowhere`, EMULATOR_WEBHOOK_ATTEMPTS: '1' });
  });
  afterAll(() => t?.close());

  it('answers 409 invalid_state with the session paid, never cancelled', async () => {
    const created = (await create(t)).body;
    await simulate(t.url, created.session_id, {
      status: 'payment_created',
      transfer_state: 'received',
      received_amount: '42.50',
      send_webhook: false,
    } as never);
    const res = await cancel(t, created.id).expect(409);
    expect(res.body).toMatchObject({ code: 'invalid_state', session: { outcome: 'paid', status: 'payment_created' } });
    expect((await read(t, created.id)).outcome).toBe('paid');
  });
});
