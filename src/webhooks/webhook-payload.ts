import { tryMinorUnits } from '../common/money';
import { storableText } from '../common/storable-text';

/** What a verified webhook says, read from its raw bytes (fintecture-api.md §6.2). */
export interface WebhookPayload {
  sessionId: string | null;
  status: string | null;
  transferState: string | null;
  type: string | null;
  /** The original payment of a refund notice. */
  refundedSessionId: string | null;
  /** The amount asked (a refund's: the amount refunded), as written. */
  amount: string | null;
  amountMinor: number | null;
  /** Smart Transfer: the running total received, and the transfer that just arrived. */
  receivedAmount: string | null;
  receivedAmountMinor: number | null;
  lastTransactionAmount: string | null;
  lastTransactionAmountMinor: number | null;
  state: string | null;
  event: string | null;
  provider: string | null;
  /** Every field as received (the first of a repeated form field; JSON as sent), text made storable. */
  fields: Record<string, unknown>;
}

export class MalformedWebhookBody extends Error {}

/** Magento recognises a refund by its refunded_session_id, the others by type=Refund: either will do. */
export function isRefundNotice(payload: WebhookPayload): boolean {
  return payload.type?.toLowerCase() === 'refund' || payload.refundedSessionId !== null;
}

/**
 * Parses the bytes that were hashed, never Express's parsed body: a re-serialised form is how
 * digests break (+ vs %20, key order). JSON when it says so or looks so, a form otherwise.
 */
export function parseWebhookBody(rawBody: Buffer, contentType: string | undefined): WebhookPayload {
  const text = rawBody.toString('utf8');
  const looksJson = /\bjson\b/i.test(contentType ?? '') || /^\s*\{/.test(text);
  let fields: Record<string, unknown>;
  let received: Record<string, unknown>;
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
    received = parsed as Record<string, unknown>;
  } else {
    fields = {};
    for (const [key, value] of new URLSearchParams(text)) {
      // A repeated field is ambiguous; keep the first rather than guess.
      if (!(key in fields)) fields[key] = value;
    }
    received = fields;
  }
  const amount = amountText(fields.amount);
  const receivedAmount = amountText(fields.received_amount);
  const lastTransactionAmount = amountText(fields.last_transaction_amount);
  return {
    sessionId: text0(fields.session_id),
    status: text0(fields.status),
    transferState: text0(fields.transfer_state),
    type: text0(fields.type),
    refundedSessionId: text0(fields.refunded_session_id),
    amount,
    amountMinor: tryMinorUnits(amount),
    receivedAmount,
    receivedAmountMinor: tryMinorUnits(receivedAmount),
    lastTransactionAmount,
    lastTransactionAmountMinor: tryMinorUnits(lastTransactionAmount),
    state: text0(fields.state),
    event: text0(fields.event),
    provider: text0(fields.provider),
    fields: storableFields(received),
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

/** Text a database can keep: a signed notice is recorded, never refused, so NUL becomes U+FFFD. */
function text0(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = storableText(value.trim());
  return trimmed && trimmed.length <= 512 ? trimmed : null;
}

function storableFields(value: unknown, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(asRecord(value))) out[storableText(key)] = storableValue(item, depth + 1);
  return out;
}

function storableValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return storableText(value);
  if (depth > 8 || typeof value !== 'object' || value === null) return typeof value === 'object' && value !== null ? null : value;
  return Array.isArray(value) ? value.map((item) => storableValue(item, depth + 1)) : storableFields(value, depth);
}

function amountText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value.toFixed(2);
  return text0(value);
}
