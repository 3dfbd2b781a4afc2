import request from 'supertest';
import { PAYMENT_SESSION_EXAMPLES } from '../src/payments/dto/payment-session.examples';
import { merchantAuth, startTestApp, TestApp } from './support/test-app';
import { outcomeEventually } from './support/session-api-calls';

/**
 * The whole journey a person makes, through the real service and the emulator: create a session,
 * open its url, press a button on the payer page (the request the button's form makes, fields
 * and all), follow the redirect, and read the outcome the webhook brought.
 */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const unescape = (html: string) =>
  html
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

interface PayerPage {
  html: string;
  /** Button label → the URL its form posts to. */
  buttons: Map<string, string>;
  /** The fields a browser would submit: text inputs' values and the checked radios. */
  fields: Record<string, string>;
}

function readPayerPage(html: string): PayerPage {
  const form = /<form[^>]*method="post"[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error('no form on the payer page');
  const buttons = new Map<string, string>();
  for (const m of form[2].matchAll(/<button([^>]*)>([\s\S]*?)<\/button>/gi)) {
    const formaction = /formaction="([^"]+)"/.exec(m[1]);
    buttons.set(m[2].replace(/<[^>]+>/g, '').trim(), unescape(formaction ? formaction[1] : form[1]));
  }
  const fields: Record<string, string> = {};
  for (const m of form[2].matchAll(/<input([^>]*)>/gi)) {
    const name = /name="([^"]+)"/.exec(m[1])?.[1];
    const value = unescape(/value="([^"]*)"/.exec(m[1])?.[1] ?? '');
    const radio = /type="radio"/.test(m[1]);
    if (!name || (radio && !/\schecked/.test(m[1]))) continue;
    fields[name] = value;
  }
  return { html, buttons, fields };
}

async function startJourney(amount = '42.50') {
  const example = structuredClone(PAYMENT_SESSION_EXAMPLES.immediate_transfer);
  example.body.data.attributes.amount = amount;
  const query = new URLSearchParams({
    state: `journey-${Date.now()}`,
    redirect_uri: 'https://shop.example.com/return',
    origin_uri: 'https://shop.example.com/cart',
  });
  const created = await request(t.url).post(`/v1/payment-sessions?${query}`).set(merchantAuth).send(example.body).expect(201);
  const url = new URL(created.body.url);
  expect(url.pathname).toBe(`/emulator/connect/${created.body.session_id}`);
  const page = await request(t.url).get(url.pathname).expect(200);
  expect(page.headers['content-type']).toMatch(/text\/html/);
  return { session: created.body, page: readPayerPage(page.text), state: query.get('state') as string };
}

async function press(page: PayerPage, label: RegExp, fields: Record<string, string> = {}) {
  const target = [...page.buttons.entries()].find(([text]) => label.test(text));
  if (!target) throw new Error(`no button ${label} among ${[...page.buttons.keys()].join(', ')}`);
  const action = new URL(target[1], t.url);
  return request(t.url)
    .post(action.pathname + action.search)
    .type('form')
    .send(new URLSearchParams({ ...page.fields, ...fields }).toString());
}

describe('the payer journey, end to end', () => {
  it('shows the amount, the communication and the buttons', async () => {
    const { page, session } = await startJourney();
    expect(page.html).toContain('42.50');
    expect(page.html).toContain(session.communication);
    for (const label of [/^Pay [0-9]/i, /Pay less/i, /Pay more/i, /Refuse/i, /Abandon/i]) {
      expect([...page.buttons.keys()].some((text) => label.test(text))).toBe(true);
    }
  });

  it('pay: redirected to the shop, and the session reads paid', async () => {
    const { page, session, state } = await startJourney();
    const res = await press(page, /^Pay [0-9]/i);
    expect([302, 303]).toContain(res.status);
    const location = new URL(res.headers.location);
    expect(location.origin + location.pathname).toBe('https://shop.example.com/return');
    expect(Object.fromEntries(location.searchParams)).toMatchObject({ session_id: session.session_id, status: 'payment_created', state });
    const paid = await outcomeEventually(t.url, session.id, 'paid');
    expect(paid).toMatchObject({ status: 'payment_created', transfer_state: 'received' });
  });

  it('pay less: partially paid, with the amount received', async () => {
    const { page, session } = await startJourney('100.00');
    const res = await press(page, /Pay less/i, { received_amount_less: '60.00' });
    expect([302, 303]).toContain(res.status);
    expect(new URL(res.headers.location).searchParams.get('status')).toBe('payment_partial');
    const partial = await outcomeEventually(t.url, session.id, 'partially_paid');
    expect(partial).toMatchObject({ status: 'payment_partial', transfer_state: 'insufficient', received_amount: '60.00' });
  });

  it('pay more: overpaid, with the amount received', async () => {
    const { page, session } = await startJourney('100.00');
    await press(page, /Pay more/i, { received_amount_more: '130.00' });
    const over = await outcomeEventually(t.url, session.id, 'overpaid');
    expect(over).toMatchObject({ status: 'payment_created', transfer_state: 'overpaid', received_amount: '130.00' });
  });

  it('refuse: failed', async () => {
    const { page, session } = await startJourney();
    const res = await press(page, /Refuse/i);
    expect(new URL(res.headers.location).searchParams.get('status')).toBe('payment_unsuccessful');
    await outcomeEventually(t.url, session.id, 'failed');
  });

  it('abandon: back to origin_uri, and the session still awaits the payer', async () => {
    const { page, session } = await startJourney();
    const res = await press(page, /Abandon/i);
    expect([302, 303]).toContain(res.status);
    expect(res.headers.location).toMatch(/^https:\/\/shop\.example\.com\/cart/);
    await new Promise((r) => setTimeout(r, 300));
    const after = (await request(t.url).get(`/v1/payment-sessions/${session.id}?refresh=true`).set(merchantAuth).expect(200)).body;
    expect(after.outcome).toBe('awaiting_payer');
  });
});

describe('with EMULATOR_WEBHOOK_FIELDS=minimal: webhooks as Fintecture documents them', () => {
  let minimal: TestApp;

  beforeAll(async () => {
    minimal = await startTestApp({ EMULATOR_WEBHOOK_FIELDS: 'minimal' });
  });
  afterAll(() => minimal?.close());

  async function payOn(app: TestApp, action: 'pay' | 'refuse') {
    const example = structuredClone(PAYMENT_SESSION_EXAMPLES.immediate_transfer);
    const created = await request(app.url).post('/v1/payment-sessions?state=minimal-1').set(merchantAuth).send(example.body).expect(201);
    await request(app.url).post(`/emulator/connect/${created.body.session_id}/${action}`).type('form').send('provider=demobank');
    return created.body as { id: string; session_id: string };
  }

  it.each([
    ['pay', 'payment_created', 'paid'],
    ['refuse', 'payment_unsuccessful', 'failed'],
  ] as const)('%s: the notice carries only the documented fields, and the service applies it (%s → %s)', async (action, status, outcome) => {
    const session = await payOn(minimal, action);
    const updated = await outcomeEventually(minimal.url, session.id, outcome);
    expect(updated.status).toBe(status);
    const deliveries = (await request(minimal.url).get('/emulator/webhooks').expect(200)).body as Array<{
      sessionId: string;
      state: string;
      body: string;
    }>;
    const delivery = deliveries.find((d) => d.sessionId === session.session_id);
    expect(delivery?.state).toBe('delivered');
    expect([...new URLSearchParams(delivery?.body).keys()]).toEqual(['session_id', 'status', 'customer_id', 'provider', 'state', 'event']);
  });
});

describe('the shop return stand-in', () => {
  it('shows what Fintecture appends to redirect_uri, escaped, under a no-script policy', async () => {
    const res = await request(t.url).get('/emulator/shop/return?session_id=abc123&status=payment_created&state=%3Cb%3Eorder-7%3C%2Fb%3E').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.text).toContain('Back at the shop');
    expect(res.text).toContain('<code>abc123</code>');
    expect(res.text).toContain('<code>payment_created</code>');
    expect(res.text).toContain('&lt;b&gt;order-7&lt;/b&gt;');
    expect(res.text).not.toContain('<b>order-7');
  });
});
