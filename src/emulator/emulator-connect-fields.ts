import { PSU_FIELDS } from '../fintecture/fintecture-psu-fields';
import { isObject, Json, Problems } from './emulator-field-checks';

/**
 * Every field a /pis/v2/connect body may carry, as Fintecture's documentation and its official
 * clients name them (fintecture-api.md §2.3 and §12: the JS SDK's IMeta, IAttributes, IAddress
 * and IBeneficiary, Magento 2, the Ruby and Python SDKs). Anything else is a misspelling until
 * shown otherwise: refused with its name, rather than silently dropped as a typo would be.
 */
const KNOWN_FIELDS = {
  body: ['meta', 'data'],
  data: ['type', 'attributes'],
  attributes: [
    'amount',
    'currency',
    'communication',
    'end_to_end_id',
    'execution_date',
    'scheme',
    'beneficiary',
    'debited_account_id',
    'debited_account_type',
    'external_reference',
    'net_amount',
  ],
  meta: [...PSU_FIELDS, 'expiry', 'payment_methods', 'reconciliation', 'custom', 'target_env', 'type'],
  psuAddress: ['name', 'street', 'number', 'complement', 'zip', 'city', 'country'],
  beneficiary: ['name', 'form', 'incorporation', 'street', 'number', 'complement', 'city', 'zip', 'country', 'iban', 'swift_bic', 'bank_name'],
  reconciliation: ['level', 'key', 'match_amount'],
  paymentMethod: ['id', 'order'],
} as const;

function unknownIn(container: unknown, known: readonly string[], path: string, problems: Problems): void {
  if (!isObject(container)) return;
  for (const key of Object.keys(container)) {
    if (!known.includes(key)) problems.invalid(path ? `${path}.${key}` : key, 'is not a field Fintecture knows');
  }
}

/** Names every unknown field of the body, at every level the connect body has. */
export function reportUnknownFields(body: Json, problems: Problems): void {
  unknownIn(body, KNOWN_FIELDS.body, '', problems);
  const meta = body.meta;
  const data = body.data;
  unknownIn(data, KNOWN_FIELDS.data, 'data', problems);
  const attributes = isObject(data) ? data.attributes : undefined;
  unknownIn(attributes, KNOWN_FIELDS.attributes, 'data.attributes', problems);
  if (isObject(attributes)) unknownIn(attributes.beneficiary, KNOWN_FIELDS.beneficiary, 'data.attributes.beneficiary', problems);
  unknownIn(meta, KNOWN_FIELDS.meta, 'meta', problems);
  if (!isObject(meta)) return;
  unknownIn(meta.psu_address, KNOWN_FIELDS.psuAddress, 'meta.psu_address', problems);
  unknownIn(meta.reconciliation, KNOWN_FIELDS.reconciliation, 'meta.reconciliation', problems);
  if (Array.isArray(meta.payment_methods)) {
    meta.payment_methods.forEach((method: unknown, index) =>
      unknownIn(method, KNOWN_FIELDS.paymentMethod, `meta.payment_methods[${index}]`, problems),
    );
  }
}
