import { tryMinorUnits } from '../common/money';

/** What a verified webhook says, read from its raw bytes (fintecture-api.md §6.2). */
export interface WebhookPayload {
  sessionId: string | null;
  status: string | null;
  transferState: string | null;
  type: string | null;
  /** The original payment of a refund notice (type=Refund). */
  refundedSessionId: string | null;
  amount: string | null;
  receivedAmount: string | null;
  receivedAmountMinor: number | null;
  state: string | null;
  event: string | null;
  provider: string | null;
}

export class MalformedWebhookBody extends Error {}

/**
 * Parses the bytes that were hashed, never Express's parsed body: a re-serialised form is how
 * digests break (+ vs %20, key order). JSON when it says so or looks so, a form otherwise.
 */
export function parseWebhookBody(rawBody: Buffer, contentType: string | undefined): WebhookPayload {
  const text = rawBody.toString('utf8');
  const looksJson = /\bjson\b/i.test(contentType ?? '') || /^\s*\{/.test(text);
  let fields: Record<string, unknown>;
  if (looksJson) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new MalformedWebhookBody('the body is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new MalformedWebhookBody('the JSON body is not an object');
    }
    fields = flattenJson(parsed as Record<string, unknown>);
  } else {
    fields = {};
    for (const [key, value] of new URLSearchParams(text)) {
      // A repeated field is ambiguous; keep the first rather than guess.
      if (!(key in fields)) fields[key] = value;
    }
  }
  const receivedAmount = amountText(fields.received_amount);
  return {
    sessionId: text0(fields.session_id),
    status: text0(fields.status),
    transferState: text0(fields.transfer_state),
    type: text0(fields.type),
    refundedSessionId: text0(fields.refunded_session_id),
    amount: amountText(fields.amount),
    receivedAmount,
    receivedAmountMinor: tryMinorUnits(receivedAmount),
    state: text0(fields.state),
    event: text0(fields.event),
    provider: text0(fields.provider),
  };
}

/**
 * JSON webhooks are undocumented (fintecture-api.md §11.6): accept the flat shape of the form
 * and, failing that, the meta/data shape of the payments API.
 */
function flattenJson(body: Record<string, unknown>): Record<string, unknown> {
  const meta = asRecord(body.meta);
  const data = asRecord(body.data);
  const attributes = asRecord(data.attributes);
  const out: Record<string, unknown> = { ...attributes, ...data, ...meta, ...body };
  if (out.session_id === undefined && data.id !== undefined) out.session_id = data.id;
  return out;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text0(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed && trimmed.length <= 512 ? trimmed : null;
}

function amountText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value.toFixed(2);
  return text0(value);
}
