import { configNamespace } from './config-namespace';
import { ConfigContext } from './app.config';
import { EnvReader } from './env-reader';

export type DatabaseConfig =
  | { type: 'sqlite'; path: string; logging: boolean; countStatements?: boolean; migrationsRun: boolean }
  | { type: 'postgres'; url: string; poolSize: number; logging: boolean; countStatements?: boolean; migrationsRun: boolean };

const DEFAULT_SQLITE_PATH = 'data/payments.sqlite';

/**
 * DATABASE_PATH: the SQLite file, and with it the data folder (the emulator keeps its generated
 * credentials there, whichever engine holds the tables).
 */
export function readSqlitePath(read: EnvReader): string {
  return read.string('DATABASE_PATH') ?? DEFAULT_SQLITE_PATH;
}

export function readDatabaseConfig(read: EnvReader, context: Pick<ConfigContext, 'production'>): DatabaseConfig {
  const databaseUrl = read.string('DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    read.problem('DATABASE_URL: must be a postgres:// or postgresql:// URL');
  }
  const logging = read.bool('DATABASE_LOGGING', false);
  // Benchmarks read statements per operation from /metrics; off, it costs nothing.
  const countStatements = read.bool('DATABASE_COUNT_STATEMENTS', false);
  // Outside production the app migrates itself at start; production runs `npm run migration:run`.
  const migrationsRun = read.bool('DATABASE_MIGRATIONS_RUN', !context.production);
  return databaseUrl
    ? { type: 'postgres', url: databaseUrl, poolSize: read.int('DATABASE_POOL_SIZE', 10, 1, 200), logging, countStatements, migrationsRun }
    : { type: 'sqlite', path: readSqlitePath(read), logging, countStatements, migrationsRun };
}

export const databaseConfig = configNamespace('database', readDatabaseConfig);
