import { MigrationInterface, QueryRunner } from 'typeorm';
import { columnTypes } from './column-types';

/**
 * Outgoing notifications (src/notifications): endpoints, the outbox of events, one delivery per
 * event and endpoint; and the session's paid_at, filled for sessions already paid from the first
 * accepted event that made them so.
 */
export class Notifications1764000001300 implements MigrationInterface {
  name = 'Notifications1764000001300';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.query(`
      CREATE TABLE notification_endpoints (
        id varchar(36) NOT NULL PRIMARY KEY,
        merchant varchar(64) NOT NULL,
        url text NOT NULL,
        description varchar(500),
        events text NOT NULL,
        secret varchar(100) NOT NULL,
        previous_secret varchar(100),
        previous_secret_expires_at ${t.timestamp},
        created_at ${t.timestamp} NOT NULL,
        updated_at ${t.timestamp} NOT NULL,
        deleted_at ${t.timestamp}
      )`);
    await queryRunner.query(`CREATE INDEX ix_notification_endpoints_merchant ON notification_endpoints (merchant, id)`);

    await queryRunner.query(`
      CREATE TABLE notification_events (
        id varchar(36) NOT NULL PRIMARY KEY,
        merchant varchar(64) NOT NULL,
        type varchar(64) NOT NULL,
        subject_id varchar(36) NOT NULL,
        payload text NOT NULL,
        created_at ${t.timestamp} NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX ix_notification_events_subject ON notification_events (subject_id, id)`);

    await queryRunner.query(`
      CREATE TABLE notification_deliveries (
        id varchar(36) NOT NULL PRIMARY KEY,
        event_id varchar(36) NOT NULL,
        endpoint_id varchar(36) NOT NULL,
        merchant varchar(64) NOT NULL,
        status varchar(16) NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        consecutive_failures integer NOT NULL DEFAULT 0,
        next_attempt_at ${t.timestamp},
        give_up_at ${t.timestamp} NOT NULL,
        claim_token varchar(36),
        last_attempt_at ${t.timestamp},
        last_http_status integer,
        last_error varchar(300),
        last_response_body text,
        delivered_at ${t.timestamp},
        created_at ${t.timestamp} NOT NULL,
        CONSTRAINT notification_deliveries_event_id_fkey FOREIGN KEY (event_id) REFERENCES notification_events (id) ON DELETE CASCADE,
        CONSTRAINT notification_deliveries_endpoint_id_fkey FOREIGN KEY (endpoint_id) REFERENCES notification_endpoints (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_notification_deliveries_event_endpoint ON notification_deliveries (event_id, endpoint_id)`);
    // The dispatcher's scan: only pending rows, by due time; delivered and failed ones never weigh on it.
    await queryRunner.query(`CREATE INDEX ix_notification_deliveries_due ON notification_deliveries (next_attempt_at, id) WHERE status = 'pending'`);
    await queryRunner.query(`CREATE INDEX ix_notification_deliveries_endpoint ON notification_deliveries (endpoint_id, id)`);
    await queryRunner.query(`CREATE INDEX ix_notification_deliveries_status ON notification_deliveries (status, id)`);

    await queryRunner.query(`ALTER TABLE payment_sessions ADD COLUMN paid_at ${t.timestamp}`);
    await queryRunner.query(`
      UPDATE payment_sessions SET paid_at = (
        SELECT MIN(e.created_at) FROM session_events e
        WHERE e.payment_session_id = payment_sessions.id AND e.accepted = ${t.postgres ? 'true' : '1'}
          AND e.outcome_after IN ('paid', 'overpaid', 'covered')
      )
      WHERE outcome IN ('paid', 'overpaid', 'covered')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE payment_sessions DROP COLUMN paid_at`);
    await queryRunner.query(`DROP TABLE notification_deliveries`);
    await queryRunner.query(`DROP TABLE notification_events`);
    await queryRunner.query(`DROP TABLE notification_endpoints`);
  }
}
