import request from 'supertest';
import { ADMIN_KEY } from './test-app';

export type RunResource = { id: string; status: string; discrepancies: any[] } & Record<string, any>;

/**
 * POST /v1/admin/reconciliation-runs (202, the run running, its Location), then the Location
 * polled until the run has ended: what a synchronous answer used to be.
 */
export async function runInBackground(
  baseUrl: string,
  body?: object,
  { auth = `Bearer ${ADMIN_KEY}`, timeoutMs = 60_000 } = {},
): Promise<RunResource> {
  const post = request(baseUrl).post('/v1/admin/reconciliation-runs').set('Authorization', auth);
  const started = await (body === undefined ? post : post.send(body));
  if (started.status !== 202) throw new Error(`POST /v1/admin/reconciliation-runs answered ${started.status}: ${JSON.stringify(started.body)}`);
  const location = String(started.headers.location);
  if (location !== `/v1/admin/reconciliation-runs/${started.body.id}`) throw new Error(`unexpected Location ${location}`);
  return waitForRunEnd(baseUrl, location, { auth, timeoutMs });
}

/** GET the run until its status is no longer running. */
export async function waitForRunEnd(
  baseUrl: string,
  location: string,
  { auth = `Bearer ${ADMIN_KEY}`, timeoutMs = 60_000 } = {},
): Promise<RunResource> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(baseUrl).get(location).set('Authorization', auth);
    if (res.status !== 200) throw new Error(`GET ${location} answered ${res.status}: ${JSON.stringify(res.body)}`);
    if (res.body.status !== 'running') return res.body as RunResource;
    if (Date.now() > deadline) throw new Error(`run ${location} still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
