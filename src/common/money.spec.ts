import { amountText, fromMinorUnits, parseAmount, toMinorUnits, tryMinorUnits } from './money';

describe('money', () => {
  describe('toMinorUnits and parseAmount', () => {
    it.each([
      ['42.50', 4250],
      ['42.5', 4250],
      ['42', 4200],
      ['0.01', 1],
      ['0.1', 10],
      ['0', 0],
      ['125', 12500],
      ['999999999999.99', 99999999999999],
    ])('%s is %d minor units', (text, minor) => {
      expect(toMinorUnits(text)).toBe(minor);
      expect(parseAmount(text)).toBe(minor);
    });

    it.each([
      '',
      '1.234',
      '42.500',
      '-1',
      '+1',
      '01',
      '00.5',
      '1e3',
      '1E2',
      'abc',
      '1.',
      '.5',
      ' 1',
      '1 ',
      '1,50',
      '1000000000000',
      '0x10',
      'Infinity',
    ])('refuses %j', (text) => {
      expect(() => toMinorUnits(text)).toThrow(RangeError);
      expect(parseAmount(text)).toBeNull();
    });
  });

  describe('fromMinorUnits', () => {
    it.each([
      [4250, '42.50'],
      [1, '0.01'],
      [10, '0.10'],
      [100, '1.00'],
      [0, '0.00'],
      [-1, '-0.01'],
      [-4250, '-42.50'],
      [99999999999999, '999999999999.99'],
    ])('%d is %s', (minor, text) => {
      expect(fromMinorUnits(minor)).toBe(text);
    });

    it.each([1, 10, 99, 4250, 99999999999999])('round-trips %d', (minor) => {
      expect(toMinorUnits(fromMinorUnits(minor))).toBe(minor);
    });
  });

  describe('tryMinorUnits reads what Fintecture echoes back, defensively', () => {
    it.each<[unknown, number | null]>([
      ['20', 2000],
      [' 20.5 ', 2050],
      [12.3, 1230],
      [125, 12500],
      [0.1, 10],
      // A number is read through its decimal text, never rounded: three decimals are refused.
      [12.345, null],
      [1e21, null],
      [Number.NaN, null],
      [Number.POSITIVE_INFINITY, null],
      [-5, null],
      ['n/a', null],
      ['', null],
      [undefined, null],
      [null, null],
      [{ value: '1' }, null],
    ])('%p → %p', (value, minor) => {
      expect(tryMinorUnits(value)).toBe(minor);
    });
  });

  describe('amountText', () => {
    it.each<[unknown, string | null]>([
      ['42.50', '42.50'],
      ['  7 ', '7'],
      [42.5, '42.5'],
      [42.5e1, '425'],
      ['   ', null],
      [Number.NaN, null],
      [true, null],
    ])('%p → %p', (value, text) => {
      expect(amountText(value)).toBe(text);
    });
  });
});
