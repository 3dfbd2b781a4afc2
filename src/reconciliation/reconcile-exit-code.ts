import type { RunSummary } from './run-tally';

/**
 * The exit code of `npm run reconcile`. 0: the pass finished and every session it asked about
 * got an answer, discrepancies or not (they are findings, recorded with the run, not failures of
 * the command). 1: the pass failed or was interrupted, or some checks ended in error (Fintecture
 * 429/5xx/timeouts): those sessions stay due for the next pass, but cron and alerting should know.
 * A pass that could not start at all (configuration, database) also exits 1.
 */
export function exitCodeFor(summary: Pick<RunSummary, 'status' | 'errors'>): 0 | 1 {
  return summary.status === 'finished' && summary.errors === 0 ? 0 : 1;
}
