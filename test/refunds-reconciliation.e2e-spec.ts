import { createHash } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { uuidv7 } from '../src/common/ids';
import { TransactionRunner } from '../src/database/transaction-runner';
import { PaymentSession } from '../src/payments/entities/payment-session.entity';
import { RefundEvent } from '../src/refunds/entities/refund-event.entity';
import { Refund } from '../src/refunds/entities/refund.entity';
import { runInBackground } from './support/reconciliation-runs';
import { RefundFake, startRefundFake } from './support/refund-fake-fintecture';
import { insertSession } from './support/session-fixtures';
import { adminAuth, closeInOrder, merchantAuth, startTestAppOnFake, TestApp } from './support/test-app';

/**
 * Reconciliation of refunds (issue 14 §4) against the strict fake Fintecture: refunds not final
 * whose refund session is known are asked about, a call that outlived any answer becomes unknown,
 * and a refund still not final after REFUND_STUCK_SECONDS is reported once as refund_stuck.
 */
let fake: RefundFake;
let t: TestApp;

beforeAll(async () => ({ fake, t } = await startTestAppOnFake(startRefundFake, { FINTECTURE_TIMEOUT_MS: '1000', REFUND_STUCK_SECONDS: '1' })));
afterAll(() => closeInOrder(t, fake));

const paid = () => insertSession(t.app, { outcome: 'paid', status: 'payment_created', transferState: 'received', amountMinor: 5000 });
const refund = (session: PaymentSession, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  request(t.url).post(`/v1/payment-sessions/${session.id}/refunds`).set(merchantAuth).set(headers).send(body);
const getRefund = async (id: string) => (await request(t.url).get(`/v1/refunds/${id}`).set(merchantAuth).expect(200)).body as Record<string, any>;
const eventsOf = (refundId: string) =>
  t.app
    .get(DataSource)
    .getRepository(RefundEvent)
    .find({ where: { refundId }, order: { createdAt: 'ASC', id: 'ASC' } });

it('asks Fintecture about an accepted refund and applies what it says (completed)', async () => {
  const session = await paid();
  const res = await refund(session, { amount: '10.00' }).expect(201);
  expect(res.body.status).toBe('accepted');
  fake.payments.set(res.body.refund_session_id as string, { status: 'payment_created', amount: '10.00' });
  const run = await runInBackground(t.url);
  expect(run.status).toBe('finished');
  expect(await getRefund(res.body.id)).toMatchObject({ status: 'completed', fintecture_status: 'payment_created' });
  expect((await eventsOf(res.body.id)).map((e) => [e.source, e.kind, e.statusAfter])).toEqual([
    ['api', 'requested', 'requested'],
    ['api', 'call', 'accepted'],
    ['reconciliation', 'reconciliation', 'completed'],
  ]);
  expect((await request(t.url).get(`/v1/payment-sessions/${session.id}`).set(merchantAuth).expect(200)).body.refunded_amount).toBe('10.00');
  // Final: not asked again.
  const asked = () => fake.paymentReads.filter((id) => id === res.body.refund_session_id).length;
  expect(asked()).toBe(1);
  await runInBackground(t.url);
  expect(asked()).toBe(1);
});

it('a refund Fintecture still has as refund_waiting stays waiting and is not recorded again at each pass', async () => {
  const session = await paid();
  fake.answerRefundsWith('waiting');
  const res = await refund(session, { amount: '2.00' }).expect(201);
  await runInBackground(t.url);
  await runInBackground(t.url);
  expect(await getRefund(res.body.id)).toMatchObject({ status: 'waiting' });
  expect((await eventsOf(res.body.id)).map((e) => e.kind)).toEqual(['requested', 'call']);
});

it('reports a refund still not final after REFUND_STUCK_SECONDS as refund_stuck, once', async () => {
  const session = await paid();
  fake.answerRefundsWith('hang');
  const res = await refund(session, { amount: '3.00' }).expect(201);
  expect(res.body.status).toBe('unknown');
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const first = await runInBackground(t.url);
  const stuck = first.discrepancies.filter(
    (d: { kind: string; detail: { refund_id?: string } }) => d.kind === 'refund_stuck' && d.detail.refund_id === res.body.id,
  );
  expect(stuck).toEqual([
    expect.objectContaining({
      payment_session_id: session.id,
      session_id: session.sessionId,
      detail: expect.objectContaining({ refund_status: 'unknown' }),
    }),
  ]);
  const second = await runInBackground(t.url);
  expect(second.discrepancies.some((d: { detail: { refund_id?: string } }) => d.detail.refund_id === res.body.id)).toBe(false);
  expect((await eventsOf(res.body.id)).map((e) => [e.kind, e.reason])).toContainEqual(['discrepancy', 'refund_stuck']);
  const admin = await request(t.url).get(`/v1/admin/refunds/${res.body.id}`).set(adminAuth).expect(200);
  expect(admin.body.events.map((e: { kind: string }) => e.kind)).toEqual(['requested', 'call', 'discrepancy']);
});

it('a call that outlived any answer (its process died) becomes unknown, by reconciliation or by a retry with its key', async () => {
  const session = await paid();
  const longAgo = new Date(Date.now() - 3_600_000);
  const row = (key: string): Refund =>
    Object.assign(new Refund(), {
      id: uuidv7(longAgo.getTime()),
      paymentSessionId: session.id,
      merchant: 'shop',
      origin: 'api',
      idempotencyKey: key,
      requestFingerprint: null,
      amountMinor: 100,
      currency: 'EUR',
      status: 'requested',
      refundSessionId: null,
      communication: null,
      reason: null,
      fintectureStatus: null,
      transferState: null,
      failureCode: null,
      failureDetail: null,
      callAttempt: 1,
      callStartedAt: longAgo,
      nextCheckAt: null,
      checkCount: 0,
      stuckReportedAt: null,
      version: 1,
      createdAt: longAgo,
      updatedAt: longAgo,
    });
  const byReconciliation = row(`dead-1-${session.id}`);
  await t.app.get(TransactionRunner).run((manager) => manager.getRepository(Refund).save(byReconciliation));
  await runInBackground(t.url);
  expect(await getRefund(byReconciliation.id)).toMatchObject({ status: 'unknown', failure: { code: 'upstream_timeout' } });
  expect((await eventsOf(byReconciliation.id)).map((e) => [e.source, e.kind])).toContainEqual(['reconciliation', 'call_lost']);

  // The same request under its key, as the service fingerprints it: answered as unknown, never sent again.
  const byRetry = Object.assign(row(`dead-2-${session.id}`), {
    requestFingerprint: createHash('sha256')
      .update(JSON.stringify([session.id, '1.00', null, null]))
      .digest('hex'),
  });
  await t.app.get(TransactionRunner).run((manager) => manager.getRepository(Refund).save(byRetry));
  const calls = fake.refundCalls.length;
  const retry = await refund(session, { amount: '1.00' }, { 'Idempotency-Key': byRetry.idempotencyKey! }).expect(201);
  expect(retry.body).toMatchObject({ id: byRetry.id, status: 'unknown' });
  expect(retry.headers['idempotent-replayed']).toBe('true');
  expect(fake.refundCalls).toHaveLength(calls);
});
