import { numberArgs } from './bench/args';
import { HttpClient } from './bench/load';
import { formatMeasurement, measure } from './bench/measure';
import { copyOpenSessions } from './bench/open-sessions';
import { ADMIN_KEY, createOneSession, describeStack, startStack } from './bench/stack';

/**
 * npm run bench:reconcile -- [--sessions 10000] [--timeout 1800]
 *
 * N open sessions due for reconciliation (copied from one the service created, each with a
 * Fintecture session id of its own) on a fresh database, then one pass through
 * POST /v1/admin/reconciliation-runs (due scope), followed until the pass has ended. The fake answers
 * every GET at once with FAKE_PAYMENT_STATUS (provider_required: nothing changes, the common
 * case; payment_created: every session becomes paid). Prints sessions/s, CPU ms, SQL statements
 * per session and peak RSS of the service, and the run's own counts.
 */
async function main(): Promise<void> {
  const args = numberArgs(process.argv.slice(2), { sessions: 10_000, timeout: 1800 });
  const paymentStatus = process.env.FAKE_PAYMENT_STATUS || 'provider_required';
  const stack = await startStack({ paymentStatus });
  try {
    console.log(`bench:reconcile: ${describeStack(stack, `${args.sessions} due sessions, Fintecture answers ${paymentStatus}`)}`);
    const template = await createOneSession(stack.service, 'bench-template');
    const copied = await copyOpenSessions(stack.database, template.id, args.sessions);
    const client = new HttpClient(stack.service.url, 1);
    let run: Record<string, unknown> = {};
    const m = await measure('service', stack.service, async () => {
      const started = performance.now();
      const auth = { Authorization: `Bearer ${ADMIN_KEY}` };
      const body = JSON.stringify({ scope: 'due' });
      const answer = await client.send(
        'POST',
        '/v1/admin/reconciliation-runs',
        { ...auth, 'Content-Type': 'application/json' },
        body,
        args.timeout * 1000,
      );
      if (answer.status !== 202) throw new Error(`the pass was not run (${answer.status}): ${answer.body.slice(0, 500)}`);
      run = JSON.parse(answer.body) as Record<string, unknown>;
      // The pass runs in the background: followed on its Location until it has ended.
      const deadline = Date.now() + args.timeout * 1000;
      while (run.status === 'running' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        run = JSON.parse((await client.send('GET', `/v1/admin/reconciliation-runs/${String(run.id)}`, auth)).body) as Record<string, unknown>;
      }
      const seconds = (performance.now() - started) / 1000;
      const checked = Number(run.checked ?? 0);
      // One "operation" per session checked, so that the per-operation figures are per session.
      return { ops: checked, seconds, latencies: [seconds * 1000], statuses: { '200': checked } };
    });
    client.close();
    console.log(formatMeasurement(m, 'sessions').replace(/p50 [^|]+\| /, ''));
    const { status, checked, changed, unchanged, errors, discrepancy_count, discrepancy_kinds, duration_ms } = run;
    console.log(
      `run: ${String(status)} in ${String(duration_ms)} ms, ${String(checked)} checked of ${copied.length} due, ${String(changed)} changed, ` +
        `${String(unchanged)} unchanged, ${String(errors)} errors, ${String(discrepancy_count)} discrepancies ${JSON.stringify(discrepancy_kinds)}`,
    );
    console.log(
      `fake Fintecture asked: ${(await new HttpClient(stack.fake.url, 1).send('GET', '/_fake/counts')).body.replace(/,"getsBySession":\{.*\}\}$/, '}')}`,
    );
  } finally {
    await stack.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
