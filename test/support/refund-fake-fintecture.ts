import { KeyObject, randomBytes } from 'node:crypto';
import { startStrictFintectureServer, StrictCall } from './strict-fintecture-server';

/** How the fake answers the next refund call. */
export type RefundBehaviour =
  | 'accept' // 200, meta.status 200 + meta.code refund_accepted (the Ruby SDK's live spec)
  | 'accept_status' // 200, meta.status "refund_accepted" (Magento's reading)
  | 'waiting' // 200, meta.status "refund_waiting"
  | 'aborted' // 400, errors[0].code refund_aborted
  | '429'
  | '503'
  /** Makes the refund, then never answers: the client times out. */
  | 'hang';

export interface RefundCallRecord {
  path: string;
  state: string | null;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The refund session the fake made for it, if it made one. */
  refundSessionId: string | null;
}

export interface RefundFake {
  url: string;
  appId: string;
  publicKey: KeyObject;
  env: Record<string, string>;
  /** Every refund call that passed the strict checks, oldest first. */
  refundCalls: RefundCallRecord[];
  /** Calls refused by the strict checks, with the reason. */
  refusals: string[];
  /** The answers of the next refund calls, in turn (then 'accept'). */
  answerRefundsWith(...behaviours: RefundBehaviour[]): void;
  /** The session ids GET /pis/v2/payments/{id} was asked about, oldest first. */
  paymentReads: string[];
  /** What GET /pis/v2/payments/{id} reports for a session (a refund session, for reconciliation). */
  payments: Map<string, { status: string; amount: string }>;
  close(): Promise<void>;
}

const SESSION_ID = /^[0-9a-f]{32}$/;
const AMOUNT = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/;

/**
 * A strict stand-in for Fintecture's refund call on loopback: the bearer token, the JSON content
 * type, the Digest over the bytes received and the HTTP signature (request-target with its query)
 * must all check out, and the body must be exactly meta.session_id + data.attributes.amount
 * (+ communication), or the call is refused as Fintecture would. It answers as told.
 */
export async function startRefundFake(): Promise<RefundFake> {
  const refundCalls: RefundCallRecord[] = [];
  const refusals: string[] = [];
  const queue: RefundBehaviour[] = [];
  const payments = new Map<string, { status: string; amount: string }>();
  const paymentReads: string[] = [];

  const server = await startStrictFintectureServer({
    appId: '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5',
    appSecret: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
    token: 'refund-fake-access-token',
    route: (call) => {
      const { req, path, bytes, answer } = call;
      const refusal = call.refusal();
      if (refusal) {
        refusals.push(refusal);
        return answer(401, { status: '401', code: 'unauthorized', errors: [{ code: 'unauthorized', title: refusal }] });
      }
      const [route, query] = path.split('?');
      if (req.method === 'GET' && route.startsWith('/pis/v2/payments/')) {
        const id = route.slice('/pis/v2/payments/'.length);
        paymentReads.push(id);
        const known = payments.get(id);
        if (!known) return answer(404, { status: '404', code: 'not_found', errors: [{ code: 'not_found', title: 'Not Found' }] });
        return answer(200, {
          meta: { session_id: id, status: known.status, code: 200, type: 'Refund' },
          data: { id, attributes: { amount: known.amount } },
        });
      }
      if (req.method !== 'POST' || route !== '/pis/v2/refund')
        return answer(404, { status: '404', code: 'not_found', errors: [{ code: 'not_found' }] });
      const problem = refundBodyProblem(bytes.toString('utf8'));
      if (problem) {
        refusals.push(problem);
        return answer(400, { status: '400', code: 'bad_request', errors: [{ code: 'invalid_field', title: 'Invalid Field', message: problem }] });
      }
      serveRefund(call, new URLSearchParams(query ?? '').get('state'));
    },
  });

  function serveRefund({ req, res, path, bytes, answer }: StrictCall, state: string | null): void {
    const behaviour = queue.shift() ?? 'accept';
    const makes = behaviour === 'accept' || behaviour === 'accept_status' || behaviour === 'waiting' || behaviour === 'hang';
    const refundSessionId = makes ? randomBytes(16).toString('hex') : null;
    const amount = (JSON.parse(bytes.toString('utf8')) as { data: { attributes: { amount: string } } }).data.attributes.amount;
    if (refundSessionId) payments.set(refundSessionId, { status: behaviour === 'waiting' ? 'refund_waiting' : 'refund_accepted', amount });
    refundCalls.push({ path, state, headers: req.headers, body: bytes.toString('utf8'), refundSessionId });
    switch (behaviour) {
      case 'accept':
        return answer(200, { meta: { session_id: refundSessionId, status: 200, code: 'refund_accepted' } });
      case 'accept_status':
        return answer(200, { meta: { session_id: refundSessionId, status: 'refund_accepted' } });
      case 'waiting':
        return answer(200, { meta: { session_id: refundSessionId, status: 'refund_waiting' } });
      case 'aborted':
        return answer(400, {
          status: '400',
          code: 'bad_request',
          errors: [{ code: 'refund_aborted', title: 'Refund Aborted', message: 'refund aborted', status: 400 }],
        });
      case '429':
        res.setHeader('Retry-After', '1');
        return answer(429, { status: '429', code: 'too_many_requests', errors: [{ code: 'too_many_requests' }] });
      case '503':
        return answer(503, { status: '503', code: 'service_unavailable', errors: [{ code: 'service_unavailable' }] });
      case 'hang':
        return;
    }
  }

  return {
    url: server.url,
    appId: server.appId,
    publicKey: server.publicKey,
    refundCalls,
    refusals,
    payments,
    paymentReads,
    answerRefundsWith: (...behaviours) => void queue.push(...behaviours),
    env: { FINTECTURE_ENV: 'sandbox', ...server.env },
    close: server.close,
  };
}

/** Exactly fintecture-api.md §4.4's body: anything else is refused by name. */
function refundBodyProblem(text: string): string | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'the body is not JSON';
  }
  const record = (value: unknown) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  const root = record(body);
  const meta = record(root?.meta);
  const attributes = record(record(root?.data)?.attributes);
  if (!root || !meta || !attributes) return 'meta and data.attributes are required';
  const extra = [
    ...Object.keys(root).filter((k) => k !== 'meta' && k !== 'data'),
    ...Object.keys(meta).filter((k) => k !== 'session_id'),
    ...Object.keys(record(root.data) ?? {}).filter((k) => k !== 'attributes'),
    ...Object.keys(attributes).filter((k) => k !== 'amount' && k !== 'communication'),
  ];
  if (extra.length) return `unknown fields: ${extra.join(', ')}`;
  if (typeof meta.session_id !== 'string' || !SESSION_ID.test(meta.session_id)) return 'meta.session_id must be a session id';
  if (typeof attributes.amount !== 'string' || !AMOUNT.test(attributes.amount)) return 'data.attributes.amount must be a decimal string';
  if (attributes.communication !== undefined && (typeof attributes.communication !== 'string' || attributes.communication.length > 140)) {
    return 'data.attributes.communication must be at most 140 characters';
  }
  return null;
}
