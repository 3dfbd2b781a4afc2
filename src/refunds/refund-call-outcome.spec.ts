import { FintectureError, FintectureErrorKind } from '../fintecture/fintecture.errors';
import { RefundAnswer } from '../fintecture/fintecture-refund';
import { answerNotice, callFailureNotice } from './refund-call-outcome';

const answer = (code: RefundAnswer['code'], overrides: Partial<RefundAnswer> = {}): RefundAnswer => ({
  code,
  refundSessionId: 'b'.repeat(32),
  httpStatus: 200,
  errors: [],
  requestId: 'req-1',
  ...overrides,
});

describe('answerNotice', () => {
  it.each<[string, RefundAnswer, string, string | null]>([
    ['refund_accepted', answer('refund_accepted'), 'accepted', null],
    ['refund_waiting', answer('refund_waiting'), 'waiting', null],
    ['refund_aborted as a word', answer('refund_aborted'), 'aborted', 'refund_aborted'],
    [
      'refund_aborted as a 400',
      answer('refund_aborted', { httpStatus: 400, errors: [{ code: 'refund_aborted', message: 'too much' }] }),
      'aborted',
      'refund_aborted',
    ],
  ])('%s → %s', (_name, given, status, failure) => {
    const notice = answerNotice(given, 3);
    expect(notice).toMatchObject({
      source: 'api',
      kind: 'call',
      status,
      attempt: 3,
      fintectureStatus: given.code,
      refundSessionId: given.refundSessionId,
    });
    expect(notice.failure?.code ?? null).toBe(failure);
  });

  it("keeps Fintecture's message as the failure detail", () => {
    expect(answerNotice(answer('refund_aborted', { errors: [{ code: 'refund_aborted', message: 'at most 1.00' }] }), 1).failure?.detail).toBe(
      'at most 1.00',
    );
  });
});

describe('callFailureNotice', () => {
  it.each<[FintectureErrorKind, number | undefined, string, string]>([
    ['rejected', 400, 'aborted', 'upstream_rejected'],
    ['rejected', 404, 'aborted', 'upstream_rejected'],
    ['rate_limited', 429, 'aborted', 'not_sent'],
    ['unauthorized', 401, 'aborted', 'not_sent'],
    ['timeout', undefined, 'unknown', 'upstream_timeout'],
    ['unavailable', 503, 'unknown', 'upstream_unavailable'],
    ['unavailable', undefined, 'unknown', 'upstream_unavailable'],
    ['invalid_response', 200, 'unknown', 'upstream_unavailable'],
  ])('%s (%s) → %s, %s', (kind, httpStatus, status, code) => {
    const notice = callFailureNotice(new FintectureError(kind, 'x', { httpStatus, requestId: 'req-9' }), 2);
    expect(notice).toMatchObject({ status, attempt: 2, requestId: 'req-9', failure: { code } });
  });

  it('anything else may have reached Fintecture: unknown', () => {
    expect(callFailureNotice(new Error('boom'), 1)).toMatchObject({ status: 'unknown', failure: { code: 'internal_error', detail: 'boom' } });
  });
});
