import 'reflect-metadata';
import { ClassTransformOptions, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreatePaymentSessionDto, isBuyNowPayLater, SUPPORTED_CURRENCIES } from './create-payment-session.dto';
import {
  BUY_NOW_PAY_LATER_EXAMPLE,
  IMMEDIATE_TRANSFER_EXAMPLE,
  PAYMENT_HUB_EXAMPLE,
  PAYMENT_SESSION_BODY_EXAMPLES,
  PAYMENT_SESSION_EXAMPLES,
  SMART_TRANSFER_EXAMPLE,
} from './payment-session.examples';
import { FieldError, flattenValidationErrors } from './validation-errors';

// Loose on purpose: the cases below build bodies the DTO types would never allow.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

async function validateBody(plain: unknown, transform: ClassTransformOptions = {}): Promise<FieldError[]> {
  const instance = plainToInstance(CreatePaymentSessionDto, plain, transform);
  const errors = await validate(instance as object, { whitelist: true, forbidNonWhitelisted: true });
  return flattenValidationErrors(errors);
}

const clone = (body: unknown): Body => structuredClone(body) as Body;
const immediate = () => clone(IMMEDIATE_TRANSFER_EXAMPLE.body);
const smart = () => clone(SMART_TRANSFER_EXAMPLE.body);
const bnpl = () => clone(BUY_NOW_PAY_LATER_EXAMPLE.body);
const hub = () => clone(PAYMENT_HUB_EXAMPLE.body);

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

interface Case {
  name: string;
  base?: () => Body;
  mutate: (body: Body) => void;
}
interface FailureCase extends Case {
  /** Every failing field, in order; the first one carries `constraint` and `message`. */
  path: string | string[];
  constraint?: string;
  message?: RegExp;
}

const setAmount = (value: unknown) => (b: Body) => {
  b.data.attributes.amount = value;
};
const setCurrency = (value: unknown) => (b: Body) => {
  b.data.attributes.currency = value;
};

const failures: FailureCase[] = [
  // amount
  { name: 'amount as a JSON number', mutate: setAmount(42.5), path: 'data.attributes.amount', constraint: 'isAmountString', message: /not a JSON number/ },
  { name: 'amount "0"', mutate: setAmount('0'), path: 'data.attributes.amount', message: /at least 0\.01/ },
  { name: 'amount "0.00"', mutate: setAmount('0.00'), path: 'data.attributes.amount', message: /at least 0\.01/ },
  { name: 'amount "1.234"', mutate: setAmount('1.234'), path: 'data.attributes.amount', message: /2 decimals/ },
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
  // payer
  { name: 'psu_email without domain', mutate: (b) => (b.meta.psu_email = 'jeanne.dupre@'), path: 'meta.psu_email', constraint: 'isEmail' },
  { name: 'psu_email not an address', mutate: (b) => (b.meta.psu_email = 'jeanne dupré'), path: 'meta.psu_email', constraint: 'isEmail' },
  { name: 'psu_email missing', mutate: (b) => delete b.meta.psu_email, path: 'meta.psu_email' },
  { name: 'psu_name missing', mutate: (b) => delete b.meta.psu_name, path: 'meta.psu_name' },
  { name: 'psu_name empty', mutate: (b) => (b.meta.psu_name = ''), path: 'meta.psu_name', constraint: 'isNotEmpty' },
  { name: 'psu_name 256 chars', mutate: (b) => (b.meta.psu_name = 'é'.repeat(256)), path: 'meta.psu_name', constraint: 'maxLength' },
  { name: 'psu_name as a number', mutate: (b) => (b.meta.psu_name = 42), path: 'meta.psu_name', constraint: 'isString' },
  { name: 'psu_ip missing', mutate: (b) => delete b.meta.psu_ip, path: 'meta.psu_ip' },
  { name: 'psu_ip not an IP', mutate: (b) => (b.meta.psu_ip = '999.0.113.7'), path: 'meta.psu_ip', constraint: 'isIp' },
  { name: 'psu_phone_prefix without + or 00', mutate: (b) => (b.meta.psu_phone_prefix = '33'), path: 'meta.psu_phone_prefix' },
  { name: 'psu_phone with letters', mutate: (b) => (b.meta.psu_phone = '06 douze'), path: 'meta.psu_phone' },
  { name: 'optional psu_phone set to null', mutate: (b) => (b.meta.psu_phone = null), path: 'meta.psu_phone', constraint: 'isString' },
  { name: 'psu_local_id 256 chars', mutate: (b) => (b.meta.psu_local_id = 'x'.repeat(256)), path: 'meta.psu_local_id', constraint: 'maxLength' },
  { name: 'target_env 256 chars', mutate: (b) => (b.meta.target_env = 'x'.repeat(256)), path: 'meta.target_env', constraint: 'maxLength' },
  // psu_address
  { name: 'psu_address without street', mutate: (b) => delete b.meta.psu_address.street, path: 'meta.psu_address.street' },
  { name: 'psu_address without zip', mutate: (b) => delete b.meta.psu_address.zip, path: 'meta.psu_address.zip' },
  { name: 'psu_address without city', mutate: (b) => delete b.meta.psu_address.city, path: 'meta.psu_address.city' },
  { name: 'psu_address without country', mutate: (b) => delete b.meta.psu_address.country, path: 'meta.psu_address.country' },
  { name: 'psu_address country "fr"', mutate: (b) => (b.meta.psu_address.country = 'fr'), path: 'meta.psu_address.country', constraint: 'matches' },
  { name: 'psu_address country "FRA"', mutate: (b) => (b.meta.psu_address.country = 'FRA'), path: 'meta.psu_address.country', constraint: 'matches' },
  { name: 'psu_address as a string', mutate: (b) => (b.meta.psu_address = '12 rue des Lilas'), path: 'meta.psu_address', constraint: 'isObject' },
  { name: 'psu_address RTP spelling street_number', mutate: (b) => (b.meta.psu_address.street_number = '12'), path: 'meta.psu_address.street_number', constraint: 'whitelistValidation' },
  // unknown fields
  { name: 'unknown top-level field', mutate: (b) => (b.foo = 1), path: 'foo', constraint: 'whitelistValidation' },
  { name: 'unknown meta field', mutate: (b) => (b.meta.foo = 'bar'), path: 'meta.foo', constraint: 'whitelistValidation' },
  { name: 'unknown attributes field', mutate: (b) => (b.data.attributes.bar = 'baz'), path: 'data.attributes.bar', constraint: 'whitelistValidation' },
  { name: 'unknown data field', mutate: (b) => (b.data.relationships = {}), path: 'data.relationships', constraint: 'whitelistValidation' },
  { name: 'unknown payment method field', mutate: (b) => (b.meta.payment_methods[0].label = 'Virement'), path: 'meta.payment_methods.0.label', constraint: 'whitelistValidation' },
  { name: 'scheduled_expiration_policy (not supported by /connect)', mutate: (b) => (b.meta.scheduled_expiration_policy = 'immediate'), path: 'meta.scheduled_expiration_policy', constraint: 'whitelistValidation' },
  { name: 'request-to-pay cc', mutate: (b) => (b.meta.cc = 'compta@example.fr'), path: 'meta.cc', constraint: 'whitelistValidation' },
  { name: 'request-to-pay bcc', mutate: (b) => (b.meta.bcc = 'compta@example.fr'), path: 'meta.bcc', constraint: 'whitelistValidation' },
  { name: 'request-to-pay method', mutate: (b) => (b.meta.method = 'email'), path: 'meta.method', constraint: 'whitelistValidation' },
  { name: 'request-to-pay due_date', mutate: (b) => (b.meta.due_date = 86400), path: 'meta.due_date', constraint: 'whitelistValidation' },
  { name: 'request-to-pay expire', mutate: (b) => (b.meta.expire = 86400), path: 'meta.expire', constraint: 'whitelistValidation' },
  // structure and types
  { name: 'meta missing', mutate: (b) => delete b.meta, path: 'meta' },
  { name: 'data missing', mutate: (b) => delete b.data, path: 'data' },
  { name: 'attributes missing', mutate: (b) => delete b.data.attributes, path: 'data.attributes' },
  { name: 'meta null', mutate: (b) => (b.meta = null), path: 'meta', constraint: 'isObject' },
  { name: 'meta as an array', mutate: (b) => (b.meta = [b.meta]), path: 'meta', constraint: 'isObject' },
  { name: 'data.type REQUEST_TO_PAY', mutate: (b) => (b.data.type = 'REQUEST_TO_PAY'), path: 'data.type', constraint: 'isIn' },
  { name: 'meta.type other than BuyNowPayLater', mutate: (b) => (b.meta.type = 'PayLater'), path: 'meta.type', constraint: 'isIn' },
  { name: 'expiry as a string', mutate: (b) => (b.meta.expiry = '1800'), path: 'meta.expiry', constraint: 'isInt' },
  { name: 'expiry not an integer', mutate: (b) => (b.meta.expiry = 1.5), path: 'meta.expiry', constraint: 'isInt' },
  { name: 'expiry 0', mutate: (b) => (b.meta.expiry = 0), path: 'meta.expiry', constraint: 'min' },
  { name: 'expiry 100000000', mutate: (b) => (b.meta.expiry = 100000000), path: 'meta.expiry', constraint: 'max' },
  // payment_methods
  { name: 'payment_methods as an object', mutate: (b) => (b.meta.payment_methods = { id: 'immediate_transfer' }), path: 'meta.payment_methods', constraint: 'isArray' },
  { name: 'payment_methods empty', mutate: (b) => (b.meta.payment_methods = []), path: 'meta.payment_methods', constraint: 'arrayNotEmpty' },
  { name: 'payment_methods with the same id twice', mutate: (b) => (b.meta.payment_methods = [{ id: 'smart_transfer' }, { id: 'smart_transfer', order: 2 }]), path: 'meta.payment_methods', constraint: 'arrayUnique' },
  { name: 'payment_methods of strings', mutate: (b) => (b.meta.payment_methods = ['immediate_transfer']), path: ['meta.payment_methods', 'meta.payment_methods.0'], constraint: 'isObject' },
  { name: 'payment_methods nested arrays', mutate: (b) => (b.meta.payment_methods = [[{ id: 'immediate_transfer' }]]), path: 'meta.payment_methods', constraint: 'isObject' },
  { name: 'payment method id unknown', mutate: (b) => (b.meta.payment_methods = [{ id: 'card' }]), path: 'meta.payment_methods.0.id', constraint: 'isIn' },
  { name: 'payment method id missing', mutate: (b) => (b.meta.payment_methods = [{ order: 1 }]), path: 'meta.payment_methods.0.id', constraint: 'isIn' },
  { name: 'payment method order 0', mutate: (b) => (b.meta.payment_methods = [{ id: 'immediate_transfer', order: 0 }]), path: 'meta.payment_methods.0.order', constraint: 'min' },
  { name: 'payment method order as a string', mutate: (b) => (b.meta.payment_methods = [{ id: 'immediate_transfer', order: '1' }]), path: 'meta.payment_methods.0.order', constraint: 'isInt' },
  { name: 'payment method order 1.5', mutate: (b) => (b.meta.payment_methods = [{ id: 'immediate_transfer', order: 1.5 }]), path: 'meta.payment_methods.0.order', constraint: 'isInt' },
  // attributes
  { name: 'communication 141 chars', mutate: (b) => (b.data.attributes.communication = 'C'.repeat(141)), path: 'data.attributes.communication', constraint: 'maxLength' },
  { name: 'end_to_end_id 36 chars', mutate: (b) => (b.data.attributes.end_to_end_id = 'E'.repeat(36)), path: 'data.attributes.end_to_end_id', constraint: 'maxLength' },
  { name: 'execution_date 2026-02-30', mutate: (b) => (b.data.attributes.execution_date = '2026-02-30'), path: 'data.attributes.execution_date', constraint: 'isRealIsoDate' },
  { name: 'execution_date 2026-13-01', mutate: (b) => (b.data.attributes.execution_date = '2026-13-01'), path: 'data.attributes.execution_date' },
  { name: 'execution_date 2025-02-29', mutate: (b) => (b.data.attributes.execution_date = '2025-02-29'), path: 'data.attributes.execution_date' },
  { name: 'execution_date in French order', mutate: (b) => (b.data.attributes.execution_date = '31/12/2026'), path: 'data.attributes.execution_date' },
  { name: 'execution_date with a time', mutate: (b) => (b.data.attributes.execution_date = '2026-12-31T00:00:00Z'), path: 'data.attributes.execution_date' },
  { name: 'scheme lower case', mutate: (b) => (b.data.attributes.scheme = 'instant_sepa'), path: 'data.attributes.scheme', constraint: 'isIn' },
  { name: 'debited_account_type "iban"', mutate: (b) => (b.data.attributes.debited_account_type = 'iban'), path: 'data.attributes.debited_account_type', constraint: 'isIn' },
  { name: 'external_reference 256 chars', mutate: (b) => (b.data.attributes.external_reference = 'R'.repeat(256)), path: 'data.attributes.external_reference', constraint: 'maxLength' },
  // beneficiary
  { name: 'beneficiary without name', mutate: (b) => { const beneficiary: Body = validBeneficiary(); delete beneficiary.name; b.data.attributes.beneficiary = beneficiary; }, path: 'data.attributes.beneficiary.name' },
  { name: 'beneficiary IBAN with spaces', mutate: (b) => (b.data.attributes.beneficiary = { ...validBeneficiary(), iban: 'FR76 3000 6000 0112 3456 7890 189' }), path: 'data.attributes.beneficiary.iban', constraint: 'matches' },
  { name: 'beneficiary IBAN too long', mutate: (b) => (b.data.attributes.beneficiary = { ...validBeneficiary(), iban: 'FR76' + '1'.repeat(31) }), path: 'data.attributes.beneficiary.iban' },
  { name: 'beneficiary BIC of 9 chars', mutate: (b) => (b.data.attributes.beneficiary = { ...validBeneficiary(), swift_bic: 'AGRIFRPPX' }), path: 'data.attributes.beneficiary.swift_bic', constraint: 'matches' },
  { name: 'beneficiary country "France"', mutate: (b) => (b.data.attributes.beneficiary = { ...validBeneficiary(), country: 'France' }), path: 'data.attributes.beneficiary.country' },
  { name: 'beneficiary unknown field', mutate: (b) => (b.data.attributes.beneficiary = { ...validBeneficiary(), bic: 'AGRIFRPP' }), path: 'data.attributes.beneficiary.bic', constraint: 'whitelistValidation' },
  // custom
  { name: 'custom string of 1001 chars', mutate: (b) => (b.meta.custom = 'c'.repeat(1001)), path: 'meta.custom', constraint: 'isCustomData' },
  { name: 'custom object over 1000 chars of JSON', mutate: (b) => (b.meta.custom = { note: 'c'.repeat(1000) }), path: 'meta.custom', constraint: 'isCustomData' },
  { name: 'custom array', mutate: (b) => (b.meta.custom = ['a']), path: 'meta.custom', constraint: 'isCustomData' },
  { name: 'custom number', mutate: (b) => (b.meta.custom = 42), path: 'meta.custom', constraint: 'isCustomData' },
  // reconciliation
  { name: 'reconciliation level key without key', base: smart, mutate: (b) => (b.meta.reconciliation = { level: 'key' }), path: 'meta.reconciliation.key', constraint: 'isNotEmpty', message: /required when level is 'key'/ },
  { name: 'reconciliation level key with empty key', base: smart, mutate: (b) => (b.meta.reconciliation = { level: 'key', key: '' }), path: 'meta.reconciliation.key', constraint: 'isNotEmpty' },
  { name: 'reconciliation key with level payer', base: smart, mutate: (b) => (b.meta.reconciliation = { level: 'payer', key: 'CUST-881' }), path: 'meta.reconciliation.key', constraint: 'allowedOnlyWhen', message: /only allowed when level is 'key'/ },
  { name: 'reconciliation key with level payment_session', base: smart, mutate: (b) => (b.meta.reconciliation = { level: 'payment_session', key: 'CUST-881' }), path: 'meta.reconciliation.key', constraint: 'allowedOnlyWhen' },
  { name: 'reconciliation key without level (defaults to payer)', base: smart, mutate: (b) => (b.meta.reconciliation = { key: 'CUST-881' }), path: 'meta.reconciliation.key', constraint: 'allowedOnlyWhen' },
  { name: 'reconciliation match_amount with level payer', base: smart, mutate: (b) => (b.meta.reconciliation = { level: 'payer', match_amount: true }), path: 'meta.reconciliation.match_amount', constraint: 'allowedOnlyWhen' },
  { name: 'reconciliation match_amount with level key', base: smart, mutate: (b) => (b.meta.reconciliation = { level: 'key', key: 'CUST-881', match_amount: true }), path: 'meta.reconciliation.match_amount', constraint: 'allowedOnlyWhen' },
  { name: 'reconciliation match_amount as a string', base: smart, mutate: (b) => (b.meta.reconciliation = { level: 'payment_session', match_amount: 'true' }), path: 'meta.reconciliation.match_amount', constraint: 'isBoolean' },
  { name: 'reconciliation level unknown', base: smart, mutate: (b) => (b.meta.reconciliation = { level: 'invoice' }), path: 'meta.reconciliation.level', constraint: 'isIn' },
  // BNPL company data
  { name: 'BNPL without psu_company', base: bnpl, mutate: (b) => delete b.meta.psu_company, path: 'meta.psu_company', constraint: 'isNotEmpty', message: /required for Buy Now Pay Later/ },
  { name: 'BNPL with empty psu_company', base: bnpl, mutate: (b) => (b.meta.psu_company = ''), path: 'meta.psu_company', constraint: 'isNotEmpty' },
  { name: 'BNPL without psu_incorporation', base: bnpl, mutate: (b) => delete b.meta.psu_incorporation, path: 'meta.psu_incorporation', message: /required for Buy Now Pay Later/ },
  { name: 'BNPL with an 8-digit SIREN', base: bnpl, mutate: (b) => (b.meta.psu_incorporation = '12345678'), path: 'meta.psu_incorporation', constraint: 'isSirenForBuyNowPayLater', message: /9-digit SIREN/ },
  { name: 'BNPL with a SIRET instead of a SIREN', base: bnpl, mutate: (b) => (b.meta.psu_incorporation = '12345678900012'), path: 'meta.psu_incorporation', constraint: 'isSirenForBuyNowPayLater' },
  { name: 'BNPL with a spaced SIREN', base: bnpl, mutate: (b) => (b.meta.psu_incorporation = '123 456 789'), path: 'meta.psu_incorporation', constraint: 'isSirenForBuyNowPayLater' },
  { name: 'meta.type BuyNowPayLater without psu_company', mutate: (b) => { b.meta.type = 'BuyNowPayLater'; b.meta.psu_incorporation = '000000000'; }, path: 'meta.psu_company', constraint: 'isNotEmpty' },
  { name: 'meta.type BuyNowPayLater without psu_incorporation', mutate: (b) => { b.meta.type = 'BuyNowPayLater'; b.meta.psu_company = 'Atelier Côté Jardin'; }, path: 'meta.psu_incorporation', message: /required for Buy Now Pay Later/ },
  { name: 'hub offering bnpl without psu_company', base: hub, mutate: (b) => delete b.meta.psu_company, path: 'meta.psu_company', constraint: 'isNotEmpty' },
  // net_amount
  { name: 'net_amount above amount', base: bnpl, mutate: (b) => (b.data.attributes.net_amount = '3600.01'), path: 'data.attributes.net_amount', constraint: 'isAmountNotAbove', message: /must not exceed amount \(3600\.00\)/ },
  { name: 'net_amount above a 1-decimal amount', base: bnpl, mutate: (b) => { b.data.attributes.amount = '10.5'; b.data.attributes.net_amount = '10.51'; }, path: 'data.attributes.net_amount', constraint: 'isAmountNotAbove' },
  { name: 'net_amount as a JSON number', base: bnpl, mutate: (b) => (b.data.attributes.net_amount = 3000), path: 'data.attributes.net_amount', constraint: 'isAmountString' },
  { name: 'net_amount "0"', base: bnpl, mutate: (b) => (b.data.attributes.net_amount = '0'), path: 'data.attributes.net_amount', constraint: 'isAmountString' },
  { name: 'net_amount with 3 decimals', base: bnpl, mutate: (b) => (b.data.attributes.net_amount = '3000.001'), path: 'data.attributes.net_amount', constraint: 'isAmountString' },
];

const passes: Case[] = [
  { name: 'amount "0.01"', mutate: setAmount('0.01') },
  { name: 'amount "10" (no decimals, as Magento sends)', mutate: setAmount('10') },
  { name: 'amount "10.5" (one decimal)', mutate: setAmount('10.5') },
  { name: 'amount at 12 integer digits', mutate: setAmount('999999999999.99') },
  { name: 'currency GBP', mutate: setCurrency('GBP') },
  { name: 'minimal body (required fields only)', mutate: (b) => {
    b.meta = { psu_name: 'Jeanne Dupré', psu_email: 'jeanne.dupre@example.fr', psu_ip: '203.0.113.7' };
    b.data = { attributes: { amount: '42.50', currency: 'EUR' } };
  } },
  { name: 'data.type SEPA', mutate: (b) => (b.data.type = 'SEPA') },
  { name: 'data.type omitted', mutate: (b) => delete b.data.type },
  { name: 'psu_address without the optional fields', mutate: (b) => (b.meta.psu_address = { street: 'rue des Lilas', zip: '75011', city: 'Paris', country: 'FR' }) },
  { name: 'psu_phone_prefix 0033', mutate: (b) => (b.meta.psu_phone_prefix = '0033') },
  { name: 'IPv6 psu_ip', mutate: (b) => (b.meta.psu_ip = '2001:db8::1') },
  { name: 'communication of exactly 140 chars', mutate: (b) => (b.data.attributes.communication = 'C'.repeat(140)) },
  { name: 'end_to_end_id of exactly 35 chars', mutate: (b) => (b.data.attributes.end_to_end_id = 'E'.repeat(35)) },
  { name: 'execution_date on a leap day', mutate: (b) => (b.data.attributes.execution_date = '2028-02-29') },
  { name: 'every scheme', mutate: (b) => (b.data.attributes.scheme = 'INSTANT_SEPA') },
  { name: 'expiry bounds 1', mutate: (b) => (b.meta.expiry = 1) },
  { name: 'expiry bounds 99999999', mutate: (b) => (b.meta.expiry = 99999999) },
  { name: 'payment methods without order', mutate: (b) => (b.meta.payment_methods = [{ id: 'immediate_transfer' }, { id: 'smart_transfer' }]) },
  { name: 'full beneficiary', mutate: (b) => (b.data.attributes.beneficiary = validBeneficiary()) },
  { name: 'beneficiary with an 11-char BIC and no optional fields', mutate: (b) => (b.data.attributes.beneficiary = {
    name: 'Boutique Dupré SAS', street: 'avenue de la République', city: 'Lille', zip: '59000', country: 'FR',
    iban: 'FR7630006000011234567890189', swift_bic: 'BNPAFRPPXXX',
  }) },
  { name: 'debited account', mutate: (b) => { b.data.attributes.debited_account_id = 'FR7630006000011234567890189'; b.data.attributes.debited_account_type = 'IBAN'; } },
  { name: 'debited account internal', mutate: (b) => (b.data.attributes.debited_account_type = 'internal') },
  { name: 'custom string of exactly 1000 chars', mutate: (b) => (b.meta.custom = 'c'.repeat(1000)) },
  { name: 'custom nested object', mutate: (b) => (b.meta.custom = { commande: { id: 42, lignes: ['pain', 'croissant'] } }) },
  { name: 'reconciliation level payer', base: smart, mutate: (b) => (b.meta.reconciliation = { level: 'payer' }) },
  { name: 'reconciliation empty (defaults to payer)', base: smart, mutate: (b) => (b.meta.reconciliation = {}) },
  { name: 'reconciliation level key with key', base: smart, mutate: (b) => (b.meta.reconciliation = { level: 'key', key: 'CUST-881' }) },
  { name: 'reconciliation payment_session without match_amount', base: smart, mutate: (b) => (b.meta.reconciliation = { level: 'payment_session' }) },
  { name: 'reconciliation payment_session, match_amount false', base: smart, mutate: (b) => (b.meta.reconciliation = { level: 'payment_session', match_amount: false }) },
  { name: 'non-BNPL session with a foreign registration id', mutate: (b) => (b.meta.psu_incorporation = 'HRB 86891') },
  { name: 'non-BNPL session with company data omitted', base: smart, mutate: (b) => { delete b.meta.psu_company; delete b.meta.psu_incorporation; } },
  { name: 'BNPL with the sandbox SIREN 000000001 (not Luhn-valid)', base: bnpl, mutate: (b) => (b.meta.psu_incorporation = '000000001') },
  { name: 'BNPL through meta.type with company data', base: bnpl, mutate: (b) => { delete b.meta.payment_methods; b.meta.type = 'BuyNowPayLater'; } },
  { name: 'BNPL without net_amount', base: bnpl, mutate: (b) => delete b.data.attributes.net_amount },
  { name: 'net_amount equal to amount', base: bnpl, mutate: (b) => (b.data.attributes.net_amount = '3600') },
];

describe('CreatePaymentSessionDto', () => {
  it.each(Object.keys(PAYMENT_SESSION_EXAMPLES))('accepts the %s example unchanged', async (name) => {
    const example = PAYMENT_SESSION_EXAMPLES[name as keyof typeof PAYMENT_SESSION_EXAMPLES];
    expect(await validateBody(clone(example.body))).toEqual([]);
  });

  it('exposes the same four bodies as Swagger examples', () => {
    expect(Object.keys(PAYMENT_SESSION_BODY_EXAMPLES)).toEqual(Object.keys(PAYMENT_SESSION_EXAMPLES));
    expect(PAYMENT_SESSION_BODY_EXAMPLES.payment_hub.value).toBe(PAYMENT_HUB_EXAMPLE.body);
  });

  it('covers Immediate Transfer, Smart Transfer and BNPL together in the hub example', () => {
    const ids = (PAYMENT_HUB_EXAMPLE.body.meta.payment_methods ?? []).map((m) => m.id);
    expect(ids).toEqual(['immediate_transfer', 'smart_transfer', 'bnpl']);
    expect(PAYMENT_HUB_EXAMPLE.query.with_virtualbeneficiary).toBe('true');
  });

  it('freezes the shared examples so a test cannot corrupt them', () => {
    expect(() => {
      (IMMEDIATE_TRANSFER_EXAMPLE.body.data.attributes as { amount: string }).amount = '1.00';
    }).toThrow(TypeError);
  });

  describe('refuses', () => {
    it.each(failures.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const body = (c.base ?? immediate)();
      c.mutate(body);
      const errors = await validateBody(body);

      // Exactly one failing field, the expected one: a case that broke something else, or
      // nothing, would not prove the rule it is named after.
      expect(errors.map((e) => e.field)).toEqual(Array.isArray(c.path) ? c.path : [c.path]);
      if (c.constraint) expect(errors[0].constraints).toContain(c.constraint);
      if (c.message) expect(errors[0].messages.join(' | ')).toMatch(c.message);
    });
  });

  describe('accepts', () => {
    it.each(passes.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const body = (c.base ?? immediate)();
      c.mutate(body);
      expect(await validateBody(body)).toEqual([]);
    });
  });

  describe('type errors survive a pipe that converts implicitly', () => {
    const implicit: ClassTransformOptions = { enableImplicitConversion: true };

    it('still refuses a numeric amount', async () => {
      const body = immediate();
      body.data.attributes.amount = 42.5;
      const errors = await validateBody(body, implicit);
      expect(errors.map((e) => e.field)).toEqual(['data.attributes.amount']);
    });

    it('still refuses a string expiry', async () => {
      const body = immediate();
      body.meta.expiry = '1800';
      const errors = await validateBody(body, implicit);
      expect(errors.map((e) => e.field)).toEqual(['meta.expiry']);
    });

    it('still refuses a string match_amount', async () => {
      const body = smart();
      body.meta.reconciliation = { level: 'payment_session', match_amount: 'false' };
      const errors = await validateBody(body, implicit);
      expect(errors.map((e) => e.field)).toEqual(['meta.reconciliation.match_amount']);
    });

    it('accepts every example', async () => {
      for (const example of Object.values(PAYMENT_SESSION_EXAMPLES)) {
        expect(await validateBody(clone(example.body), implicit)).toEqual([]);
      }
    });
  });

  describe('custom', () => {
    it('keeps the caller object intact, keys such as "constructor" included, without crashing', async () => {
      const custom = { constructor: 'x', nested: { toString: 1, valueOf: 2, constructor: 3 } };
      const body = immediate();
      body.meta.custom = custom;
      const instance = plainToInstance(CreatePaymentSessionDto, body);
      expect(instance.meta.custom).toEqual(custom);
      expect(await validateBody(body)).toEqual([]);
    });
  });

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

  it('lists exactly EUR and GBP as supported currencies', () => {
    expect(SUPPORTED_CURRENCIES).toEqual(['EUR', 'GBP']);
  });
});
