/**
 * npm run seed -- --count N [--days 365] [--batch 5000] [--seed 42]
 *
 * Fills the configured database (DATABASE_URL, else DATABASE_PATH) with N realistic payment
 * sessions and their events, after running the migrations. Rows are written in batches, each in
 * its own transaction: on PostgreSQL one INSERT … SELECT FROM unnest(arrays) per batch (a
 * fixed 27 parameters however many rows), on SQLite multi-row INSERTs within SQLite's
 * parameter limit. Never in production.
 *
 * What "realistic" means here: creation times over the last --days days, busier in the day and
 * evening than at night and growing slowly over the year; amounts log-normal around 45 (0.50
 * to 10,000, some round); mostly EUR, some GBP; outcomes weighted by age (a session from
 * last month is no longer awaiting its payer); Fintecture statuses, transfer states and received
 * amounts that agree with each outcome; 1–4 events per session telling how it got there
 * (none for the rare session still `creating`, as in the service); a few orders retried under
 * the same state. Distributions come from a seeded generator (--seed makes a run repeatable);
 * ids come from the system CSPRNG, so that two runs never collide.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadConfiguration } from '../src/config/configuration';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import type { Outcome } from '../src/payments/payment-outcome';

export interface SeedOptions {
  count: number;
  /** How far back creation times go. */
  days?: number;
  /** Sessions per batch. */
  batchSize?: number;
  /** Seed of the distributions; random when absent. */
  seed?: number;
  /** End of the time window; now by default. */
  now?: Date;
  log?: (line: string) => void;
}

export interface SeedResult {
  sessions: number;
  events: number;
  seconds: number;
}

type Row = unknown[];

const SESSION_COLUMNS: ReadonlyArray<[name: string, pgType: string]> = [
  ['id', 'varchar'],
  ['session_id', 'varchar'],
  ['merchant', 'varchar'],
  ['idempotency_key', 'varchar'],
  ['request_fingerprint', 'varchar'],
  ['state', 'varchar'],
  ['outcome', 'varchar'],
  ['status', 'varchar'],
  ['transfer_state', 'varchar'],
  ['amount_minor', 'bigint'],
  ['currency', 'varchar'],
  ['communication', 'varchar'],
  ['payment_methods', 'text'],
  ['url', 'text'],
  ['virtual_beneficiary', 'text'],
  ['beneficiary', 'text'],
  ['received_amount_minor', 'bigint'],
  ['expires_at', 'timestamptz'],
  ['failure_code', 'varchar'],
  ['failure_status', 'integer'],
  ['failure_detail', 'text'],
  ['next_check_at', 'timestamptz'],
  ['check_count', 'integer'],
  ['last_checked_at', 'timestamptz'],
  ['version', 'integer'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
];

const EVENT_COLUMNS: ReadonlyArray<[name: string, pgType: string]> = [
  ['id', 'varchar'],
  ['payment_session_id', 'varchar'],
  ['source', 'varchar'],
  ['kind', 'varchar'],
  ['accepted', 'boolean'],
  ['reason', 'varchar'],
  ['status', 'varchar'],
  ['transfer_state', 'varchar'],
  ['outcome_before', 'varchar'],
  ['outcome_after', 'varchar'],
  ['request_id', 'varchar'],
  ['received_amount_minor', 'bigint'],
  ['dedupe_key', 'varchar'],
  ['detail', 'text'],
  ['created_at', 'timestamptz'],
];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** mulberry32: small, fast, seedable; for distributions only, never for ids. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random bytes drawn from the CSPRNG a batch at a time, handed out in slices. */
class EntropyPool {
  private buffer = Buffer.alloc(0);
  private offset = 0;

  take(size: number): Buffer {
    if (this.offset + size > this.buffer.length) {
      this.buffer = randomBytes(Math.max(size, 1 << 20));
      this.offset = 0;
    }
    const slice = this.buffer.subarray(this.offset, this.offset + size);
    this.offset += size;
    return slice;
  }

  hex(bytes: number): string {
    return this.take(bytes).toString('hex');
  }

  /**
   * A UUIDv7 for a given past instant. The app's uuidv7() keeps a monotonic clock, which would
   * pin every backdated id to the latest time seen; here 74 random bits keep ids unique.
   */
  uuidv7At(ms: number): string {
    const bytes = Buffer.from(this.take(16));
    bytes.writeUIntBE(ms, 0, 6);
    bytes[6] = 0x70 | (bytes[6] & 0x0f);
    bytes[8] = 0x80 | (bytes[8] & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

function pick<T>(random: () => number, weighted: ReadonlyArray<readonly [T, number]>): T {
  const total = weighted.reduce((sum, [, weight]) => sum + weight, 0);
  let r = random() * total;
  for (const [value, weight] of weighted) {
    r -= weight;
    if (r < 0) return value;
  }
  return weighted[weighted.length - 1][0];
}

/** Outcome mix of sessions older than a day: the journey is over for nearly all of them. */
const SETTLED_MIX: ReadonlyArray<readonly [Outcome, number]> = [
  ['paid', 66],
  ['expired', 13],
  ['failed', 8],
  ['cancelled', 5],
  ['creation_failed', 2],
  ['partially_paid', 1.5],
  ['overpaid', 0.6],
  ['pending', 0.8],
  ['awaiting_payer', 0.3],
  ['creating', 0.02],
];

/** Within the last day many payers are still on their way. */
const RECENT_MIX: ReadonlyArray<readonly [Outcome, number]> = [
  ['paid', 45],
  ['awaiting_payer', 20],
  ['pending', 12],
  ['expired', 5],
  ['failed', 6],
  ['cancelled', 4],
  ['creation_failed', 2],
  ['partially_paid', 1.5],
  ['overpaid', 0.5],
  ['creating', 0.5],
];

/** Hour-of-day weights (UTC, close enough to Paris): quiet nights, a lunch and an evening peak. */
const HOUR_WEIGHTS = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3.5, 4.5, 5, 5.5, 6.5, 6, 5, 4.5, 4.5, 5, 6, 7, 7.5, 6, 4, 2];
const HOURS: ReadonlyArray<readonly [number, number]> = HOUR_WEIGHTS.map((w, h) => [h, w] as const);

const MERCHANTS: ReadonlyArray<readonly [string, number]> = [
  ['shop', 70],
  ['marketplace', 25],
  ['shop-uk', 5],
];

const AWAITING_STATUSES: ReadonlyArray<readonly [string, number]> = [
  ['provider_required', 60],
  ['sca_required', 10],
  ['payment_waiting', 10],
  ['session_initiated', 20],
];

interface Built {
  session: Row;
  events: Row[];
}

/** Builds one session and its history; everything it says agrees with its outcome. */
class SessionFactory {
  constructor(
    private readonly random: () => number,
    private readonly entropy: EntropyPool,
    private readonly now: number,
    private readonly days: number,
  ) {}

  private lastState: string | null = null;

  /**
   * `position` runs from 0 to 1 through the seed, so days come out oldest first: index pages
   * then fill in order instead of being split at random, which makes the load several times
   * faster. Within a day the order is random.
   */
  createdAt(position: number): number {
    const r = this.random;
    // Volume grows over the year: more of the days are recent.
    const ageDays = Math.floor(this.days * (1 - Math.sqrt(position)));
    const dayStart = Math.floor((this.now - ageDays * DAY) / DAY) * DAY;
    const at = dayStart + pick(r, HOURS) * HOUR + Math.floor(r() * HOUR);
    // Today's later hours have not happened yet: spread those sessions over what has.
    return at < this.now ? at : dayStart + Math.floor(r() * (this.now - dayStart));
  }

  amount(): number {
    const r = this.random;
    // Log-normal: median 45.00, a long tail of large baskets.
    const gaussian = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    let minor = Math.round(Math.exp(Math.log(4500) + 1.1 * gaussian));
    if (r() < 0.15) minor = Math.max(100, Math.round(minor / 100) * 100);
    return Math.min(1_000_000, Math.max(50, minor));
  }

  build(position: number): Built {
    const r = this.random;
    const e = this.entropy;
    const created = this.createdAt(position);
    const age = this.now - created;
    const outcome = pick(r, age < DAY ? RECENT_MIX : SETTLED_MIX);
    const id = e.uuidv7At(created);
    const merchant = pick(r, MERCHANTS);
    const currency = merchant === 'shop-uk' || r() < 0.03 ? 'GBP' : 'EUR';
    const amount = this.amount();
    const day = new Date(created).toISOString().slice(0, 10).replace(/-/g, '');
    const state = this.lastState && r() < 0.04 ? this.lastState : `order-${day}-${String(Math.floor(r() * 1e7)).padStart(7, '0')}`;
    this.lastState = state;
    const methods = pick(r, [
      ['immediate_transfer', 75],
      ['immediate_transfer,smart_transfer', 15],
      ['smart_transfer', 5],
      ['bnpl', 5],
    ] as const);
    const reached = outcome !== 'creating' && outcome !== 'creation_failed';
    const sessionId = reached ? e.hex(16) : null;

    // The history, oldest first; each step a moment after the last, never in the future.
    const events: Row[] = [];
    let at = created;
    let before: Outcome = 'creating';
    let version = 1;
    const step = (spreadMs: number) => {
      at = Math.min(this.now, at + 500 + Math.floor(r() * spreadMs));
      return at;
    };
    const record = (
      source: string,
      kind: string,
      status: string | null,
      after: Outcome,
      options: { transfer?: string | null; received?: number | null; accepted?: boolean; reason?: string | null } = {},
    ) => {
      const accepted = options.accepted ?? true;
      const eventAt = step(kind === 'created' ? 3000 : 20 * MINUTE);
      const requestId = source === 'webhook' ? e.uuidv7At(eventAt) : `req-${e.hex(8)}`;
      events.push([
        e.uuidv7At(eventAt),
        id,
        source,
        kind,
        accepted,
        options.reason ?? null,
        status,
        options.transfer ?? null,
        before,
        accepted ? after : before,
        requestId,
        options.received ?? null,
        source === 'webhook' ? `webhook:${requestId}` : null,
        null,
        new Date(eventAt).toISOString(),
      ]);
      if (accepted) {
        before = after;
        version += 1;
      }
    };

    let status: string | null = null;
    let transfer: string | null = null;
    let received: number | null = null;
    let failure: [string, number, string] | null = null;

    if (outcome === 'creation_failed') {
      failure = pick(r, [
        [['upstream_rejected', 422, 'Fintecture refused the request: invalid beneficiary'], 50],
        [['upstream_unavailable', 502, 'Fintecture answered 503'], 30],
        [['upstream_timeout', 504, 'Fintecture did not answer within 10000 ms'], 20],
      ] as const);
      record('api', 'creation_failed', null, 'creation_failed');
    } else if (outcome !== 'creating') {
      status = 'provider_required';
      record('api', 'created', status, 'awaiting_payer');
      const webhook = (s: string, o: Outcome, t: string | null = null, amountReceived: number | null = null) => {
        status = s;
        transfer = t ?? transfer;
        received = amountReceived ?? received;
        record(r() < 0.9 ? 'webhook' : 'reconciliation', 'status', s, o, { transfer: t, received: amountReceived });
      };
      switch (outcome) {
        case 'awaiting_payer': {
          const s = pick(r, AWAITING_STATUSES);
          if (s !== 'provider_required') webhook(s, 'awaiting_payer');
          break;
        }
        case 'pending':
          webhook(
            pick(r, [
              ['payment_pending', 80],
              ['order_created', 15],
              ['payment_unknown', 5],
            ] as const),
            'pending',
            pick(r, [
              ['processing', 50],
              ['pending', 30],
              [null, 20],
            ] as const),
          );
          break;
        case 'paid':
          if (r() < 0.3) webhook('payment_pending', 'pending', 'processing');
          webhook(
            'payment_created',
            'paid',
            pick(r, [
              ['completed', 60],
              ['received', 30],
              [null, 10],
            ] as const),
            amount,
          );
          if (r() < 0.1) record('webhook', 'status', 'payment_created', 'paid', { accepted: false, reason: 'unchanged' });
          break;
        case 'overpaid':
          webhook('payment_created', 'paid', 'completed', amount);
          webhook('payment_created', 'overpaid', 'overpaid', amount + 100 + Math.floor(r() * amount));
          break;
        case 'partially_paid':
          webhook('payment_partial', 'partially_paid', 'insufficient', Math.max(1, Math.floor(amount * (0.1 + 0.8 * r()))));
          break;
        case 'failed':
          webhook('payment_unsuccessful', 'failed');
          break;
        case 'expired':
          webhook('payment_expired', 'expired');
          break;
        case 'cancelled':
          status = 'payment_cancelled';
          record(r() < 0.7 ? 'api' : 'admin', 'cancel', 'payment_cancelled', 'cancelled');
          break;
      }
    }

    const terminal = ['creation_failed', 'paid', 'overpaid', 'cancelled'].includes(outcome);
    const checks = terminal ? Math.floor(r() * 2) : 1 + Math.floor(r() * 6);
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const session: Row = [
      id,
      sessionId,
      merchant,
      r() < 0.7 ? `idem-${id}` : null,
      e.hex(32),
      state,
      outcome,
      status,
      transfer,
      amount,
      currency,
      state.toUpperCase(),
      methods,
      sessionId ? `https://connect-sandbox.fintecture.com/pis/v2/${sessionId}` : null,
      null,
      null,
      received,
      r() < 0.3 ? iso(created + (1 + Math.floor(r() * 48)) * HOUR) : null,
      failure?.[0] ?? null,
      failure?.[1] ?? null,
      failure?.[2] ?? null,
      terminal ? null : iso(Math.min(created + 30 * DAY, at + 5 * MINUTE * 2 ** checks)),
      checks,
      checks ? iso(at) : null,
      version,
      iso(created),
      iso(at),
    ];
    return { session, events };
  }
}

/** Inserts rows in one statement. */
type Inserter = (table: string, columns: ReadonlyArray<[string, string]>, rows: Row[]) => Promise<void>;
type Query = (sql: string, parameters: unknown[]) => Promise<unknown>;

function inserterFor(postgres: boolean, query: Query): Inserter {
  if (postgres) {
    // One array per column: the statement has as many parameters as columns, whatever the row count.
    return async (table, columns, rows) => {
      const arrays = columns.map((_, c) => rows.map((row) => row[c]));
      const unnest = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
      await query(`INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')}) SELECT * FROM unnest(${unnest})`, arrays);
    };
  }
  return async (table, columns, rows) => {
    const placeholders = `(${columns.map(() => '?').join(', ')})`;
    // TypeORM stores SQLite datetimes as 'YYYY-MM-DD HH:MM:SS.SSS' UTC and booleans as 0/1.
    const values = rows.flatMap((row) =>
      row.map((value, c) => {
        if (columns[c][1] === 'timestamptz' && typeof value === 'string') return value.replace('T', ' ').replace('Z', '');
        if (typeof value === 'boolean') return value ? 1 : 0;
        return value;
      }),
    );
    await query(`INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')}) VALUES ${rows.map(() => placeholders).join(', ')}`, values);
  };
}

/** Rows per statement: PostgreSQL takes any number through unnest; SQLite binds at most 32,766 parameters. */
function rowsPerStatement(postgres: boolean, columns: number): number {
  return postgres ? Number.MAX_SAFE_INTEGER : Math.floor(32_000 / columns);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function seedSessions(dataSource: DataSource, options: SeedOptions): Promise<SeedResult> {
  const { count, days = 365, batchSize = 5000, log = () => undefined } = options;
  const seed = options.seed ?? randomBytes(4).readUInt32BE(0);
  const factory = new SessionFactory(generator(seed), new EntropyPool(), (options.now ?? new Date()).getTime(), days);
  const postgres = dataSource.options.type === 'postgres';
  const started = process.hrtime.bigint();
  let sessions = 0;
  let events = 0;
  let reported = 0;
  log(`seeding ${count} sessions over ${days} days on ${dataSource.options.type} (seed ${seed}, batches of ${batchSize})`);
  const write = (sessionRows: Row[], eventRows: Row[]) =>
    // One transaction per batch: a crash leaves whole sessions with their events, never halves.
    dataSource.transaction(async (manager) => {
      const insert = inserterFor(postgres, (sql, parameters) => manager.query(sql, parameters));
      for (const part of chunks(sessionRows, rowsPerStatement(postgres, SESSION_COLUMNS.length))) {
        await insert('payment_sessions', SESSION_COLUMNS, part);
      }
      for (const part of chunks(eventRows, rowsPerStatement(postgres, EVENT_COLUMNS.length))) {
        await insert('session_events', EVENT_COLUMNS, part);
      }
    });
  const random = generator(seed ^ 0x5eed);
  let writing: Promise<void> = Promise.resolve();
  while (sessions < count) {
    // Built while the previous batch is being written: PostgreSQL works in its own process.
    const size = Math.min(batchSize, count - sessions);
    const built = Array.from({ length: size }, (_, k) => factory.build(Math.min(1, (sessions + k + random()) / count)));
    const sessionRows = built.map((b) => b.session);
    const eventRows = built.flatMap((b) => b.events);
    await writing;
    writing = write(sessionRows, eventRows);
    // Marked handled now; the next await still throws it.
    writing.catch(() => undefined);
    sessions += sessionRows.length;
    events += eventRows.length;
    if (sessions - reported >= 100_000 || sessions === count) {
      reported = sessions;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      log(`  ${sessions} sessions, ${events} events, ${Math.round(sessions / seconds)} sessions/s`);
    }
  }
  await writing;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { sessions, events, seconds };
}

function parseArgs(argv: string[]): { count: number; days: number; batchSize: number; seed?: number } {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`unexpected argument ${argv[i]}`);
    args[match[1]] = match[2] ?? argv[++i] ?? '';
  }
  const int = (name: string, fallback: number | undefined, min: number, max: number): number | undefined => {
    if (args[name] === undefined) return fallback;
    if (!/^\d+$/.test(args[name]) || Number(args[name]) < min || Number(args[name]) > max) {
      throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    }
    return Number(args[name]);
  };
  for (const name of Object.keys(args)) {
    if (!['count', 'days', 'batch', 'seed'].includes(name)) throw new Error(`unknown option --${name}`);
  }
  const count = int('count', undefined, 1, 100_000_000);
  if (count === undefined) throw new Error('--count N is required');
  return {
    count,
    days: int('days', 365, 1, 3650)!,
    batchSize: int('batch', 5000, 1, 50_000)!,
    seed: int('seed', undefined, 0, 2 ** 32 - 1),
  };
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\nusage: npm run seed -- --count N [--days 365] [--batch 5000] [--seed 42]`);
    process.exit(2);
  }
  const config = loadConfiguration();
  if (config.production) {
    console.error('seed: refusing to write made-up sessions into a production database');
    process.exit(2);
  }
  const dataSource = new DataSource({ ...buildDataSourceOptions(config.database), migrationsRun: false, logging: false });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
    const result = await seedSessions(dataSource, { ...args, log: (line) => console.log(line) });
    console.log(
      `seeded ${result.sessions} sessions and ${result.events} events in ${result.seconds.toFixed(1)} s ` +
        `(${Math.round(result.sessions / result.seconds)} sessions/s, ${Math.round((result.sessions + result.events) / result.seconds)} rows/s)`,
    );
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
