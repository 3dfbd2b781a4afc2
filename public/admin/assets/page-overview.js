import { api } from './api.js';
import { cardSection, h, pageHead, replace } from './dom.js';
import { overviewBoundaries, searchFromFilters } from './filters.js';
import { discrepancyChips, formatCount, formatMoney, outcomeBadge, runStatusBadge, timeEl } from './format.js';
import { problemBox } from './problem.js';
import { listTable, numeric } from './table.js';

function outcomeTable(caption, period, rows) {
  const row = (r) => {
    const href = `/admin/sessions?${searchFromFilters({ outcome: r.outcome, created_from: period.from })}`;
    return h(
      'tr',
      null,
      h('td', null, h('a', { href, class: 'badge-link' }, outcomeBadge(r.outcome))),
      h('td', { class: 'num' }, formatCount(r.count)),
      h(
        'td',
        { class: 'num' },
        r.amounts.map((a) => h('div', null, formatMoney(a.amount, a.currency))),
      ),
    );
  };
  return listTable(
    { caption, columns: ['Outcome', numeric('Sessions'), numeric('Amount')], loading: 4, empty: 'No sessions in this period.', row },
    rows,
  );
}

function ageTable(open) {
  const row = (bucket) => {
    const href = `/admin/sessions?${searchFromFilters({ outcome: open.outcomes.join(','), created_from: bucket.created_from, created_to: bucket.created_to })}`;
    return h(
      'tr',
      null,
      h('td', null, bucket.count ? h('a', { href }, bucket.label) : bucket.label),
      h('td', { class: 'num' }, formatCount(bucket.count)),
      h(
        'td',
        null,
        Object.entries(bucket.by_outcome).map(([outcome, count]) => h('span', { class: 'chip' }, outcomeBadge(outcome), ` ${formatCount(count)}`)),
      ),
    );
  };
  const columns = ['Open for', numeric('Sessions'), 'Outcomes'];
  return listTable({ caption: 'Open sessions by age', columns, loading: 4, row }, open ? (open.by_age ?? []) : null);
}

function runsTable(runs) {
  const row = (run) =>
    h(
      'tr',
      null,
      h('td', null, h('a', { href: `/admin/reconciliation/${encodeURIComponent(run.id)}` }, timeEl(run.started_at))),
      h('td', null, runStatusBadge(run.status)),
      h('td', { class: 'num' }, formatCount(run.checked)),
      h('td', null, discrepancyChips(run)),
    );
  const columns = ['Started', 'Status', numeric('Checked'), 'Discrepancies'];
  return listTable({ caption: 'Last reconciliation runs', columns, loading: 3, empty: 'No reconciliation run yet.', row }, runs);
}

export async function overviewPage(ctx) {
  document.title = 'Overview · Payments admin';
  const { todayFrom, weekFrom } = overviewBoundaries();
  const grid = h('div', { class: 'overview-grid' });
  const draw = (figures, runs, problems) => {
    replace(
      grid,
      cardSection(
        { title: 'Today', id: 'today-title' },
        figures ? outcomeTable('Today by outcome', figures.today, figures.today.outcomes) : outcomeTable('Today by outcome', null, null),
      ),
      cardSection(
        { title: 'Last 7 days', id: 'week-title' },
        figures
          ? outcomeTable('Last 7 days by outcome', figures.last_7_days, figures.last_7_days.outcomes)
          : outcomeTable('Last 7 days by outcome', null, null),
      ),
      cardSection({ title: 'Open sessions by age', id: 'open-title' }, ageTable(figures?.open)),
      cardSection(
        { title: 'Last reconciliation runs', id: 'runs-title' },
        runsTable(runs),
        h('p', null, h('a', { href: '/admin/reconciliation' }, 'All runs')),
      ),
    );
    if (figures?.truncated)
      grid.prepend(h('p', { class: 'notice' }, 'These figures are partial: there are too many sessions to add up in one request.'));
    for (const problem of problems) grid.prepend(problemBox(problem));
  };
  replace(ctx.main, pageHead('Overview', h('p', { class: 'muted' }, 'Times in your time zone; hover a time for UTC.')), grid);
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
