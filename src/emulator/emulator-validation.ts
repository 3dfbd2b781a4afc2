import { isIP } from 'node:net';
import { errorItem, FintectureApiError } from './emulator-errors';
import { COMMUNICATION_MAX_LENGTH, isObject, Problems, readAmount, readFlag, readState, readUrl } from './emulator-field-checks';
import { PAYMENT_METHODS, PaymentMethod } from './emulator-model';

/**
 * What POST /pis/v2/connect accepts, after the checks fintecture-api.md §2.4 lists. Every
 * problem is reported at once, in Fintecture's error items: `mandatory_field_missing` for an
 * absent field, `invalid_field` for a wrong one.
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
const COUNTRY = /^[A-Z]{2}$/;
const TWO_LETTERS = /^[A-Za-z]{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SCHEMES = ['AUTO', 'SEPA', 'INSTANT_SEPA'];
const RECONCILIATION_LEVELS = ['payer', 'key', 'payment_session'];
const PSU_TYPES = ['retail', 'corporate', 'all'];

export function validateConnect(body: unknown, query: URLSearchParams, headers: Record<string, string | undefined>): ConnectRequest {
  const problems = new Problems();
  if (!isObject(body)) {
    throw FintectureApiError.badRequest(errorItem('invalid_field', 'the body must be a JSON object with meta and data'));
  }

  const meta = isObject(body.meta) ? body.meta : {};
  if (body.meta !== undefined && !isObject(body.meta)) problems.invalid('meta', 'must be an object');
  if (body.meta === undefined) problems.missing('meta');
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
  const attrs = attributes ?? {};

  const amount = attributes ? readAmount(attrs.amount, problems, 'data.attributes.amount') : null;
  let currency: string | null = null;
  if (attributes) {
    currency = problems.requiredString(attrs, 'currency', 'data.attributes.currency', 3);
    if (currency !== null && !SUPPORTED_CURRENCIES.includes(currency)) {
      problems.invalid('data.attributes.currency', `must be one of ${SUPPORTED_CURRENCIES.join(', ')}`);
    }
  }
  const communication = problems.optionalString(attrs, 'communication', 'data.attributes.communication', COMMUNICATION_MAX_LENGTH);
  const endToEndId = problems.optionalString(attrs, 'end_to_end_id', 'data.attributes.end_to_end_id', END_TO_END_ID_MAX_LENGTH);
  const executionDate = problems.optionalString(attrs, 'execution_date', 'data.attributes.execution_date');
  if (executionDate !== null && (!DATE.test(executionDate) || Number.isNaN(Date.parse(executionDate)))) {
    problems.invalid('data.attributes.execution_date', 'must be a date YYYY-MM-DD');
  }
  const scheme = problems.optionalString(attrs, 'scheme', 'data.attributes.scheme');
  if (scheme !== null && !SCHEMES.includes(scheme)) problems.invalid('data.attributes.scheme', `must be one of ${SCHEMES.join(', ')}`);
  const externalReference = problems.optionalString(attrs, 'external_reference', 'data.attributes.external_reference');
  if (attrs.net_amount !== undefined) readAmount(attrs.net_amount, problems, 'data.attributes.net_amount');
  let beneficiaryName: string | null = null;
  if (attrs.beneficiary !== undefined) {
    if (!isObject(attrs.beneficiary)) problems.invalid('data.attributes.beneficiary', 'must be an object');
    else beneficiaryName = problems.requiredString(attrs.beneficiary, 'name', 'data.attributes.beneficiary.name', 255);
  }

  // Fintecture's JS SDK and Ruby specs call these mandatory (in production); the emulator behaves like production.
  const psuName = problems.requiredString(meta, 'psu_name', 'meta.psu_name', 255);
  const psuEmail = problems.requiredString(meta, 'psu_email', 'meta.psu_email', 254);
  if (psuEmail !== null && !EMAIL.test(psuEmail)) problems.invalid('meta.psu_email', 'must be an email address');
  const psuIp = problems.requiredString(meta, 'psu_ip', 'meta.psu_ip', 64);
  if (psuIp !== null && isIP(psuIp) === 0) problems.invalid('meta.psu_ip', 'must be an IPv4 or IPv6 address');
  if (meta.psu_address !== undefined) {
    if (!isObject(meta.psu_address)) problems.invalid('meta.psu_address', 'must be an object');
    else {
      for (const key of ['street', 'zip', 'city']) problems.requiredString(meta.psu_address, key, `meta.psu_address.${key}`, 255);
      const country = problems.requiredString(meta.psu_address, 'country', 'meta.psu_address.country', 2);
      if (country !== null && !COUNTRY.test(country)) problems.invalid('meta.psu_address.country', 'must be 2 uppercase letters');
    }
  }

  let expirySeconds: number | null = null;
  if (meta.expiry !== undefined && meta.expiry !== null) {
    // The JS SDK also sends it as a numeric string.
    const expiry = typeof meta.expiry === 'string' && /^\d+$/.test(meta.expiry) ? Number(meta.expiry) : meta.expiry;
    if (typeof expiry !== 'number' || !Number.isInteger(expiry) || expiry < 1 || expiry > EXPIRY_MAX_SECONDS) {
      problems.invalid('meta.expiry', `must be a whole number of seconds between 1 and ${EXPIRY_MAX_SECONDS}`);
    } else {
      expirySeconds = expiry;
    }
  }

  const paymentMethods: PaymentMethod[] = [];
  if (meta.payment_methods !== undefined) {
    if (!Array.isArray(meta.payment_methods) || meta.payment_methods.length === 0) {
      problems.invalid('meta.payment_methods', 'must be a non-empty array');
    } else {
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
      paymentMethods.push(...ordered.map((m) => m.id));
    }
  }

  let reconciliationGiven = false;
  if (meta.reconciliation !== undefined) {
    reconciliationGiven = true;
    if (!isObject(meta.reconciliation)) problems.invalid('meta.reconciliation', 'must be an object');
    else {
      const level = meta.reconciliation.level;
      if (level !== undefined && (typeof level !== 'string' || !RECONCILIATION_LEVELS.includes(level))) {
        problems.invalid('meta.reconciliation.level', `must be one of ${RECONCILIATION_LEVELS.join(', ')}`);
      }
      if (level === 'key') problems.requiredString(meta.reconciliation, 'key', 'meta.reconciliation.key', 255);
    }
  }

  const bnplRequested = paymentMethods.includes('bnpl') || meta.type === 'BuyNowPayLater';
  let psuCompany: string | null = null;
  let psuIncorporation: string | null = null;
  if (bnplRequested) {
    psuCompany = problems.requiredString(meta, 'psu_company', 'meta.psu_company', 255);
    psuIncorporation = problems.requiredString(meta, 'psu_incorporation', 'meta.psu_incorporation', 255);
  } else {
    psuCompany = problems.optionalString(meta, 'psu_company', 'meta.psu_company', 255);
    psuIncorporation = problems.optionalString(meta, 'psu_incorporation', 'meta.psu_incorporation', 255);
  }
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

  if (problems.items.length > 0) throw FintectureApiError.badRequest(problems.items);
  return {
    amount: amount as string,
    currency: currency as string,
    communication,
    endToEndId,
    executionDate,
    scheme,
    externalReference,
    beneficiaryName,
    psuName: psuName as string,
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
