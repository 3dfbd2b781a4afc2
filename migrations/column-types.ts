import { QueryRunner } from 'typeorm';

/**
 * The same migrations run on PostgreSQL and on the embedded SQLite; only a few type names
 * differ, and they are chosen here.
 */
export function columnTypes(queryRunner: QueryRunner) {
  const postgres = queryRunner.connection.options.type === 'postgres';
  return {
    postgres,
    timestamp: postgres ? 'timestamptz' : 'datetime',
  };
}
