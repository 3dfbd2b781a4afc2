import { api } from './api.js';
import { cardSection, h, pageHead, replace, skeletonRows, tableWrap } from './dom.js';
import { endOfLocalDay, startOfLocalDay } from './filters.js';
import { discrepancyChips, formatCount, formatDuration, triggerLabel, runStatusBadge, timeEl } from './format.js';
import { problemBox } from './problem.js';
import { runSummaryText, startRun } from './run-poll.js';
import { dataTable, emptyRow, numeric } from './table.js';

const COLUMNS = ['Started', 'Trigger', 'Status', numeric('Checked'), numeric('Changed'), numeric('Errors'), 'Discrepancies', numeric('Duration')];

function runRow(run) {
  return h(
    'tr',
    { 'data-id': run.id },
    h('td', null, h('a', { href: `/admin/reconciliation/${encodeURIComponent(run.id)}` }, timeEl(run.started_at))),
    h('td', null, triggerLabel(run.trigger)),
    h('td', null, runStatusBadge(run.status)),
    h('td', { class: 'num' }, formatCount(run.checked)),
    h('td', { class: 'num' }, formatCount(run.changed)),
    h('td', { class: 'num' }, formatCount(run.errors)),
    h('td', null, discrepancyChips(run)),
    h('td', { class: 'num' }, formatDuration(run.duration_ms)),
  );
}

function runForm(ctx, onDone) {
  const feedback = h('div', { class: 'feedback' });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Run now');
  const form = h(
    'form',
    { class: 'card run-form', 'aria-labelledby': 'run-title' },
    h('h2', { id: 'run-title' }, 'Run a reconciliation now'),
    h(
      'fieldset',
      { class: 'field' },
      h('legend', null, 'Which sessions'),
      h('label', { class: 'check' }, h('input', { type: 'radio', name: 'scope', value: 'open', checked: true }), 'Every open session (not final)'),
      h('label', { class: 'check' }, h('input', { type: 'radio', name: 'scope', value: 'due' }), 'Only sessions due for a check'),
    ),
    h(
      'div',
      { class: 'grid' },
      h('div', { class: 'field' }, h('label', { for: 'r-from' }, 'Created from (day, optional)'), h('input', { id: 'r-from', type: 'date' })),
      h('div', { class: 'field' }, h('label', { for: 'r-to' }, 'Created until (day, inclusive, optional)'), h('input', { id: 'r-to', type: 'date' })),
      h(
        'div',
        { class: 'field wide' },
        h('label', { for: 'r-ids' }, 'Session ids (optional, one per line)'),
        h('textarea', { id: 'r-ids', rows: '2', spellcheck: 'false', 'aria-describedby': 'r-ids-help' }),
        h('p', { class: 'help', id: 'r-ids-help' }, 'Our ids (UUID); leave empty for every session of the scope.'),
      ),
    ),
    h('div', { class: 'actions' }, submit),
    feedback,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const scope = { scope: form.querySelector('input[name=scope]:checked').value };
    const from = startOfLocalDay(form.querySelector('#r-from').value);
    const to = endOfLocalDay(form.querySelector('#r-to').value);
    const ids = form
      .querySelector('#r-ids')
      .value.split(/[\s,]+/)
      .filter(Boolean);
    if (from) scope.created_from = from;
    if (to) scope.created_to = to;
    if (ids.length) scope.session_ids = ids;
    submit.disabled = true;
    replace(feedback, h('p', { class: 'muted', role: 'status' }, 'Reconciliation running…'));
    try {
      const run = await startRun(scope, {
        alive: ctx.alive,
        onProgress: (r) => replace(feedback, h('p', { class: 'muted', role: 'status' }, `Reconciliation running: ${runSummaryText(r)}…`)),
      });
      if (!ctx.alive()) return;
      replace(
        feedback,
        h(
          'p',
          { class: run.status === 'finished' ? 'success' : 'warning', role: 'status', id: 'run-result' },
          'Run ',
          runStatusBadge(run.status),
          `: ${runSummaryText(run)}. `,
          h('a', { href: `/admin/reconciliation/${encodeURIComponent(run.id)}` }, 'See the run'),
        ),
      );
      await onDone();
    } catch (error) {
      if (ctx.alive()) replace(feedback, problemBox(error, { title: 'The run could not start' }));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export async function reconciliationPage(ctx) {
  document.title = 'Reconciliation · Payments admin';
  const cursor = ctx.search.get('cursor') ?? '';
  const previous = Array.isArray(ctx.state?.previous) ? ctx.state.previous : [];
  const body = h('tbody', null, skeletonRows(5, COLUMNS.length));
  const table = dataTable({ caption: 'Reconciliation runs, newest first', columns: COLUMNS }, body);
  const problems = h('div');
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  const load = async () => {
    let page;
    try {
      page = await api.get(`/v1/admin/reconciliation-runs?${new URLSearchParams({ limit: '20', ...(cursor ? { cursor } : {}) })}`);
    } catch (error) {
      if (!ctx.alive()) return;
      replace(body, emptyRow(COLUMNS.length, 'No runs to show.'));
      replace(problems, problemBox(error));
      return;
    }
    if (!ctx.alive()) return;
    replace(problems);
    replace(body, page.data.length ? page.data.map(runRow) : emptyRow(COLUMNS.length, 'No reconciliation run yet.'));
    const go = (c, prev, first) =>
      ctx.navigate(`/admin/reconciliation${c ? `?cursor=${encodeURIComponent(c)}` : ''}`, {
        state: { previous: prev },
        focus: [first, '[data-pager]'],
      });
    replace(
      pager,
      h(
        'button',
        {
          type: 'button',
          class: 'button secondary',
          disabled: !previous.length,
          'data-pager': 'prev',
          onClick: () => go(previous[previous.length - 1], previous.slice(0, -1), '[data-pager=prev]'),
        },
        '← Newer',
      ),
      h('span', { class: 'muted' }, `Page ${previous.length + 1}`),
      h(
        'button',
        {
          type: 'button',
          class: 'button secondary',
          disabled: !page.next_cursor,
          'data-pager': 'next',
          onClick: () => go(page.next_cursor, [...previous, cursor], '[data-pager=next]'),
        },
        'Older →',
      ),
    );
  };
  replace(
    ctx.main,
    pageHead('Reconciliation', h('p', { class: 'muted' }, 'Passes ask Fintecture about open sessions and record what differed.')),
    runForm(ctx, load),
    problems,
    cardSection({ title: 'Runs', id: 'runs-title', className: 'card list' }, tableWrap('Reconciliation runs', table), pager),
  );
  await load();
}
