/** The parts of Fintecture's answers this service relies on, read defensively by the client. */

export interface CreatedPaymentSession {
  sessionId: string;
  url: string;
  virtualBeneficiary: Record<string, unknown> | null;
  beneficiary: Record<string, unknown> | null;
  requestId: string;
}

export interface PaymentStatusReport {
  sessionId: string;
  status: string;
  transferState: string | null;
  amount: string | null;
  receivedAmount: string | null;
  type: string | null;
  /** The merchant's state, when Fintecture echoes it (not evidenced in its sources; the emulator does). */
  state?: string | null;
  requestId: string;
}

export interface CreatePaymentSessionCall {
  /** Already percent-encoded, without the leading "?"; signed and sent as is. */
  query: string;
  /** The JSON body, serialised once: the bytes hashed are the bytes sent. */
  body: string;
  /** x-psu-type, x-country, x-language, x-provider: not signed, as in Fintecture's SDKs. */
  headers: Record<string, string>;
}
