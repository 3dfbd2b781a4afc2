import { createHash } from 'node:crypto';
import {
  ConsoleSessionClaims,
  csrfTokenFor,
  keyIdFor,
  readSessionToken,
  sameToken,
  SESSION_LIMITS,
  sessionExpiry,
  shouldRenew,
  signSessionToken,
} from './console-session-token';

const secret = Buffer.alloc(32, 7);
const otherSecret = Buffer.alloc(32, 8);
const keyDigest = createHash('sha256').update('test-admin-key-000001').digest();
const otherKeyDigest = createHash('sha256').update('another-admin-key-0001').digest();
const kid = keyIdFor(secret, keyDigest);
const limits = SESSION_LIMITS;
const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);
const claims: ConsoleSessionClaims = { sid: 'c2lkLXNpZC1zaWQtc2lk', label: 'ops', kid, iat: T0, seen: T0 };
const bindings = (kidAsked: string) => (kidAsked === kid ? keyDigest : null);
const token = signSessionToken(claims, secret, keyDigest);

function reencode(payload: unknown): string {
  const [version, , mac] = token.split('.');
  return `${version}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${mac}`;
}

describe('console session tokens', () => {
  it('reads back what was signed', () => {
    expect(readSessionToken(token, secret, bindings, limits, T0 + 1000)).toEqual({ valid: true, claims });
  });

  it.each([
    ['another secret', () => readSessionToken(token, otherSecret, bindings, limits, T0), 'bad_signature'],
    ['a key that is no longer configured', () => readSessionToken(token, secret, () => null, limits, T0), 'unknown_key'],
    ['another key under the same kid', () => readSessionToken(token, secret, () => otherKeyDigest, limits, T0), 'bad_signature'],
    ['a changed label', () => readSessionToken(reencode({ ...claims, label: 'root' }), secret, bindings, limits, T0), 'bad_signature'],
    [
      'a renewed time written by the client',
      () => readSessionToken(reencode({ ...claims, seen: T0 + 60_000 }), secret, bindings, limits, T0 + 60_000),
      'bad_signature',
    ],
    ['a truncated MAC', () => readSessionToken(token.slice(0, -4), secret, bindings, limits, T0), 'bad_signature'],
    ['an empty string', () => readSessionToken('', secret, bindings, limits, T0), 'malformed'],
    ['another version', () => readSessionToken(token.replace(/^v1\./, 'v2.'), secret, bindings, limits, T0), 'malformed'],
    ['four parts', () => readSessionToken(`${token}.x`, secret, bindings, limits, T0), 'malformed'],
    ['a payload that is not JSON', () => readSessionToken('v1.bm90IGpzb24.AAAA', secret, bindings, limits, T0), 'malformed'],
    [
      'a payload without kid',
      () => readSessionToken(reencode({ sid: claims.sid, label: 'ops', iat: T0, seen: T0 }), secret, bindings, limits, T0),
      'malformed',
    ],
    ['a huge token', () => readSessionToken(`v1.${'A'.repeat(2000)}.AAAA`, secret, bindings, limits, T0), 'malformed'],
  ])('refuses %s', (_name, read, reason) => {
    expect(read()).toMatchObject({ valid: false, reason });
  });

  it.each([
    ['29 minutes idle', T0 + 29 * 60_000, true],
    ['exactly 30 minutes idle', T0 + 30 * 60_000, true],
    ['30 minutes and 1 ms idle', T0 + 30 * 60_000 + 1, false],
    ['a day later', T0 + 86_400_000, false],
  ])('idle expiry: %s', (_name, now, valid) => {
    expect(readSessionToken(token, secret, bindings, limits, now).valid).toBe(valid);
  });

  it('expires after 12 hours however active, and says it expired', () => {
    const active = { ...claims, seen: T0 + 12 * 3_600_000 - 1000 };
    const renewed = signSessionToken(active, secret, keyDigest);
    expect(readSessionToken(renewed, secret, bindings, limits, T0 + 12 * 3_600_000).valid).toBe(true);
    expect(readSessionToken(renewed, secret, bindings, limits, T0 + 12 * 3_600_000 + 1)).toMatchObject({ valid: false, reason: 'expired' });
  });

  it('refuses times from the future and a last activity before the login', () => {
    const future = signSessionToken({ ...claims, iat: T0 + 3_600_000, seen: T0 + 3_600_000 }, secret, keyDigest);
    expect(readSessionToken(future, secret, bindings, limits, T0)).toMatchObject({ valid: false, reason: 'malformed' });
    const backwards = signSessionToken({ ...claims, seen: T0 - 1 }, secret, keyDigest);
    expect(readSessionToken(backwards, secret, bindings, limits, T0)).toMatchObject({ valid: false, reason: 'malformed' });
  });

  it.each([
    [0, false],
    [59_999, false],
    [60_000, true],
    [600_000, true],
  ])('renews the cookie %i ms after the last renewal: %s', (elapsed, renew) => {
    expect(shouldRenew(claims, T0 + elapsed, 60_000)).toBe(renew);
  });

  it.each([
    ['idle limit first', { ...claims }, T0 + 30 * 60_000],
    ['absolute limit first', { ...claims, seen: T0 + 12 * 3_600_000 - 60_000 }, T0 + 12 * 3_600_000],
  ])('expiry: %s', (_name, c, expected) => {
    expect(sessionExpiry(c, limits)).toBe(expected);
  });

  it('derives a CSRF token per session and secret', () => {
    const a = csrfTokenFor(secret, claims.sid);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfTokenFor(secret, claims.sid)).toBe(a);
    expect(csrfTokenFor(secret, 'another-session-id-0')).not.toBe(a);
    expect(csrfTokenFor(otherSecret, claims.sid)).not.toBe(a);
  });

  it.each([
    ['the token', 'abc', true],
    ['another token', 'abd', false],
    ['a prefix', 'ab', false],
    ['no header', undefined, false],
    ['a repeated header', ['abc', 'abc'], false],
  ])('compares CSRF tokens: %s', (_name, presented, same) => {
    expect(sameToken(presented, 'abc')).toBe(same);
  });

  it('gives keys ids that do not repeat across keys or secrets', () => {
    expect(kid).toMatch(/^[a-f0-9]{32}$/);
    expect(keyIdFor(secret, otherKeyDigest)).not.toBe(kid);
    expect(keyIdFor(otherSecret, keyDigest)).not.toBe(kid);
  });
});
