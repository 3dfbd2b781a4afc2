import { runFilters, selectionFor } from './run-scope';

const startedAt = new Date('2026-03-01T12:00:00Z');
const pk = '019ab000-0000-7000-8000-000000000001';
const hex = 'a'.repeat(32);

describe('selectionFor', () => {
  it.each([
    ['the schedule: due, no filter', { scope: 'due' as const, filters: null }, { scope: 'due', createdFrom: null, createdTo: null, ids: null }],
    [
      'an admin default: open, no filter',
      { scope: 'open' as const, filters: null },
      { scope: 'open', createdFrom: null, createdTo: null, ids: null },
    ],
    [
      'a created range, dates and offsets',
      { scope: 'open' as const, filters: { created_from: '2026-02-01', created_to: '2026-02-02T10:00:00+02:00', session_ids: null } },
      { scope: 'open', createdFrom: new Date('2026-02-01T00:00:00Z'), createdTo: new Date('2026-02-02T08:00:00Z'), ids: null },
    ],
    [
      'session ids of both kinds',
      { scope: 'due' as const, filters: { created_from: null, created_to: null, session_ids: [pk, hex] } },
      { scope: 'due', createdFrom: null, createdTo: null, ids: [pk, hex] },
    ],
  ])('%s', (_case, request, expected) => {
    expect(selectionFor(request, startedAt)).toEqual({ ...expected, dueBy: startedAt });
  });
});

describe('runFilters', () => {
  it.each([
    ['nothing given', {}, null],
    ['a start only', { created_from: '2026-02-01' }, { created_from: '2026-02-01', created_to: null, session_ids: null }],
    ['ids, repeats dropped', { session_ids: [pk, hex, pk] }, { created_from: null, created_to: null, session_ids: [pk, hex] }],
  ])('%s', (_case, given, expected) => {
    expect(runFilters(given)).toEqual(expected);
  });
});
