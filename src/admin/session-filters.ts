import { createHash } from 'node:crypto';
import { SESSION_ID_PATTERN } from '../common/ids';
import { parseTimestamp } from '../common/dates';
import { parseAmount } from '../common/money';
import { Outcome, OUTCOMES } from '../payments/payment-outcome';

/** The admin list's filters, parsed: what the SQL is built from and what a cursor is bound to. */
export interface SessionFilters {
  /** Sorted, without duplicates; empty means any outcome. */
  outcomes: Outcome[];
  status?: string;
  state?: string;
  sessionId?: string;
  currency?: string;
  /** Inclusive. */
  createdFrom?: Date;
  /** Exclusive, so that consecutive windows (yesterday, today) never count a session twice. */
  createdTo?: Date;
  amountMinMinor?: number;
  amountMaxMinor?: number;
}

/** The query parameters as they arrive (already format-checked by the DTO). */
export interface SessionFilterQuery {
  outcome?: string;
  status?: string;
  state?: string;
  session_id?: string;
  currency?: string;
  created_from?: string;
  created_to?: string;
  amount_min?: string;
  amount_max?: string;
}

export const STATUS_PATTERN = /^[a-z0-9_-]{1,64}$/;
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
export { parseAmount, parseTimestamp, SESSION_ID_PATTERN };

/** "paid, overpaid" → ['overpaid', 'paid']; null when any item is not an outcome. */
export function parseOutcomes(text: string): Outcome[] | null {
  const items = text.split(',').map((item) => item.trim());
  if (items.some((item) => !(OUTCOMES as readonly string[]).includes(item))) return null;
  return [...new Set(items as Outcome[])].sort();
}

export function filtersFromQuery(query: SessionFilterQuery): SessionFilters {
  const filters: SessionFilters = { outcomes: query.outcome !== undefined ? (parseOutcomes(query.outcome) ?? []) : [] };
  if (query.status !== undefined) filters.status = query.status;
  if (query.state !== undefined) filters.state = query.state;
  if (query.session_id !== undefined) filters.sessionId = query.session_id;
  if (query.currency !== undefined) filters.currency = query.currency;
  if (query.created_from !== undefined) filters.createdFrom = parseTimestamp(query.created_from) ?? undefined;
  if (query.created_to !== undefined) filters.createdTo = parseTimestamp(query.created_to) ?? undefined;
  if (query.amount_min !== undefined) filters.amountMinMinor = parseAmount(query.amount_min) ?? undefined;
  if (query.amount_max !== undefined) filters.amountMaxMinor = parseAmount(query.amount_max) ?? undefined;
  return filters;
}

/**
 * A digest of the parsed filters, carried in every cursor: a page cursor replayed with other
 * filters would silently skip or repeat rows, so it is refused instead. Parsed, not raw, so that
 * "paid,overpaid" and "overpaid,paid" (or 10.5 and 10.50) are the same list.
 */
export function filtersDigest(filters: SessionFilters): string {
  const canonical = JSON.stringify([
    filters.outcomes,
    filters.status ?? null,
    filters.state ?? null,
    filters.sessionId ?? null,
    filters.currency ?? null,
    filters.createdFrom?.getTime() ?? null,
    filters.createdTo?.getTime() ?? null,
    filters.amountMinMinor ?? null,
    filters.amountMaxMinor ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}
