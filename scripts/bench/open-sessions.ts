import Database from 'better-sqlite3';
import { Client } from 'pg';
import { BenchDatabase } from './database';

/** What each copy gets of its own; every other column is the template's (so new columns need no change here). */
function ownValues(engine: 'postgres' | 'sqlite'): Record<string, string> {
  if (engine === 'postgres') {
    return {
      id: `gen_random_uuid()::text`,
      session_id: `md5(random()::text || g::text || clock_timestamp()::text)`,
      idempotency_key: `NULL`,
      state: `('bench-open-' || g::text)`,
      next_check_at: `now() - interval '1 minute'`,
      check_count: `0`,
      last_checked_at: `NULL`,
      created_at: `now() - interval '5 minutes'`,
      updated_at: `now() - interval '5 minutes'`,
    };
  }
  const hex = (n: number) => `lower(hex(randomblob(${n})))`;
  const at = (offset: string) => `strftime('%Y-%m-%d %H:%M:%f', 'now', '${offset}')`;
  return {
    id: `(${hex(4)} || '-' || ${hex(2)} || '-4' || substr(${hex(2)}, 2) || '-8' || substr(${hex(2)}, 2) || '-' || ${hex(6)})`,
    session_id: hex(16),
    idempotency_key: `NULL`,
    state: `('bench-open-' || g.n)`,
    next_check_at: at('-1 minute'),
    check_count: `0`,
    last_checked_at: `NULL`,
    created_at: at('-5 minutes'),
    updated_at: at('-5 minutes'),
  };
}

/**
 * `count` open sessions, due for reconciliation now, each with a Fintecture session id of its
 * own, copied in one statement from a template session the service created through its API (so
 * that every column it holds, and any column a later migration adds, is as the service writes
 * it). Answers their Fintecture session ids. Far faster than `count` creates, and the sessions
 * are the same to a webhook or a reconciliation pass.
 */
export async function copyOpenSessions(database: Pick<BenchDatabase, 'engine' | 'env'>, templateId: string, count: number): Promise<string[]> {
  const own = ownValues(database.engine);
  if (database.engine === 'postgres') {
    const client = new Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
    try {
      const columns = (
        await client.query<{ column_name: string }>(
          `SELECT column_name FROM information_schema.columns WHERE table_name = 'payment_sessions' AND table_schema = current_schema() ORDER BY ordinal_position`,
        )
      ).rows.map((row) => row.column_name);
      const select = columns.map((c) => own[c] ?? `t.${c}`).join(', ');
      const inserted = await client.query<{ session_id: string }>(
        `INSERT INTO payment_sessions (${columns.join(', ')}) SELECT ${select} FROM payment_sessions t, generate_series(1, $2::int) g WHERE t.id = $1 RETURNING session_id`,
        [templateId, count],
      );
      return inserted.rows.map((row) => row.session_id);
    } finally {
      await client.end();
    }
  }
  const db = new Database(database.env.DATABASE_PATH);
  try {
    db.pragma('busy_timeout = 5000');
    const columns = (db.prepare(`PRAGMA table_info(payment_sessions)`).all() as Array<{ name: string }>).map((row) => row.name);
    const select = columns.map((c) => own[c] ?? `t.${c}`).join(', ');
    db.prepare(
      `WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ?)
       INSERT INTO payment_sessions (${columns.join(', ')}) SELECT ${select} FROM payment_sessions t, g WHERE t.id = ?`,
    ).run(count, templateId);
    return (db.prepare(`SELECT session_id FROM payment_sessions WHERE state LIKE 'bench-open-%'`).all() as Array<{ session_id: string }>).map(
      (row) => row.session_id,
    );
  } finally {
    db.close();
  }
}
