import { createHash } from 'node:crypto';
import { emulatorSessionFixture } from '../../test/support/emulator-session-fixture';
import { EmulatorSession } from './emulator-model';
import { escapeHtml, PAYER_PAGE_STYLE_HASH, payerPageCsp, renderPayerPage } from './payer-page';

// Its own ids and addresses: the page and its CSP echo them.
const session = (overrides: Partial<EmulatorSession> = {}): EmulatorSession =>
  emulatorSessionFixture({
    id: '0123456789abcdef0123456789abcdef',
    createdAt: '2026-01-15T09:30:00.000Z',
    updatedAt: '2026-01-15T09:30:00.000Z',
    state: 'o-42',
    redirectUri: 'https://shop.example/back?x=1',
    originUri: 'https://cart.example/basket',
    psuName: 'Jeanne',
    ...overrides,
  });

describe('the payer page', () => {
  it('escapes every echoed value', () => {
    const html = renderPayerPage({
      session: session({ communication: '<script>alert("x")</script>', psuName: `O'Brien & "Co"` }),
      merchantName: '<b>shop</b>',
      basePath: '/emulator',
    });
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('O&#39;Brien &amp; &quot;Co&quot;');
    expect(html).toContain('&lt;b&gt;shop&lt;/b&gt;');
    expect(escapeHtml('`')).toBe('&#96;');
  });

  it('has one form per session whose buttons post to /emulator/connect/{id}/{action}', () => {
    const html = renderPayerPage({ session: session(), merchantName: 'Shop', basePath: '/emulator' });
    const id = '0123456789abcdef0123456789abcdef';
    expect(html).toContain(`<form method="post" action="/emulator/connect/${id}/pay">`);
    for (const action of ['pay_less', 'pay_more', 'refuse', 'abandon']) {
      expect(html).toContain(`formaction="/emulator/connect/${id}/${action}"`);
    }
    expect(html).toContain('value="21.25"');
    expect(html).toContain('value="46.75"');
    expect(html).toContain('Demo Bank');
  });

  it('shows no buttons once the session is closed', () => {
    const html = renderPayerPage({ session: session({ status: 'payment_created' }), merchantName: 'Shop', basePath: '/emulator' });
    expect(html).not.toContain('<form');
    expect(html).toContain('payment_created');
  });

  it('pins its only style block by hash, allows no script, and lets forms reach the merchant only', () => {
    const html = renderPayerPage({ session: session(), merchantName: 'Shop', basePath: '/emulator' });
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] as string;
    expect(`sha256-${createHash('sha256').update(style).digest('base64')}`).toBe(PAYER_PAGE_STYLE_HASH);
    const csp = payerPageCsp(session());
    expect(csp).toContain(`style-src '${PAYER_PAGE_STYLE_HASH}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self' https://shop.example https://cart.example");
    expect(csp).not.toContain('script-src');
  });
});
