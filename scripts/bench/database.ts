import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export interface BenchDatabase {
  engine: 'postgres' | 'sqlite';
  /** DATABASE_URL or DATABASE_PATH for the processes under test. */
  env: Record<string, string>;
  /** Also holds the SQLite file: the service's data folder. */
  dir: string;
  drop(): Promise<void>;
}

/**
 * A database of its own for one run: a fresh PostgreSQL database beside the one DATABASE_URL
 * names (created here, dropped at the end), or a SQLite file in a temporary folder.
 */
export async function createBenchDatabase(baseUrl = process.env.DATABASE_URL?.trim()): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'payments-bench-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  if (!baseUrl) {
    return { engine: 'sqlite', env: { DATABASE_PATH: join(dir, 'bench.sqlite') }, dir, drop: () => Promise.resolve(removeDir()) };
  }
  const name = `payments_bench_${process.pid}_${Date.now()}`;
  await withClient(baseUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    engine: 'postgres',
    env: { DATABASE_URL: url.toString() },
    dir,
    drop: async () => {
      await withClient(baseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      removeDir();
    },
  };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
