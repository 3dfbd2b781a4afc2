import { fromMinorUnits } from '../common/money';
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
    received_amount: session.receivedAmountMinor === null ? null : fromMinorUnits(session.receivedAmountMinor),
    refunded_amount: fromMinorUnits(session.refundedMinor ?? 0),
    refundable_amount: fromMinorUnits(refundableMinor(session, refundTotalsOf(session))),
    expires_at: session.expiresAt ? session.expiresAt.toISOString() : null,
    failure: session.failureCode ? { code: session.failureCode, detail: session.failureDetail } : null,
    paid_at: session.paidAt ? session.paidAt.toISOString() : null,
    version: session.version,
    created_at: session.createdAt.toISOString(),
    updated_at: session.updatedAt.toISOString(),
  };
}

export type PaymentSessionResource = ReturnType<typeof presentSession>;

export function presentEvent(event: SessionEvent) {
  return {
    id: event.id,
    source: event.source,
    kind: event.kind,
    accepted: event.accepted,
    reason: event.reason,
    status: event.status,
    transfer_state: event.transferState,
    outcome_before: event.outcomeBefore,
    outcome_after: event.outcomeAfter,
    request_id: event.requestId,
    received_amount: event.receivedAmountMinor === null ? null : fromMinorUnits(event.receivedAmountMinor),
    last_transaction_amount: event.lastTransactionAmountMinor === null ? null : fromMinorUnits(event.lastTransactionAmountMinor),
    detail: event.detail,
    created_at: event.createdAt.toISOString(),
  };
}
