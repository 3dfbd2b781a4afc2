import { api } from './api.js';
import { cardSection, fieldList, h, pageHead, replace, tableWrap } from './dom.js';
import { formatCount, formatDuration, humanize, triggerLabel, outcomeChange, runStatusBadge, timeEl } from './format.js';
import { problemBox } from './problem.js';
import { dataTable, listTable, tableBody } from './table.js';

function sessionLink(item, text) {
  return h('a', { href: `/admin/sessions/${encodeURIComponent(item.payment_session_id)}` }, text);
}

function discrepancies(run) {
  const list = run.discrepancies ?? [];
  if (!list.length) return h('p', { class: 'empty' }, 'No discrepancy found.');
  const row = (d) =>
    h(
      'tr',
      null,
      h('td', null, h('span', { class: 'chip warn' }, humanize(d.kind))),
      h('td', { class: 'wrap' }, sessionLink(d, d.state || d.payment_session_id)),
      h('td', null, outcomeChange(d.outcome_before, d.outcome_after)),
      h('td', null, [d.status, d.transfer_state].filter(Boolean).join(' / ') || '—'),
      h('td', { class: 'wrap' }, d.message),
      h('td', null, timeEl(d.at)),
    );
  const table = listTable({ caption: 'Discrepancies', columns: ['Kind', 'Session', 'Outcome', 'Status', 'What', 'When'], row }, list);
  const more =
    run.discrepancy_count > list.length ? h('p', { class: 'muted' }, `Showing ${list.length} of ${formatCount(run.discrepancy_count)}.`) : null;
  return [table, more];
}

function errorSamples(run) {
  const list = run.error_samples ?? [];
  if (!list.length) return null;
  const row = (e) =>
    h(
      'tr',
      null,
      h('td', null, sessionLink(e, h('code', null, e.session_id ?? e.payment_session_id))),
      h('td', null, humanize(e.kind)),
      h('td', null, e.http_status ?? '—'),
      h('td', { class: 'wrap' }, e.message),
      h('td', null, timeEl(e.at)),
    );
  const columns = ['Session', 'Kind', 'HTTP', 'Message', 'When'];
  return cardSection(
    { title: 'Checks in error', id: 'errors-title' },
    tableWrap('Checks in error', dataTable({ columns }, tableBody(list, { columns: columns.length, row }))),
  );
}

export async function runPage(ctx) {
  const [id] = ctx.params;
  document.title = 'Reconciliation run · Payments admin';
  const content = h('div', null, h('div', { class: 'card' }, h('div', { class: 'skeleton block tall' })));
  replace(ctx.main, pageHead('Reconciliation run', h('a', { href: '/admin/reconciliation' }, '← All runs')), content);
  for (;;) {
    let run;
    try {
      run = await api.get(`/v1/admin/reconciliation-runs/${encodeURIComponent(id)}`);
    } catch (error) {
      if (ctx.alive()) replace(content, problemBox(error, { title: error.status === 404 ? 'No such run' : undefined }));
      return;
    }
    if (!ctx.alive()) return;
    const facts = [
      ['Status', runStatusBadge(run.status)],
      ['Trigger', triggerLabel(run.trigger)],
      ['Started', timeEl(run.started_at)],
      ['Finished', timeEl(run.finished_at)],
      ['Duration', formatDuration(run.duration_ms)],
      ['Checked', formatCount(run.checked)],
      ['Changed', formatCount(run.changed)],
      ['Unchanged', formatCount(run.unchanged)],
      ['In error', formatCount(run.errors)],
      ['Discrepancies', formatCount(run.discrepancy_count)],
      ['Instance', run.instance ?? '—'],
    ];
    replace(
      content,
      run.error ? h('p', { class: 'warning', role: 'status' }, run.error) : null,
      cardSection({ title: 'Summary', id: 'summary-title' }, fieldList(facts)),
      cardSection({ title: 'Discrepancies', id: 'disc-title' }, discrepancies(run)),
      errorSamples(run),
    );
    if (run.status !== 'running') return;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    if (!ctx.alive()) return;
  }
}
