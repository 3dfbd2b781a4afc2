import { amountOrNull, isoOrNull, presentAuditEvent, presentFailure } from './resource-presentation';

describe('resource presentation', () => {
  it('shows a missing amount as null and a zero one as 0.00', () => {
    expect(amountOrNull(null)).toBeNull();
    expect(amountOrNull(0)).toBe('0.00');
    expect(amountOrNull(4250)).toBe('42.50');
  });

  it('shows a missing time as null', () => {
    expect(isoOrNull(null)).toBeNull();
    expect(isoOrNull(new Date('2026-01-02T03:04:05.000Z'))).toBe('2026-01-02T03:04:05.000Z');
  });

  it('shows a failure only when it has a code', () => {
    expect(presentFailure(null, 'ignored')).toBeNull();
    expect(presentFailure('refund_aborted', null)).toEqual({ code: 'refund_aborted', detail: null });
  });

  it("puts an event's own fields between the shared head and tail", () => {
    const event = { id: 'e1', source: 'webhook', kind: 'k', accepted: true, reason: null, detail: { a: 1 }, createdAt: new Date(0) };
    expect(Object.keys(presentAuditEvent(event, { request_id: 'r' }))).toEqual([
      'id',
      'source',
      'kind',
      'accepted',
      'reason',
      'request_id',
      'detail',
      'created_at',
    ]);
  });
});
