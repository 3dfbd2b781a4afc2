// The JS README lists EUR and GBP; the Primer says EUR only and a low-trust profile adds PLN.
// We accept the two an official SDK names and let Fintecture refuse GBP if the shop cannot take it.
export const SUPPORTED_CURRENCIES = ['EUR', 'GBP'] as const;
export type SupportedCurrency = (typeof SUPPORTED_CURRENCIES)[number];

export const PAYMENT_METHOD_IDS = ['immediate_transfer', 'smart_transfer', 'bnpl'] as const;
export type PaymentMethodId = (typeof PAYMENT_METHOD_IDS)[number];

export const RECONCILIATION_LEVELS = ['payer', 'key', 'payment_session'] as const;
export type ReconciliationLevel = (typeof RECONCILIATION_LEVELS)[number];

export const PAYMENT_SCHEMES = ['AUTO', 'SEPA', 'INSTANT_SEPA'] as const;
export type PaymentScheme = (typeof PAYMENT_SCHEMES)[number];

// "iban" in lower case is what the Ruby SDK documents; Fintecture takes it.
export const DEBITED_ACCOUNT_TYPES = ['IBAN', 'iban', 'internal'] as const;
export type DebitedAccountType = (typeof DEBITED_ACCOUNT_TYPES)[number];

// Every value an official client sends to /connect, spelt as it sends it: PIS (SDK READMEs),
// SEPA (JS SDK), connect (Python, Odoo), PAYMENT (Magento 1). Magento 2 and Ruby omit it.
export const PAYMENT_SESSION_DATA_TYPES = ['PIS', 'SEPA', 'connect', 'PAYMENT'] as const;
export type PaymentSessionDataType = (typeof PAYMENT_SESSION_DATA_TYPES)[number];

// Only the Magento 1 module sends meta.type; Magento 2 signals BNPL through payment_methods instead.
export const PAYMENT_SESSION_META_TYPES = ['BuyNowPayLater'] as const;
export type PaymentSessionMetaType = (typeof PAYMENT_SESSION_META_TYPES)[number];

/** Fallback bound for strings whose length Fintecture does not document. */
export const DEFAULT_MAX_LENGTH = 255;
export const CUSTOM_MAX_LENGTH = 1000;
/** Street numbers ("12 bis"), phone numbers. */
export const SHORT_MAX_LENGTH = 32;
export const ZIP_MAX_LENGTH = 16;

// ISO 3166-1 alpha-2. Lower case is accepted because the Ruby SDK sends "fr" and Fintecture takes it.
export const COUNTRY_CODE = /^[A-Za-z]{2}$/;
export const SIREN = /^\d{9}$/;
// Electronic IBAN format: no spaces, uppercase, as it will be forwarded byte for byte.
export const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/;
// ISO 9362: 4-char institution, 2-letter country, 2-char location, optional 3-char branch.
export const BIC = /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
// An empty prefix or phone is what Magento 2 and the Ruby SDK send for a payer without one.
export const PHONE_PREFIX = /^((\+|00)[1-9]\d{0,3})?$/;
export const PHONE = /^[0-9+() .-]{0,32}$/;
