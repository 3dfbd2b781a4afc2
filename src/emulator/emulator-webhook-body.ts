import { KeyObject } from 'node:crypto';
import { buildWebhookHeaders } from '../fintecture/http-signature';
import { SessionType } from './emulator-model';

/** What one webhook says (fintecture-api.md §6.2). Null fields are left out of the body. */
export interface WebhookEvent {
  sessionId: string;
  status: string;
  transferState: string | null;
  type: SessionType;
  amount: string;
  receivedAmount: string | null;
  refundedSessionId: string | null;
  state: string | null;
  provider: string | null;
  customerId: string | null;
}

/**
 * `full`: every field the emulator knows, as the service and Magento read them. `minimal`: the
 * fields of Fintecture's documented example only (session_id, status, customer_id, provider,
 * state, event), so that a receiver is tried against a Fintecture that sends no more; a refund
 * keeps its refunded_session_id, the one field that says what it refunds (Magento reads refunds by it).
 */
export type WebhookShape = 'full' | 'minimal';

/** Every body field and where its value comes from; null when the event has none. */
function fieldValues(event: WebhookEvent) {
  return {
    session_id: event.sessionId,
    status: event.status,
    transfer_state: event.transferState,
    type: event.type,
    amount: event.amount,
    received_amount: event.receivedAmount,
    refunded_session_id: event.refundedSessionId,
    state: event.state,
    provider: event.provider,
    customer_id: event.customerId,
    event: `payment_session.status.${event.status}`,
  } satisfies Record<string, string | null>;
}

type WebhookField = keyof ReturnType<typeof fieldValues>;

/**
 * The fields in the order Fintecture's example (and vector V6) writes them, so that a webhook
 * for the same event is byte for byte the documented one. The two shapes order customer_id,
 * provider and state differently, as their sources do.
 */
const FIELD_ORDER: Record<WebhookShape, readonly WebhookField[]> = {
  minimal: ['session_id', 'status', 'refunded_session_id', 'customer_id', 'provider', 'state', 'event'],
  full: [
    'session_id',
    'status',
    'transfer_state',
    'type',
    'amount',
    'received_amount',
    'refunded_session_id',
    'state',
    'provider',
    'customer_id',
    'event',
  ],
};

export function webhookFields(event: WebhookEvent, shape: WebhookShape = 'full'): Array<[string, string]> {
  const values = fieldValues(event);
  return FIELD_ORDER[shape].flatMap((name): Array<[string, string]> => {
    const value = values[name];
    return value === null ? [] : [[name, value]];
  });
}

export function webhookBody(event: WebhookEvent, format: 'form' | 'json', shape: WebhookShape = 'full'): { body: string; contentType: string } {
  const fields = webhookFields(event, shape);
  if (format === 'json') {
    return { body: JSON.stringify(Object.fromEntries(fields)), contentType: 'application/json' };
  }
  return { body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' };
}

export interface BuiltWebhook {
  body: string;
  headers: Record<string, string>;
}

/**
 * A webhook as Fintecture sends it: the body, and Date, Digest, X-Request-ID and the Signature
 * (signing string encrypted with the app's public key) from the project's one signer.
 */
export function buildWebhook(input: {
  event: WebhookEvent;
  format: 'form' | 'json';
  shape?: WebhookShape;
  appId: string;
  publicKey: KeyObject;
  date?: string;
  requestId?: string;
}): BuiltWebhook {
  const { body, contentType } = webhookBody(input.event, input.format, input.shape);
  const signed = buildWebhookHeaders({
    body,
    appId: input.appId,
    publicKey: input.publicKey,
    date: input.date,
    requestId: input.requestId,
  });
  return { body, headers: { 'Content-Type': contentType, ...signed } };
}
