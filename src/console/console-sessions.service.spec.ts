import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ProblemException } from '../common/problem';
import { AppConfig } from '../config/configuration';
import { ConsoleSessionsService } from './console-sessions.service';

const ADMIN = 'test-admin-key-000001';
const MERCHANT = 'test-merchant-key-0001';

function service(production = false, adminKeys = [{ label: 'ops', secret: ADMIN }]) {
  const settings: Record<string, unknown> = {
    production,
    cursorSecret: 'c'.repeat(32),
    auth: { merchantKeys: [{ label: 'shop', secret: MERCHANT }], adminKeys, devKeys: false },
  };
  const config = { get: (key: string) => settings[key] } as unknown as ConfigService<AppConfig, true>;
  const sessions = new ConsoleSessionsService(config, new Reflector());
  let now = Date.UTC(2026, 10, 24, 10, 0, 0);
  sessions.now = () => now;
  return { sessions, advance: (ms: number) => (now += ms) };
}

function response() {
  const cookies: string[] = [];
  return { cookies, res: { append: (name: string, value: string) => name === 'Set-Cookie' && cookies.push(value) } as unknown as Response };
}

const request = (cookie: string | undefined, method = 'GET', headers: Record<string, string> = {}) =>
  ({ method, headers: { ...(cookie ? { cookie } : {}), ...headers } }) as unknown as Request;

/** The name=value part of the last Set-Cookie. */
const cookieOf = (cookies: string[]) => cookies[cookies.length - 1].split(';')[0];

function loggedIn(production = false) {
  const s = service(production);
  const { cookies, res } = response();
  const session = s.sessions.login(ADMIN, res);
  return { ...s, session, cookie: cookieOf(cookies), setCookie: cookies[0] };
}

describe('ConsoleSessionsService', () => {
  it('logs an admin key in with an HttpOnly, SameSite=Strict cookie that lasts 30 minutes', () => {
    const { setCookie, session } = loggedIn();
    expect(setCookie).toMatch(/^admin_session=v1\.[\w-]+\.[\w-]+; Path=\/; Max-Age=1800; HttpOnly; SameSite=Strict$/);
    expect(session.claims.label).toBe('ops');
    expect(setCookie).not.toContain(ADMIN);
  });

  it('in production the cookie is Secure and __Host- prefixed', () => {
    const { setCookie } = loggedIn(true);
    expect(setCookie).toMatch(/^__Host-admin_session=.*; Secure$/);
  });

  it.each([
    ['a wrong key', 'not-a-key-at-all-000', 401],
    ['a merchant key', MERCHANT, 403],
    ['an empty key', '', 401],
    ['a key with a space', `${ADMIN} x`, 401],
  ])('refuses %s', (_name, key, status) => {
    const { sessions } = service();
    const { cookies, res } = response();
    let error: unknown;
    try {
      sessions.login(key, res);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProblemException);
    expect((error as ProblemException).getStatus()).toBe(status);
    expect(cookies).toEqual([]);
  });

  it('the cookie stands for the admin on reads, and needs the CSRF token for anything else', () => {
    const { sessions, cookie, session } = loggedIn();
    expect(sessions.authenticate(request(cookie), response().res)).toEqual({ role: 'admin', label: 'ops' });
    expect(() => sessions.authenticate(request(cookie, 'POST'), response().res)).toThrow(ProblemException);
    expect(() => sessions.authenticate(request(cookie, 'DELETE', { 'x-csrf-token': 'forged' }), response().res)).toThrow(ProblemException);
    expect(sessions.authenticate(request(cookie, 'POST', { 'x-csrf-token': session.csrfToken }), response().res)).toEqual({
      role: 'admin',
      label: 'ops',
    });
  });

  it('slides: activity renews the cookie, 30 minutes without any end it', () => {
    const { sessions, cookie, advance } = loggedIn();
    advance(20 * 60_000);
    const renewal = response();
    expect(sessions.authenticate(request(cookie), renewal.res)).not.toBeNull();
    expect(renewal.cookies).toHaveLength(1);
    const renewed = cookieOf(renewal.cookies);
    advance(20 * 60_000);
    expect(sessions.authenticate(request(cookie), response().res)).toBeNull();
    expect(sessions.inspect(request(cookie), response().res)).toEqual({ state: 'ended', reason: 'expired' });
    expect(sessions.authenticate(request(renewed), response().res)).not.toBeNull();
  });

  it('does not send a new cookie with every answer', () => {
    const { sessions, cookie, advance } = loggedIn();
    advance(30_000);
    const { cookies, res } = response();
    sessions.authenticate(request(cookie), res);
    expect(cookies).toEqual([]);
  });

  it('logout ends the session even if the cookie is replayed', () => {
    const { sessions, cookie, session } = loggedIn();
    const { cookies, res } = response();
    sessions.logout(session, res);
    expect(cookies[0]).toMatch(/^admin_session=; Path=\/; Max-Age=0;/);
    expect(sessions.authenticate(request(cookie), response().res)).toBeNull();
    expect(sessions.inspect(request(cookie), response().res)).toEqual({ state: 'ended', reason: 'signed_out' });
  });

  it('a cookie from another process secret, or for a key removed since, opens nothing', () => {
    const { cookie } = loggedIn();
    const rotated = service(false, [{ label: 'ops', secret: 'a-new-admin-key-00001' }]);
    expect(rotated.sessions.authenticate(request(cookie), response().res)).toBeNull();
    expect(rotated.sessions.inspect(request(cookie), response().res)).toEqual({ state: 'ended', reason: 'invalid' });
  });

  it('finds its session among other cookies and a tossed one of the same name', () => {
    const { sessions, cookie } = loggedIn();
    expect(sessions.authenticate(request(`admin_session=v1.forged.x; theme=dark; ${cookie}`), response().res)).toEqual({
      role: 'admin',
      label: 'ops',
    });
    expect(sessions.inspect(request('theme=dark'), response().res)).toEqual({ state: 'none' });
  });
});
