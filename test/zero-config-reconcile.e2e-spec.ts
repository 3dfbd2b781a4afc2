import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { PAYMENT_SESSION_EXAMPLES } from '../src/payments/dto/payment-session.examples';
import { ServiceProcess, startServiceProcess } from './support/service-process';
import { createTestDatabase } from './support/test-app';

const ROOT = join(__dirname, '..');
// Two processes start per test (the service, then the command), each compiling the app.
jest.setTimeout(60_000);

interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run reconcile` as a user runs it: its own process, its environment given here and nothing else. */
function reconcile(env: Record<string, string>): Promise<CommandResult> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/reconciliation/reconcile.command.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

async function createSession(service: ServiceProcess): Promise<string> {
  const example = PAYMENT_SESSION_EXAMPLES.immediate_transfer;
  const res = await request(service.url)
    .post(`/v1/payment-sessions?${new URLSearchParams(example.query as unknown as Record<string, string>).toString()}`)
    .set({ Authorization: 'Bearer dev-merchant-key' })
    .send(example.body)
    .expect(201);
  return res.body.session_id as string;
}

describe('zero configuration: npm start, then npm run reconcile, with no credentials anywhere', () => {
  let dataDir: string;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let service: ServiceProcess | undefined;
  // Beside the throw-away data folder and database, only what makes a fresh session due at once and keeps
  // the service's own schedule from checking it first: nothing about Fintecture credentials.
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'zero-config-'));
    database = await createTestDatabase();
    env = {
      NODE_ENV: 'test',
      // The data folder, and the SQLite file in it; on PostgreSQL the tables go to a throw-away database.
      DATABASE_PATH: join(dataDir, 'payments.sqlite'),
      ...(database.env.DATABASE_URL ? { DATABASE_URL: database.env.DATABASE_URL } : {}),
      RECONCILIATION_BACKOFF_BASE_SECONDS: '0',
      RECONCILIATION_INTERVAL_SECONDS: '0',
    };
    service = await startServiceProcess(env);
  });

  afterAll(async () => {
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("shares the emulator identity through the data folder, so the command is accepted by the service's emulator", async () => {
    const credentialsFile = join(dataDir, 'emulator-credentials.json');
    expect(existsSync(credentialsFile)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(credentialsFile).mode & 0o777).toBe(0o600);
    await createSession(service!);
    const run = await reconcile({ ...env, PORT: String(service!.port) });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ trigger: 'cli', status: 'finished', checked: 1, errors: 0 });
  });

  it('fails as before when the command cannot find that identity (the control: each process inventing its own)', async () => {
    await createSession(service!);
    unlinkSync(join(dataDir, 'emulator-credentials.json'));
    const run = await reconcile({ ...env, PORT: String(service!.port) });
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout.trim()) as { status: string; errors: number; error_samples: Array<{ http_status: number }> };
    // A pass with checks in error says so in its status (issue 12 §4; it was plain `finished`).
    expect(summary.status).toBe('finished_with_errors');
    expect(summary.errors).toBeGreaterThan(0);
    // The emulator refused the command's own, new identity.
    expect(summary.error_samples.map((sample) => sample.http_status)).toEqual(Array(summary.errors).fill(401));
  });
});
