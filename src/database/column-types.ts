/**
 * Column types that differ between the two engines. Entity decorators are evaluated at import,
 * before Nest reads its configuration, so the engine is read from the same variable the
 * configuration uses: DATABASE_URL set means PostgreSQL.
 */
const postgres = Boolean(process.env.DATABASE_URL?.trim());

export const TIMESTAMP_TYPE = postgres ? 'timestamptz' : 'datetime';

/** bigint comes back from node-postgres as a string; amounts in minor units fit 2^53 comfortably. */
export const bigintToNumber = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};
