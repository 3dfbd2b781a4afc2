import { EventEmitter2 } from '@nestjs/event-emitter';
import { Logger } from '@nestjs/common';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { ProblemException } from '../common/problem';
import { FintectureError } from '../fintecture/fintecture.errors';
import { buildWebhookHeaders, httpDate } from '../fintecture/http-signature';
import { FintectureWebhookVerifier } from '../fintecture/fintecture-webhook-verifier';
import { WebhookReceivedEvent, WebhookResult } from './events/webhook-received.event';
import { WebhooksService } from './webhooks.service';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const appId = randomUUID();
const SESSION_ID = 'a'.repeat(32);

const openSession = {
  id: 'pk-1',
  sessionId: SESSION_ID,
  outcome: 'awaiting_payer',
  amountMinor: 4250,
  status: 'provider_required',
  transferState: null,
  receivedAmountMinor: null,
};

function setUp(applyResult: unknown = { result: 'applied' }, options: { confirm?: boolean; report?: unknown } = {}) {
  const sessions = {
    findBySessionId: jest.fn((sessionId: string) => Promise.resolve(sessionId === SESSION_ID ? openSession : null)),
    findAdoptable: jest.fn(() => Promise.resolve([])),
  };
  const state = {
    apply: jest.fn(() => (applyResult instanceof Error ? Promise.reject(applyResult) : Promise.resolve(applyResult))),
    note: jest.fn(() => Promise.resolve({ result: 'recorded' })),
  };
  const config = { get: () => ({ toleranceSeconds: 900, confirm: options.confirm ?? false }) };
  const events = new EventEmitter2();
  const verifier = new FintectureWebhookVerifier({ appId, appSecret: 'secret', privateKey, publicKey, generated: true });
  const unmatched = { record: jest.fn(() => Promise.resolve('recorded')), markMatched: jest.fn() };
  const fintecture = {
    confirmPayment: jest.fn(() => (options.report instanceof Error ? Promise.reject(options.report) : Promise.resolve(options.report))),
  };
  const refunds = { handle: jest.fn((): Promise<{ result: string; reason?: string }> => Promise.resolve({ result: 'applied' })) };
  const service = new WebhooksService(
    sessions as never,
    state as never,
    config as never,
    verifier,
    events,
    unmatched as never,
    fintecture as never,
    refunds as never,
  );
  const results: WebhookResult[] = [];
  events.on(WebhookReceivedEvent.NAME, ({ result }: WebhookReceivedEvent) => results.push(result));
  return { service, state, unmatched, fintecture, refunds, results };
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
      // The row as read, so that PostgreSQL can write the change with one conditional statement.
      undefined,
      { seen: expect.objectContaining({ id: 'pk-1', sessionId: SESSION_ID }) },
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

  it('answers unknown for a session it does not have, and keeps the notice as unmatched', async () => {
    const { service, state, unmatched, results } = setUp();
    const input = signed(`session_id=${'b'.repeat(32)}&status=payment_created&state=order-1&amount=42.50`, { requestId: 'req-u' });
    await expect(service.handle(input)).resolves.toEqual({ result: 'unknown' });
    expect(state.apply).not.toHaveBeenCalled();
    expect(unmatched.record).toHaveBeenCalledWith(
      expect.objectContaining({
        requestKey: 'req-u',
        reason: 'unknown_session',
        payload: expect.objectContaining({ sessionId: 'b'.repeat(32), status: 'payment_created', state: 'order-1', amountMinor: 4250 }),
      }),
    );
    expect(results).toEqual(['unknown']);
  });

  it('answers duplicate for a retry of an unmatched notice', async () => {
    const { service, unmatched } = setUp();
    unmatched.record.mockResolvedValueOnce('duplicate');
    await expect(service.handle(signed(`session_id=${'b'.repeat(32)}&status=payment_created`))).resolves.toEqual({ result: 'duplicate' });
  });

  it('hands a refund to the refunds module (which records it on the original session too)', async () => {
    const { service, state, refunds } = setUp();
    const input = signed(`session_id=${'c'.repeat(32)}&refunded_session_id=${SESSION_ID}&type=Refund&status=payment_created&amount=10.00`, {
      requestId: 'req-r',
    });
    await expect(service.handle(input)).resolves.toEqual({ result: 'applied' });
    expect(refunds.handle).toHaveBeenCalledWith(
      expect.objectContaining({
        requestId: 'req-r',
        refundSessionId: 'c'.repeat(32),
        refundedSessionId: SESSION_ID,
        status: 'payment_created',
        amount: '10.00',
        sessionDetail: expect.objectContaining({ type: 'Refund', refunded_session_id: SESSION_ID }),
      }),
    );
    expect(state.apply).not.toHaveBeenCalled();
  });

  it.each<[string, string, string, object]>([
    ['names a payment nobody here knows', `refunded_session_id=${'d'.repeat(32)}&`, 'unknown_session', { result: 'unknown' }],
    ['names no payment at all', '', 'missing_fields', { result: 'ignored', reason: 'missing_fields' }],
  ])('keeps a refund notice that %s as unmatched', async (_name, refunded, reason, answer) => {
    const { service, refunds, unmatched } = setUp();
    refunds.handle.mockResolvedValueOnce({ result: 'unknown' });
    await expect(service.handle(signed(`session_id=${'c'.repeat(32)}&${refunded}type=Refund&status=payment_created`))).resolves.toEqual(answer);
    expect(unmatched.record).toHaveBeenCalledWith(expect.objectContaining({ reason }));
  });

  it('answers what the refunds module decided (a duplicate, a refusal)', async () => {
    const { service, refunds } = setUp();
    refunds.handle.mockResolvedValueOnce({ result: 'duplicate' }).mockResolvedValueOnce({ result: 'refused', reason: 'terminal' });
    const input = signed(`session_id=${'c'.repeat(32)}&refunded_session_id=${SESSION_ID}&type=Refund&status=payment_created`);
    await expect(service.handle(input)).resolves.toEqual({ result: 'duplicate' });
    await expect(service.handle(input)).resolves.toEqual({ result: 'refused', reason: 'terminal' });
  });

  it('records a verified body it cannot read, and ignores it', async () => {
    const { service, unmatched, results } = setUp();
    await expect(service.handle({ ...signed('{"status":'), contentType: 'application/json' })).resolves.toMatchObject({ result: 'ignored' });
    expect(unmatched.record).toHaveBeenCalledWith(expect.objectContaining({ reason: 'malformed_body', payload: null, rawBody: '{"status":' }));
    expect(results).toEqual(['ignored']);
  });

  it('recognises a refund by refunded_session_id alone', async () => {
    const { service, state, refunds } = setUp();
    await expect(
      service.handle(signed(`session_id=${'c'.repeat(32)}&refunded_session_id=${SESSION_ID}&status=payment_created&amount=5.00`)),
    ).resolves.toEqual({
      result: 'applied',
    });
    expect(refunds.handle).toHaveBeenCalledWith(expect.objectContaining({ refundedSessionId: SESSION_ID, amount: '5.00' }));
    expect(state.apply).not.toHaveBeenCalled();
  });

  it('records last_transaction_amount with the notice', async () => {
    const { service, state } = setUp();
    await service.handle(signed(`session_id=${SESSION_ID}&status=payment_partial&received_amount=30.00&last_transaction_amount=10.00`));
    expect(state.apply).toHaveBeenCalledWith(
      'pk-1',
      expect.objectContaining({ receivedAmountMinor: 3000, lastTransactionAmountMinor: 1000 }),
      undefined,
      { seen: expect.objectContaining({ id: 'pk-1', sessionId: SESSION_ID }) },
    );
  });

  describe('with WEBHOOK_CONFIRM', () => {
    const report = (status: string, transferState: string | null) => ({
      sessionId: SESSION_ID,
      status,
      transferState,
      amount: '42.50',
      receivedAmount: null,
      type: null,
      requestId: 'get-1',
    });

    it('applies what Fintecture says, not what the webhook claims', async () => {
      const { service, state, fintecture } = setUp(
        { result: 'refused', reason: 'unchanged' },
        { confirm: true, report: report('provider_required', null) },
      );
      await expect(service.handle(signed(body))).resolves.toEqual({ result: 'refused', reason: 'not_confirmed' });
      expect(fintecture.confirmPayment).toHaveBeenCalledWith(SESSION_ID);
      expect(state.apply).toHaveBeenCalledWith(
        'pk-1',
        expect.objectContaining({
          status: 'provider_required',
          transferState: null,
          detail: expect.objectContaining({ confirmed: true, confirmed_by: 'get-1' }),
        }),
        undefined,
        { seen: expect.objectContaining({ id: 'pk-1', sessionId: SESSION_ID }) },
      );
    });

    it('does not ask about a notice that releases nothing', async () => {
      const { service, fintecture } = setUp(undefined, { confirm: true });
      await service.handle(signed(`session_id=${SESSION_ID}&status=payment_pending&transfer_state=processing`));
      expect(fintecture.confirmPayment).not.toHaveBeenCalled();
    });

    it('answers 503 and applies nothing when Fintecture cannot be asked', async () => {
      const { service, state, results } = setUp(undefined, { confirm: true, report: new FintectureError('timeout', 'no answer') });
      await expect(service.handle(signed(body))).rejects.toMatchObject({ code: 'service_unavailable', status: 503 });
      expect(state.apply).not.toHaveBeenCalled();
      expect(results).toEqual([]);
    });

    it('records as not confirmed a notice for a session Fintecture does not have', async () => {
      const { service, state } = setUp(undefined, { confirm: true, report: new FintectureError('rejected', 'not found', { httpStatus: 404 }) });
      await expect(service.handle(signed(body))).resolves.toEqual({ result: 'refused', reason: 'not_confirmed' });
      expect(state.apply).not.toHaveBeenCalled();
      expect(state.note).toHaveBeenCalledWith('pk-1', expect.objectContaining({ status: 'payment_created' }), {
        accepted: false,
        reason: 'not_confirmed',
      });
    });
  });

  it('answers 503 when the notice cannot be recorded, so that Fintecture retries', async () => {
    const { service, results } = setUp(new Error('connection terminated'));
    await expect(service.handle(signed(body))).rejects.toMatchObject({ code: 'service_unavailable', status: 503 });
    expect(results).toEqual([]);
  });
});
