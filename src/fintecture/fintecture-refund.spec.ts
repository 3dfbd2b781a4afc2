import { FintectureError } from './fintecture.errors';
import { abortedAnswerOf, readRefundAnswer } from './fintecture-refund';

const ORIGINAL = 'a'.repeat(32);
const REFUND = 'b'.repeat(32);

describe('readRefundAnswer', () => {
  it.each<[string, unknown, { code: string; refundSessionId: string | null } | null]>([
    [
      'Ruby SDK shape: meta.status 200 + meta.code',
      { meta: { status: 200, code: 'refund_accepted', session_id: REFUND } },
      { code: 'refund_accepted', refundSessionId: REFUND },
    ],
    [
      'Magento shape: meta.status is the word',
      { meta: { status: 'refund_accepted', session_id: REFUND } },
      { code: 'refund_accepted', refundSessionId: REFUND },
    ],
    ['refund_waiting as meta.status', { meta: { status: 'refund_waiting' } }, { code: 'refund_waiting', refundSessionId: null }],
    ['refund_aborted as meta.status', { meta: { status: 'refund_aborted' } }, { code: 'refund_aborted', refundSessionId: null }],
    ['refund_waiting as meta.code', { meta: { status: 200, code: 'refund_waiting' } }, { code: 'refund_waiting', refundSessionId: null }],
    [
      'the original session id is not the refund session',
      { meta: { status: 200, code: 'refund_accepted', session_id: ORIGINAL } },
      { code: 'refund_accepted', refundSessionId: null },
    ],
    [
      'the refund session as data.id',
      { meta: { code: 'refund_accepted' }, data: { id: REFUND } },
      { code: 'refund_accepted', refundSessionId: REFUND },
    ],
    [
      'a session id that is not 32 hex',
      { meta: { code: 'refund_accepted', session_id: 'sess_123' } },
      { code: 'refund_accepted', refundSessionId: null },
    ],
    ['no word at all', { meta: { status: 200 } }, null],
    ['another word', { meta: { status: 'payment_created' } }, null],
    ['not JSON', 'OK', null],
    ['empty', null, null],
  ])('%s', (_name, body, expected) => {
    const answer = readRefundAnswer(200, body, ORIGINAL, 'req-1');
    expect(answer === null ? null : { code: answer.code, refundSessionId: answer.refundSessionId }).toEqual(expected);
  });
});

describe('abortedAnswerOf', () => {
  const rejected = (details: ConstructorParameters<typeof FintectureError>[2]) => new FintectureError('rejected', 'no', details);

  it.each<[string, FintectureError, boolean]>([
    ['400 with errors[0].code refund_aborted', rejected({ httpStatus: 400, errors: [{ code: 'refund_aborted', status: 400 }] }), true],
    ['400 with a top-level code', rejected({ httpStatus: 400, code: 'refund_aborted', errors: [] }), true],
    ['400 for another reason', rejected({ httpStatus: 400, errors: [{ code: 'invalid_field' }] }), false],
    [
      'a 5xx that says refund_aborted is still a fault',
      new FintectureError('unavailable', 'no', { httpStatus: 500, errors: [{ code: 'refund_aborted' }] }),
      false,
    ],
    ['a timeout', new FintectureError('timeout', 'late'), false],
  ])('%s', (_name, error, aborted) => {
    const answer = abortedAnswerOf(error, 'req-2');
    expect(answer?.code ?? null).toBe(aborted ? 'refund_aborted' : null);
  });
});
