import { numberArgs } from './bench/args';
import { HttpClient, LoadResult, runLoad } from './bench/load';
import { formatMeasurement, Measurement, measure, statementsPerOp } from './bench/measure';
import { Child, startProcess } from './bench/processes';
import { createRequest, describeStack, MERCHANT_KEY, startStack } from './bench/stack';

/**
 * npm run bench:create -- [--concurrency 16] [--duration 10] [--rounds 2] [--warmup 3]
 *
 * POST /v1/payment-sessions against the service in its own process, on a fresh database
 * (PostgreSQL when DATABASE_URL is set, SQLite otherwise), with a fake Fintecture that answers
 * at once in a third process; and, alternating with it in the same run (floor, service, floor,
 * service…), the floor: the unavoidable work written plainly (scripts/bench/floor-server.ts),
 * on the same database and fake. Prints creates/s, p50/p99, CPU ms per create of the serving
 * process, SQL statements per create, log bytes per create, peak RSS, and the ratios.
 */
async function main(): Promise<void> {
  const args = numberArgs(process.argv.slice(2), { concurrency: 16, duration: 10, rounds: 2, warmup: 3 });
  const stack = await startStack();
  let floor: Child | undefined;
  try {
    floor = await startProcess('floor', 'scripts/bench/floor-server.ts', {
      PORT: '0',
      ...stack.database.env,
      FINTECTURE_API_URL: stack.fake.url,
      FINTECTURE_APP_ID: stack.credentials.appId,
      FINTECTURE_APP_SECRET: stack.credentials.appSecret,
      FINTECTURE_PRIVATE_KEY: stack.credentials.privateKeyPem,
      MERCHANT_KEY,
    });
    console.log(`bench:create: ${describeStack(stack, `concurrency ${args.concurrency}, ${args.rounds} × ${args.duration} s each`)}`);
    const targets = [
      { label: 'floor', child: floor },
      { label: 'service', child: stack.service },
    ];
    let run = 0;
    const load = (target: Child, tag: string, durationMs: number): Promise<LoadResult> => {
      const client = new HttpClient(target.url, args.concurrency);
      return runLoad({
        concurrency: args.concurrency,
        durationMs,
        operation: async (i) => {
          const request = createRequest(tag, i);
          const answer = await client.send('POST', request.path, request.headers, request.body);
          if (answer.status !== 201) reportOnce(`${target.name} answered ${answer.status}: ${answer.body.slice(0, 500)}`);
          return answer.status;
        },
      }).finally(() => client.close());
    };
    for (const target of targets) await load(target.child, `warm-${target.label}`, args.warmup * 1000);

    const results: Record<string, Measurement[]> = { floor: [], service: [] };
    for (let round = 1; round <= args.rounds; round += 1) {
      for (const target of targets) {
        run += 1;
        const m = await measure(`${target.label}`, target.child, () => load(target.child, `run${run}-${target.label}`, args.duration * 1000));
        results[target.label].push(m);
        console.log(`round ${round} ${formatMeasurement(m, 'creates')} | rss now ${target.child.memoryMiB().now.toFixed(0)} MiB`);
      }
    }
    printSummary(results.service, results.floor);
  } finally {
    await floor?.stop();
    await stack.close();
  }
}

const reported = new Set<string>();
/** The first refusal of each kind, so that a bench that measures errors says so at once. */
function reportOnce(line: string): void {
  const key = line.slice(0, 40);
  if (reported.has(key)) return;
  reported.add(key);
  console.log(line);
}

function totals(ms: Measurement[]) {
  const ok = ms.reduce((sum, m) => sum + m.succeeded, 0);
  const seconds = ms.reduce((sum, m) => sum + m.load.seconds, 0);
  const cpu = ms.reduce((sum, m) => sum + m.cpuMs, 0);
  const statements = ms.map(statementsPerOp).filter((n): n is number => n !== null);
  return {
    rate: ok / seconds,
    cpuPerOp: cpu / Math.max(ok, 1),
    statements: statements.length ? statements.reduce((a, b) => a + b) / statements.length : NaN,
  };
}

function printSummary(service: Measurement[], floor: Measurement[]): void {
  const s = totals(service);
  const f = totals(floor);
  console.log(
    `summary: service ${s.rate.toFixed(1)} creates/s at ${s.cpuPerOp.toFixed(2)} ms CPU and ${s.statements.toFixed(1)} statements each; ` +
      `floor ${f.rate.toFixed(1)} creates/s at ${f.cpuPerOp.toFixed(2)} ms CPU and ${f.statements.toFixed(1)} statements each`,
  );
  console.log(`ratio service / floor: throughput ${(s.rate / f.rate).toFixed(2)}, CPU per create ${(s.cpuPerOp / f.cpuPerOp).toFixed(2)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
