import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { cpuMs, memoryMiB } from './proc-stats';

export const ROOT = join(__dirname, '..', '..');
const TAIL_CHARS = 8000;

export interface Child {
  name: string;
  pid: number;
  port: number;
  url: string;
  /** Bytes the process wrote to stdout so far (its log, for the service). */
  stdoutBytes(): number;
  cpuMs(): number;
  memoryMiB(): { peak: number; now: number };
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// Whatever happens to the bench, its processes go with it.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130));
}

/**
 * Starts a TypeScript entry point in a process of its own (ts-node, transpile only, as the
 * tests start the service) with exactly the environment given, and resolves once it has
 * printed `listening on port N`. Output is drained and counted; only a tail is kept, for errors.
 */
export async function startProcess(name: string, script: string, env: Record<string, string>, timeoutMs = 60_000): Promise<Child> {
  // BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of each process started into that folder, for the profile behind the figures.
  const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, '-r', 'ts-node/register/transpile-only', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let bytes = 0;
  let tail = '';
  let port = 0;
  const keep = (chunk: string) => {
    tail = (tail + chunk).slice(-TAIL_CHARS);
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    bytes += Buffer.byteLength(chunk);
    if (!port) {
      const match = /listening on port (\d+)/.exec(tail + chunk);
      if (match) port = Number(match[1]);
    }
    keep(chunk);
  });
  child.stderr.setEncoding('utf8').on('data', keep);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  exited.then(() => running.delete(child)).catch(() => undefined);

  const deadline = Date.now() + timeoutMs;
  while (!port) {
    const early = await Promise.race([exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 50))]);
    if (early !== null) throw new Error(`${name} exited (${early}) before listening:\n${tail}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not listen within ${timeoutMs} ms:\n${tail}`);
    }
  }
  const pid = child.pid!;
  return {
    name,
    pid,
    port,
    url: `http://127.0.0.1:${port}`,
    stdoutBytes: () => bytes,
    cpuMs: () => cpuMs(pid),
    memoryMiB: () => memoryMiB(pid),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
