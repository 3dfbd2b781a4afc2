import { EmulatorSession } from './emulator-model';

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
