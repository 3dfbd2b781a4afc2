import { constants, createHash, createSign, createVerify, KeyObject, privateDecrypt, publicEncrypt, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * Fintecture's HTTP signatures (draft-cavage), in one place. Outbound calls are signed with
 * RSASSA-PKCS1-v1_5/SHA-256; webhooks carry the signing string *encrypted* with the app's
 * public key (RSA-OAEP/SHA-1). The signer, the verifiers and the emulator all use this file.
 */

export type HeaderBag = Record<string, string | string[] | undefined>;

export type VerificationResult<T = object> = ({ ok: true } & T) | { ok: false; reason: VerificationFailure };

export type VerificationFailure =
  | 'missing_headers'
  | 'digest_mismatch'
  | 'malformed_signature'
  | 'key_id_mismatch'
  | 'unsupported_algorithm'
  | 'headers_mismatch'
  | 'signature_invalid'
  | 'undecryptable_signature'
  | 'date_invalid'
  | 'date_out_of_window';

export function computeDigest(body: string | Buffer): string {
  return 'SHA-256=' + createHash('sha256').update(body).digest('base64');
}

/** A `Date` header value as Fintecture's SDKs write it (RFC 7231 IMF-fixdate). */
export function httpDate(at: Date = new Date()): string {
  return at.toUTCString();
}

export function buildSigningString(names: readonly string[], values: Record<string, string>): string {
  // LF-joined, no trailing newline: a trailing one changes the signature.
  return names.map((name) => `${name}: ${values[name]}`).join('\n');
}

export function formatSignatureHeader(keyId: string, names: readonly string[], signature: string): string {
  return `keyId="${keyId}",algorithm="rsa-sha256",headers="${names.join(' ')}",signature="${signature}"`;
}

export interface ParsedSignatureHeader {
  keyId: string;
  algorithm: string;
  headers: string[];
  signature: string;
}

/**
 * Reads `k="v"` pairs wherever they stand; the SDKs that split on commas and take the n-th
 * item break as soon as the order or spacing changes.
 */
export function parseSignatureHeader(value: string | undefined): ParsedSignatureHeader | null {
  if (!value || value.length > 8192) return null;
  const fields = new Map<string, string>();
  for (const match of value.matchAll(/(\w+)="([^"]*)"/g)) {
    if (fields.has(match[1])) return null;
    fields.set(match[1], match[2]);
  }
  const keyId = fields.get('keyId');
  const algorithm = fields.get('algorithm');
  const headers = fields.get('headers');
  const signature = fields.get('signature');
  if (!keyId || !algorithm || !headers || !signature) return null;
  return { keyId, algorithm, headers: headers.split(' ').filter(Boolean), signature };
}

export interface SignRequestInput {
  method: string;
  /** Path and query exactly as they go on the wire, percent-encoding included. */
  pathWithQuery: string;
  /** The exact body that will be sent; undefined for requests without a body. */
  body?: string | Buffer;
  appId: string;
  privateKey: KeyObject;
  date?: string;
  requestId?: string;
}

export interface SignedRequest {
  headers: { Date: string; 'X-Request-ID': string; Digest?: string; Signature: string };
  signingString: string;
  digest?: string;
  requestId: string;
}

export function signRequest(input: SignRequestInput): SignedRequest {
  const date = input.date ?? httpDate();
  const requestId = input.requestId ?? randomUUID();
  const digest = input.body !== undefined ? computeDigest(input.body) : undefined;
  const names = ['(request-target)', 'date', ...(digest ? ['digest'] : []), 'x-request-id'];
  const values: Record<string, string> = {
    '(request-target)': requestTarget(input.method, input.pathWithQuery),
    date,
    'x-request-id': requestId,
  };
  if (digest) values.digest = digest;
  const signingString = buildSigningString(names, values);
  const signature = createSign('RSA-SHA256').update(signingString, 'utf8').sign(input.privateKey, 'base64');
  const headers: SignedRequest['headers'] = {
    Date: date,
    'X-Request-ID': requestId,
    Signature: formatSignatureHeader(input.appId, names, signature),
  };
  if (digest) headers.Digest = digest;
  return { headers, signingString, digest, requestId };
}

export function requestTarget(method: string, pathWithQuery: string): string {
  return `${method.toLowerCase()} ${pathWithQuery}`;
}

export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
  return value;
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // Compare equal-length buffers so the comparison time does not depend on where they differ.
  const same = timingSafeEqual(createHash('sha256').update(left).digest(), createHash('sha256').update(right).digest());
  return same && left.length === right.length;
}

function digestMatches(headers: HeaderBag, rawBody: Buffer | undefined): boolean {
  const received = headerValue(headers, 'digest');
  if (received === undefined) return false;
  return safeEqual(received.replace(/\\/g, ''), computeDigest(rawBody ?? Buffer.alloc(0)));
}

export interface VerifyRequestInput {
  method: string;
  pathWithQuery: string;
  /** Lower-case header names, as Node gives them. */
  headers: HeaderBag;
  rawBody?: Buffer;
  appId: string;
  publicKey: KeyObject;
  /** Refuse a signed Date further than this from now (a replayed call); omit to skip (vectors are old). */
  toleranceSeconds?: number;
  now?: Date;
}

/** The strict check Fintecture makes of a signed API call; used by the emulator. */
export function verifyRequestSignature(input: VerifyRequestInput): VerificationResult<{ requestId: string }> {
  const parsed = parseSignatureHeader(headerValue(input.headers, 'signature'));
  if (!parsed) return { ok: false, reason: 'malformed_signature' };
  if (!safeEqual(parsed.keyId, input.appId)) return { ok: false, reason: 'key_id_mismatch' };
  if (parsed.algorithm !== 'rsa-sha256') return { ok: false, reason: 'unsupported_algorithm' };
  // A body must be covered by a digest; an empty one may be (the SDKs add it whenever a body is given).
  const hasBody = (input.rawBody !== undefined && input.rawBody.length > 0) || parsed.headers.includes('digest');
  const expected = ['(request-target)', 'date', ...(hasBody ? ['digest'] : []), 'x-request-id'];
  if (parsed.headers.join(' ') !== expected.join(' ')) return { ok: false, reason: 'headers_mismatch' };
  const date = headerValue(input.headers, 'date');
  const requestId = headerValue(input.headers, 'x-request-id');
  if (!date || !requestId) return { ok: false, reason: 'missing_headers' };
  if (hasBody && !digestMatches(input.headers, input.rawBody)) return { ok: false, reason: 'digest_mismatch' };
  if (input.toleranceSeconds !== undefined) {
    const signedAt = new Date(date).getTime();
    if (Number.isNaN(signedAt)) return { ok: false, reason: 'date_invalid' };
    if (Math.abs((input.now ?? new Date()).getTime() - signedAt) > input.toleranceSeconds * 1000) {
      return { ok: false, reason: 'date_out_of_window' };
    }
  }
  const values: Record<string, string> = {
    '(request-target)': requestTarget(input.method, input.pathWithQuery),
    date,
    'x-request-id': requestId,
  };
  if (hasBody) values.digest = headerValue(input.headers, 'digest') as string;
  const verified = createVerify('RSA-SHA256')
    .update(buildSigningString(expected, values), 'utf8')
    .verify(input.publicKey, Buffer.from(parsed.signature, 'base64'));
  return verified ? { ok: true, requestId } : { ok: false, reason: 'signature_invalid' };
}

const WEBHOOK_SIGNED_HEADERS = ['date', 'digest', 'x-request-id'] as const;

export interface BuildWebhookInput {
  body: string | Buffer;
  appId: string;
  publicKey: KeyObject;
  date?: string;
  requestId?: string;
}

/** Headers Fintecture puts on a webhook: the signing string encrypted for the app (OAEP/SHA-1). */
export function buildWebhookHeaders(input: BuildWebhookInput): {
  Date: string;
  Digest: string;
  'X-Request-ID': string;
  Signature: string;
} {
  const date = input.date ?? httpDate();
  const requestId = input.requestId ?? randomUUID();
  const digest = computeDigest(input.body);
  const plaintext = buildSigningString(WEBHOOK_SIGNED_HEADERS, { date, digest, 'x-request-id': requestId });
  const ciphertext = publicEncrypt(
    { key: input.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    Buffer.from(plaintext, 'utf8'),
  ).toString('base64');
  return {
    Date: date,
    Digest: digest,
    'X-Request-ID': requestId,
    Signature: formatSignatureHeader(input.appId, WEBHOOK_SIGNED_HEADERS, ciphertext),
  };
}

export interface VerifyWebhookInput {
  headers: HeaderBag;
  rawBody: Buffer;
  appId: string;
  privateKey: KeyObject;
  /** Freshness window on the signed Date, both ways; omit to skip the check (vectors are old). */
  toleranceSeconds?: number;
  now?: Date;
}

/** fintecture-api.md §6.3, on the raw bytes, every comparison constant-time. */
export function verifyWebhookSignature(input: VerifyWebhookInput): VerificationResult<{ requestId: string; date: Date }> {
  const date = headerValue(input.headers, 'date');
  const requestId = headerValue(input.headers, 'x-request-id');
  const digestHeader = headerValue(input.headers, 'digest');
  if (!date || !requestId || !digestHeader) return { ok: false, reason: 'missing_headers' };
  if (!digestMatches(input.headers, input.rawBody)) return { ok: false, reason: 'digest_mismatch' };
  const parsed = parseSignatureHeader(headerValue(input.headers, 'signature'));
  if (!parsed) return { ok: false, reason: 'malformed_signature' };
  if (!safeEqual(parsed.keyId, input.appId)) return { ok: false, reason: 'key_id_mismatch' };
  const names = parsed.headers.map((name) => name.toLowerCase());
  if (!names.includes('digest') || !names.includes('date') || !names.includes('x-request-id')) {
    return { ok: false, reason: 'headers_mismatch' };
  }
  let decrypted: string;
  try {
    decrypted = privateDecrypt(
      { key: input.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(parsed.signature, 'base64'),
    ).toString('utf8');
  } catch {
    return { ok: false, reason: 'undecryptable_signature' };
  }
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = headerValue(input.headers, name);
    if (value === undefined) return { ok: false, reason: 'missing_headers' };
    values[name] = value;
  }
  const expected = buildSigningString(names, values);
  // PHP's own test signs with a trailing newline; accept exactly one.
  const received = decrypted.endsWith('\n') ? decrypted.slice(0, -1) : decrypted;
  if (!safeEqual(received, expected)) return { ok: false, reason: 'signature_invalid' };
  const signedAt = new Date(date);
  if (Number.isNaN(signedAt.getTime())) return { ok: false, reason: 'date_invalid' };
  if (input.toleranceSeconds !== undefined) {
    const skew = Math.abs((input.now ?? new Date()).getTime() - signedAt.getTime());
    if (skew > input.toleranceSeconds * 1000) return { ok: false, reason: 'date_out_of_window' };
  }
  return { ok: true, requestId, date: signedAt };
}
