import { Counter, Registry } from 'prom-client';
import { AdvancedConsoleLogger, Logger as TypeOrmLogger } from 'typeorm';

export const STATEMENT_KINDS = ['select', 'insert', 'update', 'delete', 'begin', 'commit', 'rollback', 'savepoint', 'other'] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

/**
 * The kind of a statement from its first word: enough to tell reads, writes and transaction
 * control apart when counting what one request costs. `START TRANSACTION` and `BEGIN` are one kind.
 */
export function statementKind(sql: string): StatementKind {
  const word = /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase();
  switch (word) {
    case 'select':
    case 'with':
      return 'select';
    case 'insert':
    case 'update':
    case 'delete':
    case 'commit':
    case 'rollback':
    case 'savepoint':
      return word;
    case 'begin':
    case 'start':
      return 'begin';
    case 'release':
      return 'savepoint';
    default:
      return 'other';
  }
}

/**
 * A TypeORM logger that counts every statement sent to the database, by kind, into
 * `database_statements_total`. Opt-in (DATABASE_COUNT_STATEMENTS=true) for benchmarks and
 * investigations: when off, TypeORM keeps its own logger and nothing here runs. When the
 * query log is on too (DATABASE_LOGGING=true) it still goes to TypeORM's console logger.
 */
export class StatementCountingLogger implements TypeOrmLogger {
  private readonly statements: Counter<'kind'>;
  private readonly console?: TypeOrmLogger;

  constructor(registry: Registry, logQueries: boolean) {
    this.statements = new Counter({
      name: 'database_statements_total',
      help: 'SQL statements sent to the database, by kind (select, insert, update, delete, begin, commit, …); only with DATABASE_COUNT_STATEMENTS=true.',
      labelNames: ['kind'] as const,
      registers: [registry],
    });
    if (logQueries) this.console = new AdvancedConsoleLogger(true);
  }

  logQuery(query: string, parameters?: unknown[]): void {
    this.statements.inc({ kind: statementKind(query) });
    this.console?.logQuery(query, parameters);
  }

  logQueryError(error: string | Error, query: string, parameters?: unknown[]): void {
    this.console?.logQueryError(error, query, parameters);
  }

  logQuerySlow(time: number, query: string, parameters?: unknown[]): void {
    this.console?.logQuerySlow(time, query, parameters);
  }

  logSchemaBuild(message: string): void {
    this.console?.logSchemaBuild(message);
  }

  logMigration(message: string): void {
    this.console?.logMigration(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    this.console?.log(level, message);
  }
}
