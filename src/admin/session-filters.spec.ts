import { parseTimestamp as sharedParseTimestamp } from '../common/dates';
import { filtersDigest, filtersFromQuery, parseAmount, parseOutcomes, parseTimestamp } from './session-filters';

describe('admin session filters', () => {
  // The cases for strict timestamps live with the parser, in common/dates.spec.ts.
  it('reads timestamps with the shared strict parser', () => {
    expect(parseTimestamp).toBe(sharedParseTimestamp);
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
