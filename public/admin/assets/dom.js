// Elements are built from text nodes and attributes only: nothing the API returns is ever parsed as HTML.

/** h('a', { href: '/admin', class: 'x' }, 'text', otherNode, [more]) */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'value' && 'value' in el) el.value = String(value);
    else if (name === 'checked' || name === 'selected') el[name] = Boolean(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A region that keeps its height while its content is replaced, so the page does not jump. */
export function skeletonRows(count, columns) {
  return Array.from({ length: count }, () =>
    h(
      'tr',
      { class: 'skeleton-row', 'aria-hidden': 'true' },
      Array.from({ length: columns }, () => h('td', null, h('span', { class: 'skeleton line' }))),
    ),
  );
}

/** Tables scroll sideways on a phone; the wrapper is focusable so a keyboard can scroll it too. */
export function tableWrap(label, table) {
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': label, tabindex: '0' }, table);
}

/** A card named by its heading: { title, id } and, for a card with more to it, its class. */
export function cardSection({ title, id, className = 'card' }, ...body) {
  return h('section', { class: className, 'aria-labelledby': id }, h('h2', { id }, title), body);
}

/** A list of [term, value] facts; a null entry is a fact that does not apply and is left out. */
export function fieldList(rows, className = 'fields') {
  return h(
    'dl',
    { class: className },
    rows.filter(Boolean).map(([term, value]) => h('div', null, h('dt', null, term), h('dd', null, value))),
  );
}

/** The page's title, focusable so that a route change can move the focus to it, and what stands beside it. */
export function pageHead(title, ...aside) {
  return h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, title), aside);
}
