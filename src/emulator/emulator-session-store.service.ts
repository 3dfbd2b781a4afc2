import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { FintectureApiError } from './emulator-errors';
import { AWAITING_PAYER_STATUSES, EmulatorSession, StatusChange, TYPE_OF_METHOD, VirtualBeneficiary } from './emulator-model';
import { cancellation, SessionChange } from './emulator-session-rules';
import { EmulatorTimers } from './emulator-timers.service';
import { PaymentPatch } from './emulator-payment-validation';
import { ConnectRequest } from './emulator-validation';
import { EmulatorWebhookService } from './emulator-webhooks';
import { demoIban } from './iban';

/**
 * The emulated Fintecture's payment sessions, in memory (a restart forgets them), and the one
 * path every change takes: status, history, webhook. An expiry that is due is applied before a
 * session is read, so nobody sees a session that should have expired.
 */
@Injectable()
export class EmulatorSessionStore {
  private readonly sessions = new Map<string, EmulatorSession>();

  constructor(
    private readonly webhooks: EmulatorWebhookService,
    private readonly timers: EmulatorTimers,
  ) {}

  /** A copy of the session, or undefined. */
  get(id: string): EmulatorSession | undefined {
    const session = this.find(id);
    return session ? structuredClone(session) : undefined;
  }

  /** Copies, newest first, optionally only those in the given statuses. */
  list(statuses?: readonly string[]): EmulatorSession[] {
    const all = [...this.sessions.keys()].map((id) => this.find(id) as EmulatorSession);
    return all
      .filter((session) => !statuses || statuses.includes(session.status))
      .reverse()
      .map((session) => structuredClone(session));
  }

  /** The live session (changes to it are the store's business), or 404 in Fintecture's shape. */
  require(id: string): EmulatorSession {
    const session = this.find(id);
    if (!session) throw FintectureApiError.notFound(`No payment session ${id}`);
    return session;
  }

  /** The live session, or undefined. */
  find(id: string): EmulatorSession | undefined {
    const session = this.sessions.get(id);
    if (session) this.expireIfDue(session);
    return session;
  }

  newSessionId(): string {
    let id: string;
    do id = randomBytes(16).toString('hex');
    while (this.sessions.has(id));
    return id;
  }

  create(request: ConnectRequest, connectHeaders: Record<string, string>): EmulatorSession {
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
      virtualBeneficiary: request.withVirtualBeneficiary || request.smartTransferRequested ? virtualBeneficiary(request) : null,
      refundedSessionId: null,
      refundIds: [],
      connectHeaders,
      history: [],
    };
    this.add(session, 'connect');
    if (session.expiresAt) this.armExpiry(session.id, request.expirySeconds! * 1000);
    return session;
  }

  /** Keeps a session built elsewhere (a refund), its first history entry written from its current state. */
  add(session: EmulatorSession, source: StatusChange['source']): void {
    session.history.push(historyEntry(session, source, null));
    this.sessions.set(session.id, session);
  }

  /** PATCH /pis/v2/payments/{id}: an invoice reference, or a cancellation. */
  patch(id: string, patch: PaymentPatch): EmulatorSession {
    const session = this.require(id);
    if (patch.kind === 'invoice_reference') {
      session.invoiceReference = patch.invoiceReference;
      session.updatedAt = new Date().toISOString();
      return session;
    }
    const change = cancellation(session);
    if (change) this.applyChange(session, change, 'merchant', true);
    return session;
  }

  applyChange(session: EmulatorSession, change: SessionChange, source: StatusChange['source'], sendWebhook: boolean): void {
    session.status = change.status;
    session.transferState = change.transferState;
    if (change.receivedAmount !== undefined) session.receivedAmount = change.receivedAmount;
    session.updatedAt = new Date().toISOString();
    const delivery = sendWebhook
      ? this.webhooks.send({
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
        })
      : null;
    session.history.push(historyEntry(session, source, delivery?.id ?? null));
  }

  /** Forgets every session (their timers are the caller's to cancel). */
  clear(): void {
    this.sessions.clear();
  }

  private armExpiry(id: string, delayMs: number): void {
    this.timers.set(`expiry:${id}`, delayMs, () => {
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
}

function historyEntry(session: EmulatorSession, source: StatusChange['source'], webhookId: string | null): StatusChange {
  return {
    at: session.updatedAt,
    status: session.status,
    transferState: session.transferState,
    receivedAmount: session.receivedAmount,
    source,
    webhookId,
  };
}

function virtualBeneficiary(request: ConnectRequest): VirtualBeneficiary {
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
