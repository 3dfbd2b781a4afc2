import { api } from './api.js';
import { h, pageHead, replace, skeletonRows, tableWrap } from './dom.js';
import { dayFromEnd, dayFromStart, endOfLocalDay, filtersFromSearch, PAGE_SIZES, searchFromFilters, startOfLocalDay } from './filters.js';
import { formatMoney, OUTCOMES, outcomeBadge, outcomeLabel, timeEl } from './format.js';
import { problemBox } from './problem.js';
import { dataTable, emptyRow, numeric } from './table.js';

const STATUSES = [
  'provider_required',
  'sca_required',
  'payment_waiting',
  'session_initiated',
  'payment_pending',
  'order_created',
  'payment_unknown',
  'payment_error',
  'payment_partial',
  'payment_created',
  'payment_unsuccessful',
  'payment_expired',
  'payment_cancelled',
];

function textField(id, label, value, attrs = {}) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), h('input', { id, name: id, value: value ?? '', ...attrs }));
}

function filterForm(ctx, filters, limit) {
  const chosen = new Set((filters.outcome ?? '').split(',').filter(Boolean));
  const outcomes = h(
    'fieldset',
    { class: 'field outcomes' },
    h('legend', null, 'Outcome'),
    h(
      'div',
      { class: 'checks' },
      OUTCOMES.map((o) =>
        h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'outcome', value: o, checked: chosen.has(o) }), outcomeLabel(o)),
      ),
    ),
  );
  const active = Object.keys(filters).length;
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter sessions' },
    outcomes,
    h(
      'div',
      { class: 'grid' },
      textField('f-state', 'Order reference (state)', filters.state, { autocomplete: 'off' }),
      textField('f-session-id', 'Fintecture session id', filters.session_id, { autocomplete: 'off', spellcheck: 'false' }),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'f-status' }, 'Fintecture status'),
        h('input', { id: 'f-status', list: 'statuses', value: filters.status ?? '', autocomplete: 'off' }),
        h(
          'datalist',
          { id: 'statuses' },
          STATUSES.map((s) => h('option', { value: s })),
        ),
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'f-currency' }, 'Currency'),
        h(
          'select',
          { id: 'f-currency' },
          ['', 'EUR', 'GBP'].map((c) => h('option', { value: c, selected: (filters.currency ?? '') === c }, c || 'Any')),
        ),
      ),
      textField('f-from', 'Created from (day)', dayFromStart(filters.created_from), { type: 'date' }),
      textField('f-to', 'Created until (day, inclusive)', dayFromEnd(filters.created_to), { type: 'date' }),
      textField('f-min', 'Amount at least', filters.amount_min, { inputmode: 'decimal', autocomplete: 'off', placeholder: '0.00' }),
      textField('f-max', 'Amount at most', filters.amount_max, { inputmode: 'decimal', autocomplete: 'off', placeholder: '0.00' }),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'f-limit' }, 'Per page'),
        h(
          'select',
          { id: 'f-limit' },
          PAGE_SIZES.map((n) => h('option', { value: n, selected: n === limit }, n)),
        ),
      ),
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button' }, 'Apply filters'),
      h('a', { href: '/admin/sessions', class: 'button secondary' }, 'Clear'),
    ),
  );
  // On a phone the filters fold away so that the list starts on the first screen; a laptop shows them open.
  const details = h(
    'details',
    { class: 'card filters-box', open: window.matchMedia('(min-width: 821px)').matches },
    h('summary', null, 'Filters', active ? h('span', { class: 'muted' }, ` (${active} active)`) : null),
    form,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = (id) => form.querySelector(`#${id}`).value.trim();
    const next = {
      outcome: [...form.querySelectorAll('input[name=outcome]:checked')].map((i) => i.value).join(','),
      state: value('f-state'),
      session_id: value('f-session-id').toLowerCase(),
      status: value('f-status'),
      currency: value('f-currency'),
      // A day the viewer picked, from its local midnight; unchanged days keep the URL's exact instant.
      created_from: value('f-from') === dayFromStart(filters.created_from) ? filters.created_from : startOfLocalDay(value('f-from')),
      created_to: value('f-to') === dayFromEnd(filters.created_to) ? filters.created_to : endOfLocalDay(value('f-to')),
      amount_min: value('f-min'),
      amount_max: value('f-max'),
    };
    ctx.navigate(`/admin/sessions?${searchFromFilters(next, { limit: value('f-limit') === '50' ? '' : value('f-limit') })}`);
  });
  return details;
}

const HEADINGS = ['Created', 'Order reference', 'Outcome', 'Amount', 'Status', 'Merchant', 'Session id'];
const AMOUNT_COLUMN = 3;

function row(session) {
  const href = `/admin/sessions/${encodeURIComponent(session.id)}`;
  const cells = [
    timeEl(session.created_at),
    h('a', { href }, session.state),
    outcomeBadge(session.outcome),
    formatMoney(session.amount, session.currency),
    session.status ?? '—',
    session.merchant,
    session.session_id ? h('code', { title: session.session_id }, session.session_id.slice(0, 8)) : '—',
  ];
  // data-label: on a phone each row becomes a card whose cells name themselves (console.css).
  return h(
    'tr',
    { 'data-id': session.id },
    cells.map((cell, i) => h('td', { 'data-label': HEADINGS[i], class: i === 1 ? 'wrap' : i === AMOUNT_COLUMN ? 'num' : null }, cell)),
  );
}

export async function sessionsPage(ctx) {
  document.title = 'Sessions · Payments admin';
  const filters = filtersFromSearch(ctx.search);
  const limit = PAGE_SIZES.includes(ctx.search.get('limit')) ? ctx.search.get('limit') : '50';
  const cursor = ctx.search.get('cursor') ?? '';
  const previous = Array.isArray(ctx.state?.previous) ? ctx.state.previous : [];
  const exportHref = `/v1/admin/payment-sessions/export?${searchFromFilters(filters)}`;

  const body = h('tbody', null, skeletonRows(Math.min(Number(limit), 10), HEADINGS.length));
  const columns = HEADINGS.map((t, i) => (i === AMOUNT_COLUMN ? numeric(t) : t));
  const table = dataTable({ caption: 'Payment sessions, newest first', columns, className: 'sessions' }, body);
  const status = h('p', { class: 'muted', role: 'status', id: 'list-status' }, 'Loading…');
  const prevButton = h('button', { type: 'button', class: 'button secondary', disabled: true, 'data-pager': 'prev' }, '← Previous');
  const nextButton = h('button', { type: 'button', class: 'button secondary', disabled: true, 'data-pager': 'next' }, 'Next →');
  const newest = cursor
    ? h('a', { href: `/admin/sessions?${searchFromFilters(filters, { limit: limit === '50' ? '' : limit })}`, class: 'button secondary' }, 'Newest')
    : null;
  const problems = h('div');

  replace(
    ctx.main,
    pageHead('Sessions', h('a', { href: exportHref, class: 'button secondary', download: '', id: 'csv-link' }, 'Download CSV of these filters')),
    filterForm(ctx, filters, limit),
    problems,
    h(
      'div',
      { class: 'card list' },
      tableWrap('Sessions', table),
      h('nav', { class: 'pager', 'aria-label': 'Pages' }, newest, prevButton, status, nextButton),
    ),
  );

  let page;
  try {
    page = await api.get(`/v1/admin/payment-sessions?${searchFromFilters(filters, { limit, cursor })}`);
  } catch (error) {
    if (!ctx.alive()) return;
    replace(body, emptyRow(HEADINGS.length, 'No sessions to show.'));
    replace(status, '');
    problems.append(problemBox(error));
    if (error.code === 'invalid_cursor')
      problems.append(h('p', null, h('a', { href: `/admin/sessions?${searchFromFilters(filters)}` }, 'Start again from the newest sessions')));
    return;
  }
  if (!ctx.alive()) return;
  replace(
    body,
    page.data.length
      ? page.data.map(row)
      : emptyRow(HEADINGS.length, Object.keys(filters).length ? 'No session matches these filters.' : 'No session yet.'),
  );
  const number = previous.length + 1;
  replace(status, page.data.length ? `Page ${number} · ${page.data.length} session${page.data.length === 1 ? '' : 's'}` : `Page ${number}`);
  const base = (c) => `/admin/sessions?${searchFromFilters(filters, { limit: limit === '50' ? '' : limit, cursor: c })}`;
  if (previous.length) {
    prevButton.disabled = false;
    prevButton.addEventListener('click', () =>
      ctx.navigate(base(previous[previous.length - 1]), {
        state: { previous: previous.slice(0, -1) },
        focus: ['[data-pager=prev]', '[data-pager=next]'],
      }),
    );
  }
  if (page.next_cursor) {
    nextButton.disabled = false;
    nextButton.addEventListener('click', () =>
      ctx.navigate(base(page.next_cursor), { state: { previous: [...previous, cursor] }, focus: ['[data-pager=next]', '[data-pager=prev]'] }),
    );
  }
}
