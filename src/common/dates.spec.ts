import { isCalendarDate, parseCalendarDate, parseTimestamp } from './dates';

describe('dates', () => {
  describe('parseCalendarDate', () => {
    it.each([
      ['2026-12-31', { year: 2026, month: 12, day: 31 }],
      ['2028-02-29', { year: 2028, month: 2, day: 29 }],
      ['2000-02-29', { year: 2000, month: 2, day: 29 }],
      ['2026-04-30', { year: 2026, month: 4, day: 30 }],
      ['0001-01-01', { year: 1, month: 1, day: 1 }],
      ['9999-12-31', { year: 9999, month: 12, day: 31 }],
    ])('reads %s', (text, date) => {
      expect(parseCalendarDate(text)).toEqual(date);
      expect(isCalendarDate(text)).toBe(true);
    });

    it.each([
      '2026-02-30',
      '2025-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '0000-01-01',
      '31/12/2026',
      '2026-12-31T00:00:00Z',
      '2026-1-2',
      '20261231',
      ' 2026-12-31',
      '',
    ])('refuses %j', (text) => {
      expect(parseCalendarDate(text)).toBeNull();
      expect(isCalendarDate(text)).toBe(false);
    });

    it.each([20261231, null, undefined, new Date(), {}])('isCalendarDate refuses the non-string %p', (value) => {
      expect(isCalendarDate(value)).toBe(false);
    });
  });

  describe('parseTimestamp', () => {
    it.each([
      ['2026-11-24', '2026-11-24T00:00:00.000Z'],
      ['2026-11-24T10:00Z', '2026-11-24T10:00:00.000Z'],
      ['2026-11-24T10:00:05Z', '2026-11-24T10:00:05.000Z'],
      ['2026-11-24T10:00:05.5Z', '2026-11-24T10:00:05.500Z'],
      ['2026-11-24T11:00:00+01:00', '2026-11-24T10:00:00.000Z'],
      ['2026-11-24T00:30:00-02:30', '2026-11-24T03:00:00.000Z'],
      ['2024-02-29', '2024-02-29T00:00:00.000Z'],
      ['0099-01-01', '0099-01-01T00:00:00.000Z'],
      // Finer than stored: rounds up, which keeps `>= from` and `< to` exact on millisecond rows.
      ['2026-11-24T10:00:05.1231Z', '2026-11-24T10:00:05.124Z'],
      ['2026-11-24T10:00:05.123000Z', '2026-11-24T10:00:05.123Z'],
    ])('reads %s as %s', (text, iso) => {
      expect(parseTimestamp(text)?.toISOString()).toBe(iso);
    });

    it.each([
      '2026-02-30',
      '2025-02-29',
      '2026-13-01',
      '2026-02-30T10:00:00Z',
      '2026-11-24T10:00:00',
      '2026-11-24 10:00:00Z',
      '2026-11-24T24:00:00Z',
      '2026-11-24T10:60:00Z',
      '2026-11-24T10:00:60Z',
      '2026-11-24T10:00:00+24:00',
      '2026-11-24T10:00:00+01:60',
      '2026-11-24T10:00:00.Z',
      '20261124',
      '2026-1-2',
      'yesterday',
      '1732442400',
      '',
      '0000-01-01',
      '0001-01-01T00:00:00+01:00',
      '9999-12-31T23:00:00-02:00',
    ])('refuses %j', (text) => {
      expect(parseTimestamp(text)).toBeNull();
    });
  });
});
