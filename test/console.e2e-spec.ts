import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { PAYMENT_SESSION_EXAMPLES } from '../src/payments/dto/payment-session.examples';
import { consoleSecret } from '../src/console/console-sessions.service';
import { keyIdFor, signSessionToken } from '../src/console/console-session-token';
import { OUTCOME_LABELS } from '../src/console/console-outcomes-module';
import { OPEN_OUTCOMES } from '../src/console/overview-tally';
import { OUTCOMES } from '../src/payments/payment-outcome';
import { launchChromium, watchPage } from './support/browser';
import { injectFault } from './support/emulator-client';
import { insertSession } from './support/session-fixtures';
import { ADMIN_KEY, adminAuth, MERCHANT_KEY, merchantAuth, startTestApp, TestApp } from './support/test-app';

/**
 * The admin console in a real headless Chromium, against the real app on a real database with
 * the emulator: everything a back-office person does, and every way in that must stay shut.
 */
jest.setTimeout(60_000);

const CURSOR_SECRET = 'console-e2e-cursor-secret-0123456789';
const LOCALE = 'en-GB';
const TIME_ZONE = 'Europe/Paris';
// The README's pictures are refreshed on demand (UPDATE_SCREENSHOTS=1 npm test -- console); an
// ordinary run still takes them, into a temporary folder, so a test run leaves the checkout clean.
const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1' ? join(__dirname, '..', 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'console-shots-'));
const GBP_ROWS = 60;
const GBP_OUTCOMES = ['awaiting_payer', 'paid', 'pending', 'failed', 'paid', 'cancelled'] as const;

let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];
const gbp: Array<{ id: string; state: string; outcome: string; amountMinor: number; createdAt: Date }> = [];

async function newContext(): Promise<BrowserContext> {
  return browser.newContext({ locale: LOCALE, timezoneId: TIME_ZONE, viewport: { width: 1280, height: 800 }, acceptDownloads: true });
}

async function createSession(state: string, amount = '42.50') {
  const example = structuredClone(PAYMENT_SESSION_EXAMPLES.immediate_transfer);
  example.body.data.attributes.amount = amount;
  const query = new URLSearchParams({ state, redirect_uri: `${t.url}/health/live`, origin_uri: `${t.url}/health/live` });
  const created = await request(t.url).post(`/v1/payment-sessions?${query}`).set(merchantAuth).send(example.body).expect(201);
  return created.body as { id: string; session_id: string; url: string; state: string };
}

async function outcomeEventually(id: string, expected: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let outcome = '';
  while (Date.now() < deadline) {
    outcome = (await request(t.url).get(`/v1/admin/payment-sessions/${id}`).set(adminAuth).expect(200)).body.outcome;
    if (outcome === expected) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`session ${id} stayed ${outcome}, expected ${expected}`);
}

async function signIn(p: Page, key: string): Promise<void> {
  const field = p.getByLabel('Admin key');
  await field.waitFor();
  await field.fill(key);
  await p.getByRole('button', { name: 'Sign in' }).click();
}

async function sessionCookie(ctx: BrowserContext): Promise<string> {
  const cookie = (await ctx.cookies(t.url)).find((c) => c.name === 'admin_session');
  if (!cookie) throw new Error('no console session cookie');
  return `admin_session=${cookie.value}`;
}

async function listIds(p: Page): Promise<string[]> {
  return p.locator('table.sessions tbody tr[data-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id') as string));
}

/** A cookie this app would have signed `idleMinutes` ago: the console's own token code with the app's secret. */
function staleCookie(idleMinutes: number): string {
  const secret = consoleSecret(CURSOR_SECRET);
  const digest = createHash('sha256').update(ADMIN_KEY).digest();
  const seen = Date.now() - idleMinutes * 60_000;
  return signSessionToken({ sid: 'c3RhbGUtc2Vzc2lvbi0wMDE', label: 'ops', kid: keyIdFor(secret, digest), iat: seen - 60_000, seen }, secret, digest);
}

beforeAll(async () => {
  t = await startTestApp({ CURSOR_SECRET });
  browser = await launchChromium();
  const now = Date.now();
  for (let i = 1; i <= GBP_ROWS; i++) {
    const outcome = GBP_OUTCOMES[i % GBP_OUTCOMES.length];
    const row = await insertSession(t.app, {
      createdAt: new Date(now - i * 20_000),
      currency: 'GBP',
      amountMinor: 1000 + i,
      outcome,
      status: {
        awaiting_payer: 'provider_required',
        paid: 'payment_created',
        pending: 'payment_pending',
        failed: 'payment_unsuccessful',
        cancelled: 'payment_cancelled',
      }[outcome],
      state: `gbp-order-${String(i).padStart(3, '0')}`,
      // Not due: the reconciliation test's pass should ask Fintecture about real sessions only.
      nextCheckAt: new Date(now + 86_400_000),
    });
    gbp.push({ id: row.id, state: row.state, outcome, amountMinor: row.amountMinor, createdAt: row.createdAt });
  }
  context = await newContext();
  page = await context.newPage();
  problems = watchPage(page);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

afterEach(() => {
  // Script errors and CSP refusals fail the test that caused them.
  const seen = problems.splice(0);
  expect(seen).toEqual([]);
});

describe('the admin console', () => {
  it('is served with a strict Content-Security-Policy and no framing', async () => {
    const res = await request(t.url).get('/admin').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const csp = res.headers['content-security-policy'];
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "frame-ancestors 'none'",
      "form-action 'self'",
      "object-src 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(res.text).not.toMatch(/\sstyle=/);
    const asset = await request(t.url).get('/admin/assets/app.js').expect(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    // The outcome list is not a file of public/admin: the server writes it from payment-outcome.ts.
    const outcomes = await request(t.url).get('/admin/assets/outcomes.js').expect(200);
    expect(outcomes.headers['content-type']).toMatch(/^text\/javascript/);
    expect(outcomes.text).toContain(`export const OUTCOMES = ${JSON.stringify(OUTCOMES)};`);
    await request(t.url).get('/admin/assets/nope.js').expect(404);
    await request(t.url).get('/admin/assets/..%2F..%2Fpackage.json').expect(404);
  });

  it('refuses a wrong key and a merchant key, on the form and on the API', async () => {
    await page.goto(`${t.url}/admin`);
    await page.waitForURL(/\/admin\/login/);
    await signIn(page, 'not-the-admin-key-000');
    await expect(page.getByRole('alert').filter({ hasText: 'not a valid admin key' }).waitFor()).resolves.toBeUndefined();
    await signIn(page, MERCHANT_KEY);
    await page.getByText('A merchant key cannot open the admin console').waitFor();
    expect(page.url()).toMatch(/\/admin\/login/);
    expect(await context.cookies(t.url)).toEqual([]);

    const wrong = await request(t.url).post('/admin/session').send({ key: 'not-the-admin-key-000' }).expect(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const merchant = await request(t.url).post('/admin/session').send({ key: MERCHANT_KEY }).expect(403);
    expect(merchant.headers['set-cookie']).toBeUndefined();
    // A form another site posts, or a fetch from another origin, cannot log a browser in.
    await request(t.url).post('/admin/session').type('form').send(`key=${ADMIN_KEY}`).expect(415);
    await request(t.url).post('/admin/session').set('Origin', 'https://evil.example').send({ key: ADMIN_KEY }).expect(403);
    await request(t.url).post('/admin/session').set('Sec-Fetch-Site', 'cross-site').send({ key: ADMIN_KEY }).expect(403);
    // The console's own routes take bearer keys too, with the same roles.
    await request(t.url).get('/admin/api/overview').set(merchantAuth).expect(403);
  });

  it('logs in with the keyboard; the cookie is HttpOnly and SameSite=Strict', async () => {
    await page.goto(`${t.url}/admin/login`);
    await page.getByLabel('Admin key').waitFor();
    // The key field has the focus when the page opens.
    await page.keyboard.type(ADMIN_KEY);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(page.url()).toBe(`${t.url}/admin`);
    const [cookie] = await context.cookies(t.url);
    expect(cookie).toMatchObject({ name: 'admin_session', httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.value).not.toContain(ADMIN_KEY);
    expect(cookie.expires * 1000 - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(cookie.expires * 1000 - Date.now()).toBeLessThanOrEqual(30 * 60_000 + 1000);
    await page.getByText('Signed in as ops').waitFor();
  });

  it('filters the list, and keeps the filters in the URL', async () => {
    await page.getByRole('link', { name: 'Sessions' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sessions' }).waitFor();
    // One box an outcome, in the server's order and with the server's words.
    expect(await page.locator('fieldset.outcomes label').allInnerTexts()).toEqual(OUTCOMES.map((o) => OUTCOME_LABELS[o]));
    await page.getByLabel('Paid', { exact: true }).check();
    await page.getByLabel('Currency').selectOption('GBP');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const paid = gbp.filter((s) => s.outcome === 'paid');
    await page.getByText(`Page 1 · ${paid.length} sessions`).waitFor();
    expect(new URL(page.url()).search).toBe('?outcome=paid&currency=GBP');
    expect(await listIds(page)).toEqual(paid.map((s) => s.id));
    expect(await page.locator('table.sessions tbody .badge').allInnerTexts()).toEqual(paid.map(() => 'Paid'));
    // Amounts in their currency, times in the viewer's zone with UTC on hover.
    const first = page.locator('table.sessions tbody tr').first();
    const money = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: 'GBP' }).format(paid[0].amountMinor / 100);
    await expect(first.innerText()).resolves.toContain(money);
    const time = first.locator('time');
    expect(await time.getAttribute('title')).toBe(`${paid[0].createdAt.toISOString().slice(0, 19).replace('T', ' ')} UTC`);
    expect(await time.innerText()).toBe(
      new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'medium', timeZone: TIME_ZONE }).format(paid[0].createdAt),
    );

    // The URL alone brings the same view back, form included.
    await page.reload();
    await page.getByText(`Page 1 · ${paid.length} sessions`).waitFor();
    expect(await page.getByLabel('Paid', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('Currency').inputValue()).toBe('GBP');

    // A filter the API refuses shows its problem, naming the parameter.
    await page.goto(`${t.url}/admin/sessions?amount_min=abc`);
    await page.getByRole('alert').filter({ hasText: 'query.amount_min' }).waitFor();
    await page.goto(`${t.url}/admin/sessions?state=no-such-order`);
    await page.getByText('No session matches these filters.').waitFor();
  });

  it('pages through the list with next and previous', async () => {
    await page.goto(`${t.url}/admin/sessions?currency=GBP&limit=25`);
    await page.getByText('Page 1 · 25 sessions').waitFor();
    const first = await listIds(page);
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByText('Page 2 · 25 sessions').waitFor();
    const second = await listIds(page);
    // The keyboard stays on the pager, ready for the next page.
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-pager'));
    expect(await focused()).toBe('next');
    expect(new URL(page.url()).searchParams.get('cursor')).toBeTruthy();
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByText('Page 3 · 10 sessions').waitFor();
    const third = await listIds(page);
    expect(await page.getByRole('button', { name: 'Next →' }).isDisabled()).toBe(true);
    expect(await focused()).toBe('prev');
    // Newest first, every session once.
    expect([...first, ...second, ...third]).toEqual(gbp.map((s) => s.id));
    await page.getByRole('button', { name: '← Previous' }).click();
    await page.getByText('Page 2 · 25 sessions').waitFor();
    expect(await listIds(page)).toEqual(second);
    await page.getByRole('button', { name: '← Previous' }).click();
    await page.getByText('Page 1 · 25 sessions').waitFor();
    expect(await listIds(page)).toEqual(first);
    expect(await page.getByRole('button', { name: '← Previous' }).isDisabled()).toBe(true);
  });

  it('downloads the CSV of the current filters', async () => {
    await page.goto(`${t.url}/admin/sessions?currency=GBP`);
    await page.getByText('Page 1 · 50 sessions').waitFor();
    const link = page.getByRole('link', { name: 'Download CSV of these filters' });
    expect(await link.getAttribute('href')).toBe('/v1/admin/payment-sessions/export?currency=GBP');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^payment-sessions-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    const lines = csv.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(GBP_ROWS + 1);
    for (const s of gbp) expect(csv).toContain(s.state);
    expect(csv).not.toContain(',EUR,');
  });

  it('shows a session paid on the payer page, with its timeline', async () => {
    const session = await createSession(`order-paid-${Date.now()}`);
    // The payer's journey, in the same browser: the emulator's page, the Pay button, the redirect.
    const payer = await context.newPage();
    await payer.goto(session.url);
    await payer.getByRole('button', { name: /^Pay [0-9]/ }).click();
    await payer.waitForURL(/\/health\/live/);
    await payer.close();
    await outcomeEventually(session.id, 'paid');
    const stored = (await request(t.url).get(`/v1/admin/payment-sessions/${session.id}`).set(adminAuth).expect(200)).body;
    const webhook = stored.events.find((e: { source: string; accepted: boolean }) => e.source === 'webhook' && e.accepted);
    expect(webhook).toBeDefined();

    await page.goto(`${t.url}/admin/sessions?session_id=${session.session_id}`);
    await page.getByText('Page 1 · 1 session').waitFor();
    await page.getByRole('link', { name: session.state }).click();
    await page.getByRole('heading', { level: 1, name: `Session ${session.state}` }).waitFor();
    expect(page.url()).toBe(`${t.url}/admin/sessions/${session.id}`);
    await page.getByRole('heading', { name: `Timeline (${stored.events.length} events)` }).waitFor();
    const items = page.locator('ol.timeline > li');
    expect(await items.count()).toBe(stored.events.length);
    const paidEvent = items.filter({ hasText: webhook.request_id });
    const text = await paidEvent.innerText();
    for (const part of ['Webhook', 'payment_created', 'received', 'Awaiting payer', 'Paid']) expect(text).toContain(part);
    const fields = await page.locator('dl.fields').innerText();
    for (const part of [session.id, session.session_id, 'shop', 'payment_created', '€42.50']) expect(fields).toContain(part);
    // A paid session cannot be cancelled; the button says so instead of failing.
    expect(await page.getByRole('button', { name: 'Cancel payment…' }).isDisabled()).toBe(true);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'console-session.png') });
  });

  it('cancels an open session from its page, with the keyboard', async () => {
    const session = await createSession(`order-cancel-${Date.now()}`);
    await page.goto(`${t.url}/admin/sessions/${session.id}`);
    const cancel = page.getByRole('button', { name: 'Cancel payment…' });
    await cancel.focus();
    await page.keyboard.press('Enter');
    // The confirmation takes the focus; Escape would close it, Enter confirms.
    await expect(page.getByRole('button', { name: 'Yes, cancel the payment' }).evaluate((b) => b === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press('Enter');
    await page.getByText('The payment is cancelled.').waitFor();
    await page.locator('.lead .badge', { hasText: 'Cancelled' }).waitFor();
    await outcomeEventually(session.id, 'cancelled');
    expect(await page.locator('ol.timeline > li').last().innerText()).toContain('Cancelled');
  });

  it('shows the problem when Fintecture cannot be reached', async () => {
    const session = await createSession(`order-refresh-${Date.now()}`);
    await page.goto(`${t.url}/admin/sessions/${session.id}`);
    await page.getByRole('button', { name: 'Refresh from Fintecture' }).waitFor();
    await injectFault(t.url, { route: 'get_payment', kind: '500', count: 5 });
    try {
      await page.getByRole('button', { name: 'Refresh from Fintecture' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Refresh failed' });
      await alert.waitFor();
      const text = await alert.innerText();
      expect(text).toMatch(/502 upstream_unavailable/);
      expect(text).toMatch(/Request id [0-9a-f-]{36}/);
    } finally {
      await request(t.url).delete('/emulator/faults');
    }
    await page.getByRole('button', { name: 'Refresh from Fintecture' }).click();
    await page.getByText('Refreshed from Fintecture.').waitFor();
  });

  it('starts a reconciliation run and sees it finish', async () => {
    const before = (await request(t.url).get('/v1/admin/reconciliation-runs').set(adminAuth).expect(200)).body.data.length;
    await page.getByRole('link', { name: 'Reconciliation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reconciliation' }).waitFor();
    await page.getByText('No reconciliation run yet.').waitFor();
    expect(await page.getByLabel('Every open session (not final)').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Run now' }).click();
    const result = page.locator('#run-result');
    await result.waitFor({ timeout: 30_000 });
    const runs = (await request(t.url).get('/v1/admin/reconciliation-runs').set(adminAuth).expect(200)).body.data;
    expect(runs).toHaveLength(before + 1);
    const run = runs[0];
    expect(run.status).not.toBe('running');
    expect(await result.innerText()).toContain(`${run.checked} checked, ${run.changed} changed`);
    await page.locator(`tr[data-id="${run.id}"]`).waitFor();
    await result.getByRole('link', { name: 'See the run' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reconciliation run' }).waitFor();
    await page.getByRole('heading', { name: 'Summary' }).waitFor();
    expect(await page.locator('dl.fields').innerText()).toMatch(/Trigger\s+API/);
  });

  it('overview: today and the last 7 days by outcome, open sessions by age, the last runs', async () => {
    await page.getByRole('link', { name: 'Overview' }).click();
    const week = page.getByRole('region', { name: 'Last 7 days by outcome' });
    await week.locator('tbody tr:not(.skeleton-row)').first().waitFor();
    const paidGbp = gbp.filter((s) => s.outcome === 'paid');
    const paidRow = await week.locator('tbody tr', { has: page.locator('.badge', { hasText: /^Paid$/ }) }).innerText();
    // Twenty paid GBP rows and the one paid on the payer page.
    expect(paidRow).toContain(String(paidGbp.length + 1));
    expect(paidRow).toContain(
      new Intl.NumberFormat(LOCALE, { style: 'currency', currency: 'GBP' }).format(paidGbp.reduce((sum, s) => sum + s.amountMinor, 0) / 100),
    );
    expect(paidRow).toContain('€42.50');

    const openOutcomes = OPEN_OUTCOMES.join(',');
    const open = (await request(t.url).get(`/v1/admin/payment-sessions?outcome=${openOutcomes}&limit=200`).set(adminAuth).expect(200)).body.data;
    const ages = page.getByRole('region', { name: 'Open sessions by age' });
    expect(await ages.locator('tbody tr').first().innerText()).toMatch(new RegExp(`under 1 hour\\s+${open.length}\\b`));
    const runs = page.getByRole('region', { name: 'Last reconciliation runs' });
    expect(await runs.locator('tbody tr').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-overview.png') });

    // Each figure leads to the sessions behind it.
    await ages.getByRole('link', { name: 'under 1 hour' }).click();
    await page.getByText(`Page 1 · ${open.length} sessions`).waitFor();
    expect(new URL(page.url()).searchParams.get('outcome')).toBe(openOutcomes);
  });

  it('refuses a state-changing request that carries the cookie but not the CSRF token', async () => {
    const cookie = await sessionCookie(context);
    const target = await createSession(`order-csrf-${Date.now()}`);
    const runsBefore = (await request(t.url).get('/v1/admin/reconciliation-runs').set(adminAuth).expect(200)).body.data.length;

    const forged = await request(t.url).post(`/admin/api/payment-sessions/${target.id}/cancel`).set('Cookie', cookie).expect(403);
    expect(forged.body).toMatchObject({ code: 'csrf_failed', status: 403 });
    await request(t.url).post(`/admin/api/payment-sessions/${target.id}/cancel`).set('Cookie', cookie).set('X-CSRF-Token', 'guessed').expect(403);
    await request(t.url).post('/v1/admin/reconciliation-runs').set('Cookie', cookie).send({ scope: 'open' }).expect(403);
    await request(t.url).post('/admin/logout').set('Cookie', cookie).expect(403);
    await outcomeEventually(target.id, 'awaiting_payer');
    expect((await request(t.url).get('/v1/admin/reconciliation-runs').set(adminAuth).expect(200)).body.data).toHaveLength(runsBefore);

    // The same cookie reads, and with the page's token it acts; it never opens a merchant route.
    await request(t.url).get('/v1/admin/payment-sessions?limit=1').set('Cookie', cookie).expect(200);
    const { csrf_token } = (await request(t.url).get('/admin/session').set('Cookie', cookie).expect(200)).body;
    await request(t.url).post(`/admin/api/payment-sessions/${target.id}/refresh`).set('Cookie', cookie).set('X-CSRF-Token', csrf_token).expect(200);
    await request(t.url).get(`/v1/payment-sessions/${target.id}`).set('Cookie', cookie).expect(403);
  });

  it('is readable at a phone width', async () => {
    const phone = await context.newPage();
    const phoneProblems = watchPage(phone);
    await phone.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/admin', '/admin/sessions?currency=GBP', `/admin/sessions/${gbp[0].id}`, '/admin/reconciliation']) {
      await phone.goto(`${t.url}${path}`);
      await phone.locator('main h1').waitFor();
      await phone.waitForLoadState('networkidle');
      // Wide tables scroll inside their own region; the page itself never scrolls sideways.
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
    }
    await phone.close();
    expect(phoneProblems).toEqual([]);
  });

  it('an expired session goes back to the login with a message, then to the page asked for', async () => {
    const other = await newContext();
    const otherPage = await other.newPage();
    const otherProblems = watchPage(otherPage);
    await other.addCookies([{ name: 'admin_session', value: staleCookie(31), url: t.url, httpOnly: true, sameSite: 'Strict' }]);
    await request(t.url)
      .get('/v1/admin/payment-sessions')
      .set('Cookie', `admin_session=${staleCookie(31)}`)
      .expect(401);
    await otherPage.goto(`${t.url}/admin/sessions?currency=GBP`);
    await otherPage.getByText('Your session has expired. Sign in again to continue.').waitFor();
    expect(new URL(otherPage.url()).searchParams.get('next')).toBe('/admin/sessions?currency=GBP');
    await signIn(otherPage, ADMIN_KEY);
    await otherPage.getByRole('heading', { level: 1, name: 'Sessions' }).waitFor();
    expect(otherPage.url()).toBe(`${t.url}/admin/sessions?currency=GBP`);

    // Expiring while a page is open: the next call answers 401 and the page says why.
    await other.addCookies([{ name: 'admin_session', value: staleCookie(45), url: t.url, httpOnly: true, sameSite: 'Strict' }]);
    await otherPage.getByRole('link', { name: 'Reconciliation' }).click();
    await otherPage.getByText('Your session has expired. Sign in again to continue.').waitFor();
    await other.close();
    expect(otherProblems).toEqual([]);
  });

  it('logout ends the session, also for a copy of its cookie', async () => {
    await page.goto(`${t.url}/admin`);
    const cookie = await sessionCookie(context);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByText('You are signed out.').waitFor();
    expect(await context.cookies(t.url)).toEqual([]);
    await request(t.url).get('/v1/admin/payment-sessions').set('Cookie', cookie).expect(401);
    expect((await request(t.url).get('/admin/session').set('Cookie', cookie).expect(200)).body).toEqual({
      authenticated: false,
      reason: 'signed_out',
    });
    await page.goto(`${t.url}/admin/sessions`);
    await page.getByLabel('Admin key').waitFor();
  });
});
