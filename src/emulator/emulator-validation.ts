import { isCalendarDate } from '../common/dates';
import { errorItem, FintectureApiError } from './emulator-errors';
import { reportUnknownFields } from './emulator-connect-fields';
import { COMMUNICATION_MAX_LENGTH, isObject, Json, Problems, readAmount, readFlag, readState, readUrl } from './emulator-field-checks';
import { PAYMENT_METHODS, PaymentMethod } from './emulator-model';

/**
 * What POST /pis/v2/connect accepts. The emulator stands in for Fintecture's sandbox, so it
 * accepts what the sandbox accepts from Fintecture's own clients (fintecture-api.md §12) and
 * refuses real mistakes: a wrong currency, a third decimal, a 513-character state, a misspelt
 * field. Every problem is reported at once, in Fintecture's error items.
 */
export interface ConnectRequest {
  amount: string;
  currency: string;
  communication: string | null;
  endToEndId: string | null;
  executionDate: string | null;
  scheme: string | null;
  externalReference: string | null;
  beneficiaryName: string | null;
  psuName: string;
  psuCompany: string | null;
  psuIncorporation: string | null;
  expirySeconds: number | null;
  paymentMethods: PaymentMethod[];
  smartTransferRequested: boolean;
  bnplRequested: boolean;
  state: string | null;
  redirectUri: string | null;
  originUri: string | null;
  withBeneficiary: boolean;
  withVirtualBeneficiary: boolean;
}

export const SUPPORTED_CURRENCIES = ['EUR', 'GBP'];
export const END_TO_END_ID_MAX_LENGTH = 35;
export const EXPIRY_MAX_SECONDS = 99_999_999;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const COUNTRY = /^[A-Za-z]{2}$/;
const TWO_LETTERS = /^[A-Za-z]{2}$/;
const SCHEMES = ['AUTO', 'SEPA', 'INSTANT_SEPA'];
const RECONCILIATION_LEVELS = ['payer', 'key', 'payment_session'];
const PSU_TYPES = ['retail', 'corporate', 'all'];

type Attributes = Pick<
  ConnectRequest,
  'amount' | 'currency' | 'communication' | 'endToEndId' | 'executionDate' | 'scheme' | 'externalReference' | 'beneficiaryName'
>;

/** data.type is not read: the sandbox takes PIS, SEPA, connect, PAYMENT or none (§2.3), and so does the emulator. */
function readAttributes(attrs: Json, problems: Problems): Attributes {
  const amount = readAmount(attrs.amount, problems, 'data.attributes.amount');
  const currency = problems.requiredString(attrs, 'currency', 'data.attributes.currency', 3);
  if (currency !== null && !SUPPORTED_CURRENCIES.includes(currency)) {
    problems.invalid('data.attributes.currency', `must be one of ${SUPPORTED_CURRENCIES.join(', ')}`);
  }
  const communication = problems.optionalString(attrs, 'communication', 'data.attributes.communication', COMMUNICATION_MAX_LENGTH);
  const endToEndId = problems.optionalString(attrs, 'end_to_end_id', 'data.attributes.end_to_end_id', END_TO_END_ID_MAX_LENGTH);
  const executionDate = problems.optionalString(attrs, 'execution_date', 'data.attributes.execution_date');
  if (executionDate !== null && !isCalendarDate(executionDate)) {
    problems.invalid('data.attributes.execution_date', 'must be a date YYYY-MM-DD');
  }
  const scheme = problems.optionalString(attrs, 'scheme', 'data.attributes.scheme');
  if (scheme !== null && !SCHEMES.includes(scheme)) problems.invalid('data.attributes.scheme', `must be one of ${SCHEMES.join(', ')}`);
  const externalReference = problems.optionalString(attrs, 'external_reference', 'data.attributes.external_reference');
  if (attrs.net_amount !== undefined) readAmount(attrs.net_amount, problems, 'data.attributes.net_amount');
  // debited_account_type comes as IBAN (JS SDK), iban (Ruby SDK) or internal: not a thing to refuse over.
  problems.optionalString(attrs, 'debited_account_type', 'data.attributes.debited_account_type', 64);
  let beneficiaryName: string | null = null;
  if (attrs.beneficiary !== undefined) {
    if (!isObject(attrs.beneficiary)) problems.invalid('data.attributes.beneficiary', 'must be an object');
    else beneficiaryName = problems.requiredString(attrs.beneficiary, 'name', 'data.attributes.beneficiary.name', 255);
  }
  return {
    amount: amount as string,
    currency: currency as string,
    communication,
    endToEndId,
    executionDate,
    scheme,
    externalReference,
    beneficiaryName,
  };
}

/**
 * The payer. Name and email are required, as the sandbox and production both want them; the IP
 * is not: the sandbox takes a call without one, or with one that is not an address (the Ruby
 * SDK's sandbox specs, a JS SDK fixture), and only production insists (the JS SDK checks it there).
 */
function readPayer(meta: Json, problems: Problems): { psuName: string } {
  const psuName = problems.requiredString(meta, 'psu_name', 'meta.psu_name', 255);
  const psuEmail = problems.requiredString(meta, 'psu_email', 'meta.psu_email', 254);
  if (psuEmail !== null && !EMAIL.test(psuEmail)) problems.invalid('meta.psu_email', 'must be an email address');
  if (meta.psu_ip !== undefined && meta.psu_ip !== null && (typeof meta.psu_ip !== 'string' || meta.psu_ip.length > 255)) {
    problems.invalid('meta.psu_ip', 'must be a string of at most 255 characters');
  }
  if (meta.psu_address !== undefined) {
    if (!isObject(meta.psu_address)) problems.invalid('meta.psu_address', 'must be an object');
    else {
      for (const key of ['street', 'zip', 'city']) problems.requiredString(meta.psu_address, key, `meta.psu_address.${key}`, 255);
      // Any case: the Ruby SDK's examples write "fr".
      const country = problems.requiredString(meta.psu_address, 'country', 'meta.psu_address.country', 2);
      if (country !== null && !COUNTRY.test(country)) problems.invalid('meta.psu_address.country', 'must be a 2-letter country code');
    }
  }
  return { psuName: psuName as string };
}

function readExpiry(meta: Json, problems: Problems): number | null {
  if (meta.expiry === undefined || meta.expiry === null) return null;
  // The JS SDK also sends it as a numeric string.
  const expiry = typeof meta.expiry === 'string' && /^\d+$/.test(meta.expiry) ? Number(meta.expiry) : meta.expiry;
  if (typeof expiry !== 'number' || !Number.isInteger(expiry) || expiry < 1 || expiry > EXPIRY_MAX_SECONDS) {
    problems.invalid('meta.expiry', `must be a whole number of seconds between 1 and ${EXPIRY_MAX_SECONDS}`);
    return null;
  }
  return expiry;
}

/** The methods offered, in their `order` (from 0, as the JS SDK numbers them), else as listed. */
function readPaymentMethods(meta: Json, problems: Problems): PaymentMethod[] {
  if (meta.payment_methods === undefined) return [];
  if (!Array.isArray(meta.payment_methods) || meta.payment_methods.length === 0) {
    problems.invalid('meta.payment_methods', 'must be a non-empty array');
    return [];
  }
  const ordered: Array<{ id: PaymentMethod; order: number; index: number }> = [];
  meta.payment_methods.forEach((method: unknown, index) => {
    const id = isObject(method) ? method.id : undefined;
    if (typeof id !== 'string' || !(PAYMENT_METHODS as readonly string[]).includes(id)) {
      problems.invalid(`meta.payment_methods[${index}].id`, `must be one of ${PAYMENT_METHODS.join(', ')}`);
      return;
    }
    if (ordered.some((m) => m.id === id)) {
      problems.invalid(`meta.payment_methods[${index}].id`, 'is listed twice');
      return;
    }
    const order = isObject(method) ? method.order : undefined;
    if (order !== undefined && (typeof order !== 'number' || !Number.isInteger(order) || order < 0)) {
      problems.invalid(`meta.payment_methods[${index}].order`, 'must be a whole number');
    }
    ordered.push({ id: id as PaymentMethod, order: typeof order === 'number' ? order : Number.MAX_SAFE_INTEGER, index });
  });
  ordered.sort((a, b) => a.order - b.order || a.index - b.index);
  return ordered.map((m) => m.id);
}

/** Smart Transfer's reconciliation; match_amount goes with any level (Magento sends it with key). */
function readReconciliation(meta: Json, problems: Problems): boolean {
  if (meta.reconciliation === undefined) return false;
  const reconciliation = meta.reconciliation;
  if (!isObject(reconciliation)) {
    problems.invalid('meta.reconciliation', 'must be an object');
    return true;
  }
  const level = reconciliation.level;
  if (level !== undefined && (typeof level !== 'string' || !RECONCILIATION_LEVELS.includes(level))) {
    problems.invalid('meta.reconciliation.level', `must be one of ${RECONCILIATION_LEVELS.join(', ')}`);
  }
  if (level === 'key') problems.requiredString(reconciliation, 'key', 'meta.reconciliation.key', 255);
  if (reconciliation.match_amount !== undefined && typeof reconciliation.match_amount !== 'boolean') {
    problems.invalid('meta.reconciliation.match_amount', 'must be true or false');
  }
  return true;
}

/** Where the body is not even the shape of a connect call, the fields inside it are not read. */
function readEnvelope(body: Json, problems: Problems): { meta: Json; attributes: Json | undefined } {
  if (body.meta === undefined) problems.missing('meta');
  else if (!isObject(body.meta)) problems.invalid('meta', 'must be an object');
  const data = isObject(body.data) ? body.data : undefined;
  if (!data) {
    if (body.data === undefined) problems.missing('data');
    else problems.invalid('data', 'must be an object');
  }
  const attributes = data && isObject(data.attributes) ? data.attributes : undefined;
  if (data && !attributes) {
    if (data.attributes === undefined) problems.missing('data.attributes');
    else problems.invalid('data.attributes', 'must be an object');
  }
  return { meta: isObject(body.meta) ? body.meta : {}, attributes };
}

export function validateConnect(body: unknown, query: URLSearchParams, headers: Record<string, string | undefined>): ConnectRequest {
  const problems = new Problems();
  if (!isObject(body)) {
    throw FintectureApiError.badRequest(errorItem('invalid_field', 'the body must be a JSON object with meta and data'));
  }
  reportUnknownFields(body, problems);
  const { meta, attributes } = readEnvelope(body, problems);
  const attrs = attributes ? readAttributes(attributes, problems) : null;
  const { psuName } = readPayer(meta, problems);
  const expirySeconds = readExpiry(meta, problems);
  const paymentMethods = readPaymentMethods(meta, problems);
  const reconciliationGiven = readReconciliation(meta, problems);

  // BNPL insures a company: its name is required; the SIREN is not (Magento, the only official BNPL client, sends none).
  const bnplRequested = paymentMethods.includes('bnpl') || meta.type === 'BuyNowPayLater';
  const psuCompany = bnplRequested
    ? problems.requiredString(meta, 'psu_company', 'meta.psu_company', 255)
    : problems.optionalString(meta, 'psu_company', 'meta.psu_company', 255);
  const psuIncorporation = problems.optionalString(meta, 'psu_incorporation', 'meta.psu_incorporation', 255);
  if (bnplRequested && !paymentMethods.includes('bnpl')) paymentMethods.push('bnpl');
  if (paymentMethods.length === 0) paymentMethods.push(reconciliationGiven ? 'smart_transfer' : 'immediate_transfer');

  const state = readState(query, problems);
  const redirectUri = readUrl(query, 'redirect_uri', problems);
  const originUri = readUrl(query, 'origin_uri', problems);
  const withBeneficiary = readFlag(query, 'with_beneficiary', problems);
  const withVirtualBeneficiary = readFlag(query, 'with_virtualbeneficiary', problems);

  for (const name of ['x-country', 'x-language']) {
    const value = headers[name];
    if (value !== undefined && !TWO_LETTERS.test(value)) problems.invalid(name, 'must be 2 letters');
  }
  const psuType = headers['x-psu-type'];
  if (psuType !== undefined && !PSU_TYPES.includes(psuType)) problems.invalid('x-psu-type', `must be one of ${PSU_TYPES.join(', ')}`);

  if (problems.items.length > 0 || !attrs) throw FintectureApiError.badRequest(problems.items);
  return {
    ...attrs,
    psuName,
    psuCompany,
    psuIncorporation,
    expirySeconds,
    paymentMethods,
    smartTransferRequested: paymentMethods.includes('smart_transfer'),
    bnplRequested,
    state,
    redirectUri,
    originUri,
    withBeneficiary,
    withVirtualBeneficiary,
  };
}
