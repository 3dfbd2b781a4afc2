import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { UUID_PATTERN } from './ids';
import { ProblemException } from './problem';

/** A position in a listing ordered by (created_at, id): the last row of the previous page. */
export interface CursorPosition {
  createdAt: Date;
  id: string;
}

const TOKEN = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export class InvalidCursorException extends ProblemException {
  constructor(message: string) {
    super(400, 'invalid_cursor', `The cursor is not valid: ${message}. Start again without a cursor.`, {
      errors: [{ field: 'query.cursor', message }],
    });
  }
}

/**
 * The one page-cursor scheme of the service (admin sessions, reconciliation runs): opaque,
 * tamper-evident, base64url(JSON payload) + '.' + base64url(HMAC-SHA256). The payload is the last
 * row's (created_at, id) and the digest of the filters it was issued for. Signing is what lets
 * the service trust the position without re-checking it, and it keeps callers from crafting
 * positions; the filter digest refuses a cursor replayed with other filters. Not encrypted: a
 * cursor reveals a created_at and an id the caller has already seen.
 */
export class CursorCodec {
  private readonly key: Buffer;
  /** Keeps a cursor from ever being accepted by another listing, or as another kind of signed token made with the same secret. */
  private readonly context: string;

  /** Without a secret, a random one: cursors then stop working when the process restarts. */
  constructor(secret: string | Buffer | undefined, scope: string) {
    this.key = secret === undefined ? randomBytes(32) : Buffer.isBuffer(secret) ? secret : Buffer.from(secret, 'utf8');
    this.context = `payments.${scope}.cursor.v1\n`;
  }

  encode(position: CursorPosition, filtersDigest: string): string {
    const payload = Buffer.from(JSON.stringify({ c: position.createdAt.toISOString(), i: position.id, f: filtersDigest }), 'utf8').toString(
      'base64url',
    );
    return `${payload}.${this.sign(payload).toString('base64url')}`;
  }

  /** The position the cursor names, or InvalidCursorException; never any other error. */
  decode(token: string, filtersDigest: string): CursorPosition {
    const match = TOKEN.exec(token);
    if (!match) throw new InvalidCursorException('malformed');
    const [, payload, signature] = match;
    // Compared as text, not decoded bytes: base64url decoding ignores the last character's spare
    // bits, and an altered cursor must never verify, even to the same bytes.
    const presented = Buffer.from(signature, 'ascii');
    const expected = Buffer.from(this.sign(payload).toString('base64url'), 'ascii');
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      throw new InvalidCursorException('signature mismatch (altered, or issued by another instance or before a restart)');
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw new InvalidCursorException('malformed');
    }
    const { c, i, f } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    // Signed by us, so this only fails if the format changed under a live cursor; still never a 500.
    if (typeof c !== 'string' || !ISO_MS.test(c) || Number.isNaN(Date.parse(c)) || typeof i !== 'string' || !UUID_PATTERN.test(i)) {
      throw new InvalidCursorException('malformed');
    }
    if (f !== filtersDigest) throw new InvalidCursorException('it was issued for different filters');
    return { createdAt: new Date(c), id: i };
  }

  private sign(payload: string): Buffer {
    return createHmac('sha256', this.key).update(this.context).update(payload).digest();
  }
}
