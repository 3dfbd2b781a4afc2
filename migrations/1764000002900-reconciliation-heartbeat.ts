import { MigrationInterface, QueryRunner } from 'typeorm';
import { columnTypes } from './column-types';

/**
 * Reconciliation that survives its own faults. A running pass renews heartbeat_at; a run whose
 * heartbeat is older than the lease is closed as abandoned by the next pass or at start. A
 * session a pass is checking carries that run's id and a claim that lapses a lease after the
 * last heartbeat, apart from next_check_at, which stays the session's schedule: a session the
 * pass could not finish is due again as it was, not pushed back by the claim.
 */
export class ReconciliationHeartbeat1764000002900 implements MigrationInterface {
  name = 'ReconciliationHeartbeat1764000002900';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    // finished_with_errors is longer than the 16 characters the first statuses needed (SQLite does not enforce lengths).
    if (t.postgres) await queryRunner.query(`ALTER TABLE reconciliation_runs ALTER COLUMN status TYPE varchar(32)`);
    await queryRunner.query(`ALTER TABLE reconciliation_runs ADD COLUMN heartbeat_at ${t.timestamp}`);
    // Every run before this migration asked about due sessions only.
    await queryRunner.query(`ALTER TABLE reconciliation_runs ADD COLUMN scope varchar(8) NOT NULL DEFAULT 'due'`);
    await queryRunner.query(`ALTER TABLE reconciliation_runs ADD COLUMN filters text`);
    await queryRunner.query(`ALTER TABLE reconciliation_runs ADD COLUMN error_kinds text`);
    // Looked up by every pass (is any run's process gone?): only the few running ones are indexed.
    await queryRunner.query(`CREATE INDEX ix_reconciliation_runs_running ON reconciliation_runs (started_at) WHERE status = 'running'`);

    await queryRunner.query(`ALTER TABLE payment_sessions ADD COLUMN reconciliation_claimed_by varchar(36)`);
    await queryRunner.query(`ALTER TABLE payment_sessions ADD COLUMN reconciliation_claimed_until ${t.timestamp}`);
    // Renewing or releasing one run's claims must not scan the table; claims are few at any time.
    await queryRunner.query(
      `CREATE INDEX ix_payment_sessions_claimed ON payment_sessions (reconciliation_claimed_by) WHERE reconciliation_claimed_by IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_payment_sessions_claimed`);
    await queryRunner.query(`ALTER TABLE payment_sessions DROP COLUMN reconciliation_claimed_until`);
    await queryRunner.query(`ALTER TABLE payment_sessions DROP COLUMN reconciliation_claimed_by`);
    await queryRunner.query(`DROP INDEX ix_reconciliation_runs_running`);
    await queryRunner.query(`ALTER TABLE reconciliation_runs DROP COLUMN error_kinds`);
    await queryRunner.query(`ALTER TABLE reconciliation_runs DROP COLUMN filters`);
    await queryRunner.query(`ALTER TABLE reconciliation_runs DROP COLUMN scope`);
    await queryRunner.query(`ALTER TABLE reconciliation_runs DROP COLUMN heartbeat_at`);
    if (columnTypes(queryRunner).postgres) {
      await queryRunner.query(`UPDATE reconciliation_runs SET status = 'finished' WHERE status = 'finished_with_errors'`);
      await queryRunner.query(`ALTER TABLE reconciliation_runs ALTER COLUMN status TYPE varchar(16)`);
    }
  }
}
