import { changedColumns, snapshotOf } from './changed-columns';

describe('changedColumns', () => {
  const at = new Date('2026-01-01T00:00:00.000Z');
  const read = {
    id: 'a',
    outcome: 'creating',
    url: null as string | null,
    nextCheckAt: at as Date | null,
    methods: ['x'],
    beneficiary: { name: 'B' },
  };

  it.each([
    ['nothing changed', {}, {}],
    ['a changed string', { outcome: 'pending' }, { outcome: 'pending' }],
    ['null to a value', { url: 'https://pay' }, { url: 'https://pay' }],
    ['a value to null', { nextCheckAt: null }, { nextCheckAt: null }],
    ['an equal date, another object', { nextCheckAt: new Date(at.getTime()) }, {}],
    ['a later date', { nextCheckAt: new Date(at.getTime() + 1) }, { nextCheckAt: new Date(at.getTime() + 1) }],
    ['an equal array, another object', { methods: ['x'] }, {}],
    ['a changed array', { methods: ['x', 'y'] }, { methods: ['x', 'y'] }],
    ['an equal JSON value', { beneficiary: { name: 'B' } }, {}],
    ['a changed JSON value', { beneficiary: { name: 'C' } }, { beneficiary: { name: 'C' } }],
    ['a skipped field', { id: 'b' }, {}],
  ])('%s', (_case, change, expected) => {
    const snapshot = snapshotOf(read);
    const row = { ...read, ...change };
    expect(changedColumns(snapshot, row, ['id'])).toEqual(expected);
  });

  it('sees a field the snapshot did not have', () => {
    expect(changedColumns(snapshotOf({ a: 1 }), { a: 1, b: 2 })).toEqual({ b: 2 });
  });

  it('does not follow a change made after the snapshot to the object read', () => {
    const row = { ...read, methods: ['x'] };
    const snapshot = snapshotOf(row);
    row.methods.push('y');
    expect(changedColumns(snapshot, row)).toEqual({ methods: ['x', 'y'] });
  });
});
