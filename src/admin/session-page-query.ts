import type { DataSource } from 'typeorm';
import { SessionFilters } from './session-filters';

export type Engine = 'postgres' | 'sqlite';

/** A position in the list's order (created_at DESC, id DESC): the last row of the previous page. */
export interface Keyset {
  createdAt: Date;
  id: string;
}

export interface PageQuery {
  /** Selects `id` and `created_at` of one page; named parameters (:p0, :p1…) for TypeORM to bind. */
  sql: string;
  parameters: Record<string, unknown>;
}

export function engineOf(dataSource: DataSource): Engine {
  return dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

/**
 * The one query behind the admin list, the CSV export and the benchmark: the keys of one page,
 * newest first. The service loads the rows of those keys in the same statement
 * (`id IN (this)`), through TypeORM, so that entity mapping is written once and this query stays
 * small enough to reason about its plan.
 *
 * - Keyset, not OFFSET: `(created_at, id) < (last row)` starts every page with an index descent,
 *   so page 10,000 costs what page 1 costs, and rows inserted meanwhile never shift a page.
 * - One outcome per branch: an index on (outcome, created_at, id) returns one outcome already
 *   ordered, but no index returns several outcomes in created_at order; `outcome IN (…)` would
 *   then read every matching row and sort them all. Each outcome therefore gets its own ordered,
 *   limited branch (a backward index scan that stops after `take` rows) and the branches are
 *   merged: at most 10 × take rows are sorted, whatever the table size.
 * - The same SQL on both engines. Timestamps are bound as text in each engine's own format:
 *   SQLite compares the 'YYYY-MM-DD HH:MM:SS.SSS' strings TypeORM stores, PostgreSQL parses
 *   ISO 8601 into timestamptz. The alias `ps` keeps TypeORM from rewriting these column names
 *   when the query is embedded in a query builder aliased `s`.
 */
export function buildSessionPageQuery(engine: Engine, filters: SessionFilters, after: Keyset | null, take: number): PageQuery {
  if (!Number.isInteger(take) || take < 1 || take > 10_000) throw new RangeError(`bad page size ${take}`);
  const parameters: Record<string, unknown> = {};
  let count = 0;
  const bind = (value: unknown) => {
    const name = `p${count++}`;
    parameters[name] = value;
    return `:${name}`;
  };
  const time = (date: Date) => toDbTimestamp(engine, date);

  const branch = (outcome: string | undefined) => {
    const where: string[] = [];
    if (outcome !== undefined) where.push(`ps.outcome = ${bind(outcome)}`);
    if (filters.status !== undefined) where.push(`ps.status = ${bind(filters.status)}`);
    if (filters.state !== undefined) where.push(`ps.state = ${bind(filters.state)}`);
    if (filters.sessionId !== undefined) where.push(`ps.session_id = ${bind(filters.sessionId)}`);
    if (filters.currency !== undefined) where.push(`ps.currency = ${bind(filters.currency)}`);
    if (filters.createdFrom !== undefined) where.push(`ps.created_at >= ${bind(time(filters.createdFrom))}`);
    if (filters.createdTo !== undefined) where.push(`ps.created_at < ${bind(time(filters.createdTo))}`);
    if (filters.amountMinMinor !== undefined) where.push(`ps.amount_minor >= ${bind(filters.amountMinMinor)}`);
    if (filters.amountMaxMinor !== undefined) where.push(`ps.amount_minor <= ${bind(filters.amountMaxMinor)}`);
    if (after) where.push(`(ps.created_at, ps.id) < (${bind(time(after.createdAt))}, ${bind(after.id)})`);
    return (
      'SELECT ps.id AS id, ps.created_at AS created_at FROM payment_sessions ps' +
      (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
      ` ORDER BY ps.created_at DESC, ps.id DESC LIMIT ${take}`
    );
  };

  if (filters.outcomes.length <= 1) return { sql: branch(filters.outcomes[0]), parameters };
  // Both engines want a limited branch wrapped as a derived table before it may join a UNION.
  const branches = filters.outcomes.map((outcome, i) => `SELECT id, created_at FROM (${branch(outcome)}) b${i}`);
  return {
    sql: `SELECT u.id AS id, u.created_at AS created_at FROM (${branches.join(' UNION ALL ')}) u ORDER BY u.created_at DESC, u.id DESC LIMIT ${take}`,
    parameters,
  };
}

/** A Date as the engine compares it: see buildSessionPageQuery. */
export function toDbTimestamp(engine: Engine, date: Date): string {
  if (engine === 'postgres') return date.toISOString();
  // The same text TypeORM writes for a `datetime` column on SQLite (DateUtils.mixedDateToUtcDatetimeString).
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** created_at as a raw query returns it: a Date from node-postgres, the stored UTC text from SQLite. */
export function fromDbTimestamp(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'string') {
    const iso = /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value.replace(' ', 'T') : `${value.replace(' ', 'T')}Z`;
    const date = new Date(iso);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new TypeError(`unreadable created_at ${String(value)}`);
}
