import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Response } from 'express';
import { randomBytes } from 'node:crypto';
import { errorItem, FintectureApiError } from './emulator-errors';
import { ApiOperation, EmulatorFaultService } from './emulator-faults';
import {
  AWAITING_PAYER_STATUSES,
  CANCELLABLE_STATUSES,
  DEMO_BANKS,
  EmulatorSession,
  fromCents,
  PaymentMethod,
  SESSION_STATUSES,
  StatusChange,
  toCents,
  TRANSFER_STATES,
  TYPE_OF_METHOD,
  VirtualBeneficiary,
} from './emulator-model';
import { EmulatorTokenService } from './emulator-tokens';
import { EmulatorUrls } from './emulator-urls';
import { ConnectRequest, PaymentPatch, RefundRequest } from './emulator-validation';
import { EmulatorWebhookService, WebhookDelivery } from './emulator-webhooks';
import { demoIban } from './iban';

/** One Fintecture API call as it reached the emulator. */
export interface RecordedRequest {
  seq: number;
  at: string;
  operation: ApiOperation;
  method: string;
  /** Path and query exactly as on the wire (req.originalUrl), /emulator prefix included. */
  path: string;
  /** Same as path; kept under Express's name too. */
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body, decoded as UTF-8; empty when there was none. */
  body: string;
  /** The HTTP status the emulator answered (or, for a 'timeout' fault, would answer); null while in progress. */
  status: number | null;
  /** The injected fault this call suffered, if any. */
  fault: string | null;
}

export type PayerAction = 'pay' | 'pay_less' | 'pay_more' | 'refuse' | 'abandon';
export const PAYER_ACTIONS: readonly PayerAction[] = ['pay', 'pay_less', 'pay_more', 'refuse', 'abandon'];

export interface PayerChoice {
  provider?: string;
  method?: string;
  receivedAmount?: string;
}

export interface SessionChange {
  status: string;
  transferState: string | null;
  receivedAmount?: string | null;
}

// BNPL sandbox companies (fintecture-api.md §2.3): these SIRENs are refused by the insurer.
const REFUSED_BNPL_SIRENS = new Set(['000000001', '000000002', '000000003']);
const MAX_RECORDED_REQUESTS = 1000;
// setTimeout cannot wait longer than this; longer expiries re-arm their timer.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The emulated Fintecture: payment sessions and their life, in memory (a restart forgets them),
 * plus the record of every API call received. Controllers translate HTTP to these methods;
 * tests inject this service to look inside.
 */
@Injectable()
export class EmulatorService implements OnModuleDestroy {
  private readonly logger = new Logger('Emulator');
  private readonly sessions = new Map<string, EmulatorSession>();
  private readonly requests: RecordedRequest[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly holds = new Set<() => void>();
  private requestSeq = 0;
  private stopped = false;
  readonly merchantIban = demoIban('12345678901');

  constructor(
    readonly tokens: EmulatorTokenService,
    readonly faults: EmulatorFaultService,
    readonly webhooks: EmulatorWebhookService,
    readonly urls: EmulatorUrls,
  ) {}

  // ---- recorded calls -------------------------------------------------------------------

  record(input: Omit<RecordedRequest, 'seq' | 'at' | 'status' | 'originalUrl' | 'fault'>): RecordedRequest {
    const headers = { ...input.headers };
    // The token call's Basic credentials hold the app secret, which may be a real sandbox one;
    // the record is readable by anyone who reaches /emulator/requests, so it keeps the scheme only.
    if (typeof headers.authorization === 'string' && /^basic\s/i.test(headers.authorization)) {
      headers.authorization = 'Basic [redacted]';
    }
    const entry: RecordedRequest = {
      seq: ++this.requestSeq,
      at: new Date().toISOString(),
      ...input,
      originalUrl: input.path,
      headers,
      status: null,
      fault: null,
    };
    this.requests.push(entry);
    if (this.requests.length > MAX_RECORDED_REQUESTS) this.requests.splice(0, this.requests.length - MAX_RECORDED_REQUESTS);
    return entry;
  }

  /** Every Fintecture API call received, oldest first (bounded to the last 1000). */
  recordedRequests(): RecordedRequest[] {
    return this.requests.map((entry) => ({ ...entry, headers: { ...entry.headers } }));
  }

  webhookDeliveries(): WebhookDelivery[] {
    return this.webhooks.list();
  }

  /** Forgets sessions, recorded calls, faults and webhooks; issued tokens stay valid. */
  reset(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.sessions.clear();
    this.requests.length = 0;
    this.faults.clear();
    this.webhooks.clear();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    // Held answers go out now, so that closing the server does not wait for them.
    for (const release of [...this.holds]) release();
  }

  /**
   * Waits like a slow Fintecture would. Resolves true when it is time to answer, false when the
   * client hung up first (nothing left to answer).
   */
  hold(ms: number, res: Response): Promise<boolean> {
    if (this.stopped || ms <= 0) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const finish = (answer: boolean) => {
        clearTimeout(timer);
        res.off('close', onClose);
        this.holds.delete(release);
        resolve(answer);
      };
      const release = () => finish(true);
      const onClose = () => finish(false);
      const timer = setTimeout(release, ms);
      timer.unref();
      this.holds.add(release);
      res.once('close', onClose);
    });
  }

  // ---- sessions ---------------------------------------------------------------------------

  /** A copy of the session, or undefined; an overdue expiry is applied first. */
  getSession(id: string): EmulatorSession | undefined {
    const session = this.find(id);
    return session ? structuredClone(session) : undefined;
  }

  listSessions(statuses?: readonly string[]): EmulatorSession[] {
    const all = [...this.sessions.keys()].map((id) => this.find(id) as EmulatorSession);
    return all
      .filter((session) => !statuses || statuses.includes(session.status))
      .reverse()
      .map((session) => structuredClone(session));
  }

  requireSession(id: string): EmulatorSession {
    const session = this.find(id);
    if (!session) throw FintectureApiError.notFound(`No payment session ${id}`);
    return session;
  }

  createSession(request: ConnectRequest, connectHeaders: Record<string, string>): EmulatorSession {
    const now = new Date();
    const session: EmulatorSession = {
      id: this.newSessionId(),
      // With several methods offered, the payer's choice on the page decides the type.
      type: TYPE_OF_METHOD[request.paymentMethods[0]],
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      status: 'provider_required',
      transferState: null,
      amount: request.amount,
      currency: request.currency,
      communication: request.communication,
      receivedAmount: null,
      state: request.state,
      redirectUri: request.redirectUri,
      originUri: request.originUri,
      paymentMethods: request.paymentMethods,
      provider: null,
      customerId: null,
      psuName: request.psuName,
      psuCompany: request.psuCompany,
      psuIncorporation: request.psuIncorporation,
      beneficiaryName: request.beneficiaryName,
      endToEndId: request.endToEndId,
      executionDate: request.executionDate,
      scheme: request.scheme,
      externalReference: request.externalReference,
      invoiceReference: null,
      expiresAt: request.expirySeconds ? new Date(now.getTime() + request.expirySeconds * 1000).toISOString() : null,
      virtualBeneficiary:
        request.withVirtualBeneficiary || request.smartTransferRequested ? this.virtualBeneficiary(request) : null,
      refundedSessionId: null,
      refundIds: [],
      connectHeaders,
      history: [],
    };
    session.history.push(this.historyEntry(session, 'connect', null));
    this.sessions.set(session.id, session);
    if (session.expiresAt) this.armExpiry(session.id, request.expirySeconds! * 1000);
    return session;
  }

  /**
   * The payer's choice on the payer page (fintecture-api.md §5): the new status and transfer
   * state, a webhook, and where to send the payer next. Abandon changes nothing and sends no
   * webhook: leaving Fintecture's page does not end a session at Fintecture, the payer may come
   * back, and if nobody does the session's expiry (when one was given) ends it as payment_expired.
   */
  applyPayerAction(id: string, action: PayerAction, choice: PayerChoice): { session: EmulatorSession; redirectTo: string | null } {
    const session = this.requireSession(id);
    if (!AWAITING_PAYER_STATUSES.has(session.status)) {
      throw new FintectureApiError(409, errorItem('session_closed', `This payment session is already ${session.status}.`));
    }
    if (action === 'abandon') return { session, redirectTo: this.abandonTarget(session) };

    const provider = choice.provider || DEMO_BANKS[0].id;
    if (!DEMO_BANKS.some((bank) => bank.id === provider)) {
      throw FintectureApiError.badRequest(errorItem('invalid_field', 'provider: choose one of the listed banks'));
    }
    let method: PaymentMethod = session.paymentMethods[0];
    if (choice.method) {
      if (!session.paymentMethods.includes(choice.method as PaymentMethod)) {
        throw FintectureApiError.badRequest(errorItem('invalid_field', 'method: choose one of the offered payment methods'));
      }
      method = choice.method as PaymentMethod;
    }
    const type = TYPE_OF_METHOD[method];
    const amountCents = toCents(session.amount) as number;
    let change: SessionChange;
    switch (action) {
      case 'pay':
        if (type === 'BuyNowPayLater') {
          change = REFUSED_BNPL_SIRENS.has(session.psuIncorporation ?? '')
            ? { status: 'payment_unsuccessful', transferState: 'rejected', receivedAmount: null }
            : // The insurer covers the order; the funds follow at the due date (transfer deferred).
              { status: 'order_created', transferState: 'pending', receivedAmount: null };
        } else {
          change = { status: 'payment_created', transferState: 'received', receivedAmount: session.amount };
        }
        break;
      case 'pay_less':
      case 'pay_more': {
        if (type === 'BuyNowPayLater') {
          throw FintectureApiError.badRequest(errorItem('invalid_field', 'Buy Now Pay Later pays the exact amount'));
        }
        const less = action === 'pay_less';
        const fallback = less ? Math.floor(amountCents / 2) : amountCents + Math.max(1, Math.ceil(amountCents / 10));
        const given = choice.receivedAmount ? toCents(choice.receivedAmount) : fallback;
        if (given === null || (less ? given <= 0 || given >= amountCents : given <= amountCents)) {
          throw FintectureApiError.badRequest(
            errorItem(
              'invalid_field',
              less
                ? `received_amount must be more than 0 and less than ${session.amount}`
                : `received_amount must be more than ${session.amount}`,
            ),
          );
        }
        change = less
          ? { status: 'payment_partial', transferState: 'insufficient', receivedAmount: fromCents(given) }
          : { status: 'payment_created', transferState: 'overpaid', receivedAmount: fromCents(given) };
        break;
      }
      case 'refuse':
        change = { status: 'payment_unsuccessful', transferState: 'rejected', receivedAmount: null };
        break;
    }
    session.type = type;
    session.provider = provider;
    session.customerId ??= randomBytes(16).toString('hex');
    this.applyChange(session, change, 'payer', true);
    return { session, redirectTo: this.redirectTarget(session) };
  }

  /** PATCH /pis/v2/payments/{id}. */
  patch(id: string, patch: PaymentPatch): EmulatorSession {
    const session = this.requireSession(id);
    if (patch.kind === 'invoice_reference') {
      session.invoiceReference = patch.invoiceReference;
      session.updatedAt = new Date().toISOString();
      return session;
    }
    // Cancelling twice is harmless: the second call finds what the first one did.
    if (session.status === 'payment_cancelled') return session;
    if (!CANCELLABLE_STATUSES.has(session.status)) {
      throw FintectureApiError.badRequest(
        errorItem('invalid_field', `meta.status: a payment session in status ${session.status} cannot be cancelled`),
      );
    }
    this.applyChange(session, { status: 'payment_cancelled', transferState: 'cancelled' }, 'merchant', true);
    return session;
  }

  /** POST /pis/v2/refund: accepted now, completed a moment later, announced by a Refund webhook. */
  refund(request: RefundRequest): EmulatorSession {
    const original = this.find(request.sessionId);
    if (!original || original.type === 'Refund') {
      throw FintectureApiError.badRequest(
        errorItem('session_id_invalid_or_expired', `meta.session_id: no payment session ${request.sessionId} to refund`),
      );
    }
    if (!['payment_created', 'payment_partial'].includes(original.status)) {
      throw FintectureApiError.badRequest(
        errorItem('refund_aborted', `the payment session is ${original.status}; only a paid session can be refunded`),
      );
    }
    const paid = toCents(original.receivedAmount ?? original.amount) as number;
    const refunded = original.refundIds
      .map((refundId) => this.sessions.get(refundId))
      .filter((refund): refund is EmulatorSession => !!refund && refund.status !== 'refund_aborted')
      .reduce((sum, refund) => sum + (toCents(refund.amount) ?? 0), 0);
    const refundable = paid - refunded;
    const wanted = request.amount === null ? refundable : (toCents(request.amount) as number);
    if (refundable <= 0 || wanted > refundable) {
      throw FintectureApiError.badRequest(
        errorItem('refund_aborted', `at most ${fromCents(Math.max(0, refundable))} can still be refunded on this session`),
      );
    }
    const now = new Date().toISOString();
    const refund: EmulatorSession = {
      ...structuredClone(original),
      id: this.newSessionId(),
      type: 'Refund',
      createdAt: now,
      updatedAt: now,
      status: 'refund_accepted',
      transferState: null,
      amount: request.amount ?? fromCents(wanted),
      receivedAmount: null,
      communication: request.communication ?? original.communication,
      state: request.state,
      redirectUri: null,
      originUri: null,
      expiresAt: null,
      virtualBeneficiary: null,
      invoiceReference: null,
      refundedSessionId: original.id,
      refundIds: [],
      history: [],
    };
    refund.history.push(this.historyEntry(refund, 'refund', null));
    this.sessions.set(refund.id, refund);
    original.refundIds.push(refund.id);
    this.setTimer(`refund:${refund.id}`, 0, () => {
      if (refund.status === 'refund_accepted') {
        this.applyChange(refund, { status: 'payment_created', transferState: 'completed', receivedAmount: refund.amount }, 'refund', true);
      }
    });
    return refund;
  }

  /** Test control: applies any change, allowed or not, and (unless told otherwise) sends its webhook. */
  simulate(id: string, input: Record<string, unknown>): EmulatorSession {
    const session = this.requireSession(id);
    const items = [];
    const status = input.status;
    if (typeof status !== 'string' || !(SESSION_STATUSES as readonly string[]).includes(status)) {
      items.push(errorItem('invalid_field', `status must be one of ${SESSION_STATUSES.join(', ')}`));
    }
    const transferState = input.transfer_state ?? null;
    if (transferState !== null && (typeof transferState !== 'string' || !(TRANSFER_STATES as readonly string[]).includes(transferState))) {
      items.push(errorItem('invalid_field', `transfer_state must be null or one of ${TRANSFER_STATES.join(', ')}`));
    }
    const received = input.received_amount;
    if (received !== undefined && received !== null && (typeof received !== 'string' || toCents(received) === null)) {
      items.push(errorItem('invalid_field', 'received_amount must be a decimal amount such as "21.25", or null'));
    }
    const sendWebhook = input.send_webhook ?? true;
    if (typeof sendWebhook !== 'boolean') items.push(errorItem('invalid_field', 'send_webhook must be a boolean'));
    if (items.length) throw FintectureApiError.badRequest(items);
    // transfer_state is part of the change (omitted = none); received_amount is kept unless given.
    const change: SessionChange = { status: status as string, transferState: transferState as string | null };
    if (received !== undefined) change.receivedAmount = received as string | null;
    this.applyChange(session, change, 'simulate', sendWebhook as boolean);
    return session;
  }

  applyChange(session: EmulatorSession, change: SessionChange, source: StatusChange['source'], sendWebhook: boolean): void {
    session.status = change.status;
    session.transferState = change.transferState;
    if (change.receivedAmount !== undefined) session.receivedAmount = change.receivedAmount;
    session.updatedAt = new Date().toISOString();
    let webhookId: string | null = null;
    if (sendWebhook && !this.stopped) {
      webhookId = this.webhooks.send({
        sessionId: session.id,
        status: session.status,
        transferState: session.transferState,
        type: session.type,
        amount: session.amount,
        receivedAmount: session.receivedAmount,
        refundedSessionId: session.refundedSessionId,
        state: session.state,
        provider: session.provider,
        customerId: session.customerId,
      }).id;
    }
    session.history.push(this.historyEntry(session, source, webhookId));
  }

  // ---- helpers ----------------------------------------------------------------------------

  private find(id: string): EmulatorSession | undefined {
    const session = this.sessions.get(id);
    if (session) this.expireIfDue(session);
    return session;
  }

  private newSessionId(): string {
    let id: string;
    do id = randomBytes(16).toString('hex');
    while (this.sessions.has(id));
    return id;
  }

  private historyEntry(session: EmulatorSession, source: StatusChange['source'], webhookId: string | null): StatusChange {
    return {
      at: session.updatedAt,
      status: session.status,
      transferState: session.transferState,
      receivedAmount: session.receivedAmount,
      source,
      webhookId,
    };
  }

  private armExpiry(id: string, delayMs: number): void {
    this.setTimer(`expiry:${id}`, Math.min(delayMs, MAX_TIMER_MS), () => {
      const session = this.sessions.get(id);
      if (!session?.expiresAt) return;
      const remaining = Date.parse(session.expiresAt) - Date.now();
      if (remaining > 0) this.armExpiry(id, remaining);
      else this.expireIfDue(session);
    });
  }

  /** Only a session still waiting for its payer expires; paid, cancelled or refused ones stay as they are. */
  private expireIfDue(session: EmulatorSession): void {
    if (!session.expiresAt || Date.parse(session.expiresAt) > Date.now()) return;
    if (!AWAITING_PAYER_STATUSES.has(session.status)) return;
    this.applyChange(session, { status: 'payment_expired', transferState: session.transferState }, 'expiry', true);
  }

  private setTimer(key: string, delayMs: number, run: () => void): void {
    if (this.stopped) return;
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      try {
        run();
      } catch (error) {
        this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      }
    }, delayMs);
    timer.unref();
    this.timers.set(key, timer);
  }

  private redirectTarget(session: EmulatorSession): string | null {
    if (!session.redirectUri) return null;
    const url = new URL(session.redirectUri);
    url.searchParams.set('session_id', session.id);
    url.searchParams.set('status', session.status);
    if (session.state !== null) url.searchParams.set('state', session.state);
    if (session.provider) url.searchParams.set('provider', session.provider);
    return url.toString();
  }

  private abandonTarget(session: EmulatorSession): string | null {
    if (session.originUri) return session.originUri;
    return this.redirectTarget(session);
  }

  private virtualBeneficiary(request: ConnectRequest): VirtualBeneficiary {
    return {
      type: 'iban',
      name: request.beneficiaryName ?? 'Fintecture Emulator Wallet',
      iban: demoIban(),
      swift_bic: 'EMULFRPPXXX',
      bank_name: 'Emulator Payment Account',
      street: '1 rue de l’Exemple',
      zip: '75000',
      city: 'Paris',
      country: 'FR',
    };
  }
}
