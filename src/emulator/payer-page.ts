import { createHash } from 'node:crypto';
import { AWAITING_PAYER_STATUSES, DEMO_BANKS, EmulatorSession, METHOD_LABELS } from './emulator-model';
import { defaultWrongAmounts } from './emulator-session-rules';

/** Every value a page echoes goes through here, the session's data being the merchant's and the payer's. */
export function escapeHtml(value: string | number | null | undefined): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/`/g, '&#96;');
}

const STYLE = `
:root { color-scheme: light; --ink: #1d2433; --muted: #5b6475; --line: #e3e7ef; --accent: #3848d8; --bad: #b42318; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f4f6fb; }
main { max-width: 34rem; margin: 2rem auto; padding: 2rem; background: #fff; border: 1px solid var(--line); border-radius: 12px; }
.badge { display: inline-block; margin: 0 0 1rem; padding: .2rem .6rem; font-size: .8rem; color: #7a4b00; background: #fff4d6; border-radius: 999px; }
h1 { margin: 0 0 1rem; font-size: 1.6rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0 0 1.5rem; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
code { font-size: .85rem; }
fieldset { margin: 0 0 1rem; padding: .8rem 1rem; border: 1px solid var(--line); border-radius: 8px; }
legend { padding: 0 .3rem; color: var(--muted); font-size: .9rem; }
label.choice { display: block; padding: .2rem 0; }
.actions { display: grid; gap: .7rem; }
.row { display: flex; gap: .5rem; align-items: center; }
.row label { flex: 1; color: var(--muted); font-size: .9rem; }
.row input { width: 7rem; margin-left: .4rem; padding: .35rem; border: 1px solid var(--line); border-radius: 6px; font: inherit; }
button { padding: .6rem 1rem; font: inherit; border-radius: 8px; border: 1px solid var(--line); background: #fff; color: var(--ink); cursor: pointer; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; font-weight: 600; }
button.danger { color: var(--bad); border-color: #f3c1bc; }
button.quiet { border: none; color: var(--muted); text-decoration: underline; }
.note { color: var(--muted); font-size: .9rem; }
`;

export const PAYER_PAGE_STYLE_HASH = `sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}`;

function originOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * No script at all, styles pinned by hash, and forms allowed to post here and to be redirected
 * to the merchant's own pages only (browsers apply form-action to the redirect that follows).
 */
export function payerPageCsp(session?: EmulatorSession | null): string {
  const formTargets = new Set(["'self'"]);
  for (const url of [session?.redirectUri ?? null, session?.originUri ?? null]) {
    const origin = originOf(url);
    if (origin) formTargets.add(origin);
  }
  return [
    "default-src 'none'",
    `style-src '${PAYER_PAGE_STYLE_HASH}'`,
    `form-action ${[...formTargets].join(' ')}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function layout(title: string, content: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="badge">Fintecture emulator: test payments only, no money moves</p>
${content}
</main>
</body>
</html>
`;
}

function details(session: EmulatorSession, merchantName: string): string {
  const rows: Array<[string, string]> = [
    ['Merchant', escapeHtml(merchantName)],
    ['Amount', `${escapeHtml(session.amount)} ${escapeHtml(session.currency)}`],
  ];
  if (session.communication) rows.push(['Reference', escapeHtml(session.communication)]);
  if (session.psuCompany) rows.push(['Payer', `${escapeHtml(session.psuName)}, ${escapeHtml(session.psuCompany)}`]);
  else if (session.psuName) rows.push(['Payer', escapeHtml(session.psuName)]);
  if (session.virtualBeneficiary && session.paymentMethods.includes('smart_transfer')) {
    rows.push(['Transfer to', `<code>${escapeHtml(session.virtualBeneficiary.iban)}</code> (${escapeHtml(session.virtualBeneficiary.swift_bic)})`]);
  }
  if (session.expiresAt) rows.push(['Expires', escapeHtml(session.expiresAt)]);
  rows.push(['Session', `<code>${escapeHtml(session.id)}</code>`]);
  rows.push(['Status', `<code>${escapeHtml(session.status)}</code>`]);
  return `<dl>\n${rows.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('\n')}\n</dl>`;
}

export interface PayerPageInput {
  session: EmulatorSession;
  merchantName: string;
  /** Path of the emulator's routes on this host, e.g. /emulator. */
  basePath: string;
}

/** The page a payer lands on from meta.url. Buttons are plain forms: no script is needed or allowed. */
export function renderPayerPage({ session, merchantName, basePath }: PayerPageInput): string {
  const title = `Pay ${session.amount} ${session.currency}`;
  if (!AWAITING_PAYER_STATUSES.has(session.status)) {
    return layout(
      title,
      `<h1>${escapeHtml(title)}</h1>\n${details(session, merchantName)}\n<p class="note">This payment session is closed (${escapeHtml(session.status)}); there is nothing left to do here.</p>`,
    );
  }
  const action = (name: string) => escapeHtml(`${basePath}/connect/${encodeURIComponent(session.id)}/${name}`);
  const { less: lessDefault, more: moreDefault } = defaultWrongAmounts(session.amount);
  const preselected = DEMO_BANKS.some((bank) => bank.id === session.connectHeaders['x-provider'])
    ? session.connectHeaders['x-provider']
    : DEMO_BANKS[0].id;
  const banks = DEMO_BANKS.map(
    (bank) =>
      `<label class="choice"><input type="radio" name="provider" value="${escapeHtml(bank.id)}"${bank.id === preselected ? ' checked' : ''}> ${escapeHtml(bank.name)}</label>`,
  ).join('\n');
  const methods =
    session.paymentMethods.length > 1
      ? `<fieldset>\n<legend>Payment method</legend>\n${session.paymentMethods
          .map(
            (method, index) =>
              `<label class="choice"><input type="radio" name="method" value="${escapeHtml(method)}"${index === 0 ? ' checked' : ''}> ${escapeHtml(METHOD_LABELS[method])}</label>`,
          )
          .join('\n')}\n</fieldset>`
      : '';
  const onlyBnpl = session.paymentMethods.length === 1 && session.paymentMethods[0] === 'bnpl';
  const partial = onlyBnpl
    ? ''
    : `<div class="row"><label>Amount actually paid <input name="received_amount_less" inputmode="decimal" value="${escapeHtml(lessDefault)}"></label><button type="submit" formaction="${action('pay_less')}">Pay less</button></div>
<div class="row"><label>Amount actually paid <input name="received_amount_more" inputmode="decimal" value="${escapeHtml(moreDefault)}"></label><button type="submit" formaction="${action('pay_more')}">Pay more</button></div>`;
  const content = `<h1>${escapeHtml(title)}</h1>
${details(session, merchantName)}
<form method="post" action="${action('pay')}">
${methods}
<fieldset>
<legend>Your bank</legend>
${banks}
</fieldset>
<div class="actions">
<button type="submit" class="primary">Pay ${escapeHtml(session.amount)} ${escapeHtml(session.currency)}</button>
${partial}
<button type="submit" class="danger" formaction="${action('refuse')}">Refuse the payment</button>
<button type="submit" class="quiet" formaction="${action('abandon')}">Abandon and go back to the shop</button>
</div>
</form>`;
  return layout(title, content);
}

/** Shown after an action when the merchant gave no redirect_uri (Fintecture would use the Console's default). */
export function renderResultPage(session: EmulatorSession, merchantName: string): string {
  const title = `Payment ${session.status}`;
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1>\n${details(session, merchantName)}\n<p class="note">No redirect_uri was given for this session; you can close this window.</p>`,
  );
}

export function renderErrorPage(status: number, message: string): string {
  return layout(`Error ${status}`, `<h1>${escapeHtml(`Error ${status}`)}</h1>\n<p>${escapeHtml(message)}</p>`);
}

/**
 * A stand-in for the merchant's return page (`redirect_uri`), so a journey on a fresh machine
 * ends somewhere readable: it shows what Fintecture appends to the redirect.
 */
export function renderShopReturnPage(query: Record<string, string | undefined>): string {
  const rows = (['session_id', 'status', 'state'] as const).map((name) => `<dt>${name}</dt><dd><code>${escapeHtml(query[name] ?? '—')}</code></dd>`);
  return layout(
    'Back at the shop',
    `<h1>Back at the shop</h1>\n<dl>\n${rows.join('\n')}\n</dl>\n<p class="note">This is the emulator's stand-in for your shop's return page: Fintecture sends the payer back to <code>redirect_uri</code> with these parameters. The session's outcome comes from the webhook, not from this redirect.</p>`,
  );
}
