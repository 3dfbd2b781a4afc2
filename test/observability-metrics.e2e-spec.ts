import request from 'supertest';
import { simulate } from './support/emulator-client';
import { parsePrometheus, Sample, sampleValue } from './support/prometheus';
import { runInBackground } from './support/reconciliation-runs';
import { merchantAuth, startTestApp, TestApp } from './support/test-app';
import { postExampleSession } from './support/session-api-calls';

let t: TestApp;

beforeAll(async () => {
  // Backoff 0: sessions are due for reconciliation as soon as they are created.
  t = await startTestApp({ RECONCILIATION_BACKOFF_BASE_SECONDS: '0' });
});
afterAll(() => t?.close());

async function createSession(state: string): Promise<{ id: string; session_id: string }> {
  return (await postExampleSession(t.url, state).expect(201)).body;
}

async function waitForOutcome(id: string, outcome: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await request(t.url).get(`/v1/payment-sessions/${id}`).set(merchantAuth).expect(200);
    if (res.body.outcome === outcome) return;
    if (Date.now() > deadline) throw new Error(`session ${id} stayed ${res.body.outcome}, expected ${outcome}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function scrape(): Promise<{ text: string; samples: Sample[] }> {
  const res = await request(t.url).get('/metrics').expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain;/);
  expect(res.headers['content-type']).toContain('version=0.0.4');
  return { text: res.text, samples: parsePrometheus(res.text) };
}

describe('/metrics after a scripted flow', () => {
  let text: string;
  let samples: Sample[];
  let paidByWebhook: { id: string; session_id: string };

  beforeAll(async () => {
    // Three sessions: one paid and announced by webhook, one paid silently (found by
    // reconciliation), one left waiting for its payer.
    paidByWebhook = await createSession('metrics-webhook');
    const paidSilently = await createSession('metrics-silent');
    await createSession('metrics-open');

    await request(t.url).get(`/v1/payment-sessions/${paidByWebhook.id}`).set(merchantAuth).expect(200);
    await request(t.url).get('/v1/payment-sessions/0b6f6c1e-3f3a-4c43-9d35-1d6a0e0f6b7a').set(merchantAuth).expect(404);
    await request(t.url).get('/no/such/route').expect(404);

    await simulate(t.url, paidByWebhook.session_id, { status: 'payment_created' });
    await waitForOutcome(paidByWebhook.id, 'paid');

    await simulate(t.url, paidSilently.session_id, { status: 'payment_created', send_webhook: false } as never);
    // The run goes on in the background (202); waited to its end. Due scope: the sessions this flow made due.
    await runInBackground(t.url, { scope: 'due' });

    // A forged notice: no valid signature.
    await request(t.url)
      .post('/v1/webhooks/fintecture')
      .type('form')
      .send({ session_id: paidByWebhook.session_id, status: 'payment_cancelled' })
      .expect(401);

    ({ text, samples } = await scrape());
  });

  it('counts HTTP requests by route pattern and status, with latency histograms', () => {
    expect(sampleValue(samples, 'http_requests_total', { method: 'POST', route: '/v1/payment-sessions', status: '201' })).toBe(3);
    expect(sampleValue(samples, 'http_requests_total', { method: 'GET', route: '/v1/payment-sessions/:id', status: '404' })).toBe(1);
    expect(sampleValue(samples, 'http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
    expect(sampleValue(samples, 'http_request_duration_seconds_count', { method: 'POST', route: '/v1/payment-sessions', status: '201' })).toBe(3);
    expect(sampleValue(samples, 'http_request_duration_seconds_bucket', { route: '/v1/payment-sessions', status: '201', le: '+Inf' })).toBe(3);
    // Routes are patterns: no session id ever becomes a label value.
    expect(text).not.toContain(paidByWebhook.id);
    expect(text).not.toContain(paidByWebhook.session_id);
    expect(text).not.toContain('/no/such/route');
  });

  it('counts Fintecture calls by operation and status, with latency, and token refreshes', () => {
    const connects = samples.filter((s) => s.name === 'fintecture_requests_total' && s.labels.operation === 'connect');
    expect(connects.map((s) => s.labels.status)).toEqual([expect.stringMatching(/^20[01]$/)]);
    expect(connects[0].value).toBe(3);
    expect(sampleValue(samples, 'fintecture_request_duration_seconds_count', { operation: 'connect' })).toBe(3);
    // Only reconciliation asked for statuses: once for each of the two sessions still open.
    expect(sampleValue(samples, 'fintecture_requests_total', { operation: 'get_payment' })).toBe(2);
    expect(sampleValue(samples, 'fintecture_token_refreshes_total', { result: 'success' })).toBe(1);
    expect(sampleValue(samples, 'fintecture_token_refreshes_total', { result: 'failure' })).toBe(0);
  });

  it('counts webhooks by result', () => {
    expect(sampleValue(samples, 'webhooks_received_total', { result: 'applied' })).toBe(1);
    expect(sampleValue(samples, 'webhooks_received_total', { result: 'invalid' })).toBe(1);
    for (const result of ['duplicate', 'refused', 'unknown']) {
      expect(samples.some((s) => s.name === 'webhooks_received_total' && s.labels.result === result)).toBe(true);
    }
  });

  it('counts outcome transitions by source', () => {
    expect(sampleValue(samples, 'payment_session_transitions_total', { from: 'creating', to: 'awaiting_payer', source: 'api' })).toBe(3);
    expect(sampleValue(samples, 'payment_session_transitions_total', { from: 'awaiting_payer', to: 'paid', source: 'webhook' })).toBe(1);
    expect(sampleValue(samples, 'payment_session_transitions_total', { from: 'awaiting_payer', to: 'paid', source: 'reconciliation' })).toBe(1);
  });

  it('counts reconciliation runs, the sessions they changed and the discrepancies they found', () => {
    expect(sampleValue(samples, 'reconciliation_runs_total', { trigger: 'api', status: 'finished' })).toBe(1);
    expect(sampleValue(samples, 'reconciliation_run_duration_seconds_count', { trigger: 'api' })).toBe(1);
    expect(sampleValue(samples, 'reconciliation_sessions_total', { result: 'changed' })).toBe(1);
    expect(sampleValue(samples, 'reconciliation_sessions_total', { result: 'unchanged' })).toBe(1);
    expect(sampleValue(samples, 'reconciliation_sessions_total', { result: 'error' })).toBe(0);
    // A paid that no webhook announced.
    expect(sampleValue(samples, 'reconciliation_discrepancies_total', { kind: 'unannounced_change' })).toBe(1);
    expect(sampleValue(samples, 'reconciliation_last_run_timestamp_seconds', { status: 'finished' })).toBeGreaterThan(Date.now() / 1000 - 60);
  });

  it('counts the sessions still open, by outcome, from the database', () => {
    expect(sampleValue(samples, 'payment_sessions_open', { outcome: 'awaiting_payer' })).toBe(1);
    expect(sampleValue(samples, 'payment_sessions_open', { outcome: 'creating' })).toBe(0);
    expect(samples.some((s) => s.name === 'payment_sessions_open' && s.labels.outcome === 'paid')).toBe(false);
  });

  it('exposes the process metrics', () => {
    expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);
  });
});
