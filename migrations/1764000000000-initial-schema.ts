import { MigrationInterface, QueryRunner } from 'typeorm';
import { columnTypes } from './column-types';

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.query(`
      CREATE TABLE payment_sessions (
        id varchar(36) NOT NULL PRIMARY KEY,
        session_id varchar(32),
        merchant varchar(64) NOT NULL,
        idempotency_key varchar(255),
        request_fingerprint varchar(64) NOT NULL,
        state varchar(512) NOT NULL,
        outcome varchar(32) NOT NULL,
        status varchar(64),
        transfer_state varchar(64),
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency varchar(3) NOT NULL,
        communication varchar(140),
        payment_methods text,
        url text,
        virtual_beneficiary text,
        beneficiary text,
        received_amount_minor bigint,
        expires_at ${t.timestamp},
        failure_code varchar(64),
        failure_status integer,
        failure_detail text,
        next_check_at ${t.timestamp},
        check_count integer NOT NULL DEFAULT 0,
        last_checked_at ${t.timestamp},
        version integer NOT NULL,
        created_at ${t.timestamp} NOT NULL,
        updated_at ${t.timestamp} NOT NULL
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_payment_sessions_session_id ON payment_sessions (session_id)`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_payment_sessions_idempotency ON payment_sessions (merchant, idempotency_key)`);
    await queryRunner.query(`CREATE INDEX ix_payment_sessions_created ON payment_sessions (created_at, id)`);
    // Reconciliation scans open sessions by the time they are next due.
    await queryRunner.query(`CREATE INDEX ix_payment_sessions_due ON payment_sessions (next_check_at, id)`);

    await queryRunner.query(`
      CREATE TABLE session_events (
        id varchar(36) NOT NULL PRIMARY KEY,
        payment_session_id varchar(36) NOT NULL REFERENCES payment_sessions (id) ON DELETE CASCADE,
        source varchar(16) NOT NULL,
        kind varchar(32) NOT NULL,
        accepted boolean NOT NULL,
        reason varchar(64),
        status varchar(64),
        transfer_state varchar(64),
        outcome_before varchar(32),
        outcome_after varchar(32),
        request_id varchar(128),
        received_amount_minor bigint,
        dedupe_key varchar(200),
        detail text,
        created_at ${t.timestamp} NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX ix_session_events_session ON session_events (payment_session_id, created_at)`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_session_events_dedupe ON session_events (payment_session_id, dedupe_key)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE session_events`);
    await queryRunner.query(`DROP TABLE payment_sessions`);
  }
}
