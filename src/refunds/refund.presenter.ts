import { fromMinorUnits } from '../common/money';
import { amountOrNull, presentAuditEvent, presentFailure } from '../common/resource-presentation';
import { RefundEvent } from './entities/refund-event.entity';
import { Refund } from './entities/refund.entity';

/** The refund resource (snake_case, exact decimal amounts), as the merchant API, admins and notifications show it. */
export function presentRefund(refund: Refund) {
  return {
    id: refund.id,
    payment_session_id: refund.paymentSessionId,
    amount: fromMinorUnits(refund.amountMinor),
    currency: refund.currency,
    status: refund.status,
    refund_session_id: refund.refundSessionId,
    communication: refund.communication,
    reason: refund.reason,
    origin: refund.origin,
    fintecture_status: refund.fintectureStatus,
    failure: presentFailure(refund.failureCode, refund.failureDetail),
    version: refund.version,
    created_at: refund.createdAt.toISOString(),
    updated_at: refund.updatedAt.toISOString(),
  };
}

export type RefundResource = ReturnType<typeof presentRefund>;

/** Admins also see whose it is. */
export function presentAdminRefund(refund: Refund) {
  return { ...presentRefund(refund), merchant: refund.merchant };
}

export function presentRefundEvent(event: RefundEvent) {
  return presentAuditEvent(event, {
    fintecture_status: event.fintectureStatus,
    transfer_state: event.transferState,
    status_before: event.statusBefore,
    status_after: event.statusAfter,
    amount: amountOrNull(event.amountMinor),
    request_id: event.requestId,
  });
}
