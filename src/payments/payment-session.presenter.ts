import { fromMinorUnits } from '../common/money';
import { amountOrNull, isoOrNull, presentAuditEvent, presentFailure } from '../common/resource-presentation';
import { refundableMinor, refundTotalsOf } from '../refunds/refund-balance';
import { PaymentSession } from './entities/payment-session.entity';
import { SessionEvent } from './entities/session-event.entity';

/** The session resource of contract §5: snake_case, amounts as exact decimal strings. */
export function presentSession(session: PaymentSession) {
  return {
    id: session.id,
    session_id: session.sessionId,
    url: session.url,
    state: session.state,
    outcome: session.outcome,
    status: session.status,
    transfer_state: session.transferState,
    amount: fromMinorUnits(session.amountMinor),
    currency: session.currency,
    communication: session.communication,
    payment_methods: session.paymentMethods ?? [],
    virtual_beneficiary: session.virtualBeneficiary,
    beneficiary: session.beneficiary,
    received_amount: amountOrNull(session.receivedAmountMinor),
    refunded_amount: fromMinorUnits(session.refundedMinor ?? 0),
    refundable_amount: fromMinorUnits(refundableMinor(session, refundTotalsOf(session))),
    expires_at: isoOrNull(session.expiresAt),
    failure: presentFailure(session.failureCode, session.failureDetail),
    paid_at: isoOrNull(session.paidAt),
    version: session.version,
    created_at: session.createdAt.toISOString(),
    updated_at: session.updatedAt.toISOString(),
  };
}

export type PaymentSessionResource = ReturnType<typeof presentSession>;

export function presentEvent(event: SessionEvent) {
  return presentAuditEvent(event, {
    status: event.status,
    transfer_state: event.transferState,
    outcome_before: event.outcomeBefore,
    outcome_after: event.outcomeAfter,
    request_id: event.requestId,
    received_amount: amountOrNull(event.receivedAmountMinor),
    last_transaction_amount: amountOrNull(event.lastTransactionAmountMinor),
  });
}
