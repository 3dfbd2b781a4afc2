import { api } from './api.js';

/**
 * Starts a reconciliation run and waits for its end. The admin API may answer the finished run
 * (201) or, for runs too long for one request, the running one (202 + Location) to be followed.
 */
export async function startRun(scope, { onProgress, alive = () => true, intervalMs = 1000, timeoutMs = 10 * 60_000 } = {}) {
  const { data, location } = await api.post('/v1/admin/reconciliation-runs', scope);
  let run = data;
  const url =
    location && location.startsWith('/v1/admin/reconciliation-runs/') ? location : `/v1/admin/reconciliation-runs/${encodeURIComponent(run.id)}`;
  const deadline = Date.now() + timeoutMs;
  while (run.status === 'running' && alive() && Date.now() < deadline) {
    onProgress?.(run);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    run = await api.get(url);
  }
  return run;
}

export function runSummaryText(run) {
  const parts = [
    `${run.checked} checked`,
    `${run.changed} changed`,
    `${run.unchanged} unchanged`,
    `${run.errors} in error`,
    `${run.discrepancy_count} discrepanc${run.discrepancy_count === 1 ? 'y' : 'ies'}`,
  ];
  return parts.join(', ');
}
