import { MalformedWebhookBody, parseWebhookBody } from './webhook-payload';

const form = (text: string) => parseWebhookBody(Buffer.from(text, 'utf8'), 'application/x-www-form-urlencoded');

describe('parseWebhookBody', () => {
  it('reads the form of fintecture-api.md §6.2', () => {
    const payload = form(
      'session_id=7d3f0c1e9a2b4c5d8e6f0a1b2c3d4e5f&status=payment_created&transfer_state=received&type=PayByBank&amount=42.50&state=order-2026-0042&provider=demobank&customer_id=0a1b&event=payment_session.status.payment_created',
    );
    expect(payload).toMatchObject({
      sessionId: '7d3f0c1e9a2b4c5d8e6f0a1b2c3d4e5f',
      status: 'payment_created',
      transferState: 'received',
      type: 'PayByBank',
      amount: '42.50',
      state: 'order-2026-0042',
      provider: 'demobank',
      event: 'payment_session.status.payment_created',
      receivedAmount: null,
      receivedAmountMinor: null,
    });
  });

  it('decodes + and %20 alike and keeps the first of a repeated field', () => {
    const payload = form('state=order+2026%200042&status=payment_partial&status=payment_created&received_amount=10.5');
    expect(payload.state).toBe('order 2026 0042');
    expect(payload.status).toBe('payment_partial');
    expect(payload.receivedAmountMinor).toBe(1050);
  });

  it('reads a flat JSON body, amounts as strings or numbers', () => {
    const payload = parseWebhookBody(
      Buffer.from(JSON.stringify({ session_id: 'abc', status: 'payment_partial', transfer_state: 'insufficient', received_amount: 12.3 })),
      'application/json',
    );
    expect(payload).toMatchObject({
      sessionId: 'abc',
      status: 'payment_partial',
      transferState: 'insufficient',
      receivedAmount: '12.30',
      receivedAmountMinor: 1230,
    });
  });

  it('reads the meta/data shape of the payments API', () => {
    const payload = parseWebhookBody(
      Buffer.from(
        JSON.stringify({
          meta: { session_id: 'abc', status: 'payment_created' },
          data: { transfer_state: 'received', attributes: { amount: '5.00' } },
        }),
      ),
      'application/json; charset=utf-8',
    );
    expect(payload).toMatchObject({ sessionId: 'abc', status: 'payment_created', transferState: 'received', amount: '5.00' });
  });

  it('takes a body that looks like JSON as JSON whatever its content type', () => {
    expect(parseWebhookBody(Buffer.from('{"session_id":"x","status":"payment_pending"}'), undefined).status).toBe('payment_pending');
  });

  it('reads refund notices', () => {
    const payload = form('session_id=refund1&refunded_session_id=orig1&type=Refund&status=payment_created&amount=10.00');
    expect(payload).toMatchObject({ type: 'Refund', refundedSessionId: 'orig1', sessionId: 'refund1', amount: '10.00' });
  });

  it.each(['{"status":', '[1,2]', '"text"'])('refuses the JSON %s', (text) => {
    expect(() => parseWebhookBody(Buffer.from(text), 'application/json')).toThrow(MalformedWebhookBody);
  });

  it('ignores empty, non-text and oversized values', () => {
    const payload = parseWebhookBody(Buffer.from(JSON.stringify({ session_id: '', status: 42, state: 'x'.repeat(513) })), 'application/json');
    expect(payload).toMatchObject({ sessionId: null, status: null, state: null });
  });
});
