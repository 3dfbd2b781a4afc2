/**
 * The one date parser: calendar dates (YYYY-MM-DD) and ISO 8601 date-times with an explicit offset.
 * Regular expressions alone accept 2026-02-30 and Date.parse accepts far too much ("2026-1-2",
 * local times, a bare number), so both are checked field by field here.
 */

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** YYYY-MM-DD naming a day that exists, years 0001 to 9999; null otherwise. */
export function parseCalendarDate(text: string): CalendarDate | null {
  const match = DATE_ONLY.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isExistingDay(year, month, day) ? { year, month, day } : null;
}

export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && parseCalendarDate(value) !== null;
}

/**
 * Strict ISO 8601: a calendar date (midnight UTC) or a date-time with an explicit offset. A
 * date-time without offset is refused because whose midnight it means is a guess. Fractions
 * finer than a millisecond round up: stored times are whole milliseconds, so for `>= from` and
 * `< to` alike rounding up keeps exactly the rows the caller asked for.
 */
export function parseTimestamp(text: string): Date | null {
  const date = parseCalendarDate(text);
  if (date) return utc(date.year, date.month, date.day, 0, 0, 0, 0);
  const match = DATE_TIME.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(match[i]));
  const second = Number(match[6] ?? 0);
  const fraction = match[7] ?? '';
  if (!isExistingDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (match[8] !== 'Z') {
    const [offsetHours, offsetMins] = [Number(match[10]), Number(match[11])];
    if (offsetHours > 23 || offsetMins > 59) return null;
    offsetMinutes = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  let millis = Number(fraction.slice(0, 3).padEnd(3, '0'));
  if (/[1-9]/.test(fraction.slice(3))) millis += 1;
  const result = utc(year, month, day, hour, minute, second, millis);
  result.setTime(result.getTime() - offsetMinutes * 60_000);
  // An offset can push an edge date outside the four-digit years both database engines compare correctly.
  const y = result.getUTCFullYear();
  return y >= 1 && y <= 9999 ? result : null;
}

function isExistingDay(year: number, month: number, day: number): boolean {
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
