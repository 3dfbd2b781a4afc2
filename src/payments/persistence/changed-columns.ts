/** What a column held when the row was read, comparable with what it holds now. */
function comparable(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  // Arrays and JSON columns (payment methods, beneficiaries): equal when they serialise alike.
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

/** A copy of the row's fields as read, for changedColumns to compare against later. */
export function snapshotOf<T extends object>(row: T): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) copy[key] = comparable(value);
  return copy;
}

/**
 * The fields of `row` that differ from the snapshot taken when it was read, `skip` left out: a
 * write of these alone says what the change was, costs less to build and send, and leaves alone
 * columns someone else owns (refund totals, claims) that the change never touched.
 */
export function changedColumns<T extends object>(snapshot: Record<string, unknown>, row: T, skip: readonly string[] = []): Partial<T> {
  const changed: Partial<T> = {};
  for (const [key, value] of Object.entries(row)) {
    if (skip.includes(key)) continue;
    if (!(key in snapshot) || snapshot[key] !== comparable(value)) changed[key as keyof T] = value as T[keyof T];
  }
  return changed;
}
