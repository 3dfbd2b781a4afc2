import { readApiKeys } from './auth.config';
import { EnvReader } from './env-reader';
import { readTrustProxy } from './http.config';

describe('readApiKeys', () => {
  it.each([
    ['shop:merchant-key-0123456789', [{ label: 'shop', secret: 'merchant-key-0123456789' }]],
    [
      'a:key-aaaaaaaaaaaaaaaa, b:key-bbbbbbbbbbbbbbbb',
      [
        { label: 'a', secret: 'key-aaaaaaaaaaaaaaaa' },
        { label: 'b', secret: 'key-bbbbbbbbbbbbbbbb' },
      ],
    ],
    // Bare secrets are labelled by their position.
    [
      'key-aaaaaaaaaaaaaaaa,,key-bbbbbbbbbbbbbbbb',
      [
        { label: 'merchant-1', secret: 'key-aaaaaaaaaaaaaaaa' },
        { label: 'merchant-3', secret: 'key-bbbbbbbbbbbbbbbb' },
      ],
    ],
    // Only the first colon separates: a secret may contain colons.
    ['shop:key:with:colons-0123', [{ label: 'shop', secret: 'key:with:colons-0123' }]],
  ])('reads %j', (raw, keys) => {
    const read = new EnvReader({ KEYS: raw });
    expect(readApiKeys(read, 'KEYS', 'merchant')).toEqual(keys);
    expect(read.problems).toEqual([]);
  });

  it.each([
    ['short', ['KEYS: entry 1 must be at least 16 printable characters without spaces']],
    ['shop:short', ['KEYS: entry 1 must be at least 16 printable characters without spaces']],
    ['bad label!:key-aaaaaaaaaaaaaaaa', ['KEYS: entry 1 has an invalid label (letters, digits, . _ - only)']],
    [',', ['KEYS: no key given']],
    ['key-aaaaaaaaaaaaaaaa,tiny', ['KEYS: entry 2 must be at least 16 printable characters without spaces']],
  ])('refuses %j', (raw, problems) => {
    const read = new EnvReader({ KEYS: raw });
    readApiKeys(read, 'KEYS', 'merchant');
    expect(read.problems).toEqual(problems);
  });

  it('gives nothing, without a problem, when unset', () => {
    const read = new EnvReader({});
    expect(readApiKeys(read, 'KEYS', 'merchant')).toBeUndefined();
    expect(read.problems).toEqual([]);
  });
});

describe('readTrustProxy', () => {
  it.each([
    [undefined, false],
    ['false', false],
    ['true', true],
    ['2', 2],
    ['loopback', 'loopback'],
    ['10.0.0.0/8, 192.168.1.1', '10.0.0.0/8, 192.168.1.1'],
    ['::1', '::1'],
  ])('reads %j as %j', (raw, expected) => {
    const read = new EnvReader({ TRUST_PROXY: raw });
    expect(readTrustProxy(read, 'TRUST_PROXY')).toEqual(expected);
    expect(read.problems).toEqual([]);
  });

  it.each(['a;b', '$(whoami)', '*'])('refuses %j', (raw) => {
    const read = new EnvReader({ TRUST_PROXY: raw });
    expect(readTrustProxy(read, 'TRUST_PROXY')).toBe(false);
    expect(read.problems).toEqual([`TRUST_PROXY: must be true, false, a hop count or a list of addresses, got "${raw}"`]);
  });
});
