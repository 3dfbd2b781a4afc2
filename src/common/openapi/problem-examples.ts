import { problemBody } from '../problem';

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 502 | 503 | 504;

const EXAMPLE_REQUEST_ID = '8f14e45f-ceea-467f-a0e6-4bd5a7a1c2de';

/** What each code means when it is the answer; the route's own description says when it happens. */
const CODES: Record<string, { status: ProblemStatus; detail: string; extra?: Record<string, unknown> }> = {
  validation_failed: {
    status: 400,
    detail: 'The request is not valid; see errors.',
    extra: { errors: [{ field: 'data.attributes.amount', message: 'amount must be a decimal string with at most two decimals, e.g. "42.50"' }] },
  },
  invalid_cursor: {
    status: 400,
    detail: 'The cursor is not valid: it was given for other filters. Start again without a cursor.',
    extra: { errors: [{ field: 'query.cursor', message: 'it was given for other filters' }] },
  },
  malformed_body: { status: 400, detail: 'The body is not valid JSON (or not a valid form).' },
  unauthorized: { status: 401, detail: 'A valid API key is required: Authorization: Bearer <key>.' },
  invalid_signature: { status: 401, detail: 'The webhook signature, digest or date did not verify.' },
  forbidden: { status: 403, detail: 'This route needs an admin key.' },
  not_found: { status: 404, detail: 'No payment session 0b6f6c1e-3f3a-4c43-9d35-1d6a0e0f6b7a.' },
  idempotency_conflict: { status: 409, detail: 'This Idempotency-Key was used with a different request.' },
  idempotency_in_progress: { status: 409, detail: 'A request with this Idempotency-Key is still in progress; retry later.' },
  invalid_state: { status: 409, detail: 'A session that is paid cannot be cancelled.' },
  endpoint_deleted: { status: 409, detail: 'The endpoint of this delivery was deleted.' },
  refund_exceeds_balance: { status: 409, detail: 'At most 12.50 EUR can still be refunded.' },
  too_many_endpoints: { status: 409, detail: 'A merchant may register at most 16 notification endpoints.' },
  payload_too_large: { status: 413, detail: 'The body is larger than this service accepts.' },
  unsupported_media_type: { status: 415, detail: 'The body encoding or charset is not supported.' },
  upstream_rejected: {
    status: 422,
    detail: 'Fintecture refused to create the payment session: invalid_parameter',
    extra: {
      upstream: {
        http_status: 400,
        code: 'invalid_parameter',
        log_id: 'a1b2c3d4',
        errors: [{ code: 'invalid_parameter', title: 'Invalid parameter' }],
      },
    },
  },
  refund_aborted: { status: 422, detail: 'Fintecture refused the refund: refund_aborted' },
  rate_limited: { status: 429, detail: 'Too many requests: this client may send 600 per 60 s. Retry after 12 s.', extra: { retry_after: 12 } },
  upstream_unavailable: {
    status: 502,
    detail: 'Fintecture failed to create the payment session: 503 Service Unavailable',
    extra: { upstream: { http_status: 503, code: null, log_id: null, errors: [] } },
  },
  service_unavailable: { status: 503, detail: 'The database could not be reached; nothing was done. Retry later.' },
  upstream_timeout: {
    status: 504,
    detail: 'Fintecture did not answer in time to create the payment session.',
    extra: { upstream: { http_status: null, code: null, log_id: null, errors: [] } },
  },
};

/** The code a status most often carries, when a route does not name its own. */
export const DEFAULT_CODES: Record<ProblemStatus, string> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'invalid_state',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'upstream_rejected',
  429: 'rate_limited',
  502: 'upstream_unavailable',
  503: 'service_unavailable',
  504: 'upstream_timeout',
};

export const DEFAULT_DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: 'The request is invalid: every wrong field is named in errors.',
  401: 'Missing or unknown API key.',
  403: 'The key is not allowed on this route.',
  404: 'No such resource.',
  409: 'The resource is not in a state that allows this.',
  413: 'The body is larger than the service accepts.',
  415: 'The body has a content type or charset the route does not take.',
  422: 'Fintecture refused the request (its errors in upstream).',
  429: 'Over the rate limit of this client; Retry-After says when to try again.',
  502: 'Fintecture failed.',
  503: 'A transient fault (database unreachable, shutting down): nothing was done; retry after Retry-After.',
  504: 'Fintecture did not answer in time.',
};

/** A problem body as the service writes it for `code`. */
export function problemExample(code: string): Record<string, unknown> {
  const known = CODES[code];
  if (!known) throw new Error(`no OpenAPI example for problem code ${code}`);
  return problemBody(known.status, code, known.detail, EXAMPLE_REQUEST_ID, known.extra);
}

/** The status a known code is answered with. */
export function statusOfCode(code: string): ProblemStatus | undefined {
  return CODES[code]?.status;
}
