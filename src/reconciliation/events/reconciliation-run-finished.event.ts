import type { RunSummary } from '../run-tally';

/** A reconciliation pass ended, whatever its status; its summary is already stored. */
export class ReconciliationRunFinishedEvent {
  static readonly NAME = 'reconciliation.run-finished';

  constructor(readonly summary: RunSummary) {}
}
