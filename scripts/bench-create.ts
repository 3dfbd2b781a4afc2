import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../src/app.module';
import { configureApp, listen } from '../src/app.setup';
import { loadConfiguration } from '../src/config/configuration';
import { IMMEDIATE_TRANSFER_EXAMPLE } from '../src/payments/dto/payment-session.examples';

/**
 * The create path end to end, in one process: POST /v1/payment-sessions → validation → signing →
 * the built-in emulator over loopback (which verifies the signature) → the database. Prints
 * throughput, latency percentiles and memory. `npm run bench:create -- --count 2000 --concurrency 16`.
 * The emulator shares the process and its two cores, so the figures are a floor, not Fintecture's.
 */
function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

function post(port: number, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent: false,
        headers: { Authorization: 'Bearer bench-merchant-key-01', 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const count = arg('count', 2000);
  const concurrency = arg('concurrency', 16);
  const dir = mkdtempSync(join(tmpdir(), 'bench-create-'));
  const config = loadConfiguration({
    ...process.env,
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_PATH: process.env.DATABASE_PATH ?? join(dir, 'bench.sqlite'),
    MERCHANT_API_KEYS: 'bench:bench-merchant-key-01',
    ADMIN_API_KEYS: 'ops:bench-admin-key-0001',
    RECONCILIATION_INTERVAL_SECONDS: '0',
    RATE_LIMIT_PER_MINUTE: '1000000',
    EMULATOR_WEBHOOK_ATTEMPTS: '1',
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), { rawBody: true, logger: false });
  configureApp(app, config);
  const port = await listen(app, config, { ...process.env, FINTECTURE_API_URL: undefined });
  const body = JSON.stringify(IMMEDIATE_TRANSFER_EXAMPLE.body);

  for (let i = 0; i < 50; i += 1) await post(port, `/v1/payment-sessions?state=warm-${i}`, body);

  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        const status = await post(port, `/v1/payment-sessions?state=bench-${i}`, body);
        latencies.push(performance.now() - t0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // CPU time per create is steadier than wall time on a shared machine.
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  const memory = process.memoryUsage();
  console.log(`engine: ${config.database.type}, ${count} creates, concurrency ${concurrency}`);
  console.log(`statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
  console.log(`throughput: ${(count / seconds).toFixed(1)} creates/s`);
  console.log(`cpu per create (service + emulator): ${((cpu.user + cpu.system) / 1000 / count).toFixed(2)} ms`);
  console.log(
    `latency ms: p50 ${percentile(latencies, 50).toFixed(1)}, p95 ${percentile(latencies, 95).toFixed(1)}, p99 ${percentile(latencies, 99).toFixed(1)}, max ${latencies[latencies.length - 1].toFixed(1)}`,
  );
  console.log(`memory MiB: rss ${(memory.rss / 2 ** 20).toFixed(0)}, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)}`);
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
