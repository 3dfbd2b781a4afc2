import { fintectureRefusal } from '../../test/support/emulator-session-fixture';
import { validatePaymentPatch, validateRefund } from './emulator-payment-validation';
import { validateConnect } from './emulator-validation';

const body = () => ({
  meta: { psu_name: 'Jeanne Dupré', psu_email: 'jeanne@example.org', psu_ip: '203.0.113.7' },
  data: { type: 'PIS', attributes: { amount: '42.50', currency: 'EUR', communication: 'ORDER-42' } },
});

const refusal = fintectureRefusal;

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
    // The company is insured, so it is named; its SIREN is not required (Magento sends none).
    expect(error.items.map((item) => item.message)).toEqual(['meta.psu_company has not been defined']);

    const hub = body() as { meta: Record<string, unknown> };
    hub.meta.payment_methods = [
      { id: 'bnpl', order: 3 },
      { id: 'immediate_transfer', order: 1 },
      { id: 'smart_transfer', order: 2 },
    ];
    hub.meta.psu_company = 'ACME';
    hub.meta.psu_incorporation = '000000000';
    expect(validateConnect(hub, new URLSearchParams(), {}).paymentMethods).toEqual(['immediate_transfer', 'smart_transfer', 'bnpl']);
  });

  it('refuses a body that is not an object', () => {
    expect(refusal(() => validateConnect([], new URLSearchParams(), {})).httpStatus).toBe(400);
  });
});

type Payload = { meta: Record<string, unknown>; data: Record<string, unknown> & { attributes: Record<string, unknown> } };
const payload = (change: (p: Payload) => void): Payload => {
  const p = body() as unknown as Payload;
  change(p);
  return p;
};

describe('validateConnect takes what the sandbox takes from official clients (fintecture-api.md §12)', () => {
  it.each<[string, Payload, Record<string, unknown>]>([
    ['amount as a JSON number 125 (JS SDK fixture)', payload((p) => (p.data.attributes.amount = 125)), { amount: '125' }],
    ['amount as a JSON number 1 (JS SDK fixture)', payload((p) => (p.data.attributes.amount = 1)), { amount: '1' }],
    ['amount as a JSON number 42.5 (JS SDK)', payload((p) => (p.data.attributes.amount = 42.5)), { amount: '42.5' }],
    ['amount "10" and "10.5" (Magento)', payload((p) => (p.data.attributes.amount = '10.5')), { amount: '10.5' }],
    [
      'payment_methods ordered from 0 (JS SDK 2.5.3)',
      payload(
        (p) =>
          (p.meta.payment_methods = [
            { id: 'smart_transfer', order: 1 },
            { id: 'immediate_transfer', order: 0 },
          ]),
      ),
      { paymentMethods: ['immediate_transfer', 'smart_transfer'] },
    ],
    ['expiry as a digit string (JS SDK)', payload((p) => (p.meta.expiry = '3600')), { expirySeconds: 3600 }],
    ['psu_company null (Magento, a private customer)', payload((p) => (p.meta.psu_company = null)), { psuCompany: null }],
    [
      'reconciliation by key with match_amount (Magento)',
      payload((p) => (p.meta.reconciliation = { level: 'key', key: 'CUST-881', match_amount: true })),
      { paymentMethods: ['smart_transfer'] },
    ],
    [
      'BNPL with net_amount and no psu_incorporation (Magento)',
      payload((p) => {
        p.meta.payment_methods = [{ id: 'bnpl' }];
        p.meta.psu_company = 'ACME SAS';
        p.data.attributes.net_amount = '35.42';
      }),
      { paymentMethods: ['bnpl'], bnplRequested: true, psuCompany: 'ACME SAS', psuIncorporation: null },
    ],
    ['no psu_ip (Ruby SDK sandbox spec)', payload((p) => delete p.meta.psu_ip), { psuName: 'Jeanne Dupré' }],
    ['a psu_ip that is no address (JS SDK fixture)', payload((p) => (p.meta.psu_ip = '123.456.789.123')), {}],
    [
      'psu_address with name and a lower-case country (JS IAddress, Ruby SDK)',
      payload(
        (p) => (p.meta.psu_address = { name: 'Jeanne Dupré', street: 'rue des Lilas', number: '12', zip: '75011', city: 'Paris', country: 'fr' }),
      ),
      {},
    ],
    ['psu_phone "" (Magento)', payload((p) => Object.assign(p.meta, { psu_phone: '', psu_phone_prefix: '+33' })), {}],
    ['data.type SEPA (JS SDK)', payload((p) => (p.data.type = 'SEPA')), {}],
    ['data.type connect (Python, Odoo)', payload((p) => (p.data.type = 'connect')), {}],
    ['data.type PAYMENT (Magento 1)', payload((p) => (p.data.type = 'PAYMENT')), {}],
    ['no data.type (Magento 2, Ruby SDK)', payload((p) => delete p.data.type), {}],
    [
      'debited_account_type "iban" (Ruby SDK)',
      payload((p) => Object.assign(p.data.attributes, { debited_account_id: 'FR76…', debited_account_type: 'iban' })),
      {},
    ],
    [
      'every other documented field (JS SDK IMeta, custom, target_env)',
      payload((p) => Object.assign(p.meta, { psu_form: 'SAS', psu_local_id: 'x', custom: { order: 42 }, target_env: 'sandbox' })),
      {},
    ],
  ])('%s', (_name, input, expected) => {
    expect(validateConnect(input, new URLSearchParams('state=s-1'), { 'x-country': 'fr' })).toMatchObject(expected);
  });
});

describe('validateConnect still refuses real mistakes, naming the field', () => {
  it.each<[string, Payload, string, string]>([
    ['a wrong currency', payload((p) => (p.data.attributes.currency = 'USD')), 'data.attributes.currency', 'invalid_field'],
    ['a lower-case currency', payload((p) => (p.data.attributes.currency = 'eur')), 'data.attributes.currency', 'invalid_field'],
    ['three decimals', payload((p) => (p.data.attributes.amount = '42.505')), 'data.attributes.amount', 'invalid_field'],
    ['three decimals as a JSON number', payload((p) => (p.data.attributes.amount = 42.505)), 'data.attributes.amount', 'invalid_field'],
    ['an amount in exponent form', payload((p) => (p.data.attributes.amount = 1e21)), 'data.attributes.amount', 'invalid_field'],
    ['an amount with spaces', payload((p) => (p.data.attributes.amount = ' 42.50')), 'data.attributes.amount', 'invalid_field'],
    ['a zero amount', payload((p) => (p.data.attributes.amount = 0)), 'data.attributes.amount', 'invalid_field'],
    ['a misspelt attribute', payload((p) => (p.data.attributes.comunication = 'ORDER-42')), 'data.attributes.comunication', 'invalid_field'],
    ['a misspelt meta field', payload((p) => (p.meta.psu_emial = 'x@example.org')), 'meta.psu_emial', 'invalid_field'],
    ['a misspelt top-level field', payload((p) => Object.assign(p, { metas: {} })), 'metas', 'invalid_field'],
    [
      'a misspelt address field',
      payload((p) => (p.meta.psu_address = { street: 's', zip: 'z', city: 'c', country: 'FR', zipcode: 'z' })),
      'meta.psu_address.zipcode',
      'invalid_field',
    ],
    [
      'a misspelt reconciliation field',
      payload((p) => (p.meta.reconciliation = { level: 'payer', match_ammount: true })),
      'meta.reconciliation.match_ammount',
      'invalid_field',
    ],
    [
      'a misspelt payment method field',
      payload((p) => (p.meta.payment_methods = [{ id: 'immediate_transfer', ordre: 1 }])),
      'meta.payment_methods[0].ordre',
      'invalid_field',
    ],
    [
      'a misspelt beneficiary field',
      payload((p) => (p.data.attributes.beneficiary = { name: 'B', ibn: 'FR76' })),
      'data.attributes.beneficiary.ibn',
      'invalid_field',
    ],
    ['a missing payer email', payload((p) => delete p.meta.psu_email), 'meta.psu_email', 'mandatory_field_missing'],
    [
      'a negative order',
      payload((p) => (p.meta.payment_methods = [{ id: 'immediate_transfer', order: -1 }])),
      'meta.payment_methods[0].order',
      'invalid_field',
    ],
    [
      'a 3-letter country',
      payload((p) => (p.meta.psu_address = { street: 's', zip: 'z', city: 'c', country: 'FRA' })),
      'meta.psu_address.country',
      'invalid_field',
    ],
    ['a psu_ip that is not text', payload((p) => (p.meta.psu_ip = 2130706433)), 'meta.psu_ip', 'invalid_field'],
    [
      'a match_amount that is not a boolean',
      payload((p) => (p.meta.reconciliation = { level: 'payment_session', match_amount: 'yes' })),
      'meta.reconciliation.match_amount',
      'invalid_field',
    ],
  ])('%s', (_name, input, field, code) => {
    const error = refusal(() => validateConnect(input, new URLSearchParams(), {}));
    expect(error.items).toEqual([
      expect.objectContaining({ code, message: expect.stringMatching(new RegExp(`^${field.replace(/[[\].]/g, '\\$&')} `)) }),
    ]);
  });

  it('a 513-character state', () => {
    const error = refusal(() => validateConnect(body(), new URLSearchParams({ state: 's'.repeat(513) }), {}));
    expect(error.items).toEqual([expect.objectContaining({ code: 'invalid_field', message: 'state must be 1 to 512 characters' })]);
    expect(validateConnect(body(), new URLSearchParams({ state: 's'.repeat(512) }), {}).state).toHaveLength(512);
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
