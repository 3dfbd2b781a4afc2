import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './support/free-port';

const ROOT = join(__dirname, '..');
const FILE_KEY = 'key-from-the-env-file-0001';
const UNKNOWN_SESSION = '/v1/payment-sessions/00000000-0000-7000-8000-000000000000';

/** src/main.ts as `npm start` runs it, but in a folder of its own, so that the `.env` there is the one it finds. */
async function startIn(cwd: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), join(ROOT, 'src/main.ts')], {
    cwd,
    env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), PORT: String(port), LOG_PRETTY: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const deadline = Date.now() + 40_000;
  while (!/listening on port \d+/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, url: `http://127.0.0.1:${port}`, output: () => output };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function statusWith(url: string, key: string): Promise<number> {
  return (await fetch(`${url}${UNKNOWN_SESSION}`, { headers: { Authorization: `Bearer ${key}` } })).status;
}

describe('.env', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'env-file-e2e-'));
    // PORT is set in the process too: the process wins; the merchant key comes from the file alone.
    writeFileSync(join(dir, '.env'), `# the service's own file\nMERCHANT_API_KEYS=file:${FILE_KEY}\nPORT=1\n`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // The file's key is known exactly when the file is read; the development default exactly when it is not.
  it.each([
    ['is read by the service from its working directory, under the variables of the process', 'development', 404, 401],
    ['is not read when NODE_ENV=test, as every test process runs', 'test', 401, 404],
  ])('%s', async (_title, nodeEnv, withFileKey, withDevKey) => {
    const service = await startIn(dir, { NODE_ENV: nodeEnv });
    try {
      expect(await statusWith(service.url, FILE_KEY)).toBe(withFileKey);
      expect(await statusWith(service.url, 'dev-merchant-key')).toBe(withDevKey);
    } finally {
      await stop(service.child);
    }
  });

  it('stops the start with the line of a mistake', async () => {
    writeFileSync(join(dir, '.env'), 'PORT=3000\nLOG_LEVEL debug\n');
    const child = spawn(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), join(ROOT, 'src/main.ts')], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(`${join(dir, '.env')}, line 2: expected NAME=value`);
  });
});
