import { Column } from 'typeorm';
import { CreatedAtColumn, IdColumn, NullableJsonColumn, NullableVarcharColumn, VarcharColumn } from './entity-columns';

export type EventSource = 'api' | 'webhook' | 'reconciliation' | 'admin';

/**
 * The columns every audit trail (session_events, refund_events) has: who reported what, whether it
 * was applied, and the key that keeps one notice from being recorded twice. Not an entity itself:
 * each trail is its own table, with its own parent key and the fields of its own resource.
 */
export abstract class AuditEventBase {
  @IdColumn()
  id: string;

  @VarcharColumn(16)
  source: EventSource;

  /**
   * What happened: for a session created, creation_failed, status, refund, cancel_requested…;
   * for a refund requested, call, webhook, reconciliation, call_lost, console_refund…
   */
  @VarcharColumn(32)
  kind: string;

  @Column({ type: 'boolean' })
  accepted: boolean;

  /** Why a notice changed nothing (duplicate, unchanged, terminal, regression, unknown_status, superseded…). */
  @NullableVarcharColumn(64)
  reason: string | null;

  @NullableVarcharColumn(64, 'transfer_state')
  transferState: string | null;

  /** The notice's X-Request-ID (webhooks) or our own outbound request id. */
  @NullableVarcharColumn(128, 'request_id')
  requestId: string | null;

  /** Same key, same notice: the unique index makes recording it twice impossible. */
  @NullableVarcharColumn(200, 'dedupe_key')
  dedupeKey: string | null;

  @NullableJsonColumn()
  detail: Record<string, unknown> | null;

  @CreatedAtColumn()
  createdAt: Date;
}
