/**
 * What became of a webhook: applied, duplicate, refused (by the transition rules), unknown
 * (session), ignored (status without effect), invalid (signature, digest, date).
 */
export type WebhookResult = 'applied' | 'duplicate' | 'refused' | 'unknown' | 'ignored' | 'invalid';
export const WEBHOOK_RESULTS: readonly WebhookResult[] = ['applied', 'duplicate', 'refused', 'unknown', 'ignored', 'invalid'];

/** A webhook was answered (not emitted for the 5xx answers that ask Fintecture to retry). */
export class WebhookReceivedEvent {
  static readonly NAME = 'webhook.received';

  constructor(readonly result: WebhookResult) {}
}
