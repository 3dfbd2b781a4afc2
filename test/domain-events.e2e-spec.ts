import request from 'supertest';
import { MetricsService } from '../src/observability/metrics.service';
import { IMMEDIATE_TRANSFER_EXAMPLE } from '../src/payments/dto/payment-session.examples';
import { injectFault } from './support/emulator-client';
import { parsePrometheus, sampleValue } from './support/prometheus';
import { adminAuth, merchantAuth, startTestApp, TestApp } from './support/test-app';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());
afterEach(() => jest.restoreAllMocks());

function create(state: string) {
  const { query, headers, body } = IMMEDIATE_TRANSFER_EXAMPLE;
  return request(t.url)
    .post(`/v1/payment-sessions?${new URLSearchParams({ ...query, state })}`)
    .set(merchantAuth)
    .set({ 'x-psu-type': headers['x-psu-type'], 'x-country': headers['x-country'] })
    .send(body);
}

async function transitions(from: string, to: string): Promise<number> {
  const res = await request(t.url).get('/metrics').expect(200);
  return sampleValue(parsePrometheus(res.text), 'payment_session_transitions_total', { from, to, source: 'api' }) ?? 0;
}

describe('domain events', () => {
  it('count creating → creation_failed when Fintecture answers 500 to the create call', async () => {
    const before = await transitions('creating', 'creation_failed');
    await injectFault(t.url, { route: 'connect', kind: '500', count: 1 });
    const res = await create('events-upstream-500').expect(502);
    expect(res.body.code).toBe('upstream_unavailable');
    expect(await transitions('creating', 'creation_failed')).toBe(before + 1);
    const listed = await request(t.url).get('/v1/admin/payment-sessions?state=events-upstream-500').set(adminAuth).expect(200);
    expect(listed.body.data.map((s: { outcome: string }) => s.outcome)).toEqual(['creation_failed']);
  });

  it('a listener that throws changes neither the answer nor the committed row', async () => {
    const metrics = t.app.get(MetricsService);
    const observe = jest.spyOn(metrics, 'observeTransition').mockImplementation(() => {
      throw new Error('observer broken on purpose');
    });
    const created = await create('events-throwing-listener').expect(201);
    expect(observe).toHaveBeenCalled();
    expect(created.body.outcome).toBe('awaiting_payer');
    const stored = await request(t.url).get(`/v1/payment-sessions/${created.body.id}`).set(merchantAuth).expect(200);
    expect(stored.body).toMatchObject({ id: created.body.id, outcome: 'awaiting_payer', session_id: created.body.session_id });
  });
});
