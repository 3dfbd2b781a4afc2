import { Child } from './processes';
import { HttpClient, LoadResult, percentile } from './load';

/** `database_statements_total` samples of a Prometheus text, by kind (the unlabelled sample counts as "all"). */
export function statementCounts(metricsText: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of metricsText.matchAll(/^database_statements_total(?:\{kind="(\w+)"\})? (\d+(?:\.\d+)?(?:e\+\d+)?)$/gm)) {
    counts[match[1] ?? 'all'] = Number(match[2]);
  }
  return counts;
}

export function difference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [kind, value] of Object.entries(after)) {
    const delta = value - (before[kind] ?? 0);
    if (delta) out[kind] = delta;
  }
  return out;
}

export interface Measurement {
  label: string;
  load: LoadResult;
  /** Operations that succeeded (2xx), the ones the per-operation figures are divided by. */
  succeeded: number;
  cpuMs: number;
  statements: Record<string, number> | null;
  peakRssMiB: number;
  logBytes: number;
}

export async function readStatements(client: HttpClient): Promise<Record<string, number> | null> {
  const answer = await client.send('GET', '/metrics');
  if (answer.status !== 200) return null;
  const counts = statementCounts(answer.body);
  return Object.keys(counts).length ? counts : null;
}

/**
 * Runs `work` and measures the process serving it: CPU from /proc (all its threads), SQL
 * statements from its /metrics, peak RSS, bytes logged. The /metrics reads bracket the work, so
 * they add one statement-free request each side.
 */
export async function measure(label: string, target: Child, work: () => Promise<LoadResult>): Promise<Measurement> {
  const metrics = new HttpClient(target.url, 1);
  const statementsBefore = await readStatements(metrics);
  const logBefore = target.stdoutBytes();
  const cpuBefore = target.cpuMs();
  const load = await work();
  const cpuMs = target.cpuMs() - cpuBefore;
  // Log lines of the last answers may still be in the pipe.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const logBytes = target.stdoutBytes() - logBefore;
  const statementsAfter = await readStatements(metrics);
  metrics.close();
  const succeeded = Object.entries(load.statuses)
    .filter(([status]) => /^2\d\d$/.test(status))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    label,
    load,
    succeeded,
    cpuMs,
    statements: statementsBefore && statementsAfter ? difference(statementsAfter, statementsBefore) : null,
    peakRssMiB: target.memoryMiB().peak,
    logBytes,
  };
}

function total(counts: Record<string, number>): number {
  return counts.all ?? Object.values(counts).reduce((sum, n) => sum + n, 0);
}

export function statementsPerOp(m: Measurement): number | null {
  return m.statements && m.succeeded ? total(m.statements) / m.succeeded : null;
}

/** One line per measurement: what the lead compares before and after. */
export function formatMeasurement(m: Measurement, unit: string): string {
  const { load } = m;
  const n = m.succeeded || 1;
  const rate = m.succeeded / load.seconds;
  const perOp = statementsPerOp(m);
  const kinds = m.statements
    ? Object.entries(m.statements)
        .filter(([kind]) => kind !== 'all')
        .map(([kind, count]) => `${kind} ${(count / n).toFixed(1)}`)
        .join(', ')
    : '';
  const failed = load.ops - m.succeeded;
  return [
    `${m.label.padEnd(8)} ${rate.toFixed(1).padStart(7)} ${unit}/s`,
    `p50 ${percentile(load.latencies, 50).toFixed(1)} ms, p99 ${percentile(load.latencies, 99).toFixed(1)} ms`,
    `cpu ${(m.cpuMs / n).toFixed(2)} ms/op`,
    `sql ${perOp === null ? 'n/a' : perOp.toFixed(1)}/op${kinds ? ` (${kinds})` : ''}`,
    `log ${Math.round(m.logBytes / n)} B/op`,
    `peak rss ${m.peakRssMiB.toFixed(0)} MiB`,
    `${m.succeeded} ok${failed ? `, ${failed} not ok ${JSON.stringify(load.statuses)}` : ''} in ${load.seconds.toFixed(1)} s`,
  ].join(' | ');
}
