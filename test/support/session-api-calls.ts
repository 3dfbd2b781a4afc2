import request from 'supertest';
import { IMMEDIATE_TRANSFER_EXAMPLE } from '../../src/payments/dto/payment-session.examples';
import { merchantAuth } from './test-app';

/** POST /v1/payment-sessions with the documented immediate-transfer example under a state of the test's own, and its payer headers. */
export function postExampleSession(url: string, state: string, auth: Record<string, string> = merchantAuth): request.Test {
  const { query, headers, body } = IMMEDIATE_TRANSFER_EXAMPLE;
  return request(url)
    .post(`/v1/payment-sessions?${new URLSearchParams({ ...query, state })}`)
    .set(auth)
    .set({ 'x-psu-type': headers['x-psu-type'], 'x-country': headers['x-country'] })
    .send(body);
}

/** The session as the merchant reads it once its outcome is the one expected; fails after 10 s. */
export async function outcomeEventually(url: string, id: string, expected: string): Promise<Record<string, any>> {
  const deadline = Date.now() + 10_000;
  let body: Record<string, any> = {};
  while (Date.now() < deadline) {
    body = (await request(url).get(`/v1/payment-sessions/${id}`).set(merchantAuth).expect(200)).body;
    if (body.outcome === expected) return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`session ${id} stayed ${String(body.outcome)}, expected ${expected}`);
}
