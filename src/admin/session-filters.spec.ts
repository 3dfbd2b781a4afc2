import { filtersDigest, filtersFromQuery, parseAmount, parseOutcomes, parseTimestamp } from './session-filters';

describe('admin session filters', () => {
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
    '2026-11-24T10:00:00',
    '2026-11-24 10:00:00Z',
    '2026-11-24T24:00:00Z',
    '2026-11-24T10:60:00Z',
    '2026-11-24T10:00:60Z',
    '2026-11-24T10:00:00+24:00',
    '2026-11-24T10:00:00.Z',
    '20261124',
    '2026-1-2',
    'yesterday',
    '1732442400',
    '',
    '0000-01-01',
    '9999-12-31T23:00:00-02:00',
  ])('refuses %j', (text) => {
    expect(parseTimestamp(text)).toBeNull();
  });

  it('reads amounts as minor units and refuses anything inexact', () => {
    expect(parseAmount('10.5')).toBe(1050);
    expect(parseAmount('0')).toBe(0);
    expect(parseAmount('1000')).toBe(100000);
    for (const bad of ['-1', '1.234', '1e3', 'abc', '', ' 1', '01', '1.']) expect(parseAmount(bad)).toBeNull();
  });

  it('reads outcome lists, sorted and without duplicates', () => {
    expect(parseOutcomes('paid')).toEqual(['paid']);
    expect(parseOutcomes('pending, paid,paid')).toEqual(['paid', 'pending']);
    expect(parseOutcomes('paid,')).toBeNull();
    expect(parseOutcomes('paid,PAID')).toBeNull();
    expect(parseOutcomes('unknown')).toBeNull();
  });

  it('binds a digest to the meaning of the filters, not their spelling', () => {
    const a = filtersDigest(filtersFromQuery({ outcome: 'paid,overpaid', amount_min: '10.5', created_from: '2026-11-24' }));
    const b = filtersDigest(filtersFromQuery({ outcome: 'overpaid,paid', amount_min: '10.50', created_from: '2026-11-24T01:00:00+01:00' }));
    const c = filtersDigest(filtersFromQuery({ outcome: 'paid', amount_min: '10.5', created_from: '2026-11-24' }));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(filtersDigest(filtersFromQuery({ state: 'x' }))).not.toBe(filtersDigest(filtersFromQuery({ status: 'x' })));
  });
});
