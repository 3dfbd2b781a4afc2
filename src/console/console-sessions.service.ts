import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { ApiKeyGuard, BrowserSessionAuth, Caller } from '../common/api-key.guard';
import { ProblemException } from '../common/problem';
import { AppConfig } from '../config/configuration';
import { cookieValues, serializeCookie } from './cookie-header';
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
  TokenReading,
} from './console-session-token';

const RENEW_AFTER_MS = 60_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

/** Derives the console's signing key from CURSOR_SECRET when set, so that instances sharing it share sessions too. */
export function consoleSecret(cursorSecret: string | undefined): Buffer {
  return cursorSecret ? createHmac('sha256', cursorSecret).update('admin-console-session').digest() : randomBytes(32);
}

export interface ActiveSession {
  claims: ConsoleSessionClaims;
  csrfToken: string;
  expiresAt: Date;
}

export type SessionState =
  { state: 'none' } | { state: 'ended'; reason: 'expired' | 'signed_out' | 'invalid' } | ({ state: 'active' } & ActiveSession);

/**
 * The console's login: an admin key typed once into a form becomes a signed, HttpOnly,
 * SameSite=Strict cookie that stands for that key until 30 minutes of inactivity (or 12 hours in
 * all). Stateless apart from logouts, which are remembered by this process until the sessions
 * they ended would have expired anyway.
 */
@Injectable()
export class ConsoleSessionsService extends BrowserSessionAuth {
  readonly cookieName: string;
  private readonly secure: boolean;
  private readonly secret: Buffer;
  private readonly keys: ApiKeyGuard;
  /** kid → digest of that admin key. */
  private readonly bindings = new Map<string, Buffer>();
  /** Logged-out session ids → when they would have ended on their own. */
  private readonly revoked = new Map<string, number>();
  /** Replaceable in tests. */
  now: () => number = () => Date.now();

  constructor(config: ConfigService<AppConfig, true>, reflector: Reflector) {
    super();
    const production = config.get('production', { infer: true });
    this.secure = production;
    // The __Host- prefix makes the browser refuse the cookie unless Secure, Path=/ and host-only.
    this.cookieName = production ? '__Host-admin_session' : 'admin_session';
    this.secret = consoleSecret(config.get('cursorSecret', { infer: true }));
    this.keys = new ApiKeyGuard(reflector, config);
    for (const key of config.get('auth', { infer: true }).adminKeys) {
      const digest = digestOf(key.secret);
      this.bindings.set(keyIdFor(this.secret, digest), digest);
    }
  }

  /** Wrong key: 401; a merchant key: 403 (it never opens the console). */
  login(key: string, res: Response): ActiveSession {
    const caller = this.keys.identify(`Bearer ${key}`);
    if (!caller) throw new ProblemException(401, 'unauthorized', 'This is not a valid admin key.');
    if (caller.role !== 'admin') throw new ProblemException(403, 'forbidden', 'A merchant key cannot open the admin console; use an admin key.');
    const now = this.now();
    const claims: ConsoleSessionClaims = {
      sid: randomBytes(18).toString('base64url'),
      label: caller.label,
      kid: keyIdFor(this.secret, digestOf(key)),
      iat: now,
      seen: now,
    };
    this.setCookie(res, claims);
    return this.active(claims);
  }

  /** What GET /admin/session reports; renews a live session like any other request. */
  inspect(req: Request, res: Response): SessionState {
    const readings = cookieValues(req.headers.cookie, this.cookieName).map((token) => this.read(token));
    if (!readings.length) return { state: 'none' };
    const valid = readings.find((r) => r.valid);
    if (valid?.valid) {
      if (this.revoked.has(valid.claims.sid)) return { state: 'ended', reason: 'signed_out' };
      return { state: 'active', ...this.active(this.renew(valid.claims, res)) };
    }
    return { state: 'ended', reason: readings.some((r) => !r.valid && r.reason === 'expired') ? 'expired' : 'invalid' };
  }

  authenticate(req: Request, res: Response): Caller | null {
    const session = this.inspect(req, res);
    if (session.state !== 'active') return null;
    if (!SAFE_METHODS.has(req.method) && !sameToken(req.headers[CSRF_HEADER], session.csrfToken)) {
      throw new ProblemException(
        403,
        'csrf_failed',
        'This action needs the console session\u2019s X-CSRF-Token header; reload the page and try again.',
      );
    }
    return { role: 'admin', label: session.claims.label };
  }

  /** Ends the session for good (in this process) and deletes the cookie. */
  logout(session: ActiveSession, res: Response): void {
    const now = this.now();
    for (const [sid, until] of this.revoked) if (until < now) this.revoked.delete(sid);
    this.revoked.set(session.claims.sid, session.claims.iat + SESSION_LIMITS.absoluteMs);
    this.clearCookie(res);
  }

  clearCookie(res: Response): void {
    res.append('Set-Cookie', serializeCookie(this.cookieName, '', { maxAgeSeconds: 0, secure: this.secure }));
  }

  private read(token: string): TokenReading {
    return readSessionToken(token, this.secret, (kid) => this.bindings.get(kid) ?? null, SESSION_LIMITS, this.now());
  }

  private renew(claims: ConsoleSessionClaims, res: Response): ConsoleSessionClaims {
    const now = this.now();
    if (!shouldRenew(claims, now, RENEW_AFTER_MS)) return claims;
    const renewed = { ...claims, seen: now };
    this.setCookie(res, renewed);
    return renewed;
  }

  private setCookie(res: Response, claims: ConsoleSessionClaims): void {
    const token = signSessionToken(claims, this.secret, this.bindings.get(claims.kid) ?? Buffer.alloc(0));
    const maxAgeSeconds = (sessionExpiry(claims, SESSION_LIMITS) - this.now()) / 1000;
    res.append('Set-Cookie', serializeCookie(this.cookieName, token, { maxAgeSeconds, secure: this.secure }));
  }

  private active(claims: ConsoleSessionClaims): ActiveSession {
    return { claims, csrfToken: csrfTokenFor(this.secret, claims.sid), expiresAt: new Date(sessionExpiry(claims, SESSION_LIMITS)) };
  }
}

function digestOf(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
