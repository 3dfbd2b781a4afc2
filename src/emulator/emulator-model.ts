/** Fintecture's vocabulary (fintecture-api.md §5) and the emulator's in-memory session. */

export const SESSION_STATUSES = [
  'provider_required',
  'sca_required',
  'payment_pending',
  'payment_waiting',
  'session_initiated',
  'payment_partial',
  'order_created',
  'payment_created',
  'payment_unsuccessful',
  'payment_expired',
  'payment_cancelled',
  'payment_error',
  'payment_unknown',
  'iban_required',
  'iban_received',
  'refund_accepted',
  'refund_waiting',
  'refund_aborted',
] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const TRANSFER_STATES = [
  'processing',
  'pending',
  'authorized',
  'accepted',
  'sent',
  'completed',
  'received',
  'insufficient',
  'overpaid',
  'rejected',
  'initiated',
  'blocked',
  'cancelled',
  'multi-signature',
] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];

export type SessionType = 'PayByBank' | 'ManualTransfer' | 'BuyNowPayLater' | 'Refund';

export const PAYMENT_METHODS = ['immediate_transfer', 'smart_transfer', 'bnpl'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const TYPE_OF_METHOD: Record<PaymentMethod, SessionType> = {
  immediate_transfer: 'PayByBank',
  smart_transfer: 'ManualTransfer',
  bnpl: 'BuyNowPayLater',
};

export const METHOD_LABELS: Record<PaymentMethod, string> = {
  immediate_transfer: 'Immediate transfer',
  smart_transfer: 'Smart transfer (send a transfer to a virtual IBAN)',
  bnpl: 'Buy now, pay in 30 days (companies)',
};

/** The payer has not paid yet: the page offers its buttons, PATCH may cancel, expiry may strike. */
export const AWAITING_PAYER_STATUSES: ReadonlySet<string> = new Set(['provider_required', 'sca_required', 'payment_waiting', 'session_initiated']);

/** Statuses a merchant may still cancel: nothing has been received yet. */
export const CANCELLABLE_STATUSES: ReadonlySet<string> = new Set([
  ...AWAITING_PAYER_STATUSES,
  'payment_pending',
  'payment_error',
  'payment_unknown',
  'payment_unsuccessful',
]);

export interface DemoBank {
  id: string;
  name: string;
}

/** Made-up banks: the emulator must never look like a real bank's page. */
export const DEMO_BANKS: readonly DemoBank[] = [
  { id: 'demobank', name: 'Demo Bank' },
  { id: 'emubnkfr', name: 'Banque Émulée' },
  { id: 'testcaisse', name: 'Caisse de Test' },
  { id: 'sandneo', name: 'Néobanque Sandbox' },
];

export interface VirtualBeneficiary {
  type: 'iban';
  name: string;
  iban: string;
  swift_bic: string;
  bank_name: string;
  street: string;
  zip: string;
  city: string;
  country: string;
}

export interface StatusChange {
  at: string;
  status: string;
  transferState: string | null;
  receivedAmount: string | null;
  source: 'connect' | 'payer' | 'merchant' | 'expiry' | 'simulate' | 'refund';
  webhookId: string | null;
}

export interface EmulatorSession {
  id: string;
  type: SessionType;
  createdAt: string;
  updatedAt: string;
  status: string;
  transferState: string | null;
  /** The amount exactly as the client wrote it. */
  amount: string;
  currency: string;
  communication: string | null;
  receivedAmount: string | null;
  state: string | null;
  redirectUri: string | null;
  originUri: string | null;
  /** Methods the payer may choose among on the payer page. */
  paymentMethods: PaymentMethod[];
  provider: string | null;
  customerId: string | null;
  psuName: string | null;
  psuCompany: string | null;
  psuIncorporation: string | null;
  beneficiaryName: string | null;
  endToEndId: string | null;
  executionDate: string | null;
  scheme: string | null;
  externalReference: string | null;
  invoiceReference: string | null;
  expiresAt: string | null;
  virtualBeneficiary: VirtualBeneficiary | null;
  /** Refund sessions: the payment they refund. */
  refundedSessionId: string | null;
  /** Payment sessions: the refunds made against them. */
  refundIds: string[];
  /** The connect call's headers that are not signed (x-psu-type, x-country, x-language, x-provider). */
  connectHeaders: Record<string, string>;
  history: StatusChange[];
}
