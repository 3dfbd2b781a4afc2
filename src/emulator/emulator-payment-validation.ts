import { errorItem, FintectureApiError } from './emulator-errors';
import { COMMUNICATION_MAX_LENGTH, isObject, Problems, readAmount, readState } from './emulator-field-checks';

export interface RefundRequest {
  sessionId: string;
  amount: string | null;
  communication: string | null;
  userId: string | null;
  state: string | null;
}

/** POST /pis/v2/refund (fintecture-api.md §4.4): the session to refund; the amount is optional (all of it). */
export function validateRefund(body: unknown, query: URLSearchParams): RefundRequest {
  const problems = new Problems();
  if (!isObject(body)) throw FintectureApiError.badRequest(errorItem('invalid_field', 'the body must be a JSON object'));
  const meta = isObject(body.meta) ? body.meta : {};
  const sessionId = problems.requiredString(meta, 'session_id', 'meta.session_id', 64);
  const userId = problems.optionalString(meta, 'user_id', 'meta.user_id', 255);
  const attributes = isObject(body.data) && isObject(body.data.attributes) ? body.data.attributes : {};
  const amount = attributes.amount === undefined ? null : readAmount(attributes.amount, problems, 'data.attributes.amount');
  const communication = problems.optionalString(attributes, 'communication', 'data.attributes.communication', COMMUNICATION_MAX_LENGTH);
  const state = readState(query, problems);
  if (problems.items.length > 0) throw FintectureApiError.badRequest(problems.items);
  return { sessionId: sessionId as string, amount, communication, userId, state };
}

export type PaymentPatch = { kind: 'cancel' } | { kind: 'invoice_reference'; invoiceReference: string };

/** PATCH /pis/v2/payments/{id}: a cancellation, or BNPL's invoice reference (§4.3); nothing else. */
export function validatePaymentPatch(body: unknown): PaymentPatch {
  if (!isObject(body)) throw FintectureApiError.badRequest(errorItem('invalid_field', 'the body must be a JSON object'));
  const status = isObject(body.meta) ? body.meta.status : undefined;
  const attributes = isObject(body.data) && isObject(body.data.attributes) ? body.data.attributes : undefined;
  if (status !== undefined) {
    if (status !== 'payment_cancelled') {
      throw FintectureApiError.badRequest(errorItem('invalid_field', 'meta.status: payment_cancelled is the only status a merchant may set'));
    }
    return { kind: 'cancel' };
  }
  const invoiceReference = attributes?.invoice_reference;
  if (typeof invoiceReference === 'string' && invoiceReference.length > 0 && invoiceReference.length <= 255) {
    return { kind: 'invoice_reference', invoiceReference };
  }
  if (attributes && Object.keys(attributes).length > 0) {
    throw FintectureApiError.badRequest(errorItem('invalid_field', 'data.attributes: only invoice_reference may be changed'));
  }
  throw FintectureApiError.badRequest(errorItem('mandatory_field_missing', 'meta.status has not been defined'));
}
