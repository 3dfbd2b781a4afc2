import { HttpService } from '@nestjs/axios';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/configuration';
import { SESSION_ID_PATTERN } from '../common/ids';
import { FintectureError } from './fintecture.errors';
import { ensureSuccess, RawAnswer, sendRaw } from './fintecture-http';
import { abortedAnswerOf, readRefundAnswer, RefundAnswer, RefundCall } from './fintecture-refund';
import { FintectureTokenService } from './fintecture-token.service';
import { CreatedPaymentSession, CreatePaymentSessionCall, PaymentStatusReport } from './fintecture.types';
import { FintectureCallEvent, FintectureOperation } from './events/fintecture-call.event';
import { FintectureSigner } from './fintecture-signer';

export type { FintectureOperation };

/**
 * Fintecture's PIS API as this service uses it. Every call is signed by the one signer, with a
 * bearer token from the token cache; a 401 invalid_token earns one new token and one retry.
 */
@Injectable()
export class FintectureClient {
  private readonly logger = new Logger('Fintecture');

  constructor(
    private readonly http: HttpService,
    private readonly tokens: FintectureTokenService,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly signer: FintectureSigner,
    private readonly events: EventEmitter2,
  ) {}

  async createPaymentSession(call: CreatePaymentSessionCall): Promise<CreatedPaymentSession> {
    const path = `/pis/v2/connect${call.query ? `?${call.query}` : ''}`;
    const { answer, requestId } = await this.send('connect', 'POST', path, call.body, call.headers);
    const body = answer.body as { meta?: Record<string, unknown>; virtual_beneficiary?: unknown; beneficiary?: unknown } | null;
    const sessionId = body?.meta?.session_id;
    const url = body?.meta?.url;
    if (typeof sessionId !== 'string' || !SESSION_ID_PATTERN.test(sessionId) || typeof url !== 'string' || !isHttpUrl(url)) {
      throw new FintectureError('invalid_response', 'Fintecture answered the create call without a valid session_id and url', {
        httpStatus: answer.status,
        requestId,
      });
    }
    return {
      sessionId,
      url,
      virtualBeneficiary: asObject(body?.virtual_beneficiary),
      beneficiary: asObject(body?.beneficiary),
      requestId,
    };
  }

  async getPayment(sessionId: string): Promise<PaymentStatusReport> {
    const { answer, requestId } = await this.send('get_payment', 'GET', `/pis/v2/payments/${encodeURIComponent(sessionId)}`);
    return readPaymentReport(sessionId, answer, requestId);
  }

  /**
   * The same GET, asked before a webhook may release the goods: what Fintecture says is applied,
   * not what the webhook claimed.
   */
  async confirmPayment(sessionId: string): Promise<PaymentStatusReport> {
    const { answer, requestId } = await this.send('confirm_payment', 'GET', `/pis/v2/payments/${encodeURIComponent(sessionId)}`);
    return readPaymentReport(sessionId, answer, requestId);
  }

  /** The status in the answer is the one reported, whatever it is: a session paid meanwhile is not cancelled. */
  async cancelPayment(sessionId: string): Promise<PaymentStatusReport> {
    const body = JSON.stringify({ meta: { status: 'payment_cancelled' } });
    const { answer, requestId } = await this.send('cancel_payment', 'PATCH', `/pis/v2/payments/${encodeURIComponent(sessionId)}`, body);
    return readPaymentReport(sessionId, answer, requestId);
  }

  /**
   * POST /pis/v2/refund with our refund id as `state`, so that its webhooks can be matched.
   * Fintecture's refusal (refund_aborted, as a 2xx word or a 400) is an answer; a 2xx without one of
   * its refund words is invalid_response, because the refund may have been made all the same.
   */
  async refund(call: RefundCall): Promise<RefundAnswer> {
    const attributes: Record<string, string> = { amount: call.amount };
    if (call.communication) attributes.communication = call.communication;
    const body = JSON.stringify({ meta: { session_id: call.sessionId }, data: { attributes } });
    let sent: { answer: RawAnswer; requestId: string };
    try {
      sent = await this.send('refund', 'POST', `/pis/v2/refund?state=${encodeURIComponent(call.state)}`, body);
    } catch (error) {
      const aborted = error instanceof FintectureError ? abortedAnswerOf(error, error.details.requestId ?? '') : null;
      if (aborted) return aborted;
      throw error;
    }
    const answer = readRefundAnswer(sent.answer.status, sent.answer.body, call.sessionId, sent.requestId);
    if (!answer) {
      throw new FintectureError('invalid_response', 'Fintecture answered the refund call without refund_accepted, refund_waiting or refund_aborted', {
        httpStatus: sent.answer.status,
        requestId: sent.requestId,
      });
    }
    return answer;
  }

  private async send(
    operation: FintectureOperation,
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: string,
    extraHeaders: Record<string, string> = {},
  ): Promise<{ answer: RawAnswer; requestId: string }> {
    let token = await this.tokens.getToken();
    try {
      return await this.sendOnce(operation, method, path, token, body, extraHeaders);
    } catch (error) {
      if (!(error instanceof FintectureError) || !error.invalidToken) throw error;
      this.tokens.invalidate(token);
      token = await this.tokens.getToken();
      return this.sendOnce(operation, method, path, token, body, extraHeaders);
    }
  }

  private async sendOnce(
    operation: FintectureOperation,
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    token: string,
    body: string | undefined,
    extraHeaders: Record<string, string>,
  ): Promise<{ answer: RawAnswer; requestId: string }> {
    // Read per call: with PORT=0 the emulator's address is only known once the server listens.
    const base = new URL(this.config.get('fintecture', { infer: true }).apiUrl);
    // A base URL with a path (the emulator's /emulator) is part of the signed request-target.
    const pathWithQuery = base.pathname.replace(/\/+$/, '') + path;
    const signed = this.signer.sign({ method, pathWithQuery, body, requestId: randomUUID() });
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${token}`,
      ...signed.headers,
      ...extraHeaders,
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const started = performance.now();
    const observe = (status: FintectureCallEvent['status'], logId?: string) =>
      this.observe(
        new FintectureCallEvent(operation, method, pathWithQuery.split('?')[0], status, performance.now() - started, signed.requestId, logId),
      );
    let answer: RawAnswer;
    try {
      answer = await sendRaw(this.http, {
        method,
        url: base.origin + pathWithQuery,
        headers,
        body,
        timeoutMs: this.config.get('fintecture', { infer: true }).timeoutMs,
        requestId: signed.requestId,
      });
    } catch (error) {
      observe(error instanceof FintectureError && error.kind === 'timeout' ? 'timeout' : 'unavailable');
      throw error;
    }
    const logId = (answer.body as { log_id?: unknown } | null)?.log_id;
    observe(answer.status, typeof logId === 'string' ? logId : undefined);
    ensureSuccess(answer, signed.requestId);
    return { answer, requestId: signed.requestId };
  }

  private observe(observation: FintectureCallEvent): void {
    const { operation, method, path, status, durationMs, logId, requestId } = observation;
    this.logger.log(
      { fintecture: { operation, method, path, status, duration_ms: Math.round(durationMs), log_id: logId, request_id: requestId } },
      `Fintecture ${method} ${path} → ${status} in ${Math.round(durationMs)} ms`,
    );
    this.events.emit(FintectureCallEvent.NAME, observation);
  }
}

/** fintecture-api.md §4.1: transfer_state's place is uncertain, so both places are read. */
function readPaymentReport(sessionId: string, answer: RawAnswer, requestId: string): PaymentStatusReport {
  const body = (answer.body ?? {}) as {
    meta?: Record<string, unknown>;
    data?: { transfer_state?: unknown; attributes?: Record<string, unknown> };
  };
  const attributes = body.data?.attributes ?? {};
  const status = body.meta?.status;
  if (typeof status !== 'string' || !status) {
    throw new FintectureError('invalid_response', 'Fintecture answered without a payment status', { httpStatus: answer.status, requestId });
  }
  const transferState = body.data?.transfer_state ?? attributes.transfer_state ?? body.meta?.transfer_state;
  return {
    sessionId,
    status,
    transferState: typeof transferState === 'string' && transferState ? transferState : null,
    amount: stringOrNull(attributes.amount),
    receivedAmount: stringOrNull(attributes.received_amount),
    type: stringOrNull(body.meta?.type),
    state: stringOrNull(attributes.state ?? body.meta?.state),
    requestId,
  };
}

function stringOrNull(value: unknown): string | null {
  if (typeof value === 'string' && value) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value.toFixed(2);
  return null;
}

function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
