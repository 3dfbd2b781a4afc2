import { MigrationInterface, QueryRunner } from 'typeorm';
import { columnTypes } from './column-types';

export class NeverLoseAPayment1764000002000 implements MigrationInterface {
  name = 'NeverLoseAPayment1764000002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    // A retry under the same Idempotency-Key may take over a create whose answer was lost: the
    // attempt number tells a late answer to the earlier call from the current one.
    await queryRunner.query(`ALTER TABLE payment_sessions ADD COLUMN create_attempt integer NOT NULL DEFAULT 1`);
    await queryRunner.query(`ALTER TABLE payment_sessions ADD COLUMN attempt_started_at ${t.timestamp}`);
    await queryRunner.query(`ALTER TABLE session_events ADD COLUMN last_transaction_amount_minor bigint`);
    await queryRunner.query(`
      CREATE TABLE unmatched_notices (
        id varchar(36) NOT NULL PRIMARY KEY,
        request_id varchar(128) NOT NULL,
        reason varchar(32) NOT NULL,
        session_id varchar(512),
        status varchar(512),
        transfer_state varchar(512),
        type varchar(512),
        state varchar(512),
        refunded_session_id varchar(512),
        amount varchar(512),
        amount_minor bigint,
        received_amount varchar(512),
        received_amount_minor bigint,
        last_transaction_amount varchar(512),
        content_type varchar(255),
        fields text,
        raw_body text,
        matched_payment_session_id varchar(36),
        matched_at ${t.timestamp},
        resolved_at ${t.timestamp},
        resolution text,
        received_at ${t.timestamp} NOT NULL
      )`);
    // Fintecture's retries of one notice keep its X-Request-ID: one row, forever.
    await queryRunner.query(`CREATE UNIQUE INDEX uq_unmatched_notices_request ON unmatched_notices (request_id)`);
    await queryRunner.query(`CREATE INDEX ix_unmatched_notices_received ON unmatched_notices (received_at, id)`);
    await queryRunner.query(`CREATE INDEX ix_unmatched_notices_session ON unmatched_notices (session_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE unmatched_notices`);
    await queryRunner.query(`ALTER TABLE session_events DROP COLUMN last_transaction_amount_minor`);
    await queryRunner.query(`ALTER TABLE payment_sessions DROP COLUMN attempt_started_at`);
    await queryRunner.query(`ALTER TABLE payment_sessions DROP COLUMN create_attempt`);
  }
}
