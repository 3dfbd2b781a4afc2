import { uuidv7 } from '../common/ids';
import { PaymentSession } from '../payments/entities/payment-session.entity';
import { Refund } from './entities/refund.entity';

/** What is particular to a new refund: who made it, how much, where it stands; the rest is optional. */
export type NewRefundFields = Pick<Refund, 'merchant' | 'origin' | 'amountMinor' | 'status'> &
  Partial<
    Pick<
      Refund,
      | 'idempotencyKey'
      | 'requestFingerprint'
      | 'refundSessionId'
      | 'communication'
      | 'reason'
      | 'fintectureStatus'
      | 'transferState'
      | 'failureCode'
      | 'failureDetail'
      | 'callStartedAt'
      | 'nextCheckAt'
    >
  >;

/**
 * A refund of `session` as it is first stored, whoever made it (the API, a Console refund learnt
 * from a webhook): in the session's currency, on its first call attempt, never checked nor
 * reported stuck, at version 1. Whatever `fields` leaves out is null.
 */
export function newRefundRow(session: PaymentSession, fields: NewRefundFields, now: Date): Refund {
  return {
    id: uuidv7(now.getTime()),
    paymentSessionId: session.id,
    merchant: fields.merchant,
    origin: fields.origin,
    idempotencyKey: fields.idempotencyKey ?? null,
    requestFingerprint: fields.requestFingerprint ?? null,
    amountMinor: fields.amountMinor,
    currency: session.currency,
    status: fields.status,
    refundSessionId: fields.refundSessionId ?? null,
    communication: fields.communication ?? null,
    reason: fields.reason ?? null,
    fintectureStatus: fields.fintectureStatus ?? null,
    transferState: fields.transferState ?? null,
    failureCode: fields.failureCode ?? null,
    failureDetail: fields.failureDetail ?? null,
    callAttempt: 1,
    callStartedAt: fields.callStartedAt ?? null,
    nextCheckAt: fields.nextCheckAt ?? null,
    checkCount: 0,
    stuckReportedAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}
