import { createHash } from 'node:crypto';
import { SESSION_ID_PATTERN } from '../common/ids';
import { toMinorUnits } from '../common/money';
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
export { SESSION_ID_PATTERN };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Strict ISO 8601: a calendar date (midnight UTC) or a date-time with an explicit offset. A
 * date-time without offset is refused because whose midnight it means is a guess. Fractions
 * finer than a millisecond round up: stored times are whole milliseconds, so for `>= from` and
 * `< to` alike rounding up keeps exactly the rows the caller asked for.
 */
export function parseTimestamp(text: string): Date | null {
  let match = DATE_ONLY.exec(text);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    return validDay(year, month, day) ? utc(year, month, day, 0, 0, 0, 0) : null;
  }
  match = DATE_TIME.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(match![i]));
  const second = Number(match[6] ?? 0);
  const fraction = match[7] ?? '';
  if (!validDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (match[8] !== 'Z') {
    const [offsetHours, offsetMins] = [Number(match[10]), Number(match[11])];
    if (offsetHours > 23 || offsetMins > 59) return null;
    offsetMinutes = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  let millis = Number(fraction.slice(0, 3).padEnd(3, '0'));
  if (/[1-9]/.test(fraction.slice(3))) millis += 1;
  const date = utc(year, month, day, hour, minute, second, millis);
  date.setTime(date.getTime() - offsetMinutes * 60_000);
  // An offset can push an edge date outside the four-digit years both engines compare correctly.
  const y = date.getUTCFullYear();
  return y >= 1 && y <= 9999 ? date : null;
}

function validDay(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): Date {
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

/** Minor units of a non-negative decimal amount ("10.5" → 1050), or null. */
export function parseAmount(text: string): number | null {
  try {
    return toMinorUnits(text);
  } catch {
    return null;
  }
}

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
