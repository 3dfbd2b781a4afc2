import { FintectureApiError } from './emulator-errors';
import { EmulatorFaultService, faultError } from './emulator-faults';
import { isValidIban, demoIban } from './iban';

describe('EmulatorFaultService', () => {
  it('matches by operation name, alias, path pattern or method, and is used up', () => {
    const faults = new EmulatorFaultService();
    faults.add({ route: 'connect', kind: '500', count: 2 });
    faults.add({ route: 'cancel_payment', kind: '429' });
    faults.add({ route: 'GET /pis/v2/payments/*', kind: 'timeout' });

    expect(faults.take('get_payment', 'GET', '/pis/v2/payments')).toBeNull();
    expect(faults.take('connect', 'POST', '/pis/v2/connect')?.kind).toBe('500');
    expect(faults.take('patch_payment', 'PATCH', '/pis/v2/payments/abc')?.kind).toBe('429');
    expect(faults.take('get_payment', 'GET', '/pis/v2/payments/abc')?.kind).toBe('timeout');
    expect(faults.list()).toEqual([expect.objectContaining({ route: 'connect', remaining: 1 })]);
    expect(faults.take('connect', 'POST', '/pis/v2/connect')?.kind).toBe('500');
    expect(faults.take('connect', 'POST', '/pis/v2/connect')).toBeNull();
  });

  it('refuses what it cannot apply', () => {
    const faults = new EmulatorFaultService();
    expect(() => faults.add({ route: 'nowhere', kind: '500' })).toThrow(FintectureApiError);
    expect(() => faults.add({ route: 'connect', kind: '418' })).toThrow(FintectureApiError);
    expect(() => faults.add({ route: 'connect', kind: '500', count: 0 })).toThrow(FintectureApiError);
  });

  it("answers each kind in Fintecture's shape", () => {
    expect(faultError('500').body()).toMatchObject({ status: '500', code: 'internal_server_error' });
    expect(faultError('429').headers['Retry-After']).toBe('1');
    expect(faultError('400').body()).toMatchObject({ status: '400', code: 'bad_request' });
    expect(faultError('invalid_token').body()).toMatchObject({ status: '401', code: 'unauthorized', errors: [{ code: 'invalid_token' }] });
  });
});

describe('demo IBANs', () => {
  it('have valid check digits', () => {
    for (let i = 0; i < 20; i += 1) expect(isValidIban(demoIban())).toBe(true);
    expect(isValidIban('FR7630006000011234567890189')).toBe(true);
    expect(isValidIban('FR7630006000011234567890188')).toBe(false);
  });
});

describe('refund behaviours', () => {
  it.each(['refund_aborted', 'refund_aborted_status', 'refund_waiting', 'refund_held', 'refund_accepted_status'])(
    '%s is taken by the refund route only',
    (kind) => {
      const faults = new EmulatorFaultService();
      expect(() => faults.add({ route: 'connect', kind })).toThrow(FintectureApiError);
      expect(() => faults.add({ route: '*', kind })).toThrow(FintectureApiError);
      faults.add({ route: 'refund', kind });
      expect(faults.take('connect', 'POST', '/pis/v2/connect')).toBeNull();
      expect(faults.take('refund', 'POST', '/pis/v2/refund')?.kind).toBe(kind);
      expect(faults.take('refund', 'POST', '/pis/v2/refund')).toBeNull();
    },
  );
});
