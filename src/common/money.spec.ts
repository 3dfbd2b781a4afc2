import { fromMinorUnits, toMinorUnits, tryMinorUnits } from './money';

describe('money', () => {
  it.each([
    ['42.50', 4250],
    ['42.5', 4250],
    ['42', 4200],
    ['0.01', 1],
    ['0.1', 10],
    ['999999999999.99', 99999999999999],
  ])('%s is %d minor units', (text, minor) => {
    expect(toMinorUnits(text)).toBe(minor);
  });

  it.each(['', '1.234', '-1', '01', '1e3', 'abc', '1.', '.5', ' 1'])('refuses %j', (text) => {
    expect(() => toMinorUnits(text)).toThrow(RangeError);
  });

  it('formats with two decimals', () => {
    expect(fromMinorUnits(4250)).toBe('42.50');
    expect(fromMinorUnits(1)).toBe('0.01');
    expect(fromMinorUnits(100)).toBe('1.00');
  });

  it('reads what Fintecture echoes back, defensively', () => {
    expect(tryMinorUnits('20')).toBe(2000);
    expect(tryMinorUnits(12.3)).toBe(1230);
    expect(tryMinorUnits('n/a')).toBeNull();
    expect(tryMinorUnits(undefined)).toBeNull();
  });
});
