import { SESSION_ID_PATTERN } from '../common/ids';
import { FintectureError, FintectureErrorItem } from './fintecture.errors';

/** POST /pis/v2/refund (fintecture-api.md §4.4), as this service makes it. */
export interface RefundCall {
  /** The original payment session (Fintecture's 32-hex id). */
  sessionId: string;
  /** Always given (our balance, not Fintecture's "all of it"): what is sent is what was decided. */
  amount: string;
  communication: string | null;
  /** Echoed in the refund's webhooks: our refund id, so that they can be matched. */
  state: string;
}

/** Fintecture's three words for a refund call's answer. */
export type RefundAnswerCode = 'refund_accepted' | 'refund_waiting' | 'refund_aborted';

export interface RefundAnswer {
  code: RefundAnswerCode;
  /** The refund's own session, when the answer names one other than the original. */
  refundSessionId: string | null;
  httpStatus: number;
  errors: FintectureErrorItem[];
  requestId: string;
}

const CODES: readonly string[] = ['refund_accepted', 'refund_waiting', 'refund_aborted'];

/**
 * A 2xx answer. The sources disagree on where the word is: the Ruby SDK's live spec reads
 * meta.status 200 with meta.code "refund_accepted", Magento reads meta.status as the word itself;
 * both are read, code first. Null when neither holds one of the three words: Fintecture answered
 * something else, and whether it made the refund is then unknown.
 */
export function readRefundAnswer(httpStatus: number, body: unknown, originalSessionId: string, requestId: string): RefundAnswer | null {
  const meta = asRecord(asRecord(body).meta);
  const code = [meta.code, meta.status].find((value): value is RefundAnswerCode => typeof value === 'string' && CODES.includes(value));
  if (!code) return null;
  const named = [meta.session_id, asRecord(asRecord(body).data).id].find(
    (value): value is string => typeof value === 'string' && SESSION_ID_PATTERN.test(value) && value !== originalSessionId,
  );
  return { code, refundSessionId: named ?? null, httpStatus, errors: [], requestId };
}

/** Fintecture's refusal "refund_aborted" also comes as a 400 with errors[0].code (Ruby SDK spec): an answer, not a fault. */
export function abortedAnswerOf(error: FintectureError, requestId: string): RefundAnswer | null {
  if (error.kind !== 'rejected') return null;
  const errors = error.details.errors ?? [];
  if (!errors.some((item) => item.code === 'refund_aborted') && error.details.code !== 'refund_aborted') return null;
  return { code: 'refund_aborted', refundSessionId: null, httpStatus: error.details.httpStatus ?? 400, errors, requestId };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
