import { RunStatus } from './reconciliation-run.entity';

/** How a pass ended, as the pass saw it. */
export interface PassEnd {
  /** Why the pass itself could not go on (an error outside any one check), or null. */
  crash: string | null;
  /** Why it stopped before the end (shutdown, Fintecture or the database failing in a row), or null. */
  stopReason: string | null;
  checked: number;
  errors: number;
  errorKinds: Record<string, number>;
}

const MAX_ERROR_TEXT = 2000;

/**
 * The run's status and error text. A run that went through its sessions but had checks in
 * error is finished_with_errors, never plain finished: whoever reads the run, the exit code or
 * the metrics must see that some sessions were not checked (they are due again at the next
 * pass). Stopping early and failing keep their statuses, with the errors said as well.
 */
export function endOfRun(end: PassEnd): { status: Exclude<RunStatus, 'running' | 'abandoned'>; error: string | null } {
  const errorsText = end.errors > 0 ? checksInError(end) : null;
  const join = (...parts: Array<string | null>) => parts.filter(Boolean).join('; ').slice(0, MAX_ERROR_TEXT);
  if (end.crash !== null) return { status: 'failed', error: join(`the pass failed: ${end.crash}`, errorsText) };
  if (end.stopReason !== null) return { status: 'interrupted', error: join(end.stopReason, errorsText) };
  if (errorsText) return { status: 'finished_with_errors', error: errorsText };
  return { status: 'finished', error: null };
}

/** "3 of 40 checks ended in error (timeout 2, database_unavailable 1); …", most frequent kind first. */
export function checksInError(end: Pick<PassEnd, 'checked' | 'errors' | 'errorKinds'>): string {
  const kinds = Object.entries(end.errorKinds)
    .filter(([, n]) => n > 0)
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
    .map(([kind, n]) => `${kind} ${n}`);
  const by = kinds.length ? ` (${kinds.join(', ')})` : '';
  return `${end.errors} of ${end.checked} checks ended in error${by}; those sessions are due again at the next pass`;
}

/** Why a run was closed as abandoned, for its error field. */
export function abandonedText(run: { instance: string; lastSign: Date }, closedBy: string, at: Date): string {
  return (
    `no heartbeat from ${run.instance} since ${run.lastSign.toISOString()}: its process is gone; ` +
    `closed as abandoned by ${closedBy} at ${at.toISOString()}, its sessions freed for the next pass`
  ).slice(0, MAX_ERROR_TEXT);
}
