import 'reflect-metadata';
import { Body, BodyCase, BodyFailureCase, bnpl, describeBodyCases, setAttributes } from '../../../test/support/create-session-cases';
import { SUPPORTED_CURRENCIES } from './payment-session.constants';

const validBeneficiary = () => ({
  name: 'Boutique Dupré SAS',
  form: 'SAS',
  incorporation: '123456789',
  street: 'avenue de la République',
  number: '5',
  city: 'Lille',
  zip: '59000',
  country: 'FR',
  iban: 'FR7630006000011234567890189',
  swift_bic: 'AGRIFRPP',
  bank_name: 'Crédit Agricole',
});

const beneficiaryWithout = (field: string) => (b: Body) => {
  const beneficiary: Body = validBeneficiary();
  delete beneficiary[field];
  b.data.attributes.beneficiary = beneficiary;
};

const setAmount = (value: unknown) => setAttributes({ amount: value });
const setCurrency = (value: unknown) => setAttributes({ currency: value });

const failures: BodyFailureCase[] = [
  // amount (a JSON number reaches the DTO as its literal text; see amount-literals.interceptor.ts)
  {
    name: 'amount as a JSON number',
    mutate: setAmount(42.5),
    path: 'data.attributes.amount',
    constraint: 'isAmountString',
    message: /not a JSON number/,
  },
  { name: 'amount "0"', mutate: setAmount('0'), path: 'data.attributes.amount', message: /at least 0\.01/ },
  { name: 'amount "0.00"', mutate: setAmount('0.00'), path: 'data.attributes.amount', message: /at least 0\.01/ },
  { name: 'amount "1.234"', mutate: setAmount('1.234'), path: 'data.attributes.amount', message: /2 decimals/ },
  { name: 'amount "42.500" (three decimals, even zeros)', mutate: setAmount('42.500'), path: 'data.attributes.amount', message: /2 decimals/ },
  { name: 'amount "-1"', mutate: setAmount('-1'), path: 'data.attributes.amount', message: /without sign/ },
  { name: 'amount "abc"', mutate: setAmount('abc'), path: 'data.attributes.amount', constraint: 'isAmountString' },
  { name: 'amount "1e3"', mutate: setAmount('1e3'), path: 'data.attributes.amount', message: /exponent/ },
  { name: 'amount ""', mutate: setAmount(''), path: 'data.attributes.amount' },
  { name: 'amount "01.00"', mutate: setAmount('01.00'), path: 'data.attributes.amount' },
  { name: 'amount "1."', mutate: setAmount('1.'), path: 'data.attributes.amount' },
  { name: 'amount ".50"', mutate: setAmount('.50'), path: 'data.attributes.amount' },
  { name: 'amount "1,50"', mutate: setAmount('1,50'), path: 'data.attributes.amount' },
  { name: 'amount with spaces', mutate: setAmount(' 42.50'), path: 'data.attributes.amount' },
  { name: 'amount of 13 integer digits', mutate: setAmount('1000000000000.00'), path: 'data.attributes.amount' },
  { name: 'amount missing', mutate: (b) => delete b.data.attributes.amount, path: 'data.attributes.amount', message: /must be a string/ },
  { name: 'amount null', mutate: setAmount(null), path: 'data.attributes.amount' },
  // currency
  { name: 'currency "eur"', mutate: setCurrency('eur'), path: 'data.attributes.currency', constraint: 'isIn', message: /EUR, GBP/ },
  { name: 'currency "USD"', mutate: setCurrency('USD'), path: 'data.attributes.currency', constraint: 'isIn' },
  { name: 'currency "EURO"', mutate: setCurrency('EURO'), path: 'data.attributes.currency', constraint: 'isIn' },
  { name: 'currency missing', mutate: (b) => delete b.data.attributes.currency, path: 'data.attributes.currency' },
  // attributes
  {
    name: 'communication 141 chars',
    mutate: (b) => (b.data.attributes.communication = 'C'.repeat(141)),
    path: 'data.attributes.communication',
    constraint: 'maxLength',
  },
  {
    name: 'end_to_end_id 36 chars',
    mutate: (b) => (b.data.attributes.end_to_end_id = 'E'.repeat(36)),
    path: 'data.attributes.end_to_end_id',
    constraint: 'maxLength',
  },
  {
    name: 'execution_date 2026-02-30',
    mutate: (b) => (b.data.attributes.execution_date = '2026-02-30'),
    path: 'data.attributes.execution_date',
    constraint: 'isRealIsoDate',
  },
  { name: 'execution_date 2026-13-01', mutate: (b) => (b.data.attributes.execution_date = '2026-13-01'), path: 'data.attributes.execution_date' },
  { name: 'execution_date 2025-02-29', mutate: (b) => (b.data.attributes.execution_date = '2025-02-29'), path: 'data.attributes.execution_date' },
  {
    name: 'execution_date in French order',
    mutate: (b) => (b.data.attributes.execution_date = '31/12/2026'),
    path: 'data.attributes.execution_date',
  },
  {
    name: 'execution_date with a time',
    mutate: (b) => (b.data.attributes.execution_date = '2026-12-31T00:00:00Z'),
    path: 'data.attributes.execution_date',
  },
  { name: 'scheme lower case', mutate: (b) => (b.data.attributes.scheme = 'instant_sepa'), path: 'data.attributes.scheme', constraint: 'isIn' },
  {
    name: 'debited_account_type "Iban"',
    mutate: (b) => (b.data.attributes.debited_account_type = 'Iban'),
    path: 'data.attributes.debited_account_type',
    constraint: 'isIn',
  },
  {
    name: 'external_reference 256 chars',
    mutate: (b) => (b.data.attributes.external_reference = 'R'.repeat(256)),
    path: 'data.attributes.external_reference',
    constraint: 'maxLength',
  },
  // data.type
  { name: 'data.type REQUEST_TO_PAY', mutate: (b) => (b.data.type = 'REQUEST_TO_PAY'), path: 'data.type', constraint: 'isIn' },
  // beneficiary
  {
    name: 'beneficiary without name',
    mutate: beneficiaryWithout('name'),
    path: 'data.attributes.beneficiary.name',
  },
  {
    name: 'beneficiary IBAN with spaces',
    mutate: (b) => (b.data.attributes.beneficiary = { ...validBeneficiary(), iban: 'FR76 3000 6000 0112 3456 7890 189' }),
    path: 'data.attributes.beneficiary.iban',
    constraint: 'matches',
  },
  {
    name: 'beneficiary IBAN too long',
    mutate: (b) => (b.data.attributes.beneficiary = { ...validBeneficiary(), iban: 'FR76' + '1'.repeat(31) }),
    path: 'data.attributes.beneficiary.iban',
  },
  {
    name: 'beneficiary BIC of 9 chars',
    mutate: (b) => (b.data.attributes.beneficiary = { ...validBeneficiary(), swift_bic: 'AGRIFRPPX' }),
    path: 'data.attributes.beneficiary.swift_bic',
    constraint: 'matches',
  },
  {
    name: 'beneficiary country "France"',
    mutate: (b) => (b.data.attributes.beneficiary = { ...validBeneficiary(), country: 'France' }),
    path: 'data.attributes.beneficiary.country',
  },
  {
    name: 'beneficiary without street (from the shared address)',
    mutate: beneficiaryWithout('street'),
    path: 'data.attributes.beneficiary.street',
  },
  {
    name: 'beneficiary unknown field',
    mutate: (b) => (b.data.attributes.beneficiary = { ...validBeneficiary(), bic: 'AGRIFRPP' }),
    path: 'data.attributes.beneficiary.bic',
    constraint: 'whitelistValidation',
  },
  // net_amount
  {
    name: 'net_amount above amount',
    base: bnpl,
    mutate: (b) => (b.data.attributes.net_amount = '3600.01'),
    path: 'data.attributes.net_amount',
    constraint: 'isAmountNotAbove',
    message: /must not exceed amount \(3600\.00\)/,
  },
  {
    name: 'net_amount above a 1-decimal amount',
    base: bnpl,
    mutate: (b) => {
      b.data.attributes.amount = '10.5';
      b.data.attributes.net_amount = '10.51';
    },
    path: 'data.attributes.net_amount',
    constraint: 'isAmountNotAbove',
  },
  {
    name: 'net_amount as a JSON number',
    base: bnpl,
    mutate: (b) => (b.data.attributes.net_amount = 3000),
    path: 'data.attributes.net_amount',
    constraint: 'isAmountString',
  },
  {
    name: 'net_amount "0"',
    base: bnpl,
    mutate: (b) => (b.data.attributes.net_amount = '0'),
    path: 'data.attributes.net_amount',
    constraint: 'isAmountString',
  },
  {
    name: 'net_amount with 3 decimals',
    base: bnpl,
    mutate: (b) => (b.data.attributes.net_amount = '3000.001'),
    path: 'data.attributes.net_amount',
    constraint: 'isAmountString',
  },
];

const passes: BodyCase[] = [
  { name: 'amount "0.01"', mutate: setAmount('0.01') },
  { name: 'amount "10" (no decimals, as Magento sends)', mutate: setAmount('10') },
  { name: 'amount "10.5" (one decimal)', mutate: setAmount('10.5') },
  { name: 'amount at 12 integer digits', mutate: setAmount('999999999999.99') },
  { name: 'currency GBP', mutate: setCurrency('GBP') },
  { name: 'data.type SEPA', mutate: (b) => (b.data.type = 'SEPA') },
  { name: 'data.type connect (Python SDK, Odoo)', mutate: (b) => (b.data.type = 'connect') },
  { name: 'data.type PAYMENT (Magento 1)', mutate: (b) => (b.data.type = 'PAYMENT') },
  { name: 'data.type omitted', mutate: (b) => delete b.data.type },
  { name: 'communication of exactly 140 chars', mutate: (b) => (b.data.attributes.communication = 'C'.repeat(140)) },
  { name: 'end_to_end_id of exactly 35 chars', mutate: (b) => (b.data.attributes.end_to_end_id = 'E'.repeat(35)) },
  { name: 'execution_date on a leap day', mutate: (b) => (b.data.attributes.execution_date = '2028-02-29') },
  { name: 'every scheme', mutate: (b) => (b.data.attributes.scheme = 'INSTANT_SEPA') },
  { name: 'full beneficiary', mutate: (b) => (b.data.attributes.beneficiary = validBeneficiary()) },
  {
    name: 'beneficiary with an 11-char BIC and no optional fields',
    mutate: (b) =>
      (b.data.attributes.beneficiary = {
        name: 'Boutique Dupré SAS',
        street: 'avenue de la République',
        city: 'Lille',
        zip: '59000',
        country: 'FR',
        iban: 'FR7630006000011234567890189',
        swift_bic: 'BNPAFRPPXXX',
      }),
  },
  { name: 'beneficiary country in lower case', mutate: (b) => (b.data.attributes.beneficiary = { ...validBeneficiary(), country: 'fr' }) },
  {
    name: 'debited account',
    mutate: setAttributes({ debited_account_id: 'FR7630006000011234567890189', debited_account_type: 'IBAN' }),
  },
  {
    name: 'debited account type "iban" (Ruby SDK)',
    mutate: setAttributes({ debited_account_id: 'FR7630006000011234567890189', debited_account_type: 'iban' }),
  },
  { name: 'debited account internal', mutate: (b) => (b.data.attributes.debited_account_type = 'internal') },
  { name: 'BNPL without net_amount', base: bnpl, mutate: (b) => delete b.data.attributes.net_amount },
  { name: 'net_amount equal to amount', base: bnpl, mutate: (b) => (b.data.attributes.net_amount = '3600') },
];

describe('PaymentSessionAttributesDto and PaymentSessionDataDto', () => {
  describeBodyCases(failures, passes);

  it('lists exactly EUR and GBP as supported currencies', () => {
    expect(SUPPORTED_CURRENCIES).toEqual(['EUR', 'GBP']);
  });
});
