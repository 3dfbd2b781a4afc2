import { MigrationInterface, QueryRunner } from 'typeorm';
import { columnTypes } from './column-types';

/**
 * Refunds as a resource of their own (issue 14): refunds and their events, and on each session
 * the totals of its refunds (completed, and still under way), kept by the refunds' state path
 * with the session row locked so that the session resource shows them without a join.
 */
export class Refunds1764000003414 implements MigrationInterface {
  name = 'Refunds1764000003414';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.query(`
      CREATE TABLE refunds (
        id varchar(36) NOT NULL PRIMARY KEY,
        payment_session_id varchar(36) NOT NULL,
        merchant varchar(64) NOT NULL,
        origin varchar(16) NOT NULL,
        idempotency_key varchar(255),
        request_fingerprint varchar(64),
        amount_minor bigint NOT NULL,
        currency varchar(3) NOT NULL,
        status varchar(16) NOT NULL,
        refund_session_id varchar(32),
        communication varchar(140),
        reason varchar(500),
        fintecture_status varchar(64),
        transfer_state varchar(64),
        failure_code varchar(64),
        failure_detail text,
        call_attempt integer NOT NULL DEFAULT 1,
        call_started_at ${t.timestamp},
        next_check_at ${t.timestamp},
        check_count integer NOT NULL DEFAULT 0,
        stuck_reported_at ${t.timestamp},
        version integer NOT NULL DEFAULT 1,
        created_at ${t.timestamp} NOT NULL,
        updated_at ${t.timestamp} NOT NULL,
        CONSTRAINT refunds_amount_minor_check CHECK (amount_minor > 0),
        CONSTRAINT refunds_payment_session_id_fkey FOREIGN KEY (payment_session_id) REFERENCES payment_sessions (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_refunds_idempotency ON refunds (merchant, idempotency_key)`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_refunds_refund_session_id ON refunds (refund_session_id)`);
    await queryRunner.query(`CREATE INDEX ix_refunds_session ON refunds (payment_session_id, created_at, id)`);
    await queryRunner.query(`CREATE INDEX ix_refunds_created ON refunds (created_at, id)`);
    await queryRunner.query(`CREATE INDEX ix_refunds_status_created ON refunds (status, created_at, id)`);
    await queryRunner.query(`CREATE INDEX ix_refunds_due ON refunds (next_check_at, id)`);

    await queryRunner.query(`
      CREATE TABLE refund_events (
        id varchar(36) NOT NULL PRIMARY KEY,
        refund_id varchar(36) NOT NULL,
        source varchar(16) NOT NULL,
        kind varchar(32) NOT NULL,
        accepted boolean NOT NULL,
        reason varchar(64),
        fintecture_status varchar(64),
        transfer_state varchar(64),
        status_before varchar(16),
        status_after varchar(16),
        amount_minor bigint,
        request_id varchar(128),
        dedupe_key varchar(200),
        detail text,
        created_at ${t.timestamp} NOT NULL,
        CONSTRAINT refund_events_refund_id_fkey FOREIGN KEY (refund_id) REFERENCES refunds (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX ix_refund_events_refund ON refund_events (refund_id, created_at, id)`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_refund_events_dedupe ON refund_events (refund_id, dedupe_key)`);

    await queryRunner.query(`ALTER TABLE payment_sessions ADD COLUMN refunded_minor bigint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE payment_sessions ADD COLUMN refunding_minor bigint NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE payment_sessions DROP COLUMN refunding_minor`);
    await queryRunner.query(`ALTER TABLE payment_sessions DROP COLUMN refunded_minor`);
    await queryRunner.query(`DROP TABLE refund_events`);
    await queryRunner.query(`DROP TABLE refunds`);
  }
}
