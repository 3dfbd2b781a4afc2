import { CreatePaymentSessionHeadersDto } from './create-payment-session-headers.dto';
import { CreatePaymentSessionQueryDto } from './create-payment-session-query.dto';
import { CreatePaymentSessionDto } from './create-payment-session.dto';

/**
 * One complete POST /v1/payment-sessions call. Typed against the DTO classes so that a misspelt
 * field fails the type check instead of silently producing a misleading example.
 */
export interface PaymentSessionExample {
  summary: string;
  description: string;
  query: CreatePaymentSessionQueryDto;
  headers: CreatePaymentSessionHeadersDto;
  body: CreatePaymentSessionDto;
}

// Shared by Swagger and by many tests: freezing makes a test that mutates a fixture throw at once
// instead of corrupting the fixture for the tests (and the docs) that come after it.
// Clone (structuredClone) before changing anything.
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

export const IMMEDIATE_TRANSFER_EXAMPLE: PaymentSessionExample = deepFreeze({
  summary: 'Immediate Transfer',
  description: 'The payer picks a bank and approves an instant transfer during checkout.',
  query: {
    state: 'order-2026-0042',
    redirect_uri: 'https://boutique.example.fr/paiement/retour',
    origin_uri: 'https://boutique.example.fr/panier',
  },
  headers: {
    'x-psu-type': 'retail',
    'x-country': 'fr',
    'x-language': 'fr',
    'idempotency-key': 'order-2026-0042-attempt-1',
  },
  body: {
    meta: {
      psu_name: 'Jeanne Dupré',
      psu_email: 'jeanne.dupre@example.fr',
      psu_phone: '612345678',
      psu_phone_prefix: '+33',
      psu_ip: '203.0.113.7',
      psu_address: {
        street: 'rue des Lilas',
        number: '12',
        complement: 'Bâtiment B',
        zip: '75011',
        city: 'Paris',
        country: 'FR',
      },
      expiry: 1800,
      payment_methods: [{ id: 'immediate_transfer' }],
    },
    data: {
      type: 'PIS',
      attributes: {
        amount: '42.50',
        currency: 'EUR',
        communication: 'ORDER-2026-0042',
        scheme: 'AUTO',
        external_reference: 'CMD-2026-0042',
      },
    },
  },
});

export const SMART_TRANSFER_EXAMPLE: PaymentSessionExample = deepFreeze({
  summary: 'Smart Transfer',
  description:
    'The payer receives a virtual IBAN and sends a transfer from their own banking app; funds are matched per payment session, on the exact amount.',
  query: {
    state: 'order-2026-1187',
    redirect_uri: 'https://boutique.example.fr/paiement/retour',
    with_virtualbeneficiary: 'true',
  },
  headers: {
    'x-psu-type': 'retail',
    'x-country': 'fr',
    'x-language': 'fr',
  },
  body: {
    meta: {
      psu_name: 'François Lefèvre',
      psu_email: 'francois.lefevre@example.fr',
      psu_phone: '778901234',
      psu_phone_prefix: '+33',
      psu_ip: '2001:db8:85a3::8a2e:370:7334',
      psu_address: {
        street: 'place Bellecour',
        number: '8',
        zip: '69002',
        city: 'Lyon',
        country: 'FR',
      },
      expiry: 604800,
      payment_methods: [{ id: 'smart_transfer' }],
      reconciliation: { level: 'payment_session', match_amount: true },
      custom: { order_id: 'CMD-2026-1187', canal: 'site web', entrepôt: 'Vénissieux' },
    },
    data: {
      type: 'PIS',
      attributes: {
        amount: '1249.90',
        currency: 'EUR',
        communication: 'CMD-2026-1187 Lefèvre',
        external_reference: 'CMD-2026-1187',
      },
    },
  },
});

export const BUY_NOW_PAY_LATER_EXAMPLE: PaymentSessionExample = deepFreeze({
  summary: 'Buy Now Pay Later',
  description: 'A company buyer pays in 30 days. SIREN 000000000 is the sandbox company for which every step succeeds.',
  query: {
    state: 'order-2026-2210',
    redirect_uri: 'https://boutique.example.fr/paiement/retour',
  },
  headers: {
    'x-psu-type': 'corporate',
    'x-country': 'fr',
    'x-language': 'fr',
  },
  body: {
    meta: {
      psu_name: 'Hélène Garnier',
      psu_email: 'helene.garnier@cote-jardin.example.fr',
      psu_phone: '556789012',
      psu_phone_prefix: '+33',
      psu_ip: '198.51.100.24',
      psu_address: {
        street: "cours de l'Intendance",
        number: '27',
        zip: '33000',
        city: 'Bordeaux',
        country: 'FR',
      },
      psu_company: 'Atelier Côté Jardin',
      psu_form: 'SARL',
      psu_incorporation: '000000000',
      payment_methods: [{ id: 'bnpl' }],
    },
    data: {
      type: 'PIS',
      attributes: {
        amount: '3600.00',
        net_amount: '3000.00',
        currency: 'EUR',
        communication: 'FACTURE-2026-2210',
        external_reference: 'CMD-2026-2210',
      },
    },
  },
});

export const PAYMENT_HUB_EXAMPLE: PaymentSessionExample = deepFreeze({
  summary: 'Payment Hub (Immediate Transfer, Smart Transfer and Buy Now Pay Later)',
  description:
    'All three methods offered in one Connect session, in the given order. BNPL being among them, the company name is required; the reconciliation settings apply if the payer chooses Smart Transfer.',
  query: {
    state: 'order-2026-3075',
    redirect_uri: 'https://boutique.example.fr/paiement/retour',
    origin_uri: 'https://boutique.example.fr/panier',
    with_beneficiary: 'false',
    with_virtualbeneficiary: 'true',
  },
  headers: {
    'x-psu-type': 'all',
    'x-country': 'FR',
    'x-language': 'fr',
    'idempotency-key': 'b2b-3075 tentative 1',
  },
  body: {
    meta: {
      psu_name: 'Loïc Ménard',
      psu_email: 'loic.menard@boulangerie-menard.example.fr',
      psu_phone: '240123456',
      psu_phone_prefix: '0033',
      psu_ip: '192.0.2.55',
      psu_address: {
        street: 'quai de la Fosse',
        number: '14 bis',
        zip: '44000',
        city: 'Nantes',
        country: 'FR',
      },
      psu_company: 'Boulangerie Ménard & Fils',
      psu_form: 'SAS',
      psu_incorporation: '000000000',
      expiry: 86400,
      payment_methods: [
        { id: 'immediate_transfer', order: 1 },
        { id: 'smart_transfer', order: 2 },
        { id: 'bnpl', order: 3 },
      ],
      reconciliation: { level: 'key', key: 'CLIENT-00881' },
      custom: 'commande B2B 3075 — livraison jeudi',
    },
    data: {
      type: 'PIS',
      attributes: {
        amount: '858.24',
        net_amount: '715.20',
        currency: 'EUR',
        communication: 'CMD-2026-3075 Ménard',
        end_to_end_id: 'E2E-2026-3075',
        scheme: 'AUTO',
        external_reference: 'CMD-2026-3075',
      },
    },
  },
});

export const PAYMENT_SESSION_EXAMPLES = deepFreeze({
  immediate_transfer: IMMEDIATE_TRANSFER_EXAMPLE,
  smart_transfer: SMART_TRANSFER_EXAMPLE,
  buy_now_pay_later: BUY_NOW_PAY_LATER_EXAMPLE,
  payment_hub: PAYMENT_HUB_EXAMPLE,
});
export type PaymentSessionExampleName = keyof typeof PAYMENT_SESSION_EXAMPLES;

/** For `@ApiBody({ type: CreatePaymentSessionDto, examples: PAYMENT_SESSION_BODY_EXAMPLES })`. */
export const PAYMENT_SESSION_BODY_EXAMPLES: Record<
  PaymentSessionExampleName,
  { summary: string; description: string; value: CreatePaymentSessionDto }
> = Object.fromEntries(
  Object.entries(PAYMENT_SESSION_EXAMPLES).map(([name, example]) => [
    name,
    { summary: example.summary, description: example.description, value: example.body },
  ]),
) as Record<PaymentSessionExampleName, { summary: string; description: string; value: CreatePaymentSessionDto }>;
