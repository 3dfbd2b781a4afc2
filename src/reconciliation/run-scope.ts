import { parseTimestamp } from '../common/dates';
import { SessionSelection } from '../payments/persistence/payment-sessions.repository';
import { RunFilters, RunScope } from './reconciliation-run.entity';

/** What a pass is asked to cover: a scope, narrowed by filters (validated before they get here). */
export interface RunRequest {
  scope: RunScope;
  filters: RunFilters | null;
}

/** The schedule's and the command line's pass: the sessions due when it starts. */
export const DUE_SESSIONS: RunRequest = { scope: 'due', filters: null };

/** The sessions a pass started at `startedAt` looks at. */
export function selectionFor(request: RunRequest, startedAt: Date): SessionSelection {
  const filters = request.filters;
  return {
    scope: request.scope,
    // Only sessions due when the pass started: one that errs now is due again, but for the next pass.
    dueBy: startedAt,
    createdFrom: filters?.created_from ? parseTimestamp(filters.created_from) : null,
    createdTo: filters?.created_to ? parseTimestamp(filters.created_to) : null,
    ids: filters?.session_ids ?? null,
  };
}

/** Filters as stored: null when the admin gave none. */
export function runFilters(given: { created_from?: string; created_to?: string; session_ids?: string[] }): RunFilters | null {
  const filters: RunFilters = {
    created_from: given.created_from ?? null,
    created_to: given.created_to ?? null,
    session_ids: given.session_ids ? [...new Set(given.session_ids)] : null,
  };
  return filters.created_from || filters.created_to || filters.session_ids ? filters : null;
}
