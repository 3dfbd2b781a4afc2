import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildWebhookHeaders,
  computeDigest,
  parseSignatureHeader,
  signRequest,
  verifyRequestSignature,
  verifyWebhookSignature,
} from './http-signature';

// The known answers, carried by the repository (test/fixtures/README.md says where they come from).
const vectorsFile = join(__dirname, '..', '..', 'test', 'fixtures', 'signature-vectors.json');
const vectors = JSON.parse(readFileSync(vectorsFile, 'utf8'));
const privateKey = createPrivateKey(vectors.key.private_key_pem);
const publicKey = createPublicKey(vectors.key.public_key_pem);
const appId: string = vectors.app_id;
const byId = (id: string) => vectors.vectors.find((v: { id: string }) => v.id.startsWith(id));
const lower = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

describe('computeDigest', () => {
  it('hashes the exact UTF-8 bytes (V1)', () => {
    const v = byId('V1');
    expect(computeDigest(v.input.body_utf8)).toBe(v.expected.digest);
    expect(computeDigest(Buffer.from(v.input.body_utf8, 'utf8'))).toBe(v.expected.digest);
  });

  it('differs when unicode and slashes are escaped (V1 pitfall)', () => {
    const v = byId('V1');
    const escaped = v.input.body_utf8.replace('é', '\\u00e9').replace(' / ', ' \\/ ');
    expect(computeDigest(escaped)).toBe(v.expected.digest_if_wrongly_ascii_escaped);
  });

  type Anchor = { id: string; input: string; expected: string };
  const anchors: Anchor[] = vectors.anchors_from_official_sdk.filter((a: Anchor) => a.id !== 'A3-sdk-signature');
  it.each(anchors)('matches the official SDK anchor $id', (anchor) => {
    const digest = computeDigest(anchor.input);
    expect(anchor.expected.startsWith('SHA-256=') ? digest : digest.slice('SHA-256='.length)).toBe(anchor.expected);
  });
});

describe('signRequest against the vectors', () => {
  it.each(['V2', 'V3', 'V4', 'V5'])('%s: signing string, signature and headers byte for byte', (id) => {
    const v = byId(id);
    const signed = signRequest({
      method: v.input.method,
      pathWithQuery: v.input.path_with_query,
      body: v.input.body_utf8 ?? undefined,
      appId,
      privateKey,
      date: v.input.date,
      requestId: v.input.x_request_id,
    });
    expect(signed.signingString).toBe(v.expected.signing_string);
    expect(signed.digest).toBe(v.expected.digest ?? undefined);
    expect(signed.headers).toEqual(v.expected.headers_to_send);
    expect(signed.headers.Signature).toBe(v.expected.signature_header);
  });

  it.each(['V2', 'V3', 'V4', 'V5'])('%s: accepted by the strict verifier, refused when tampered', (id) => {
    const v = byId(id);
    const headers = lower(v.expected.headers_to_send);
    const rawBody = v.input.body_utf8 ? Buffer.from(v.input.body_utf8, 'utf8') : undefined;
    const base = { method: v.input.method, pathWithQuery: v.input.path_with_query, headers, rawBody, appId, publicKey };
    expect(verifyRequestSignature(base)).toEqual({ ok: true, requestId: v.input.x_request_id });
    expect(verifyRequestSignature({ ...base, pathWithQuery: v.input.path_with_query + 'x' }).ok).toBe(false);
    expect(verifyRequestSignature({ ...base, method: 'PUT' }).ok).toBe(false);
    expect(verifyRequestSignature({ ...base, appId: 'another-app' })).toEqual({ ok: false, reason: 'key_id_mismatch' });
    expect(verifyRequestSignature({ ...base, headers: { ...headers, date: 'Thu, 15 Jan 2026 09:30:01 GMT' } })).toEqual({
      ok: false,
      reason: 'signature_invalid',
    });
    if (rawBody) {
      const tampered = Buffer.from(v.input.body_utf8.replace('10.00', '99.00').replace('42.50', '4250'), 'utf8');
      expect(verifyRequestSignature({ ...base, rawBody: tampered })).toEqual({ ok: false, reason: 'digest_mismatch' });
    }
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(verifyRequestSignature({ ...base, publicKey: other })).toEqual({ ok: false, reason: 'signature_invalid' });
  });

  it('refuses a replayed call outside the Date window when asked to check it', () => {
    const v = byId('V3');
    const base = { method: 'GET', pathWithQuery: v.input.path_with_query, headers: lower(v.expected.headers_to_send), appId, publicKey };
    expect(verifyRequestSignature({ ...base, toleranceSeconds: 300, now: new Date('2026-01-15T09:33:00Z') }).ok).toBe(true);
    expect(verifyRequestSignature({ ...base, toleranceSeconds: 300, now: new Date('2026-01-15T10:00:00Z') })).toEqual({
      ok: false,
      reason: 'date_out_of_window',
    });
  });

  it('accepts what it signs, also an empty body with a digest', () => {
    const signed = signRequest({ method: 'POST', pathWithQuery: '/pis/v2/refund', body: '', appId, privateKey });
    const headers = lower(signed.headers);
    expect(verifyRequestSignature({ method: 'POST', pathWithQuery: '/pis/v2/refund', headers, rawBody: Buffer.alloc(0), appId, publicKey }).ok).toBe(
      true,
    );
  });

  it('never appends a bare "?" nor a trailing newline', () => {
    const signed = signRequest({ method: 'GET', pathWithQuery: '/pis/v2/payments/abc', appId, privateKey });
    expect(signed.signingString.split('\n')[0]).toBe('(request-target): get /pis/v2/payments/abc');
    expect(signed.signingString.endsWith('\n')).toBe(false);
    expect(signed.headers.Digest).toBeUndefined();
    expect(signed.headers['X-Request-ID']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('reproduces the V8 token credentials', () => {
    const v = byId('V8');
    const basic = 'Basic ' + Buffer.from(`${v.input.app_id}:${v.input.app_secret}`).toString('base64');
    expect(basic).toBe(v.expected.authorization);
  });
});

describe('webhook signatures', () => {
  const v6 = byId('V6');
  const v6Input = () => ({ headers: v6.input.headers, rawBody: Buffer.from(v6.input.raw_body_utf8, 'utf8'), appId, privateKey });

  it('V6: a genuine webhook verifies', () => {
    expect(computeDigest(v6.input.raw_body_utf8)).toBe(v6.expected.computed_digest);
    expect(verifyWebhookSignature(v6Input())).toMatchObject({ ok: true, requestId: v6.input.headers['x-request-id'] });
  });

  it('V7: a tampered body is refused', () => {
    const v7 = byId('V7');
    expect(computeDigest(v7.input.raw_body_utf8)).toBe(v7.expected.computed_digest);
    const result = verifyWebhookSignature({ ...v6Input(), headers: v7.input.headers, rawBody: Buffer.from(v7.input.raw_body_utf8) });
    expect(result).toEqual({ ok: false, reason: 'digest_mismatch' });
  });

  it('refuses a wrong key id, a swapped request id, garbage ciphertext and a stale date', () => {
    const sig: string = v6.input.headers.signature;
    expect(verifyWebhookSignature({ ...v6Input(), appId: 'someone-else' })).toEqual({ ok: false, reason: 'key_id_mismatch' });
    expect(verifyWebhookSignature({ ...v6Input(), headers: { ...v6.input.headers, 'x-request-id': 'another-id' } })).toEqual({
      ok: false,
      reason: 'signature_invalid',
    });
    const garbage = sig.replace(/signature="[^"]+"/, `signature="${Buffer.alloc(256, 7).toString('base64')}"`);
    expect(verifyWebhookSignature({ ...v6Input(), headers: { ...v6.input.headers, signature: garbage } })).toEqual({
      ok: false,
      reason: 'undecryptable_signature',
    });
    expect(verifyWebhookSignature({ ...v6Input(), toleranceSeconds: 900, now: new Date('2026-11-24T00:00:00Z') })).toEqual({
      ok: false,
      reason: 'date_out_of_window',
    });
    expect(verifyWebhookSignature({ ...v6Input(), toleranceSeconds: 900, now: new Date('2026-01-15T09:40:00Z') })).toMatchObject({ ok: true });
  });

  it('round-trips what buildWebhookHeaders produces into the V6 plaintext', () => {
    const headers = buildWebhookHeaders({
      body: v6.input.raw_body_utf8,
      appId,
      publicKey,
      date: v6.input.headers.date,
      requestId: v6.input.headers['x-request-id'],
    });
    expect(headers.Digest).toBe(v6.expected.computed_digest);
    expect(parseSignatureHeader(headers.Signature)?.headers).toEqual(['date', 'digest', 'x-request-id']);
    expect(verifyWebhookSignature({ ...v6Input(), headers: lower(headers) })).toMatchObject({ ok: true });
  });
});
