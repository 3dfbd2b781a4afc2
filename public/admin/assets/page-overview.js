import { api } from './api.js';
import { h, replace, skeletonRows, tableWrap } from './dom.js';
import { overviewBoundaries, searchFromFilters } from './filters.js';
import { formatCount, formatMoney, humanize, outcomeBadge, runStatusBadge, timeEl } from './format.js';
import { problemBox } from './problem.js';

function section(title, id, body) {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), body);
}

function outcomeTable(caption, period, rows) {
  const table = h(
    'table',
    null,
    h('caption', { class: 'visually-hidden' }, caption),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'Outcome'),
        h('th', { scope: 'col', class: 'num' }, 'Sessions'),
        h('th', { scope: 'col', class: 'num' }, 'Amount'),
      ),
    ),
  );
  const body = h('tbody');
  if (!rows) body.append(...skeletonRows(4, 3));
  else if (!rows.length) body.append(h('tr', null, h('td', { colspan: '3', class: 'empty' }, 'No sessions in this period.')));
  for (const row of rows ?? []) {
    const href = `/admin/sessions?${searchFromFilters({ outcome: row.outcome, created_from: period.from })}`;
    body.append(
      h(
        'tr',
        null,
        h('td', null, h('a', { href, class: 'badge-link' }, outcomeBadge(row.outcome))),
        h('td', { class: 'num' }, formatCount(row.count)),
        h(
          'td',
          { class: 'num' },
          row.amounts.map((a) => h('div', null, formatMoney(a.amount, a.currency))),
        ),
      ),
    );
  }
  table.append(body);
  return tableWrap(caption, table);
}

function ageTable(open) {
  const table = h(
    'table',
    null,
    h('caption', { class: 'visually-hidden' }, 'Open sessions by age'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'Open for'),
        h('th', { scope: 'col', class: 'num' }, 'Sessions'),
        h('th', { scope: 'col' }, 'Outcomes'),
      ),
    ),
  );
  const body = h('tbody');
  if (!open) body.append(...skeletonRows(4, 3));
  for (const bucket of open?.by_age ?? []) {
    const href = `/admin/sessions?${searchFromFilters({ outcome: open.outcomes.join(','), created_from: bucket.created_from, created_to: bucket.created_to })}`;
    body.append(
      h(
        'tr',
        null,
        h('td', null, bucket.count ? h('a', { href }, bucket.label) : bucket.label),
        h('td', { class: 'num' }, formatCount(bucket.count)),
        h(
          'td',
          null,
          Object.entries(bucket.by_outcome).map(([outcome, count]) => h('span', { class: 'chip' }, outcomeBadge(outcome), ` ${formatCount(count)}`)),
        ),
      ),
    );
  }
  table.append(body);
  return tableWrap('Open sessions by age', table);
}

function runsTable(runs) {
  const table = h(
    'table',
    null,
    h('caption', { class: 'visually-hidden' }, 'Last reconciliation runs'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'Started'),
        h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col', class: 'num' }, 'Checked'),
        h('th', { scope: 'col' }, 'Discrepancies'),
      ),
    ),
  );
  const body = h('tbody');
  if (!runs) body.append(...skeletonRows(3, 4));
  else if (!runs.length) body.append(h('tr', null, h('td', { colspan: '4', class: 'empty' }, 'No reconciliation run yet.')));
  for (const run of runs ?? []) {
    body.append(
      h(
        'tr',
        null,
        h('td', null, h('a', { href: `/admin/reconciliation/${encodeURIComponent(run.id)}` }, timeEl(run.started_at))),
        h('td', null, runStatusBadge(run.status)),
        h('td', { class: 'num' }, formatCount(run.checked)),
        h(
          'td',
          null,
          run.discrepancy_count
            ? Object.entries(run.discrepancy_kinds ?? {}).map(([kind, n]) => h('span', { class: 'chip warn' }, `${humanize(kind)} ${n}`))
            : h('span', { class: 'muted' }, 'none'),
        ),
      ),
    );
  }
  table.append(body);
  return tableWrap('Last reconciliation runs', table);
}

export async function overviewPage(ctx) {
  document.title = 'Overview · Payments admin';
  const { todayFrom, weekFrom } = overviewBoundaries();
  const grid = h('div', { class: 'overview-grid' });
  const draw = (figures, runs, problems) => {
    replace(
      grid,
      section(
        'Today',
        'today-title',
        figures ? outcomeTable('Today by outcome', figures.today, figures.today.outcomes) : outcomeTable('Today by outcome', null, null),
      ),
      section(
        'Last 7 days',
        'week-title',
        figures
          ? outcomeTable('Last 7 days by outcome', figures.last_7_days, figures.last_7_days.outcomes)
          : outcomeTable('Last 7 days by outcome', null, null),
      ),
      section('Open sessions by age', 'open-title', ageTable(figures?.open)),
      section('Last reconciliation runs', 'runs-title', [runsTable(runs), h('p', null, h('a', { href: '/admin/reconciliation' }, 'All runs'))]),
    );
    if (figures?.truncated)
      grid.prepend(h('p', { class: 'notice' }, 'These figures are partial: there are too many sessions to add up in one request.'));
    for (const problem of problems) grid.prepend(problemBox(problem));
  };
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page-head' },
      h('h1', { tabindex: '-1' }, 'Overview'),
      h('p', { class: 'muted' }, 'Times in your time zone; hover a time for UTC.'),
    ),
    grid,
  );
  draw(null, null, []);
  const [figures, runs] = await Promise.allSettled([
    api.get(`/admin/api/overview?${new URLSearchParams({ today_from: todayFrom, week_from: weekFrom })}`),
    api.get('/v1/admin/reconciliation-runs?limit=5'),
  ]);
  if (!ctx.alive()) return;
  const problems = [figures, runs].filter((r) => r.status === 'rejected').map((r) => r.reason);
  draw(
    figures.status === 'fulfilled' ? figures.value : { today: { outcomes: [] }, last_7_days: { outcomes: [] }, open: { outcomes: [], by_age: [] } },
    runs.status === 'fulfilled' ? runs.value.data : [],
    problems,
  );
}
