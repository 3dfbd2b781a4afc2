import { api, onUnauthorized, setCsrfToken } from './api.js';
import { h, replace } from './dom.js';
import { safeNext } from './filters.js';
import { loginPage } from './page-login.js';
import { overviewPage } from './page-overview.js';
import { reconciliationPage } from './page-reconciliation.js';
import { runPage } from './page-run.js';
import { sessionPage } from './page-session.js';
import { sessionsPage } from './page-sessions.js';

const ROUTES = [
  { pattern: /^\/admin\/?$/, page: overviewPage, nav: 'overview' },
  { pattern: /^\/admin\/login\/?$/, page: loginPage, public: true },
  { pattern: /^\/admin\/sessions\/?$/, page: sessionsPage, nav: 'sessions' },
  { pattern: /^\/admin\/sessions\/([^/]+)\/?$/, page: sessionPage, nav: 'sessions' },
  { pattern: /^\/admin\/reconciliation\/?$/, page: reconciliationPage, nav: 'reconciliation' },
  { pattern: /^\/admin\/reconciliation\/([^/]+)\/?$/, page: runPage, nav: 'reconciliation' },
];

const main = document.getElementById('main');
const topbar = document.getElementById('topbar');
let session = null;
let view = 0;

/** Moves to a console address without reloading; `state` travels with the history entry (the sessions list keeps its previous pages there). */
function navigate(url, { replace: replaceEntry = false, state = null, focus = null } = {}) {
  if (replaceEntry) history.replaceState(state, '', url);
  else history.pushState(state, '', url);
  void render({ focus: focus ?? true });
}

function loginUrl(reason) {
  const here = location.pathname + location.search;
  const params = new URLSearchParams();
  if (!/^\/admin\/login/.test(location.pathname) && here !== '/admin') params.set('next', here);
  if (reason) params.set('reason', reason);
  const query = params.toString();
  return `/admin/login${query ? `?${query}` : ''}`;
}

function signedIn(info) {
  session = info;
  setCsrfToken(info?.csrf_token ?? null);
  topbar.hidden = !info;
  replace(document.getElementById('who-label'), info ? `Signed in as ${info.label}` : '');
}

async function render({ focus = false } = {}) {
  const current = ++view;
  const route = ROUTES.find((r) => r.pattern.test(location.pathname));
  if (!route) {
    replace(main, h('h1', { tabindex: '-1' }, 'Page not found'), h('p', null, h('a', { href: '/admin' }, 'Go to the overview')));
    return;
  }
  if (!route.public && !session) {
    navigate(loginUrl(null), { replace: true });
    return;
  }
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === route.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const params = location.pathname.match(route.pattern).slice(1).map(decodeURIComponent);
  const ctx = {
    main,
    params,
    search: new URLSearchParams(location.search),
    state: history.state,
    navigate,
    alive: () => current === view,
    session: () => session,
    signedIn: (info) => signedIn(info),
    next: () => safeNext(new URLSearchParams(location.search).get('next')),
  };
  await route.page(ctx);
  if (!focus || !ctx.alive()) return;
  // A list's pager keeps the focus where the keyboard was; any other move starts at the page's heading.
  const selectors = typeof focus === 'string' ? [focus] : Array.isArray(focus) ? focus : [];
  const wanted = selectors.map((selector) => main.querySelector(`${selector}:not([disabled])`)).find(Boolean);
  (wanted ?? main.querySelector('h1'))?.focus();
}

document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest('a[href]');
  if (!link || link.target || link.hasAttribute('download')) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || !/^\/admin(?:\/|$)/.test(url.pathname) || url.pathname.startsWith('/admin/assets/')) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});

window.addEventListener('popstate', () => void render({ focus: true }));

document.getElementById('logout').addEventListener('click', async () => {
  try {
    await api.post('/admin/logout');
  } finally {
    signedIn(null);
    navigate('/admin/login?reason=signed_out', { replace: true });
  }
});

// Any API call refused for want of a session: the session expired (or was ended elsewhere).
onUnauthorized(() => {
  if (!session) return;
  signedIn(null);
  navigate(loginUrl('expired'), { replace: true });
});

async function start() {
  let info = null;
  try {
    info = await api.get('/admin/session');
  } catch {
    info = null;
  }
  if (info?.authenticated) {
    signedIn(info);
    if (/^\/admin\/login/.test(location.pathname)) history.replaceState(null, '', safeNext(new URLSearchParams(location.search).get('next')));
  } else if (!/^\/admin\/login/.test(location.pathname)) {
    history.replaceState(null, '', loginUrl(info?.reason === 'expired' || info?.reason === 'signed_out' ? info.reason : null));
  }
  await render();
}

void start();
