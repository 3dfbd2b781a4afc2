// The sessions list's filters, exactly the admin API's query parameters, kept in the page's URL
// so that a view can be shared. Dates are picked as days in the viewer's time zone and sent as
// that day's local midnight with its offset, so a shared link means the same instants everywhere.

export const FILTER_NAMES = ['outcome', 'status', 'state', 'session_id', 'currency', 'created_from', 'created_to', 'amount_min', 'amount_max'];
export const PAGE_SIZES = ['25', '50', '100', '200'];

/** The filters present (non-empty) in a query string. */
export function filtersFromSearch(search) {
  const params = new URLSearchParams(search);
  const filters = {};
  for (const name of FILTER_NAMES) {
    const value = params.get(name)?.trim();
    if (value) filters[name] = value;
  }
  return filters;
}

/** The query string of filters (plus paging), in a stable order so that equal views have equal URLs. */
export function searchFromFilters(filters, extra = {}) {
  const params = new URLSearchParams();
  for (const name of [...FILTER_NAMES, 'limit', 'cursor']) {
    const value = name in extra ? extra[name] : filters[name];
    if (value !== undefined && value !== null && String(value).trim() !== '') params.set(name, String(value).trim());
  }
  return params.toString();
}

function pad(n) {
  return String(n).padStart(2, '0');
}

/** 2026-11-24T00:00:00+01:00: the instant with the offset the viewer's time zone has at that instant. */
export function isoWithOffset(date) {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

function localDate(day) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
}

/** The local midnight starting `day` (YYYY-MM-DD), or null. */
export function startOfLocalDay(day) {
  const date = localDate(day);
  return date ? isoWithOffset(date) : null;
}

/** The local midnight after `day`: an inclusive last day becomes the API's exclusive created_to. */
export function endOfLocalDay(day) {
  const date = localDate(day);
  if (!date) return null;
  date.setDate(date.getDate() + 1);
  return isoWithOffset(date);
}

function dayOf(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The local day a created_from instant falls on, for a date input. */
export function dayFromStart(iso) {
  const date = new Date(iso ?? '');
  return Number.isNaN(date.getTime()) ? '' : dayOf(date);
}

/** The last local day before an exclusive created_to instant. */
export function dayFromEnd(iso) {
  const date = new Date(iso ?? '');
  return Number.isNaN(date.getTime()) ? '' : dayOf(new Date(date.getTime() - 1));
}

/** The viewer's midnight today and six days before: the overview's "today" and "last 7 days". */
export function overviewBoundaries(now = new Date()) {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const week = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 6);
  return { todayFrom: isoWithOffset(today), weekFrom: isoWithOffset(week) };
}

/** A `next` target after login: only pages of the console itself. */
export function safeNext(next) {
  return typeof next === 'string' && /^\/admin(?:[/?#]|$)/.test(next) && !next.startsWith('//') && !next.includes('\\') ? next : '/admin';
}
