import { liveSecrets, rotated, ROTATION_OVERLAP_MS } from './endpoint-secrets';

const now = new Date('2026-11-24T10:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);

describe('liveSecrets', () => {
  it.each<[string, { previousSecret: string | null; previousSecretExpiresAt: Date | null }, string[]]>([
    ['never rotated', { previousSecret: null, previousSecretExpiresAt: null }, ['current']],
    ['rotated, still overlapping', { previousSecret: 'old', previousSecretExpiresAt: at(1) }, ['current', 'old']],
    ['rotated, overlap just over', { previousSecret: 'old', previousSecretExpiresAt: now }, ['current']],
    ['rotated long ago', { previousSecret: 'old', previousSecretExpiresAt: at(-ROTATION_OVERLAP_MS) }, ['current']],
  ])('%s', (_label, previous, expected) => {
    expect(liveSecrets({ secret: 'current', ...previous }, now)).toEqual(expected);
  });
});

describe('rotated', () => {
  it('keeps the old secret signing for 24 h beside the new one', () => {
    const next = rotated({ secret: 'a', previousSecret: null, previousSecretExpiresAt: null }, now, 'b');
    expect(next).toEqual({ secret: 'b', previousSecret: 'a', previousSecretExpiresAt: at(24 * 3_600_000) });
    expect(liveSecrets(next, at(24 * 3_600_000 - 1))).toEqual(['b', 'a']);
    expect(liveSecrets(next, at(24 * 3_600_000))).toEqual(['b']);
  });

  it('drops the oldest when rotated again within the overlap', () => {
    const twice = rotated(rotated({ secret: 'a', previousSecret: null, previousSecretExpiresAt: null }, now, 'b'), at(1000), 'c');
    expect(liveSecrets(twice, at(2000))).toEqual(['c', 'b']);
  });

  it('makes a fresh whsec_ secret by default', () => {
    expect(rotated({ secret: 'a', previousSecret: null, previousSecretExpiresAt: null }, now).secret).toMatch(/^whsec_/);
  });
});
