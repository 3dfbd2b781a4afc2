import { Webhook } from 'standardwebhooks';
import { generateSecret, secretBytes, signatureOf, signedHeaders } from './standard-webhooks';

// The worked example of the Standard Webhooks reference libraries' tests (github.com/standard-webhooks/standard-webhooks).
const KNOWN = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('Standard Webhooks signing', () => {
  it('gives the known answer', () => {
    expect(signatureOf(KNOWN.secret, KNOWN.id, KNOWN.timestamp, KNOWN.body)).toBe(KNOWN.signature);
    // The prefix names the format; the key is the bytes after it either way.
    expect(signatureOf(KNOWN.secret.slice('whsec_'.length), KNOWN.id, KNOWN.timestamp, KNOWN.body)).toBe(KNOWN.signature);
  });

  it.each<[string, Partial<typeof KNOWN>]>([
    ['another id', { id: 'msg_other' }],
    ['another timestamp', { timestamp: KNOWN.timestamp + 1 }],
    ['another body', { body: '{"test": 2432232315}' }],
    ['another secret', { secret: 'whsec_' + Buffer.alloc(24, 1).toString('base64') }],
  ])('changes with %s', (_label, change) => {
    const input = { ...KNOWN, ...change };
    expect(signatureOf(input.secret, input.id, input.timestamp, input.body)).not.toBe(KNOWN.signature);
  });

  it('makes whsec_ secrets of 32 random bytes', () => {
    const a = generateSecret();
    const b = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(secretBytes(a)).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it('refuses an empty secret', () => {
    expect(() => secretBytes('whsec_')).toThrow();
  });

  it('writes one signature per live secret, and the standardwebhooks package accepts either secret', () => {
    const [current, previous] = [generateSecret(), generateSecret()];
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ id: 'evt', type: 'payment_session.updated' });
    const headers = signedHeaders([current, previous], 'evt_1', now, body);
    expect(headers['webhook-id']).toBe('evt_1');
    expect(headers['webhook-timestamp']).toBe(String(now));
    expect(headers['webhook-signature'].split(' ')).toEqual([signatureOf(current, 'evt_1', now, body), signatureOf(previous, 'evt_1', now, body)]);
    for (const secret of [current, previous]) expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateSecret()).verify(body, { ...headers })).toThrow('No matching signature found');
    expect(() => new Webhook(current).verify(`${body} `, { ...headers })).toThrow('No matching signature found');
  });

  it('needs a secret to sign', () => {
    expect(() => signedHeaders([], 'evt', 1, '{}')).toThrow();
  });
});
