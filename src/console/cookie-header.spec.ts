import { cookieValues, serializeCookie } from './cookie-header';

describe('cookie header', () => {
  it.each([
    ['absent', undefined, []],
    ['alone', 'admin_session=abc', ['abc']],
    ['among others', 'a=1; admin_session=v1.x.y; b=2', ['v1.x.y']],
    ['twice (a tossed cookie beside ours)', 'admin_session=one; admin_session=two', ['one', 'two']],
    ['quoted', 'admin_session="abc"', ['abc']],
    ['a longer name that starts the same', 'admin_session_old=abc', []],
    ['without a value', 'admin_session', []],
    ['with spaces', ' admin_session = abc ;', ['abc']],
  ])('reads the cookie %s', (_name, header, values) => {
    expect(cookieValues(header, 'admin_session')).toEqual(values);
  });

  it.each([
    [
      'a session cookie',
      'v1.abc.def',
      { maxAgeSeconds: 1800, secure: false },
      'admin_session=v1.abc.def; Path=/; Max-Age=1800; HttpOnly; SameSite=Strict',
    ],
    [
      'in production',
      'v1.abc.def',
      { maxAgeSeconds: 1799.6, secure: true },
      'admin_session=v1.abc.def; Path=/; Max-Age=1799; HttpOnly; SameSite=Strict; Secure',
    ],
    [
      'a deletion',
      '',
      { maxAgeSeconds: 0, secure: false },
      'admin_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    ],
  ])('writes %s', (_name, value, options, expected) => {
    expect(serializeCookie('admin_session', value, options)).toBe(expected);
  });

  it.each([['a;b'], ['a b'], ['a,b'], ['"a"']])('refuses a value a cookie cannot carry: %s', (value) => {
    expect(() => serializeCookie('admin_session', value, { maxAgeSeconds: 1, secure: false })).toThrow();
  });
});
