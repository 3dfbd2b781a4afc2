import { FintectureApiError } from './emulator-errors';
import { validatePaymentPatch, validateRefund } from './emulator-payment-validation';
import { validateConnect } from './emulator-validation';

const body = () => ({
  meta: { psu_name: 'Jeanne Dupré', psu_email: 'jeanne@example.org', psu_ip: '203.0.113.7' },
  data: { type: 'PIS', attributes: { amount: '42.50', currency: 'EUR', communication: 'ORDER-42' } },
});

function refusal(run: () => unknown): FintectureApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof FintectureApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('validateConnect', () => {
  it('accepts the documented immediate transfer and echoes the amount as written', () => {
    const request = validateConnect(body(), new URLSearchParams('state=o-42&redirect_uri=https%3A%2F%2Fshop.example%2Fback'), {});
    expect(request).toMatchObject({
      amount: '42.50',
      currency: 'EUR',
      paymentMethods: ['immediate_transfer'],
      state: 'o-42',
      redirectUri: 'https://shop.example/back',
      withVirtualBeneficiary: false,
    });
  });

  it('takes a number amount, as the official JS SDK sends one', () => {
    const input = body() as { data: { attributes: Record<string, unknown> } };
    input.data.attributes.amount = 42.5;
    expect(validateConnect(input, new URLSearchParams(), {}).amount).toBe('42.5');
  });

  it("reports every problem at once, in Fintecture's shape", () => {
    const input = body() as unknown as { meta: Record<string, unknown>; data: { attributes: Record<string, unknown> } };
    delete input.meta.psu_email;
    input.data.attributes.amount = '4.255';
    input.data.attributes.currency = 'USD';
    input.meta.expiry = 0;
    const error = refusal(() => validateConnect(input, new URLSearchParams('redirect_uri=javascript:alert(1)'), { 'x-country': 'FRA' }));
    const body400 = error.body();
    expect(error.httpStatus).toBe(400);
    expect(body400).toMatchObject({ status: '400', code: 'bad_request' });
    expect(body400.log_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body400.errors).toEqual(
      expect.arrayContaining([
        { code: 'mandatory_field_missing', title: 'Mandatory Field Missing', message: 'meta.psu_email has not been defined' },
        expect.objectContaining({ code: 'invalid_field', message: expect.stringContaining('data.attributes.amount') }),
        expect.objectContaining({ code: 'invalid_field', message: expect.stringContaining('data.attributes.currency') }),
        expect.objectContaining({ code: 'invalid_field', message: expect.stringContaining('meta.expiry') }),
        expect.objectContaining({ code: 'invalid_field', message: expect.stringContaining('redirect_uri') }),
        expect.objectContaining({ code: 'invalid_field', message: expect.stringContaining('x-country') }),
      ]),
    );
  });

  it('enforces the documented limits: state 512, communication 140, end_to_end_id 35', () => {
    const input = body() as { data: { attributes: Record<string, unknown> } };
    input.data.attributes.communication = 'x'.repeat(141);
    input.data.attributes.end_to_end_id = 'e'.repeat(36);
    const error = refusal(() => validateConnect(input, new URLSearchParams({ state: 's'.repeat(513) }), {}));
    expect(error.items.map((item) => item.message.split(' ')[0]).sort()).toEqual([
      'data.attributes.communication',
      'data.attributes.end_to_end_id',
      'state',
    ]);
  });

  it('derives the methods: smart transfer from reconciliation, BNPL requiring company data', () => {
    const smart = body() as { meta: Record<string, unknown> };
    smart.meta.reconciliation = { level: 'payer' };
    expect(validateConnect(smart, new URLSearchParams(), {}).paymentMethods).toEqual(['smart_transfer']);

    const bnpl = body() as { meta: Record<string, unknown> };
    bnpl.meta.payment_methods = [{ id: 'bnpl' }];
    const error = refusal(() => validateConnect(bnpl, new URLSearchParams(), {}));
    expect(error.items.map((item) => item.message)).toEqual([
      'meta.psu_company has not been defined',
      'meta.psu_incorporation has not been defined',
    ]);

    const hub = body() as { meta: Record<string, unknown> };
    hub.meta.payment_methods = [{ id: 'bnpl', order: 3 }, { id: 'immediate_transfer', order: 1 }, { id: 'smart_transfer', order: 2 }];
    hub.meta.psu_company = 'ACME';
    hub.meta.psu_incorporation = '000000000';
    expect(validateConnect(hub, new URLSearchParams(), {}).paymentMethods).toEqual(['immediate_transfer', 'smart_transfer', 'bnpl']);
  });

  it('refuses a body that is not an object', () => {
    expect(refusal(() => validateConnect([], new URLSearchParams(), {})).httpStatus).toBe(400);
  });
});

describe('validatePaymentPatch and validateRefund', () => {
  it('accepts a cancellation or an invoice reference, nothing else', () => {
    expect(validatePaymentPatch({ meta: { status: 'payment_cancelled' } })).toEqual({ kind: 'cancel' });
    expect(validatePaymentPatch({ data: { attributes: { invoice_reference: '#INV-1' } } })).toEqual({
      kind: 'invoice_reference',
      invoiceReference: '#INV-1',
    });
    expect(refusal(() => validatePaymentPatch({ meta: { status: 'payment_created' } })).items[0].code).toBe('invalid_field');
    expect(refusal(() => validatePaymentPatch({})).items[0].code).toBe('mandatory_field_missing');
  });

  it('needs the session id; the amount is optional', () => {
    expect(validateRefund({ meta: { session_id: 'abc' } }, new URLSearchParams('state=r1'))).toMatchObject({
      sessionId: 'abc',
      amount: null,
      state: 'r1',
    });
    expect(refusal(() => validateRefund({ data: { attributes: { amount: '1.00' } } }, new URLSearchParams())).items[0]).toMatchObject({
      code: 'mandatory_field_missing',
    });
  });
});
