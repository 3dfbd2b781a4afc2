import { FintectureError } from '../fintecture/fintecture.errors';
import { RefundAnswer } from '../fintecture/fintecture-refund';
import { EventSource } from '../payments/entities/session-event.entity';
import { attemptLifetimeMs } from '../payments/create-attempts';
import type { RefundNotice } from './refund-state.service';

/** Margin over the longest a refund call can take (token and call, once more after invalid_token), for the writes around it. */
const CALL_MARGIN_SECONDS = 30;

/** Past this, no process can still be waiting for the call's answer: the call is lost. */
export function refundCallLifetimeMs(timeoutMs: number): number {
  return attemptLifetimeMs(timeoutMs, CALL_MARGIN_SECONDS);
}

/** A call that outlived any answer (its process died): Fintecture may have made the refund, so it is unknown. */
export function lostCallNotice(source: EventSource, attempt: number): RefundNotice {
  return {
    source,
    kind: 'call_lost',
    status: 'unknown',
    attempt,
    failure: {
      code: 'upstream_timeout',
      detail: 'The refund call outlived any answer; Fintecture may have made the refund. Its webhook or reconciliation will tell.',
    },
  };
}

/** What Fintecture's answer to the refund call means for the refund. */
export function answerNotice(answer: RefundAnswer, attempt: number): RefundNotice {
  const status = answer.code === 'refund_accepted' ? 'accepted' : answer.code === 'refund_waiting' ? 'waiting' : 'aborted';
  const summary = answer.errors
    .map((e) => e.message ?? e.detail ?? e.title ?? e.code)
    .filter(Boolean)
    .join('; ');
  return {
    source: 'api',
    kind: 'call',
    status,
    fintectureStatus: answer.code,
    refundSessionId: answer.refundSessionId,
    requestId: answer.requestId || null,
    attempt,
    failure: status === 'aborted' ? { code: 'refund_aborted', detail: summary || 'Fintecture aborted the refund.' } : null,
    detail: { http_status: answer.httpStatus, ...(answer.errors.length ? { errors: answer.errors } : {}) },
  };
}

/**
 * A call that got no refund answer. Refused outright (4xx): Fintecture made nothing, the refund is
 * aborted. Not served (429, or 401 after a fresh token): aborted as not_sent, which a retry under
 * the same Idempotency-Key may take over. No answer, a 5xx, or an answer we cannot read: Fintecture
 * may have made it, so it is unknown until its webhook or reconciliation says, and never sent again.
 */
export function callFailureNotice(error: unknown, attempt: number): RefundNotice {
  const base = { source: 'api' as const, kind: 'call', attempt };
  if (!(error instanceof FintectureError)) {
    return { ...base, status: 'unknown', failure: { code: 'internal_error', detail: error instanceof Error ? error.message : String(error) } };
  }
  const detail = {
    kind: error.kind,
    http_status: error.details.httpStatus ?? null,
    log_id: error.details.logId ?? null,
    errors: error.details.errors ?? [],
  };
  const requestId = error.details.requestId ?? null;
  switch (error.kind) {
    case 'rejected':
      return { ...base, requestId, detail, status: 'aborted', failure: { code: 'upstream_rejected', detail: error.message } };
    case 'rate_limited':
    case 'unauthorized':
      return { ...base, requestId, detail, status: 'aborted', failure: { code: 'not_sent', detail: error.message } };
    case 'timeout':
      return { ...base, requestId, detail, status: 'unknown', failure: { code: 'upstream_timeout', detail: error.message } };
    case 'unavailable':
    case 'invalid_response':
      return { ...base, requestId, detail, status: 'unknown', failure: { code: 'upstream_unavailable', detail: error.message } };
  }
}
