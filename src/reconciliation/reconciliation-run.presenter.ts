import { RunSummary } from './run-tally';

/** A run as the admin API and the command line show it: snake_case, ISO dates. */
export function presentRun(summary: RunSummary, withDetails = true) {
  const base = {
    id: summary.id,
    trigger: summary.trigger,
    status: summary.status,
    scope: summary.scope,
    filters: summary.filters,
    instance: summary.instance,
    started_at: summary.startedAt.toISOString(),
    finished_at: summary.finishedAt ? summary.finishedAt.toISOString() : null,
    heartbeat_at: summary.heartbeatAt ? summary.heartbeatAt.toISOString() : null,
    duration_ms: summary.durationMs,
    checked: summary.checked,
    changed: summary.changed,
    unchanged: summary.unchanged,
    errors: summary.errors,
    discrepancy_count: summary.discrepancyCount,
    discrepancy_kinds: summary.discrepancyKinds,
    error_kinds: summary.errorKinds,
    error: summary.error,
  };
  if (!withDetails) return base;
  return { ...base, discrepancies: summary.discrepancies, error_samples: summary.errorSamples };
}

export type ReconciliationRunResource = ReturnType<typeof presentRun>;
