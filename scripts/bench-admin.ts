/**
 * npm run bench:admin [-- --rows 1000000 --runs 200 --warmup 20]
 *
 * Times the admin list on a large table through the very code the API runs
 * (AdminSessionsReadModel.list: cursor check, the page statement built by buildSessionPageQuery,
 * entity mapping), one filter shape at a time, and prints p50/p95/p99 in milliseconds with the
 * indexes the statement uses (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite).
 *
 * Database: DATABASE_URL; else, when DATABASE_PATH is set, that SQLite file; else
 * postgres://postgres@127.0.0.1:5432/payments_bench, created when missing. Migrations run
 * first; the table is topped up to --rows sessions with the seed's generator, then
 * VACUUM ANALYZE (ANALYZE on SQLite), so the planner sees what autovacuum would eventually give
 * it. Each shape's parameters vary from run to run (outcomes, days, amounts, states and cursor
 * positions drawn from the data), after a warm-up.
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { CursorCodec } from '../src/common/cursor-codec';
import { filtersDigest, filtersFromQuery, SessionFilterQuery } from '../src/admin/session-filters';
import { engineOf, fromDbTimestamp } from '../src/admin/session-page-query';
import type { AppConfig } from '../src/config/configuration';
import { OUTCOMES } from '../src/payments/payment-outcome';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/payments_bench';
const PAGE = 50;
const DAY = 86_400_000;

interface Sample {
  id: string;
  createdAt: Date;
  state: string;
  sessionId: string | null;
}

interface Shape {
  name: string;
  /** Parameters of run i: the query string the API would get (cursor included). */
  query: (i: number) => SessionFilterQuery & { cursor?: string };
}

function parseArgs(argv: string[]): { rows: number; runs: number; warmup: number } {
  const out = { rows: 1_000_000, runs: 200, warmup: 20 };
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(rows|runs|warmup)(?:=(\d+))?$/.exec(argv[i]);
    const value = match?.[2] ?? argv[i + 1];
    if (!match || !/^\d+$/.test(value ?? '')) throw new Error(`bad argument ${argv[i]}; usage: --rows N --runs N --warmup N`);
    if (match[2] === undefined) i++;
    out[match[1] as keyof typeof out] = Number(value);
  }
  if (out.runs < 1) throw new Error('--runs must be at least 1');
  return out;
}

function databaseConfig(): AppConfig['database'] {
  const path = process.env.DATABASE_PATH?.trim();
  if (!process.env.DATABASE_URL?.trim() && path) return { type: 'sqlite', path, logging: false, migrationsRun: false };
  // The entities pick their column types from DATABASE_URL when first loaded (see loadModules).
  process.env.DATABASE_URL = process.env.DATABASE_URL?.trim() || DEFAULT_URL;
  return { type: 'postgres', url: process.env.DATABASE_URL, poolSize: 4, logging: false, migrationsRun: false };
}

/**
 * Loaded only once the engine is settled: the entity decorators read DATABASE_URL at import
 * time to choose timestamptz or datetime.
 */
function loadModules() {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    ...(require('../src/admin/admin-sessions.read-model') as typeof import('../src/admin/admin-sessions.read-model')),
    ...(require('../src/database/data-source-options') as typeof import('../src/database/data-source-options')),
    ...(require('./seed') as typeof import('./seed')),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

async function ensurePostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unexpected database name ${name}`);
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const admin = new DataSource({ type: 'postgres', url: maintenance.toString() });
  await admin.initialize();
  try {
    const found: unknown[] = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!found.length) {
      console.log(`creating database ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
    }
  } finally {
    await admin.destroy();
  }
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

/** The plan's index use, condensed: "Index Scan Backward on ix_… ×2, Sort". */
function summarisePostgresPlan(lines: string[]): { indexes: string; ms: string } {
  const text = lines.join('\n');
  const seen = new Map<string, number>();
  for (const match of text.matchAll(
    /(Index Only Scan Backward|Index Scan Backward|Index Only Scan|Index Scan|Bitmap Index Scan) (?:using|on) (\w+)/g,
  )) {
    const key = `${match[1]} ${match[2]}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const parts = [...seen].map(([key, n]) => (n > 1 ? `${key} ×${n}` : key));
  if (/Seq Scan/.test(text)) parts.push('Seq Scan');
  if (/\bSort\b/.test(text)) parts.push('Sort');
  const ms = /Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? '?';
  return { indexes: parts.join(', ') || '(none)', ms };
}

/** SQLite's plan condensed the same way: "SEARCH USING COVERING INDEX ix_… ×6, temp B-tree". */
function summariseSqlitePlan(details: string[]): string {
  const seen = new Map<string, number>();
  for (const detail of details) {
    const match = /^(SCAN|SEARCH) \w+ USING (COVERING INDEX|INDEX|INTEGER PRIMARY KEY) ?(\w*)/.exec(detail);
    if (match) seen.set(`${match[1]} ${match[2]} ${match[3]}`.trim(), (seen.get(`${match[1]} ${match[2]} ${match[3]}`.trim()) ?? 0) + 1);
    else if (/^SCAN \w+$/.test(detail) && !/^SCAN (b\d+|u|k)$/.test(detail)) seen.set(`${detail} (table scan)`, 1);
  }
  const parts = [...seen].map(([key, n]) => (n > 1 ? `${key} ×${n}` : key));
  if (details.some((d) => d.includes('TEMP B-TREE'))) parts.push('temp B-tree sort');
  return parts.join(', ');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const database = databaseConfig();
  if (database.type === 'postgres') await ensurePostgresDatabase(database.url);
  const { AdminSessionsReadModel, buildDataSourceOptions, seedSessions } = loadModules();
  const dataSource = new DataSource(buildDataSourceOptions(database));
  await dataSource.initialize();
  const engine = engineOf(dataSource);
  try {
    await dataSource.runMigrations();
    const [{ n }]: Array<{ n: string | number }> = await dataSource.query('SELECT COUNT(*) AS n FROM payment_sessions');
    const have = Number(n);
    if (have < args.rows) {
      const result = await seedSessions(dataSource, { count: args.rows - have, seed: 20261124, log: (line) => console.log(line) });
      console.log(`seeded ${result.sessions} sessions, ${result.events} events in ${result.seconds.toFixed(1)} s`);
    }
    console.log(engine === 'postgres' ? 'VACUUM ANALYZE …' : 'ANALYZE …');
    if (engine === 'postgres') await dataSource.query('VACUUM (ANALYZE) payment_sessions, session_events');
    else await dataSource.query('ANALYZE');

    const [{ total }]: Array<{ total: string | number }> = await dataSource.query('SELECT COUNT(*) AS total FROM payment_sessions');
    const raw: Array<{ id: string; created_at: unknown; state: string; session_id: string | null }> = await dataSource.query(
      'SELECT id, created_at, state, session_id FROM payment_sessions ORDER BY random() LIMIT 1000',
    );
    const samples: Sample[] = raw.map((r) => ({ id: r.id, createdAt: fromDbTimestamp(r.created_at), state: r.state, sessionId: r.session_id }));
    const [{ newest }]: Array<{ newest: string | Date | null }> = await dataSource.query('SELECT MAX(created_at) AS newest FROM payment_sessions');
    const lastDay = Math.floor(fromDbTimestamp(newest).getTime() / DAY) * DAY;

    const codec = new CursorCodec(undefined, 'admin.sessions');
    const service = new AdminSessionsReadModel(dataSource, codec);
    const sample = (i: number) => samples[(i * 7919) % samples.length];
    const withSessionId = samples.map((s) => s.sessionId).filter((id): id is string => id !== null);
    const day = (i: number) => new Date(lastDay - (i % 365) * DAY).toISOString().slice(0, 10);
    const nextDay = (i: number) => new Date(lastDay - (i % 365) * DAY + DAY).toISOString().slice(0, 10);
    const cursorAt = (s: Sample, query: SessionFilterQuery) =>
      codec.encode({ createdAt: s.createdAt, id: s.id }, filtersDigest(filtersFromQuery(query)));
    const amountRanges: Array<[string, string]> = [
      ['10', '20'],
      ['42.50', '42.50'],
      ['100', '250'],
      ['500', '10000'],
      ['0.50', '5'],
      ['45', '46'],
    ];
    const open = 'awaiting_payer,pending,partially_paid,failed,expired,creating';

    const shapes: Shape[] = [
      { name: 'none', query: () => ({}) },
      { name: 'outcome', query: (i) => ({ outcome: OUTCOMES[i % OUTCOMES.length] }) },
      { name: 'outcome list (still open)', query: () => ({ outcome: open }) },
      { name: 'status', query: (i) => ({ status: ['payment_created', 'payment_expired', 'payment_pending', 'session_initiated'][i % 4] }) },
      { name: 'state', query: (i) => ({ state: sample(i).state }) },
      { name: 'session_id', query: (i) => ({ session_id: withSessionId[i % withSessionId.length] }) },
      { name: 'currency', query: (i) => ({ currency: i % 2 ? 'GBP' : 'EUR' }) },
      { name: 'date range (one day)', query: (i) => ({ created_from: day(i), created_to: nextDay(i) }) },
      {
        name: 'amount range',
        query: (i) => ({ amount_min: amountRanges[i % amountRanges.length][0], amount_max: amountRanges[i % amountRanges.length][1] }),
      },
      { name: 'outcome + date (paid that day)', query: (i) => ({ outcome: 'paid', created_from: day(i), created_to: nextDay(i) }) },
      {
        name: 'outcome + currency + amount',
        query: (i) => ({ outcome: OUTCOMES[i % OUTCOMES.length], currency: i % 3 ? 'EUR' : 'GBP', amount_min: ['1', '50', '200'][i % 3] }),
      },
      { name: 'deep page (cursor)', query: (i) => ({ cursor: cursorAt(sample(i), {}) }) },
      { name: 'deep page, outcome (cursor)', query: (i) => ({ outcome: 'paid', cursor: cursorAt(sample(i), { outcome: 'paid' }) }) },
      { name: 'deep page, open outcomes (cursor)', query: (i) => ({ outcome: open, cursor: cursorAt(sample(i), { outcome: open }) }) },
    ];

    const load = () =>
      loadavg()
        .map((x) => x.toFixed(2))
        .join(' ');
    console.log(
      `\n${Number(total).toLocaleString('en')} sessions on ${engine}; ${args.runs} runs per shape after ${args.warmup} warm-up runs; ` +
        `page size ${PAGE}; load average ${load()}\n`,
    );
    const table: string[] = [
      '| shape | p50 ms | p95 ms | p99 ms | max ms | rows/page | page query plan (indexes) |',
      '|---|---:|---:|---:|---:|---:|---|',
    ];
    for (const shape of shapes) {
      const run = async (i: number) => {
        const { cursor, ...filters } = shape.query(i);
        return service.list(filtersFromQuery(filters), PAGE, cursor);
      };
      for (let i = 0; i < args.warmup; i++) await run(i + 100_000);
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < args.runs; i++) {
        const started = process.hrtime.bigint();
        const page = await run(i);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
        rows += page.sessions.length;
      }
      times.sort((a, b) => a - b);

      const { cursor, ...filters } = shape.query(1);
      const parsed = filtersFromQuery(filters);
      const after = cursor ? codec.decode(cursor, filtersDigest(parsed)) : null;
      const [sql, parameters] = service.pageQuery(parsed, after, PAGE).getQueryAndParameters();
      let plan: string;
      if (engine === 'postgres') {
        const rows: Array<Record<string, string>> = await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, parameters);
        const lines = rows.map((r) => r['QUERY PLAN']);
        const summary = summarisePostgresPlan(lines);
        plan = `${summary.indexes} (${summary.ms} ms)`;
      } else {
        const lines: Array<{ detail: string }> = await dataSource.query(`EXPLAIN QUERY PLAN ${sql}`, parameters);
        plan = summariseSqlitePlan(lines.map((l) => l.detail));
      }
      const f = (x: number) => x.toFixed(2);
      table.push(
        `| ${shape.name} | ${f(percentile(times, 50))} | ${f(percentile(times, 95))} | ${f(percentile(times, 99))} | ${f(times[times.length - 1])} | ${Math.round(rows / args.runs)} | ${plan} |`,
      );
      console.log(table[table.length - 1]);
    }
    console.log(`\n${table.join('\n')}\n`);
    console.log(`load average at the end ${load()}`);
    console.log('Times are AdminSessionsReadModel.list() end to end (cursor check, page statement, entity mapping), without HTTP;');
    console.log('the plan is that of one representative run of the shape (on PostgreSQL, with its execution time).');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
