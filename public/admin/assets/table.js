import { h, skeletonRows, tableWrap } from './dom.js';

/** A column heading for figures, right-aligned like the cells under it. */
export function numeric(label) {
  return { label, num: true };
}

function headCell(column) {
  const { label, num } = typeof column === 'string' ? { label: column } : column;
  return h('th', { scope: 'col', class: num ? 'num' : null }, label);
}

/** A table whose caption is read by screen readers only; columns are headings, or numeric(heading). */
export function dataTable({ caption, columns, className }, body) {
  return h(
    'table',
    className ? { class: className } : null,
    caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
    h('thead', null, h('tr', null, columns.map(headCell))),
    body,
  );
}

/** The one row of a table that has nothing to list, saying why. */
export function emptyRow(columns, text) {
  return h('tr', null, h('td', { colspan: String(columns), class: 'empty' }, text));
}

/** Placeholder rows while rows is still null, the empty line (when given) once there are none, else a row each. */
export function tableBody(rows, { columns, loading = 0, empty, row }) {
  if (!rows) return h('tbody', null, skeletonRows(loading, columns));
  if (!rows.length && empty) return h('tbody', null, emptyRow(columns, empty));
  return h(
    'tbody',
    null,
    rows.map((item) => row(item)),
  );
}

/** A whole list in its scrolling region, named by its caption: the rows as tableBody draws them. */
export function listTable({ caption, columns, loading, empty, row }, rows) {
  return tableWrap(caption, dataTable({ caption, columns }, tableBody(rows, { columns: columns.length, loading, empty, row })));
}
