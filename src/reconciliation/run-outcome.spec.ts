import { abandonedText, checksInError, endOfRun, PassEnd } from './run-outcome';

const clean: PassEnd = { crash: null, stopReason: null, checked: 40, errors: 0, errorKinds: {} };

describe('endOfRun', () => {
  it.each<[string, Partial<PassEnd>, string, string | null]>([
    ['every check answered', {}, 'finished', null],
    [
      'some checks in error',
      { errors: 3, errorKinds: { timeout: 2, database_unavailable: 1 } },
      'finished_with_errors',
      '3 of 40 checks ended in error (timeout 2, database_unavailable 1); those sessions are due again at the next pass',
    ],
    ['stopped by shutdown, no error', { stopReason: 'the service is shutting down' }, 'interrupted', 'the service is shutting down'],
    [
      'stopped by a failing Fintecture',
      { stopReason: 'Fintecture failed 10 checks in a row (last: timeout)', errors: 10, errorKinds: { timeout: 10 } },
      'interrupted',
      'Fintecture failed 10 checks in a row (last: timeout); 10 of 40 checks ended in error (timeout 10); those sessions are due again at the next pass',
    ],
    ['the pass itself failed', { crash: 'Connection terminated', stopReason: 'ignored' }, 'failed', 'the pass failed: Connection terminated'],
    [
      'failed after errors',
      { crash: 'Connection terminated', errors: 1, errorKinds: { database_unavailable: 1 } },
      'failed',
      'the pass failed: Connection terminated; 1 of 40 checks ended in error (database_unavailable 1); those sessions are due again at the next pass',
    ],
  ])('%s', (_case, end, status, error) => {
    expect(endOfRun({ ...clean, ...end })).toEqual({ status, error });
  });

  it('keeps the error text within 2000 characters', () => {
    expect(endOfRun({ ...clean, crash: 'x'.repeat(5000) }).error).toHaveLength(2000);
  });
});

describe('checksInError', () => {
  it.each<[string, PassEnd['errorKinds'], string]>([
    ['no kind known', {}, '2 of 40 checks ended in error; those sessions are due again at the next pass'],
    [
      'ties by name',
      { timeout: 1, rate_limited: 1 },
      '2 of 40 checks ended in error (rate_limited 1, timeout 1); those sessions are due again at the next pass',
    ],
    ['zero counts left out', { timeout: 2, rejected: 0 }, '2 of 40 checks ended in error (timeout 2); those sessions are due again at the next pass'],
  ])('%s', (_case, errorKinds, text) => {
    expect(checksInError({ checked: 40, errors: 2, errorKinds })).toBe(text);
  });
});

describe('abandonedText', () => {
  it('names the silent instance, its last heartbeat and who closed it', () => {
    const text = abandonedText({ instance: 'web-1:4242', lastSign: new Date('2026-01-02T03:04:05Z') }, 'web-2:77', new Date('2026-01-02T03:10:00Z'));
    expect(text).toBe(
      'no heartbeat from web-1:4242 since 2026-01-02T03:04:05.000Z: its process is gone; closed as abandoned by web-2:77 at 2026-01-02T03:10:00.000Z, its sessions freed for the next pass',
    );
  });
});
