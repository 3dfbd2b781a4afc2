import { fromMinorUnits } from './money';

/** An amount a row may lack is shown as null, never as "0.00": unknown is not zero. */
export function amountOrNull(minor: number | null): string | null {
  return minor === null ? null : fromMinorUnits(minor);
}

export function isoOrNull(at: Date | null): string | null {
  return at ? at.toISOString() : null;
}

/** A failure is shown only when it has a code; its detail travels with it. */
export function presentFailure(code: string | null, detail: string | null): { code: string; detail: string | null } | null {
  return code ? { code, detail } : null;
}

/** The columns every audit trail row shares (session_events, refund_events). */
export interface AuditEventRow<Source extends string> {
  id: string;
  source: Source;
  kind: string;
  accepted: boolean;
  reason: string | null;
  detail: Record<string, unknown> | null;
  createdAt: Date;
}

/**
 * An audit event as the API shows it: what every trail has first, the trail's own fields, then the
 * detail and the time. The key order is part of what clients have always been shown.
 */
export function presentAuditEvent<Source extends string, Own extends object>(event: AuditEventRow<Source>, own: Own) {
  return {
    id: event.id,
    source: event.source,
    kind: event.kind,
    accepted: event.accepted,
    reason: event.reason,
    ...own,
    detail: event.detail,
    created_at: event.createdAt.toISOString(),
  };
}
