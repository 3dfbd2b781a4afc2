import 'reflect-metadata';
import { Body, BodyCase, BodyFailureCase, bnpl, describeBodyCases, hub, setFields, setMeta, smart } from '../../../test/support/create-session-cases';
import { isBuyNowPayLater } from './payment-session-meta.dto';

const reconciliationFailure = (name: string, reconciliation: Body, field: string, constraint: string, message?: RegExp): BodyFailureCase => ({
  name,
  base: smart,
  mutate: setMeta({ reconciliation }),
  path: `meta.reconciliation.${field}`,
  constraint,
  message,
});

const failures: BodyFailureCase[] = [
  // payer
  { name: 'psu_email without domain', mutate: (b) => (b.meta.psu_email = 'jeanne.dupre@'), path: 'meta.psu_email', constraint: 'isEmail' },
  { name: 'psu_email not an address', mutate: (b) => (b.meta.psu_email = 'jeanne dupré'), path: 'meta.psu_email', constraint: 'isEmail' },
  { name: 'psu_email null', mutate: (b) => (b.meta.psu_email = null), path: 'meta.psu_email', constraint: 'isString' },
  { name: 'psu_name empty', mutate: (b) => (b.meta.psu_name = ''), path: 'meta.psu_name', constraint: 'isNotEmpty' },
  { name: 'psu_name 256 chars', mutate: (b) => (b.meta.psu_name = 'é'.repeat(256)), path: 'meta.psu_name', constraint: 'maxLength' },
  { name: 'psu_name as a number', mutate: (b) => (b.meta.psu_name = 42), path: 'meta.psu_name', constraint: 'isString' },
  { name: 'psu_ip empty', mutate: (b) => (b.meta.psu_ip = ''), path: 'meta.psu_ip', constraint: 'isNotEmpty' },
  { name: 'psu_ip 256 chars', mutate: (b) => (b.meta.psu_ip = '1'.repeat(256)), path: 'meta.psu_ip', constraint: 'maxLength' },
  { name: 'psu_ip as a number', mutate: (b) => (b.meta.psu_ip = 2130706433), path: 'meta.psu_ip', constraint: 'isString' },
  { name: 'psu_phone_prefix without + or 00', mutate: (b) => (b.meta.psu_phone_prefix = '33'), path: 'meta.psu_phone_prefix' },
  { name: 'psu_phone with letters', mutate: (b) => (b.meta.psu_phone = '06 douze'), path: 'meta.psu_phone' },
  { name: 'psu_phone of 33 chars', mutate: (b) => (b.meta.psu_phone = '1'.repeat(33)), path: 'meta.psu_phone', constraint: 'matches' },
  { name: 'optional psu_phone set to null', mutate: (b) => (b.meta.psu_phone = null), path: 'meta.psu_phone', constraint: 'isString' },
  { name: 'psu_company as a number', mutate: (b) => (b.meta.psu_company = 42), path: 'meta.psu_company', constraint: 'isString' },
  { name: 'psu_local_id 256 chars', mutate: (b) => (b.meta.psu_local_id = 'x'.repeat(256)), path: 'meta.psu_local_id', constraint: 'maxLength' },
  { name: 'target_env 256 chars', mutate: (b) => (b.meta.target_env = 'x'.repeat(256)), path: 'meta.target_env', constraint: 'maxLength' },
  // psu_address
  { name: 'psu_address without street', mutate: (b) => delete b.meta.psu_address.street, path: 'meta.psu_address.street' },
  { name: 'psu_address without zip', mutate: (b) => delete b.meta.psu_address.zip, path: 'meta.psu_address.zip' },
  { name: 'psu_address without city', mutate: (b) => delete b.meta.psu_address.city, path: 'meta.psu_address.city' },
  { name: 'psu_address without country', mutate: (b) => delete b.meta.psu_address.country, path: 'meta.psu_address.country' },
  { name: 'psu_address country "FRA"', mutate: (b) => (b.meta.psu_address.country = 'FRA'), path: 'meta.psu_address.country', constraint: 'matches' },
  { name: 'psu_address country "F1"', mutate: (b) => (b.meta.psu_address.country = 'F1'), path: 'meta.psu_address.country', constraint: 'matches' },
  { name: 'psu_address name empty', mutate: (b) => (b.meta.psu_address.name = ''), path: 'meta.psu_address.name', constraint: 'isNotEmpty' },
  { name: 'psu_address as a string', mutate: (b) => (b.meta.psu_address = '12 rue des Lilas'), path: 'meta.psu_address', constraint: 'isObject' },
  {
    name: 'psu_address RTP spelling street_number',
    mutate: (b) => (b.meta.psu_address.street_number = '12'),
    path: 'meta.psu_address.street_number',
    constraint: 'whitelistValidation',
  },
  // expiry
  {
    name: 'expiry as a decimal string',
    mutate: (b) => (b.meta.expiry = '18.5'),
    path: 'meta.expiry',
    constraint: 'isInt',
    message: /string of digits/,
  },
  { name: 'expiry as a string with a unit', mutate: (b) => (b.meta.expiry = '1800s'), path: 'meta.expiry', constraint: 'isInt' },
  { name: 'expiry as a padded string', mutate: (b) => (b.meta.expiry = ' 1800'), path: 'meta.expiry', constraint: 'isInt' },
  { name: 'expiry not an integer', mutate: (b) => (b.meta.expiry = 1.5), path: 'meta.expiry', constraint: 'isInt' },
  { name: 'expiry 0', mutate: (b) => (b.meta.expiry = 0), path: 'meta.expiry', constraint: 'min' },
  { name: 'expiry "0"', mutate: (b) => (b.meta.expiry = '0'), path: 'meta.expiry', constraint: 'min' },
  { name: 'expiry 100000000', mutate: (b) => (b.meta.expiry = 100000000), path: 'meta.expiry', constraint: 'max' },
  { name: 'expiry "100000000"', mutate: (b) => (b.meta.expiry = '100000000'), path: 'meta.expiry', constraint: 'max' },
  { name: 'meta.type other than BuyNowPayLater', mutate: (b) => (b.meta.type = 'PayLater'), path: 'meta.type', constraint: 'isIn' },
  // payment_methods
  {
    name: 'payment_methods as an object',
    mutate: (b) => (b.meta.payment_methods = { id: 'immediate_transfer' }),
    path: 'meta.payment_methods',
    constraint: 'isArray',
  },
  { name: 'payment_methods empty', mutate: (b) => (b.meta.payment_methods = []), path: 'meta.payment_methods', constraint: 'arrayNotEmpty' },
  {
    name: 'payment_methods with the same id twice',
    mutate: (b) => (b.meta.payment_methods = [{ id: 'smart_transfer' }, { id: 'smart_transfer', order: 2 }]),
    path: 'meta.payment_methods',
    constraint: 'arrayUnique',
  },
  {
    name: 'payment_methods of strings',
    mutate: (b) => (b.meta.payment_methods = ['immediate_transfer']),
    path: ['meta.payment_methods', 'meta.payment_methods.0'],
    constraint: 'isObject',
  },
  {
    name: 'payment_methods nested arrays',
    mutate: (b) => (b.meta.payment_methods = [[{ id: 'immediate_transfer' }]]),
    path: 'meta.payment_methods',
    constraint: 'isObject',
  },
  {
    name: 'payment method id unknown',
    mutate: (b) => (b.meta.payment_methods = [{ id: 'card' }]),
    path: 'meta.payment_methods.0.id',
    constraint: 'isIn',
  },
  {
    name: 'payment method id missing',
    mutate: (b) => (b.meta.payment_methods = [{ order: 1 }]),
    path: 'meta.payment_methods.0.id',
    constraint: 'isIn',
  },
  {
    name: 'payment method order -1',
    mutate: (b) => (b.meta.payment_methods = [{ id: 'immediate_transfer', order: -1 }]),
    path: 'meta.payment_methods.0.order',
    constraint: 'min',
  },
  {
    name: 'payment method order as a string',
    mutate: (b) => (b.meta.payment_methods = [{ id: 'immediate_transfer', order: '1' }]),
    path: 'meta.payment_methods.0.order',
    constraint: 'isInt',
  },
  {
    name: 'payment method order 1.5',
    mutate: (b) => (b.meta.payment_methods = [{ id: 'immediate_transfer', order: 1.5 }]),
    path: 'meta.payment_methods.0.order',
    constraint: 'isInt',
  },
  // custom
  { name: 'custom string of 1001 chars', mutate: (b) => (b.meta.custom = 'c'.repeat(1001)), path: 'meta.custom', constraint: 'isCustomData' },
  {
    name: 'custom object over 1000 chars of JSON',
    mutate: (b) => (b.meta.custom = { note: 'c'.repeat(1000) }),
    path: 'meta.custom',
    constraint: 'isCustomData',
  },
  { name: 'custom array', mutate: (b) => (b.meta.custom = ['a']), path: 'meta.custom', constraint: 'isCustomData' },
  { name: 'custom number', mutate: (b) => (b.meta.custom = 42), path: 'meta.custom', constraint: 'isCustomData' },
  // reconciliation
  reconciliationFailure('reconciliation level key without key', { level: 'key' }, 'key', 'isNotEmpty', /required when level is 'key'/),
  reconciliationFailure('reconciliation level key with empty key', { level: 'key', key: '' }, 'key', 'isNotEmpty'),
  reconciliationFailure(
    'reconciliation key with level payer',
    { level: 'payer', key: 'CUST-881' },
    'key',
    'allowedOnlyWhen',
    /only allowed when level is 'key'/,
  ),
  reconciliationFailure('reconciliation key with level payment_session', { level: 'payment_session', key: 'CUST-881' }, 'key', 'allowedOnlyWhen'),
  reconciliationFailure('reconciliation key without level (defaults to payer)', { key: 'CUST-881' }, 'key', 'allowedOnlyWhen'),
  reconciliationFailure('reconciliation match_amount with level payer', { level: 'payer', match_amount: true }, 'match_amount', 'allowedOnlyWhen'),
  reconciliationFailure('reconciliation match_amount without level (defaults to payer)', { match_amount: true }, 'match_amount', 'allowedOnlyWhen'),
  reconciliationFailure('reconciliation match_amount as a string', { level: 'payment_session', match_amount: 'true' }, 'match_amount', 'isBoolean'),
  reconciliationFailure('reconciliation level unknown', { level: 'invoice' }, 'level', 'isIn'),
  // BNPL company data
  {
    name: 'BNPL without psu_company',
    base: bnpl,
    mutate: (b) => delete b.meta.psu_company,
    path: 'meta.psu_company',
    constraint: 'isNotEmpty',
    message: /required for Buy Now Pay Later/,
  },
  { name: 'BNPL with empty psu_company', base: bnpl, mutate: (b) => (b.meta.psu_company = ''), path: 'meta.psu_company', constraint: 'isNotEmpty' },
  {
    name: 'BNPL with psu_company null',
    base: bnpl,
    mutate: (b) => (b.meta.psu_company = null),
    path: 'meta.psu_company',
    constraint: 'isNotEmpty',
    message: /required for Buy Now Pay Later/,
  },
  {
    name: 'BNPL with an 8-digit SIREN',
    base: bnpl,
    mutate: (b) => (b.meta.psu_incorporation = '12345678'),
    path: 'meta.psu_incorporation',
    constraint: 'isSirenForBuyNowPayLater',
    message: /9-digit SIREN/,
  },
  {
    name: 'BNPL with a SIRET instead of a SIREN',
    base: bnpl,
    mutate: (b) => (b.meta.psu_incorporation = '12345678900012'),
    path: 'meta.psu_incorporation',
    constraint: 'isSirenForBuyNowPayLater',
  },
  {
    name: 'BNPL with a spaced SIREN',
    base: bnpl,
    mutate: (b) => (b.meta.psu_incorporation = '123 456 789'),
    path: 'meta.psu_incorporation',
    constraint: 'isSirenForBuyNowPayLater',
  },
  { name: 'psu_form 256 chars', mutate: (b) => (b.meta.psu_form = 'f'.repeat(256)), path: 'meta.psu_form', constraint: 'maxLength' },
  { name: 'psu_form null', mutate: (b) => (b.meta.psu_form = null), path: 'meta.psu_form', constraint: 'isString' },
  {
    name: 'psu_address number of 33 chars',
    mutate: (b) => (b.meta.psu_address.number = '1'.repeat(33)),
    path: 'meta.psu_address.number',
    constraint: 'maxLength',
  },
  {
    name: 'meta.type BuyNowPayLater without psu_company',
    mutate: (b) => {
      b.meta.type = 'BuyNowPayLater';
      b.meta.psu_incorporation = '000000000';
    },
    path: 'meta.psu_company',
    constraint: 'isNotEmpty',
  },
  {
    name: 'hub offering bnpl without psu_company',
    base: hub,
    mutate: (b) => delete b.meta.psu_company,
    path: 'meta.psu_company',
    constraint: 'isNotEmpty',
  },
];

const passes: BodyCase[] = [
  {
    name: 'minimal body (required fields only)',
    mutate: (b) => {
      b.meta = { psu_name: 'Jeanne Dupré', psu_email: 'jeanne.dupre@example.fr', psu_ip: '203.0.113.7' };
      b.data = { attributes: { amount: '42.50', currency: 'EUR' } };
    },
  },
  { name: 'meta without any payer data (JS SDK fixture, sandbox)', mutate: (b) => (b.meta = {}) },
  { name: 'psu_name missing', mutate: (b) => delete b.meta.psu_name },
  { name: 'psu_email missing', mutate: (b) => delete b.meta.psu_email },
  { name: 'psu_ip missing (Ruby SDK sandbox spec)', mutate: (b) => delete b.meta.psu_ip },
  { name: 'psu_ip not a valid address (JS SDK fixture)', mutate: (b) => (b.meta.psu_ip = '123.456.789.123') },
  { name: 'psu_ip 999.0.113.7', mutate: (b) => (b.meta.psu_ip = '999.0.113.7') },
  { name: 'IPv6 psu_ip', mutate: (b) => (b.meta.psu_ip = '2001:db8::1') },
  { name: 'psu_phone empty (Magento 2)', mutate: (b) => (b.meta.psu_phone = '') },
  { name: 'psu_phone_prefix empty (Ruby SDK)', mutate: (b) => (b.meta.psu_phone_prefix = '') },
  { name: 'psu_phone_prefix 0033', mutate: (b) => (b.meta.psu_phone_prefix = '0033') },
  { name: 'psu_company null (Magento 2, no company)', mutate: (b) => (b.meta.psu_company = null) },
  {
    name: 'psu_address without the optional fields',
    mutate: (b) => (b.meta.psu_address = { street: 'rue des Lilas', zip: '75011', city: 'Paris', country: 'FR' }),
  },
  { name: 'psu_address country "fr" (Ruby SDK)', mutate: (b) => (b.meta.psu_address.country = 'fr') },
  { name: 'psu_address name (JS SDK IAddress)', mutate: (b) => (b.meta.psu_address.name = 'Jeanne Dupré') },
  {
    name: 'psu_address number and complement empty (older Magento 2)',
    mutate: setFields((b) => b.meta.psu_address, { number: '', complement: '' }),
  },
  {
    name: 'psu_form and psu_incorporation empty (Ruby SDK)',
    mutate: setMeta({ psu_form: '', psu_incorporation: '' }),
  },
  { name: 'BNPL with psu_incorporation empty (no SIREN given)', base: bnpl, mutate: (b) => (b.meta.psu_incorporation = '') },
  { name: 'expiry bounds 1', mutate: (b) => (b.meta.expiry = 1) },
  { name: 'expiry bounds 99999999', mutate: (b) => (b.meta.expiry = 99999999) },
  { name: 'expiry as a digit string (JS SDK)', mutate: (b) => (b.meta.expiry = '3600') },
  { name: 'payment methods without order', mutate: (b) => (b.meta.payment_methods = [{ id: 'immediate_transfer' }, { id: 'smart_transfer' }]) },
  {
    name: 'payment methods numbered from 0 (JS SDK 2.5.3)',
    mutate: (b) =>
      (b.meta.payment_methods = [
        { id: 'immediate_transfer', order: 0 },
        { id: 'smart_transfer', order: 1 },
      ]),
  },
  { name: 'custom string of exactly 1000 chars', mutate: (b) => (b.meta.custom = 'c'.repeat(1000)) },
  { name: 'custom nested object', mutate: (b) => (b.meta.custom = { commande: { id: 42, lignes: ['pain', 'croissant'] } }) },
  { name: 'reconciliation level payer', base: smart, mutate: (b) => (b.meta.reconciliation = { level: 'payer' }) },
  { name: 'reconciliation empty (defaults to payer)', base: smart, mutate: (b) => (b.meta.reconciliation = {}) },
  { name: 'reconciliation level key with key', base: smart, mutate: (b) => (b.meta.reconciliation = { level: 'key', key: 'CUST-881' }) },
  {
    name: 'reconciliation level key with match_amount (Magento 2, Odoo)',
    base: smart,
    mutate: (b) => (b.meta.reconciliation = { level: 'key', key: 'CUST-881', match_amount: true }),
  },
  { name: 'reconciliation payment_session without match_amount', base: smart, mutate: (b) => (b.meta.reconciliation = { level: 'payment_session' }) },
  {
    name: 'reconciliation payment_session, match_amount false',
    base: smart,
    mutate: (b) => (b.meta.reconciliation = { level: 'payment_session', match_amount: false }),
  },
  { name: 'non-BNPL session with a foreign registration id', mutate: (b) => (b.meta.psu_incorporation = 'HRB 86891') },
  {
    name: 'non-BNPL session with company data omitted',
    base: smart,
    mutate: (b) => {
      delete b.meta.psu_company;
      delete b.meta.psu_incorporation;
    },
  },
  { name: 'BNPL with the sandbox SIREN 000000001 (not Luhn-valid)', base: bnpl, mutate: (b) => (b.meta.psu_incorporation = '000000001') },
  {
    name: 'BNPL through meta.type with company data',
    base: bnpl,
    mutate: (b) => {
      delete b.meta.payment_methods;
      b.meta.type = 'BuyNowPayLater';
    },
  },
  { name: 'BNPL without psu_incorporation (Magento 2)', base: bnpl, mutate: (b) => delete b.meta.psu_incorporation },
  {
    name: 'meta.type BuyNowPayLater without psu_incorporation',
    mutate: (b) => {
      b.meta.type = 'BuyNowPayLater';
      b.meta.psu_company = 'Atelier Côté Jardin';
    },
  },
];

describe('PaymentSessionMetaDto', () => {
  describeBodyCases(failures, passes);

  describe('isBuyNowPayLater', () => {
    it.each([
      [{ payment_methods: [{ id: 'bnpl' as const }] }, true],
      [{ payment_methods: [{ id: 'immediate_transfer' as const }, { id: 'bnpl' as const }] }, true],
      [{ type: 'BuyNowPayLater' as const }, true],
      [{ payment_methods: [{ id: 'smart_transfer' as const }] }, false],
      [{}, false],
    ])('%j -> %s', (meta, expected) => {
      expect(isBuyNowPayLater(meta)).toBe(expected);
    });

    it('does not throw on malformed payment_methods (validation reports them)', () => {
      expect(isBuyNowPayLater({ payment_methods: [null, 'bnpl'] as never })).toBe(false);
    });
  });
});
