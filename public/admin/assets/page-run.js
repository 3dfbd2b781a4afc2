import { api } from './api.js';
import { h, replace, tableWrap } from './dom.js';
import { formatCount, formatDuration, humanize, triggerLabel, outcomeBadge, runStatusBadge, timeEl } from './format.js';
import { problemBox } from './problem.js';

function discrepancies(run) {
  const list = run.discrepancies ?? [];
  if (!list.length) return h('p', { class: 'empty' }, 'No discrepancy found.');
  const table = h(
    'table',
    null,
    h('caption', { class: 'visually-hidden' }, 'Discrepancies'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ['Kind', 'Session', 'Outcome', 'Status', 'What', 'When'].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      null,
      list.map((d) =>
        h(
          'tr',
          null,
          h('td', null, h('span', { class: 'chip warn' }, humanize(d.kind))),
          h(
            'td',
            { class: 'wrap' },
            h('a', { href: `/admin/sessions/${encodeURIComponent(d.payment_session_id)}` }, d.state || d.payment_session_id),
          ),
          h('td', null, d.outcome_before ? outcomeBadge(d.outcome_before) : '—', ' → ', d.outcome_after ? outcomeBadge(d.outcome_after) : '—'),
          h('td', null, [d.status, d.transfer_state].filter(Boolean).join(' / ') || '—'),
          h('td', { class: 'wrap' }, d.message),
          h('td', null, timeEl(d.at)),
        ),
      ),
    ),
  );
  const more =
    run.discrepancy_count > list.length ? h('p', { class: 'muted' }, `Showing ${list.length} of ${formatCount(run.discrepancy_count)}.`) : null;
  return [tableWrap('Discrepancies', table), more];
}

function errorSamples(run) {
  const list = run.error_samples ?? [];
  if (!list.length) return null;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'errors-title' },
    h('h2', { id: 'errors-title' }, 'Checks in error'),
    tableWrap(
      'Checks in error',
      h(
        'table',
        null,
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['Session', 'Kind', 'HTTP', 'Message', 'When'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          null,
          list.map((e) =>
            h(
              'tr',
              null,
              h(
                'td',
                null,
                h(
                  'a',
                  { href: `/admin/sessions/${encodeURIComponent(e.payment_session_id)}` },
                  h('code', null, e.session_id ?? e.payment_session_id),
                ),
              ),
              h('td', null, humanize(e.kind)),
              h('td', null, e.http_status ?? '—'),
              h('td', { class: 'wrap' }, e.message),
              h('td', null, timeEl(e.at)),
            ),
          ),
        ),
      ),
    ),
  );
}

export async function runPage(ctx) {
  const [id] = ctx.params;
  document.title = 'Reconciliation run · Payments admin';
  const content = h('div', null, h('div', { class: 'card' }, h('div', { class: 'skeleton block tall' })));
  replace(
    ctx.main,
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, 'Reconciliation run'), h('a', { href: '/admin/reconciliation' }, '← All runs')),
    content,
  );
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
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'summary-title' },
        h('h2', { id: 'summary-title' }, 'Summary'),
        h(
          'dl',
          { class: 'fields' },
          facts.map(([t, v]) => h('div', null, h('dt', null, t), h('dd', null, v))),
        ),
      ),
      h('section', { class: 'card', 'aria-labelledby': 'disc-title' }, h('h2', { id: 'disc-title' }, 'Discrepancies'), discrepancies(run)),
      errorSamples(run),
    );
    if (run.status !== 'running') return;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    if (!ctx.alive()) return;
  }
}
