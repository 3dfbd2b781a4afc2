import { MigrationInterface, QueryRunner } from 'typeorm';
import { columnTypes } from './column-types';
import { createIndexes, createTable } from './schema-statements';

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await createTable(queryRunner, 'payment_sessions', [
      'id varchar(36) NOT NULL PRIMARY KEY',
      'session_id varchar(32)',
      'merchant varchar(64) NOT NULL',
      'idempotency_key varchar(255)',
      'request_fingerprint varchar(64) NOT NULL',
      'state varchar(512) NOT NULL',
      'outcome varchar(32) NOT NULL',
      'status varchar(64)',
      'transfer_state varchar(64)',
      'amount_minor bigint NOT NULL CHECK (amount_minor > 0)',
      'currency varchar(3) NOT NULL',
      'communication varchar(140)',
      'payment_methods text',
      'url text',
      'virtual_beneficiary text',
      'beneficiary text',
      'received_amount_minor bigint',
      `expires_at ${t.timestamp}`,
      'failure_code varchar(64)',
      'failure_status integer',
      'failure_detail text',
      `next_check_at ${t.timestamp}`,
      'check_count integer NOT NULL DEFAULT 0',
      `last_checked_at ${t.timestamp}`,
      'version integer NOT NULL',
      `created_at ${t.timestamp} NOT NULL`,
      `updated_at ${t.timestamp} NOT NULL`,
    ]);
    await createIndexes(queryRunner, 'payment_sessions', [
      ['uq_payment_sessions_session_id', 'session_id', { unique: true }],
      ['uq_payment_sessions_idempotency', 'merchant, idempotency_key', { unique: true }],
      ['ix_payment_sessions_created', 'created_at, id'],
      // Reconciliation scans open sessions by the time they are next due.
      ['ix_payment_sessions_due', 'next_check_at, id'],
    ]);

    await createTable(queryRunner, 'session_events', [
      'id varchar(36) NOT NULL PRIMARY KEY',
      'payment_session_id varchar(36) NOT NULL REFERENCES payment_sessions (id) ON DELETE CASCADE',
      'source varchar(16) NOT NULL',
      'kind varchar(32) NOT NULL',
      'accepted boolean NOT NULL',
      'reason varchar(64)',
      'status varchar(64)',
      'transfer_state varchar(64)',
      'outcome_before varchar(32)',
      'outcome_after varchar(32)',
      'request_id varchar(128)',
      'received_amount_minor bigint',
      'dedupe_key varchar(200)',
      'detail text',
      `created_at ${t.timestamp} NOT NULL`,
    ]);
    await createIndexes(queryRunner, 'session_events', [
      ['ix_session_events_session', 'payment_session_id, created_at'],
      ['uq_session_events_dedupe', 'payment_session_id, dedupe_key', { unique: true }],
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE session_events`);
    await queryRunner.query(`DROP TABLE payment_sessions`);
  }
}
