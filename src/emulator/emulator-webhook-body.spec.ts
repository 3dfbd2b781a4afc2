import { constants, createPrivateKey, createPublicKey, privateDecrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeDigest, parseSignatureHeader, verifyWebhookSignature } from '../fintecture/http-signature';
import { buildWebhook, webhookBody, WebhookEvent, webhookFields } from './emulator-webhook-body';

// The known answers, carried by the repository (test/fixtures/README.md says where they come from).
const vectors = JSON.parse(readFileSync(join(__dirname, '..', '..', 'test', 'fixtures', 'signature-vectors.json'), 'utf8'));
const privateKey = createPrivateKey(vectors.key.private_key_pem);
const publicKey = createPublicKey(vectors.key.public_key_pem);
const appId: string = vectors.app_id;
const byId = (id: string) => vectors.vectors.find((v: { id: string }) => v.id.startsWith(id));
const v6 = byId('V6');
const v7 = byId('V7');

/** The event V6 describes, read back from its own body so that the test restates nothing by hand. */
function v6Event(): WebhookEvent {
  const fields = new URLSearchParams(v6.input.raw_body_utf8);
  return {
    sessionId: fields.get('session_id') as string,
    status: fields.get('status') as string,
    transferState: fields.get('transfer_state'),
    type: fields.get('type') as WebhookEvent['type'],
    amount: fields.get('amount') as string,
    receivedAmount: fields.get('received_amount'),
    refundedSessionId: null,
    state: fields.get('state'),
    provider: fields.get('provider'),
    customerId: fields.get('customer_id'),
  };
}

const decrypt = (signatureHeader: string) =>
  privateDecrypt(
    { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    Buffer.from(parseSignatureHeader(signatureHeader)?.signature as string, 'base64'),
  ).toString('utf8');

const lower = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

describe('the emulator webhook builder against the signature vectors', () => {
  const fixed = { appId, publicKey, date: v6.input.headers.date, requestId: v6.input.headers['x-request-id'] };

  it("V6: writes the vector's body byte for byte, with its digest", () => {
    const built = buildWebhook({ event: v6Event(), format: 'form', ...fixed });
    expect(built.body).toBe(v6.input.raw_body_utf8);
    expect(computeDigest(built.body)).toBe(v6.expected.computed_digest);
    expect(built.headers.Digest).toBe(v6.expected.computed_digest);
    expect(built.headers['Content-Type']).toBe(v6.input.content_type);
    expect(built.headers.Date).toBe(v6.input.headers.date);
    expect(built.headers['X-Request-ID']).toBe(v6.input.headers['x-request-id']);
  });

  it('V6: the Signature decrypts (OAEP/SHA-1, vector private key) to the expected signing string', () => {
    const built = buildWebhook({ event: v6Event(), format: 'form', ...fixed });
    const parsed = parseSignatureHeader(built.headers.Signature);
    expect(parsed).toMatchObject({ keyId: appId, algorithm: 'rsa-sha256', headers: ['date', 'digest', 'x-request-id'] });
    expect(decrypt(built.headers.Signature)).toBe(v6.expected.decrypted_signing_string);
    // The vector's own ciphertext decrypts to the same text: same algorithm on both sides.
    expect(decrypt(v6.input.headers.signature)).toBe(v6.expected.decrypted_signing_string);
    expect(verifyWebhookSignature({ headers: lower(built.headers), rawBody: Buffer.from(built.body), appId, privateKey })).toMatchObject({
      ok: true,
    });
  });

  it('V7: the tampered body has the vector digest and is refused with the genuine headers', () => {
    const built = buildWebhook({ event: { ...v6Event(), amount: '4250.00' }, format: 'form', ...fixed });
    expect(built.body).toBe(v7.input.raw_body_utf8);
    expect(computeDigest(built.body)).toBe(v7.expected.computed_digest);
    const genuine = buildWebhook({ event: v6Event(), format: 'form', ...fixed });
    const result = verifyWebhookSignature({
      headers: lower(genuine.headers),
      rawBody: Buffer.from(v7.input.raw_body_utf8),
      appId,
      privateKey,
    });
    expect(result).toEqual({ ok: false, reason: 'digest_mismatch' });
    expect(verifyWebhookSignature({ headers: v7.input.headers, rawBody: Buffer.from(v7.input.raw_body_utf8), appId, privateKey })).toEqual({
      ok: false,
      reason: 'digest_mismatch',
    });
  });

  it('encrypts afresh each time (OAEP is randomised) yet always to the same plaintext', () => {
    const first = buildWebhook({ event: v6Event(), format: 'form', ...fixed });
    const second = buildWebhook({ event: v6Event(), format: 'form', ...fixed });
    expect(first.headers.Signature).not.toBe(second.headers.Signature);
    expect(decrypt(first.headers.Signature)).toBe(decrypt(second.headers.Signature));
  });

  it('JSON webhooks carry the same fields, and the digest covers the JSON bytes', () => {
    const built = buildWebhook({ event: v6Event(), format: 'json', ...fixed });
    expect(built.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(built.body)).toEqual(Object.fromEntries(new URLSearchParams(v6.input.raw_body_utf8)));
    expect(built.headers.Digest).toBe(computeDigest(built.body));
    expect(decrypt(built.headers.Signature)).toBe(`date: ${fixed.date}\ndigest: ${computeDigest(built.body)}\nx-request-id: ${fixed.requestId}`);
  });

  it('leaves out empty fields, and writes received_amount and refunded_session_id when present', () => {
    const partial = webhookBody(
      { ...v6Event(), status: 'payment_partial', transferState: 'insufficient', receivedAmount: '21.25', state: null },
      'form',
    ).body;
    const fields = new URLSearchParams(partial);
    expect(fields.get('received_amount')).toBe('21.25');
    expect(fields.has('state')).toBe(false);
    expect(fields.get('event')).toBe('payment_session.status.payment_partial');
    const refund = new URLSearchParams(webhookBody({ ...v6Event(), type: 'Refund', refundedSessionId: 'a'.repeat(32) }, 'form').body);
    expect(refund.get('type')).toBe('Refund');
    expect(refund.get('refunded_session_id')).toBe('a'.repeat(32));
  });
});

describe("the minimal shape: Fintecture's documented example, no more", () => {
  const fixedMinimal = { appId, publicKey, date: v6.input.headers.date, requestId: v6.input.headers['x-request-id'] };
  const base = (): WebhookEvent => ({ ...v6Event(), receivedAmount: '42.50' });
  it.each<[string, Partial<WebhookEvent>, Array<[string, string]>]>([
    [
      'a payment: session_id, status, customer_id, provider, state, event',
      {},
      [
        ['session_id', v6Event().sessionId],
        ['status', 'payment_created'],
        ['customer_id', v6Event().customerId as string],
        ['provider', v6Event().provider as string],
        ['state', v6Event().state as string],
        ['event', 'payment_session.status.payment_created'],
      ],
    ],
    [
      'nothing the payer has not given yet (an expiry before any bank was chosen)',
      { status: 'payment_expired', provider: null, customerId: null, state: null },
      [
        ['session_id', v6Event().sessionId],
        ['status', 'payment_expired'],
        ['event', 'payment_session.status.payment_expired'],
      ],
    ],
    [
      'a refund keeps what it refunds',
      { type: 'Refund', refundedSessionId: 'b'.repeat(32), provider: null, customerId: null, state: 'refund-1' },
      [
        ['session_id', v6Event().sessionId],
        ['status', 'payment_created'],
        ['refunded_session_id', 'b'.repeat(32)],
        ['state', 'refund-1'],
        ['event', 'payment_session.status.payment_created'],
      ],
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(webhookFields({ ...base(), ...overrides }, 'minimal')).toEqual(expected);
  });

  it('never carries type, transfer_state or the amounts, in either format', () => {
    for (const format of ['form', 'json'] as const) {
      const built = buildWebhook({ event: base(), format, shape: 'minimal', ...fixedMinimal });
      const fields = format === 'json' ? Object.keys(JSON.parse(built.body)) : [...new URLSearchParams(built.body).keys()];
      for (const name of ['type', 'transfer_state', 'amount', 'received_amount']) expect(fields).not.toContain(name);
      expect(built.headers.Digest).toBe(computeDigest(built.body));
    }
  });

  it('the full shape stays the default', () => {
    expect(webhookFields(base())).toEqual(webhookFields(base(), 'full'));
    expect(webhookBody(v6Event(), 'form').body).toBe(v6.input.raw_body_utf8);
  });
});
