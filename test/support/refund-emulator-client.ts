import request from 'supertest';
import { DataSource } from 'typeorm';
import { IMMEDIATE_TRANSFER_EXAMPLE } from '../../src/payments/dto/payment-session.examples';
import { RefundEvent } from '../../src/refunds/entities/refund-event.entity';
import { simulate } from './emulator-client';
import { inspectEmulator } from './emulator-inspector';
import { merchantAuth, TestApp } from './test-app';

export interface SessionBody {
  id: string;
  session_id: string;
  amount: string;
  outcome: string;
  refunded_amount: string;
  refundable_amount: string;
}

export type PaymentChange = { status: string; transfer_state: string; received_amount?: string };

export const PAID: PaymentChange = { status: 'payment_created', transfer_state: 'received' };

let orders = 0;

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What the refund suites do to a running app with the emulator mounted: pay sessions, refund them, watch them. */
export function refundEmulatorClient(t: () => TestApp) {
  const createSession = async (auth = merchantAuth): Promise<SessionBody> => {
    const { query, headers, body } = IMMEDIATE_TRANSFER_EXAMPLE;
    orders += 1;
    const res = await request(t().url)
      .post(`/v1/payment-sessions?${new URLSearchParams({ ...query, state: `refund-order-${process.pid}-${orders}` })}`)
      .set(auth)
      .set({ 'x-psu-type': headers['x-psu-type'], 'x-country': headers['x-country'] })
      .send(body)
      .expect(201);
    return res.body as SessionBody;
  };

  const sessionOf = async (id: string, auth = merchantAuth): Promise<SessionBody> =>
    (await request(t().url).get(`/v1/payment-sessions/${id}`).set(auth).expect(200)).body as SessionBody;

  /** A session the payer paid on the emulator, its webhook applied. */
  const paidSession = async (auth = merchantAuth, change: PaymentChange = PAID): Promise<SessionBody> => {
    const session = await createSession(auth);
    await simulate(t().url, session.session_id, change);
    return waitFor(async () => {
      const now = await sessionOf(session.id, auth);
      return now.outcome !== 'awaiting_payer' ? now : undefined;
    });
  };

  const refund = (session: Pick<SessionBody, 'id'>, body: Record<string, unknown> = {}, headers: Record<string, string> = {}, auth = merchantAuth) =>
    request(t().url).post(`/v1/payment-sessions/${session.id}/refunds`).set(auth).set(headers).send(body);

  const refundReaches = (id: string, status: string): Promise<Record<string, any>> =>
    waitFor(async () => {
      const res = await request(t().url).get(`/v1/refunds/${id}`).set(merchantAuth).expect(200);
      return res.body.status === status ? (res.body as Record<string, any>) : undefined;
    });

  /** The refund calls the emulator received, oldest first. */
  const refundCalls = () =>
    inspectEmulator(t().app)
      .recordedRequests()
      .filter((r) => r.operation === 'refund');

  const refundEvents = (refundId: string) =>
    t()
      .app.get(DataSource)
      .getRepository(RefundEvent)
      .find({ where: { refundId }, order: { createdAt: 'ASC', id: 'ASC' } });

  return { createSession, sessionOf, paidSession, refund, refundReaches, refundCalls, refundEvents };
}
