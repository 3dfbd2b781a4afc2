import { fromMinorUnits, tryMinorUnits } from '../common/money';
import { errorItem, FintectureApiError } from './emulator-errors';
import {
  AWAITING_PAYER_STATUSES,
  CANCELLABLE_STATUSES,
  DEMO_BANKS,
  EmulatorSession,
  PaymentMethod,
  SESSION_STATUSES,
  SessionType,
  TRANSFER_STATES,
  TYPE_OF_METHOD,
} from './emulator-model';

/**
 * What may happen to an emulated session, as pure functions: the services hold the sessions and
 * apply what these decide. Refusals are thrown in Fintecture's shape.
 */

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
  /** Omitted: the received amount stays as it was. */
  receivedAmount?: string | null;
}

export interface PayerDecision {
  change: SessionChange;
  type: SessionType;
  provider: string;
}

// BNPL sandbox companies (fintecture-api.md §2.3): these SIRENs are refused by the insurer.
const REFUSED_BNPL_SIRENS = new Set(['000000001', '000000002', '000000003']);

function closedSession(session: EmulatorSession): FintectureApiError {
  return new FintectureApiError(409, errorItem('session_closed', `This payment session is already ${session.status}.`));
}

/** The payer's choice on the payer page (fintecture-api.md §5), abandon aside: it changes nothing. */
export function payerDecision(session: EmulatorSession, action: Exclude<PayerAction, 'abandon'>, choice: PayerChoice): PayerDecision {
  if (!AWAITING_PAYER_STATUSES.has(session.status)) throw closedSession(session);
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
  switch (action) {
    case 'pay':
      if (type !== 'BuyNowPayLater') {
        return { type, provider, change: { status: 'payment_created', transferState: 'received', receivedAmount: session.amount } };
      }
      return {
        type,
        provider,
        change: REFUSED_BNPL_SIRENS.has(session.psuIncorporation ?? '')
          ? { status: 'payment_unsuccessful', transferState: 'rejected', receivedAmount: null }
          : // The insurer covers the order; the funds follow at the due date (transfer deferred).
            { status: 'order_created', transferState: 'pending', receivedAmount: null },
      };
    case 'pay_less':
    case 'pay_more':
      if (type === 'BuyNowPayLater') {
        throw FintectureApiError.badRequest(errorItem('invalid_field', 'Buy Now Pay Later pays the exact amount'));
      }
      return { type, provider, change: wrongAmountChange(session, action === 'pay_less', choice.receivedAmount) };
    case 'refuse':
      return { type, provider, change: { status: 'payment_unsuccessful', transferState: 'rejected', receivedAmount: null } };
  }
}

/** The amounts the pay-less and pay-more buttons offer when the payer types none. */
export function defaultWrongAmounts(amount: string): { less: string; more: string } {
  const cents = tryMinorUnits(amount) ?? 0;
  return { less: fromMinorUnits(Math.floor(cents / 2)), more: fromMinorUnits(cents + Math.max(1, Math.ceil(cents / 10))) };
}

function wrongAmountChange(session: EmulatorSession, less: boolean, typed: string | undefined): SessionChange {
  const expected = tryMinorUnits(session.amount) as number;
  const fallback = defaultWrongAmounts(session.amount);
  const given = tryMinorUnits(typed ?? (less ? fallback.less : fallback.more));
  if (given === null || (less ? given <= 0 || given >= expected : given <= expected)) {
    throw FintectureApiError.badRequest(
      errorItem(
        'invalid_field',
        less ? `received_amount must be more than 0 and less than ${session.amount}` : `received_amount must be more than ${session.amount}`,
      ),
    );
  }
  return less
    ? { status: 'payment_partial', transferState: 'insufficient', receivedAmount: fromMinorUnits(given) }
    : { status: 'payment_created', transferState: 'overpaid', receivedAmount: fromMinorUnits(given) };
}

/** Where the payer goes after deciding: redirect_uri with session_id, status, state and provider. */
export function redirectTarget(session: EmulatorSession): string | null {
  if (!session.redirectUri) return null;
  const url = new URL(session.redirectUri);
  url.searchParams.set('session_id', session.id);
  url.searchParams.set('status', session.status);
  if (session.state !== null) url.searchParams.set('state', session.state);
  if (session.provider) url.searchParams.set('provider', session.provider);
  return url.toString();
}

/** Leaving the page leads back to origin_uri, or failing that to redirect_uri. */
export function abandonTarget(session: EmulatorSession): string | null {
  if (!AWAITING_PAYER_STATUSES.has(session.status)) throw closedSession(session);
  return session.originUri ?? redirectTarget(session);
}

/** A merchant's cancellation; null when it is already cancelled (cancelling twice is harmless). */
export function cancellation(session: EmulatorSession): SessionChange | null {
  if (session.status === 'payment_cancelled') return null;
  if (!CANCELLABLE_STATUSES.has(session.status)) {
    throw FintectureApiError.badRequest(errorItem('invalid_field', `meta.status: a payment session in status ${session.status} cannot be cancelled`));
  }
  return { status: 'payment_cancelled', transferState: 'cancelled' };
}

/** A refund session in one of these gave nothing back. */
const FAILED_REFUND_STATUSES: ReadonlySet<string> = new Set(['refund_aborted', 'payment_unsuccessful', 'payment_cancelled', 'payment_expired']);

/** What a refund may still take from a session: what was paid, less the refunds that did not fail. */
export function refundableCents(original: EmulatorSession, refunds: readonly EmulatorSession[]): number {
  const paid = tryMinorUnits(original.receivedAmount ?? original.amount) ?? 0;
  const refunded = refunds
    .filter((refund) => !FAILED_REFUND_STATUSES.has(refund.status))
    .reduce((sum, refund) => sum + (tryMinorUnits(refund.amount) ?? 0), 0);
  return paid - refunded;
}

/**
 * The test control's body: any status, any transfer state (omitted = none), the received
 * amount kept unless given, and a webhook unless send_webhook is false.
 */
export function simulation(input: Record<string, unknown>): { change: SessionChange; sendWebhook: boolean } {
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
  if (received !== undefined && received !== null && (typeof received !== 'string' || tryMinorUnits(received) === null)) {
    items.push(errorItem('invalid_field', 'received_amount must be a decimal amount such as "21.25", or null'));
  }
  const sendWebhook = input.send_webhook ?? true;
  if (typeof sendWebhook !== 'boolean') items.push(errorItem('invalid_field', 'send_webhook must be a boolean'));
  if (items.length) throw FintectureApiError.badRequest(items);
  const change: SessionChange = { status: status as string, transferState: transferState as string | null };
  if (received !== undefined) change.receivedAmount = received as string | null;
  return { change, sendWebhook: sendWebhook as boolean };
}
