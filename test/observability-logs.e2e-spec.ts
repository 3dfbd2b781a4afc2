import { generateKeyPairSync, randomBytes } from 'node:crypto';
import request from 'supertest';
import { IMMEDIATE_TRANSFER_EXAMPLE } from '../src/payments/dto/payment-session.examples';
import { emulatorCalls, injectFault, simulate } from './support/emulator-client';
import { runInBackground } from './support/reconciliation-runs';
import { startServiceProcess, ServiceProcess } from './support/service-process';
import { ADMIN_KEY, createTestDatabase, MERCHANT_KEY, merchantAuth, SERVICE_PROCESS_KEYS_ENV } from './support/test-app';

/**
 * The service runs in its own process, exactly as in production, and everything it writes is
 * captured. It goes through a create, a signed webhook, a forged one, a Fintecture refusal and
 * a reconciliation pass; then its whole output is searched for every secret it handled.
 */

const APP_ID = 'redaction-test-app';
const APP_SECRET = `app-secret-${randomBytes(12).toString('hex')}`;
const PRIVATE_KEY_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const FORGED_SIGNATURE = `keyId="${APP_ID}",algorithm="rsa-sha256",headers="date digest x-request-id",signature="${randomBytes(48).toString('base64')}"`;
const { query, headers, body } = IMMEDIATE_TRANSFER_EXAMPLE;
const PAYER_VALUES = [
  body.meta.psu_name,
  body.meta.psu_email,
  body.meta.psu_phone,
  body.meta.psu_ip,
  body.meta.psu_address!.street,
  body.meta.psu_address!.complement,
] as string[];

interface Run {
  output: string;
  lines: Array<Record<string, any>>;
  /** Credentials the service sent to, or received from, the (emulated) Fintecture. */
  wireSecrets: string[];
}

async function scriptedRun(level: string): Promise<Run> {
  const database = await createTestDatabase();
  let service: ServiceProcess | undefined;
  try {
    service = await startServiceProcess({
      ...database.env,
      LOG_LEVEL: level,
      FINTECTURE_ENV: 'emulator',
      FINTECTURE_APP_ID: APP_ID,
      FINTECTURE_APP_SECRET: APP_SECRET,
      FINTECTURE_PRIVATE_KEY: PRIVATE_KEY_PEM,
      ...SERVICE_PROCESS_KEYS_ENV,
      RECONCILIATION_BACKOFF_BASE_SECONDS: '0',
      EMULATOR_WEBHOOK_BASE_DELAY_MS: '20',
    });
    const url = service.url;

    const created = await request(url)
      .post(`/v1/payment-sessions?${new URLSearchParams(query as unknown as Record<string, string>)}`)
      .set(merchantAuth)
      .set(headers as Record<string, string>)
      .send(body)
      .expect(201);

    await simulate(url, created.body.session_id, { status: 'payment_created' });
    for (let i = 0; ; i++) {
      const res = await request(url).get(`/v1/payment-sessions/${created.body.id}`).set(merchantAuth).expect(200);
      if (res.body.outcome === 'paid') break;
      if (i > 200) throw new Error('the webhook never arrived');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }

    await request(url)
      .post('/v1/webhooks/fintecture')
      .set({ Signature: FORGED_SIGNATURE, Date: new Date().toUTCString(), Digest: 'SHA-256=AAAA', 'X-Request-ID': 'forged-1' })
      .type('form')
      .send({ session_id: created.body.session_id, status: 'payment_cancelled' })
      .expect(401);

    await injectFault(url, { route: 'connect', kind: '400', count: 1 });
    await request(url)
      .post(`/v1/payment-sessions?${new URLSearchParams({ ...query, state: 'refused-order' })}`)
      .set(merchantAuth)
      .send(body)
      .expect(422);

    // The run goes on in the background (202); waited to its end.
    await runInBackground(url, { scope: 'due' });
    // Probes are logged at debug only.
    await request(url).get('/health/ready').expect(200);

    const wireSecrets = new Set<string>();
    for (const call of await emulatorCalls(url)) {
      const authorization = call.headers.authorization ?? call.headers.Authorization;
      if (authorization) wireSecrets.add(authorization.replace(/^(Bearer|Basic) /, ''));
      const signature = call.headers.signature ?? call.headers.Signature;
      if (signature) wireSecrets.add(/signature="([^"]+)"/.exec(signature)?.[1] ?? signature);
    }

    service.child.kill('SIGTERM');
    const exit = await service.exited;
    expect(exit.code).toBe(0);
    return { output: service.output(), lines: service.jsonLines(), wireSecrets: [...wireSecrets] };
  } finally {
    if (service && service.child.exitCode === null) service.child.kill('SIGKILL');
    await database.drop();
  }
}

function expectNoSecrets(run: Run): void {
  const secrets: Array<[string, string]> = [
    ['merchant API key', MERCHANT_KEY],
    ['admin API key', ADMIN_KEY],
    ['app secret', APP_SECRET],
    ['Basic credentials', Buffer.from(`${APP_ID}:${APP_SECRET}`).toString('base64')],
    ['private key', PRIVATE_KEY_PEM.split('\n')[5]],
    ['private key header', 'PRIVATE KEY-----'],
    ['forged webhook signature', /signature="([^"]+)"/.exec(FORGED_SIGNATURE)![1]],
    ...run.wireSecrets.map((secret, i): [string, string] => [`credential #${i} sent to Fintecture`, secret]),
  ];
  // Tokens and signatures were seen on the wire: the search below is not vacuous.
  expect(run.wireSecrets.length).toBeGreaterThanOrEqual(3);
  for (const [name, secret] of secrets) {
    expect(secret.length).toBeGreaterThan(8);
    if (run.output.includes(secret)) throw new Error(`the log contains the ${name}`);
  }
}

let info: Run;

// The secrets are redacted the same way at every level (logging.spec.ts shows debug and trace);
// one real process at info, the production level, keeps this suite fast.
beforeAll(async () => {
  info = await scriptedRun('info');
}, 60_000);

describe('logs at info', () => {
  it('never contain an API key, a token, a signature, the app secret or the private key', () => {
    expectNoSecrets(info);
  });

  it("never contain the payer's personal data", () => {
    for (const value of PAYER_VALUES) {
      if (info.output.includes(value)) throw new Error(`the log contains the payer's ${value}`);
    }
  });

  it('are one JSON object per line', () => {
    const lines = info.output.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('have one line per request with request id, route, status, duration and caller', () => {
    const creates = info.lines.filter((l) => l.req?.method === 'POST' && l.route === '/v1/payment-sessions');
    expect(creates.map((l) => l.res.statusCode).sort()).toEqual([201, 422]);
    for (const line of creates) {
      expect(line).toMatchObject({ caller: 'shop', caller_role: 'merchant', req: { headers: { authorization: '[Redacted]' } } });
      expect(line.request_id).toEqual(line.req.id);
      expect(typeof line.duration_ms).toBe('number');
    }
    const webhook = info.lines.find((l) => l.route === '/v1/webhooks/fintecture' && l.res?.statusCode === 401);
    expect(webhook?.req.headers.signature).toBe('[Redacted]');
    const admin = info.lines.find((l) => l.route === '/v1/admin/reconciliation-runs');
    expect(admin).toMatchObject({ caller: 'ops', caller_role: 'admin', res: { statusCode: 202 } });
  });

  it("have one line per Fintecture call with method, path, status, duration and Fintecture's log_id", () => {
    const calls = info.lines.filter((l) => l.fintecture).map((l) => l.fintecture);
    const connects = calls.filter((c) => c.operation === 'connect');
    expect(connects).toHaveLength(2);
    for (const call of connects) {
      expect(call).toMatchObject({ method: 'POST', path: '/emulator/pis/v2/connect' });
      expect(typeof call.duration_ms).toBe('number');
      expect(typeof call.request_id).toBe('string');
    }
    const refused = connects.find((c) => c.status === 400);
    expect(refused?.log_id).toMatch(/^[0-9a-f-]{36}$/);
    // The call carries the id of the request that caused it, so one grep finds both.
    const create = info.lines.find((l) => l.route === '/v1/payment-sessions' && l.res?.statusCode === 201)!;
    expect(info.lines.some((l) => l.fintecture?.operation === 'connect' && l.request_id === create.request_id)).toBe(true);
  });

  it('leave the probes out (they are logged at debug)', () => {
    expect(info.lines.some((l) => l.route === '/health/ready')).toBe(false);
  });

  it('start with a self-check naming the environment, the database and the keys in use', () => {
    const check = info.lines.find((l) => l.context === 'StartupCheck' && l.runtime);
    expect(check?.runtime).toMatchObject({
      fintecture: { env: 'emulator', app_id: APP_ID, credentials: 'configured' },
      database: { engine: expect.stringMatching(/^(sqlite|postgres)$/) },
      api_keys: { merchant: ['shop'], admin: ['ops'] },
    });
    expect(check?.runtime.fintecture.public_key_sha256).toMatch(/^[0-9a-f]{16}$/);
  });
});
