import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './free-port';

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** Everything the process wrote so far, stdout and stderr interleaved as received. */
  output(): string;
  /** The JSON lines of stdout (other lines are skipped). */
  jsonLines(): Array<Record<string, any>>;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

const ROOT = join(__dirname, '..', '..');

/**
 * The real service as production starts it (src/main.ts, its own process, its own stdout), on
 * a free port. The environment is built from scratch so nothing of the test runner's leaks in,
 * DATABASE_URL least of all: it decides the column types at import time.
 */
export async function startServiceProcess(env: Record<string, string>, timeoutMs = 40_000): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let all = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    all += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    all += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const service: ServiceProcess = {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => all,
    jsonLines: () =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, any>),
    exited,
  };

  const deadline = Date.now() + timeoutMs;
  while (!/listening on port \d+/.test(stdout)) {
    const early = await Promise.race([exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 50))]);
    if (early) throw new Error(`the service exited (${early.code ?? early.signal}) before listening:\n${all}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service did not listen within ${timeoutMs} ms:\n${all}`);
    }
  }
  return service;
}
