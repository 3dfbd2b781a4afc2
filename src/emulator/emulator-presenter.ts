import { RefundBehaviour } from './emulator-faults';
import { DEMO_BANKS, EmulatorSession } from './emulator-model';
import { demoIban } from './iban';

export interface PresentOptions {
  withVirtualBeneficiary?: boolean;
}

/**
 * A session's attributes as GET /pis/v2/payments shows them. Where transfer_state lives is
 * uncertain (fintecture-api.md §4.1), so it is written both at data level and in attributes.
 */
function attributesOf(session: EmulatorSession, options: PresentOptions): Record<string, unknown> {
  const attributes: Record<string, unknown> = {
    amount: session.amount,
    currency: session.currency,
    communication: session.communication,
    transfer_state: session.transferState,
    received_amount: session.receivedAmount,
    state: session.state,
    provider: session.provider,
    customer_id: session.customerId,
    created_at: session.createdAt,
  };
  const optional: Record<string, unknown> = {
    end_to_end_id: session.endToEndId,
    execution_date: session.executionDate,
    scheme: session.scheme,
    external_reference: session.externalReference,
    invoice_reference: session.invoiceReference,
    expires_at: session.expiresAt,
    refunded_session_id: session.refundedSessionId,
  };
  for (const [key, value] of Object.entries(optional)) if (value !== null) attributes[key] = value;
  if (options.withVirtualBeneficiary && session.virtualBeneficiary) attributes.virtual_beneficiary = session.virtualBeneficiary;
  return attributes;
}

/** GET /pis/v2/payments/{id} (and the answer to PATCH). */
export function presentPayment(session: EmulatorSession, options: PresentOptions = {}): Record<string, unknown> {
  return {
    meta: { session_id: session.id, status: session.status, code: 200, type: session.type },
    data: {
      id: session.id,
      type: 'payments',
      transfer_state: session.transferState,
      attributes: attributesOf(session, options),
    },
  };
}

/** One item of GET /pis/v2/payments: each carries its own meta, as the Ruby SDK's specs read them. */
export function presentPaymentList(sessions: EmulatorSession[], selfLink: string): Record<string, unknown> {
  return {
    meta: { total_items: sessions.length },
    data: sessions.map((session) => ({
      id: session.id,
      type: 'payments',
      meta: { session_id: session.id, status: session.status, type: session.type },
      transfer_state: session.transferState,
      attributes: attributesOf(session, {}),
    })),
    links: { self: selfLink },
  };
}

// The merchant's own account, as with_beneficiary shows it: one per process.
const MERCHANT_IBAN = demoIban('12345678901');

/** The beneficiary a connect or GET answer shows when asked (with_beneficiary=true). */
export function merchantBeneficiary(name: string | null): Record<string, string> {
  return {
    name: name ?? 'Emulated Merchant',
    iban: MERCHANT_IBAN,
    swift_bic: 'EMULFRPPXXX',
    bank_name: DEMO_BANKS[0].name,
    street: '1 rue de l’Exemple',
    zip: '75000',
    city: 'Paris',
    country: 'FR',
  };
}

/**
 * POST /pis/v2/refund's answer. Fintecture's sources disagree (fintecture-api.md §4.4): the Ruby
 * SDK's live sandbox spec reads meta.status 200 with meta.code "refund_accepted", Magento reads
 * meta.status as the word itself. The emulator sends the Ruby shape, the one seen from the live
 * sandbox, unless a *_status behaviour asks for Magento's, and refund_waiting as Magento reads it.
 */
export function presentRefund(refund: EmulatorSession, behaviour: RefundBehaviour | null = null): Record<string, unknown> {
  const meta = { session_id: refund.id, refunded_session_id: refund.refundedSessionId };
  if (behaviour === 'refund_accepted_status' || behaviour === 'refund_aborted_status' || behaviour === 'refund_waiting') {
    return { meta: { ...meta, status: refund.status } };
  }
  return { meta: { ...meta, status: 200, code: refund.status } };
}
