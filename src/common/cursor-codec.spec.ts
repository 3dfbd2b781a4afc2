import { loadConfiguration } from '../config/configuration';
import { CursorCodec, InvalidCursorException } from './cursor-codec';

const SCOPE = 'admin.sessions';

describe('CursorCodec', () => {
  const codec = new CursorCodec('x'.repeat(32), SCOPE);
  const position = { createdAt: new Date('2026-11-24T10:00:00.123Z'), id: '019ab000-0000-7000-8000-000000000001' };

  function refusal(run: () => unknown): InvalidCursorException {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidCursorException);
      return error as InvalidCursorException;
    }
    throw new Error('accepted');
  }

  it('round-trips a position under the same filters', () => {
    const token = codec.encode(position, 'digest-a');
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(codec.decode(token, 'digest-a')).toEqual(position);
  });

  it('refuses it under other filters', () => {
    const error = refusal(() => codec.decode(codec.encode(position, 'digest-a'), 'digest-b'));
    expect(error.getStatus()).toBe(400);
    expect(error.code).toBe('invalid_cursor');
    expect(error.extensions.errors).toEqual([{ field: 'query.cursor', message: 'it was issued for different filters' }]);
  });

  it('refuses any altered character, a foreign secret, and garbage', () => {
    const token = codec.encode(position, 'd');
    for (let i = 0; i < token.length; i++) {
      if (token[i] === '.') continue;
      const altered = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      refusal(() => codec.decode(altered, 'd'));
    }
    refusal(() => new CursorCodec('y'.repeat(32), SCOPE).decode(token, 'd'));
    refusal(() => new CursorCodec(undefined, SCOPE).decode(token, 'd'));
    for (const garbage of ['', 'abc', '.', `${token}.x`, token.replace('.', ''), `${'a'.repeat(5000)}.${'b'.repeat(43)}`, 'é.é', '%00']) {
      refusal(() => codec.decode(garbage, 'd'));
    }
  });

  it('refuses a correctly signed payload of the wrong shape, without throwing anything else', () => {
    // Forge with the real key, as a future format change would: still a 400, never a 500.
    const sign = (payload: string) => (codec as unknown as { sign(p: string): Buffer }).sign(payload).toString('base64url');
    for (const body of ['not json', '[]', 'null', '{"c":"2026","i":"x","f":"d"}', '{"c":1,"i":2,"f":"d"}']) {
      const payload = Buffer.from(body).toString('base64url');
      refusal(() => codec.decode(`${payload}.${sign(payload)}`, 'd'));
    }
  });
});

describe('CURSOR_SECRET', () => {
  it('is optional, and at least 32 characters when set', () => {
    expect(loadConfiguration({}).cursorSecret).toBeUndefined();
    expect(loadConfiguration({ CURSOR_SECRET: 's'.repeat(32) }).cursorSecret).toBe('s'.repeat(32));
    expect(() => loadConfiguration({ CURSOR_SECRET: 'too-short' })).toThrow(/CURSOR_SECRET: must be at least 32 characters/);
  });
});

describe('CursorCodec scopes', () => {
  const position = { createdAt: new Date('2026-11-24T10:00:00.123Z'), id: '019ab000-0000-7000-8000-000000000001' };
  it.each([
    ['the same scope', 'admin.sessions', 'admin.sessions', true],
    ['another listing', 'admin.sessions', 'reconciliation.runs', false],
    ['the other way round', 'reconciliation.runs', 'admin.sessions', false],
  ])('read under %s (%s → %s): accepted %s', (_name, issuedFor, readBy, accepted) => {
    const token = new CursorCodec('x'.repeat(32), issuedFor).encode(position, 'd');
    const read = () => new CursorCodec('x'.repeat(32), readBy).decode(token, 'd');
    if (accepted) expect(read()).toEqual(position);
    else expect(read).toThrow(InvalidCursorException);
  });
});
