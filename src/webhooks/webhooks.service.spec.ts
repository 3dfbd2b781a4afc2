import { EventEmitter2 } from '@nestjs/event-emitter';
import { Logger } from '@nestjs/common';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { ProblemException } from '../common/problem';
import { buildWebhookHeaders, httpDate } from '../fintecture/http-signature';
import { FintectureWebhookVerifier } from '../fintecture/fintecture-webhook-verifier';
import { WebhookReceivedEvent, WebhookResult } from './events/webhook-received.event';
import { WebhooksService } from './webhooks.service';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const appId = randomUUID();
const SESSION_ID = 'a'.repeat(32);

function setUp(applyResult: unknown = { result: 'applied' }) {
  const sessions = { findBySessionId: jest.fn(async (sessionId: string) => (sessionId === SESSION_ID ? { id: 'pk-1', sessionId } : null)) };
  const state = {
    apply: jest.fn(async () => (applyResult instanceof Error ? Promise.reject(applyResult) : applyResult)),
    note: jest.fn(async () => ({ result: 'recorded' })),
  };
  const config = { get: () => ({ toleranceSeconds: 900 }) };
  const events = new EventEmitter2();
  const verifier = new FintectureWebhookVerifier({ appId, appSecret: 'secret', privateKey, publicKey, generated: true });
  const service = new WebhooksService(sessions as never, state as never, config as never, verifier, events);
  const results: WebhookResult[] = [];
  events.on(WebhookReceivedEvent.NAME, ({ result }: WebhookReceivedEvent) => results.push(result));
  return { service, state, results };
}

function signed(body: string, overrides: { date?: string; requestId?: string } = {}) {
  const headers = buildWebhookHeaders({ body, appId, publicKey, ...overrides });
  return {
    rawBody: Buffer.from(body),
    contentType: 'application/x-www-form-urlencoded',
    headers: { date: headers.Date, digest: headers.Digest, 'x-request-id': headers['X-Request-ID'], signature: headers.Signature },
  };
}

const body = `session_id=${SESSION_ID}&status=payment_created&transfer_state=received&received_amount=42.50`;

describe('WebhooksService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('applies a verified notice with the X-Request-ID as its dedupe key', async () => {
    const { service, state, results } = setUp();
    const input = signed(body, { requestId: 'req-1' });
    await expect(service.handle(input)).resolves.toEqual({ result: 'applied' });
    expect(state.apply).toHaveBeenCalledWith(
      'pk-1',
      expect.objectContaining({
        source: 'webhook',
        status: 'payment_created',
        transferState: 'received',
        receivedAmountMinor: 4250,
        requestId: 'req-1',
        dedupeKey: 'webhook:req-1',
      }),
    );
    expect(results).toEqual(['applied']);
  });

  it('answers 401 for a tampered body, tells "invalid" and changes nothing', async () => {
    const { service, state, results } = setUp();
    const input = { ...signed(body), rawBody: Buffer.from(body.replace('42.50', '4250.00')) };
    await expect(service.handle(input)).rejects.toMatchObject({ code: 'invalid_signature', status: 401 });
    expect(state.apply).not.toHaveBeenCalled();
    expect(results).toEqual(['invalid']);
  });

  it('answers 401 for a date outside the window', async () => {
    const { service, results } = setUp();
    const input = signed(body, { date: httpDate(new Date(Date.now() - 16 * 60_000)) });
    await expect(service.handle(input)).rejects.toBeInstanceOf(ProblemException);
    expect(results).toEqual(['invalid']);
  });

  it.each([
    [{ result: 'duplicate' }, 'duplicate'],
    [{ result: 'refused', reason: 'terminal' }, 'refused'],
    [{ result: 'refused', reason: 'unchanged' }, 'refused'],
    [{ result: 'refused', reason: 'unknown_status' }, 'ignored'],
  ])('maps %j to %s', async (applyResult, expected) => {
    const { service, results } = setUp(applyResult);
    await expect(service.handle(signed(body))).resolves.toMatchObject({ result: expected });
    expect(results).toEqual([expected]);
  });

  it('answers unknown for a session it does not have', async () => {
    const { service, state, results } = setUp();
    await expect(service.handle(signed(`session_id=${'b'.repeat(32)}&status=payment_created`))).resolves.toEqual({ result: 'unknown' });
    expect(state.apply).not.toHaveBeenCalled();
    expect(results).toEqual(['unknown']);
  });

  it('records a refund on the original session', async () => {
    const { service, state } = setUp();
    const input = signed(`session_id=${'c'.repeat(32)}&refunded_session_id=${SESSION_ID}&type=Refund&status=payment_created&amount=10.00`, {
      requestId: 'req-r',
    });
    await expect(service.handle(input)).resolves.toEqual({ result: 'applied' });
    expect(state.note).toHaveBeenCalledWith(
      'pk-1',
      expect.objectContaining({ kind: 'refund', dedupeKey: 'webhook:req-r', detail: expect.objectContaining({ refunded_amount: '10.00' }) }),
    );
    expect(state.apply).not.toHaveBeenCalled();
  });

  it('ignores a verified body it cannot read', async () => {
    const { service, results } = setUp();
    await expect(service.handle({ ...signed('{"status":'), contentType: 'application/json' })).resolves.toMatchObject({ result: 'ignored' });
    expect(results).toEqual(['ignored']);
  });

  it('answers 503 when the notice cannot be recorded, so that Fintecture retries', async () => {
    const { service, results } = setUp(new Error('connection terminated'));
    await expect(service.handle(signed(body))).rejects.toMatchObject({ code: 'service_unavailable', status: 503 });
    expect(results).toEqual([]);
  });
});
