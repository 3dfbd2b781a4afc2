import { MigrationInterface, QueryRunner } from 'typeorm';
import { columnTypes } from './column-types';

export class ReconciliationRuns1764000000200 implements MigrationInterface {
  name = 'ReconciliationRuns1764000000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.query(`
      CREATE TABLE reconciliation_runs (
        id varchar(36) NOT NULL PRIMARY KEY,
        triggered_by varchar(16) NOT NULL,
        status varchar(16) NOT NULL,
        instance varchar(128) NOT NULL,
        started_at ${t.timestamp} NOT NULL,
        finished_at ${t.timestamp},
        checked integer NOT NULL DEFAULT 0,
        changed integer NOT NULL DEFAULT 0,
        unchanged integer NOT NULL DEFAULT 0,
        errors integer NOT NULL DEFAULT 0,
        discrepancy_count integer NOT NULL DEFAULT 0,
        discrepancy_kinds text,
        discrepancies text,
        error_samples text,
        error text
      )`);
    // Ids are UUIDv7, so the primary key already lists runs newest first; this serves time ranges.
    await queryRunner.query(`CREATE INDEX ix_reconciliation_runs_started ON reconciliation_runs (started_at)`);
    // Set when reconciliation stopped asking Fintecture about a session that never settled.
    await queryRunner.query(`ALTER TABLE payment_sessions ADD COLUMN reconciliation_gave_up_at ${t.timestamp}`);
    // Due sessions are found by ix_payment_sessions_due, those left in creating by
    // ix_payment_sessions_outcome_created (1764000000100): no index of its own is needed.
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE payment_sessions DROP COLUMN reconciliation_gave_up_at`);
    await queryRunner.query(`DROP INDEX ix_reconciliation_runs_started`);
    await queryRunner.query(`DROP TABLE reconciliation_runs`);
  }
}
