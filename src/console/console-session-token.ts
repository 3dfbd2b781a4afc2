import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a console session cookie says, signed. Times are milliseconds since the epoch. */
export interface ConsoleSessionClaims {
  /** Random per login: what logout revokes and what the CSRF token is derived from. */
  sid: string;
  /** The admin key's label (never the key), for logs and the page. */
  label: string;
  /** Which admin key logged in: a keyed hash of it, since labels need not be unique. */
  kid: string;
  /** When the admin logged in. */
  iat: number;
  /** The last request that renewed the cookie. */
  seen: number;
}

export interface SessionLimits {
  /** Inactivity after which the session is over. */
  idleMs: number;
  /** Longest life of one login, however active: a stolen cookie cannot be kept alive forever. */
  absoluteMs: number;
}

/** The console's limits: 30 minutes idle, 12 hours in all. */
export const SESSION_LIMITS: SessionLimits = { idleMs: 30 * 60_000, absoluteMs: 12 * 60 * 60_000 };

export type TokenReading =
  | { valid: true; claims: ConsoleSessionClaims }
  | { valid: false; reason: 'malformed' | 'unknown_key' | 'bad_signature' | 'expired'; claims?: ConsoleSessionClaims };

const VERSION = 'v1';
const MAX_TOKEN_LENGTH = 1024;
/** Clocks of instances sharing a secret may differ a little; more than this is a forged time. */
const CLOCK_SKEW_MS = 60_000;
const SID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
const KID_PATTERN = /^[a-f0-9]{16,64}$/;

function mac(secret: Buffer, payload: string, keyBinding: Buffer): Buffer {
  return createHmac('sha256', secret).update(`console-session.${VERSION}|${payload}|`).update(keyBinding).digest();
}

/**
 * `v1.<claims as base64url JSON>.<HMAC>`. The MAC also covers `keyBinding` (the digest of the admin
 * key that logged in), so replacing or removing that key ends its sessions without a session store.
 */
export function signSessionToken(claims: ConsoleSessionClaims, secret: Buffer, keyBinding: Buffer): string {
  const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  return `${VERSION}.${payload}.${mac(secret, payload, keyBinding).toString('base64url')}`;
}

/**
 * Verifies a token: shape, the key it is bound to (`bindingFor(kid)`, null when that admin key is
 * no longer configured), the MAC in constant time, then the idle and absolute limits. The claims are
 * only trusted once the MAC matched.
 */
export function readSessionToken(
  token: string,
  secret: Buffer,
  bindingFor: (kid: string) => Buffer | null,
  limits: SessionLimits,
  now: number,
): TokenReading {
  if (token.length > MAX_TOKEN_LENGTH) return { valid: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return { valid: false, reason: 'malformed' };
  const [, payload, signature] = parts;
  const claims = parseClaims(payload);
  if (!claims) return { valid: false, reason: 'malformed' };
  const binding = bindingFor(claims.kid);
  if (!binding) return { valid: false, reason: 'unknown_key' };
  const expected = mac(secret, payload, binding);
  const presented = Buffer.from(signature, 'base64url');
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return { valid: false, reason: 'bad_signature' };
  if (claims.iat > now + CLOCK_SKEW_MS || claims.seen > now + CLOCK_SKEW_MS || claims.seen < claims.iat) {
    return { valid: false, reason: 'malformed' };
  }
  if (now - claims.seen > limits.idleMs || now - claims.iat > limits.absoluteMs) return { valid: false, reason: 'expired', claims };
  return { valid: true, claims };
}

function parseClaims(payload: string): ConsoleSessionClaims | null {
  if (!/^[A-Za-z0-9_-]+$/.test(payload)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { sid, label, kid, iat, seen } = value as Record<string, unknown>;
  if (typeof sid !== 'string' || !SID_PATTERN.test(sid) || typeof kid !== 'string' || !KID_PATTERN.test(kid)) return null;
  if (typeof label !== 'string' || label.length === 0 || label.length > 128) return null;
  if (!Number.isSafeInteger(iat) || !Number.isSafeInteger(seen)) return null;
  return { sid, label, kid, iat: iat as number, seen: seen as number };
}

/** Renewing on every request would send a Set-Cookie with each answer; once a minute is enough for a 30-minute window. */
export function shouldRenew(claims: ConsoleSessionClaims, now: number, renewAfterMs: number): boolean {
  return now - claims.seen >= renewAfterMs;
}

/** When the session ends if nothing else happens: the idle limit, capped by the absolute one. */
export function sessionExpiry(claims: ConsoleSessionClaims, limits: SessionLimits): number {
  return Math.min(claims.seen + limits.idleMs, claims.iat + limits.absoluteMs);
}

/**
 * The per-session CSRF token: derived from the session id, so it needs no storage, changes at every
 * login, and cannot be computed by a page that can only make the browser send the cookie.
 */
export function csrfTokenFor(secret: Buffer, sid: string): string {
  return createHmac('sha256', secret).update(`console-csrf.${VERSION}|${sid}`).digest('base64url');
}

/** A key's id in the cookie: keyed, so the cookie says nothing about the key itself. */
export function keyIdFor(secret: Buffer, keyDigest: Buffer): string {
  return createHmac('sha256', secret).update('console-key|').update(keyDigest).digest('hex').slice(0, 32);
}

/** Constant-time comparison of a presented CSRF token with the expected one. */
export function sameToken(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
