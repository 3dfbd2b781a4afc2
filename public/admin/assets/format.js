import { h } from './dom.js';
// outcomes.js is written by the server from src/payments/payment-outcome.ts, so the page cannot fall behind its list.
import { OUTCOME_LABELS } from './outcomes.js';

export { OUTCOMES, TERMINAL_OUTCOMES } from './outcomes.js';

/** An outcome the page does not know yet still shows, by its name. */
export function outcomeLabel(outcome) {
  if (!outcome) return '—';
  return OUTCOME_LABELS[outcome] ?? outcome.replace(/_/g, ' ');
}

export function outcomeBadge(outcome) {
  return h('span', { class: `badge outcome-${/^[a-z_]+$/.test(outcome ?? '') ? outcome : 'unknown'}` }, outcomeLabel(outcome));
}

const RUN_LABELS = {
  running: 'Running',
  finished: 'Finished',
  interrupted: 'Interrupted',
  failed: 'Failed',
  abandoned: 'Abandoned',
  finished_with_errors: 'Finished with errors',
};

export function runStatusBadge(status) {
  return h('span', { class: `badge run-${/^[a-z_]+$/.test(status ?? '') ? status : 'unknown'}` }, RUN_LABELS[status] ?? status ?? '—');
}

/** Amounts arrive as exact decimal strings; Intl formats the string itself, so no float ever rounds them. */
export function formatMoney(amount, currency, locale) {
  if (amount === null || amount === undefined || amount === '') return '—';
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency ?? ''}`.trim();
  }
}

export function formatCount(n, locale) {
  return new Intl.NumberFormat(locale).format(n);
}

/** "2026-11-24 10:00:00 UTC": what the hover shows. */
export function utcText(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function localText(iso, locale) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

/** A date in the viewer's time zone, the UTC instant on hover and in the datetime attribute. */
export function timeEl(iso) {
  if (!iso) return '—';
  return h('time', { datetime: iso, title: utcText(iso) }, localText(iso));
}

export function formatDuration(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

const SOURCES = { api: 'API', webhook: 'Webhook', reconciliation: 'Reconciliation', admin: 'Admin' };
const TRIGGERS = { api: 'API', schedule: 'Schedule', cli: 'Command line' };

export function sourceLabel(source) {
  return SOURCES[source] ?? humanize(source);
}

export function triggerLabel(trigger) {
  return TRIGGERS[trigger] ?? humanize(trigger);
}

/** A run's discrepancies by kind, or that it found none. */
export function discrepancyChips(run) {
  return run.discrepancy_count
    ? Object.entries(run.discrepancy_kinds ?? {}).map(([kind, n]) => h('span', { class: 'chip warn' }, `${humanize(kind)} ${n}`))
    : h('span', { class: 'muted' }, 'none');
}

/** What a change did to a session's outcome: before → after, either side possibly unknown. */
export function outcomeChange(before, after) {
  return [before ? outcomeBadge(before) : '—', ' → ', after ? outcomeBadge(after) : '—'];
}

export function humanize(text) {
  return text ? String(text).replace(/_/g, ' ') : '—';
}
