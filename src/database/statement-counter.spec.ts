import { itReturnsEach } from '../../test/support/it-returns-each';
import { Registry } from 'prom-client';
import { StatementCountingLogger, statementKind } from './statement-counter';

describe('statementKind', () => {
  itReturnsEach('%s → %s', statementKind, [
    ['SELECT "s"."id" FROM "payment_sessions" "s"', 'select'],
    ['  select 1', 'select'],
    ['WITH due AS (SELECT 1) UPDATE x SET y = 1', 'select'],
    ['INSERT INTO "session_events"("id") VALUES ($1)', 'insert'],
    ['UPDATE "payment_sessions" SET "outcome" = $1', 'update'],
    ['DELETE FROM "x"', 'delete'],
    ['START TRANSACTION', 'begin'],
    ['BEGIN TRANSACTION', 'begin'],
    ['COMMIT', 'commit'],
    ['ROLLBACK', 'rollback'],
    ['SAVEPOINT typeorm_1', 'savepoint'],
    ['RELEASE SAVEPOINT typeorm_1', 'savepoint'],
    ['PRAGMA foreign_keys = ON', 'other'],
    ['', 'other'],
  ]);
});

describe('StatementCountingLogger', () => {
  it('counts each statement by kind into database_statements_total, and nothing else', async () => {
    const registry = new Registry();
    const logger = new StatementCountingLogger(registry, false);
    logger.logQuery('START TRANSACTION');
    logger.logQuery('INSERT INTO x VALUES ($1)', [1]);
    logger.logQuery('INSERT INTO y VALUES ($1)', [2]);
    logger.logQuery('COMMIT');
    logger.logQueryError(new Error('boom'), 'SELECT 1');
    logger.logMigration('ran');
    const metric = await registry.getSingleMetricAsString('database_statements_total');
    expect(metric).toContain('database_statements_total{kind="begin"} 1');
    expect(metric).toContain('database_statements_total{kind="insert"} 2');
    expect(metric).toContain('database_statements_total{kind="commit"} 1');
    expect(metric).not.toContain('kind="select"');
  });
});
