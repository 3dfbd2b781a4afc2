export interface EmulatorOptions {
  /** Public address of the emulator's routes, e.g. http://127.0.0.1:3000/emulator: meta.url and the payer page use it. */
  publicBaseUrl: string;
  /** Where webhooks go. */
  webhookUrl: string;
  webhookFormat: 'form' | 'json';
  /** `minimal`: only the fields of Fintecture's documented webhook example; default `full`. */
  webhookFields?: 'full' | 'minimal';
  /** Deliveries per webhook, the first included (Fintecture: 10). */
  webhookMaxAttempts: number;
  /** Delay before the first retry; it doubles at each further retry. */
  webhookBaseDelayMs: number;
  /** expires_in of the access tokens (Fintecture: 3600). */
  tokenTtlSeconds: number;
  /** How long a 'timeout' fault holds the answer. */
  timeoutFaultMs: number;
  /** How long one delivery waits for the receiver's answer (Fintecture: 20 s). */
  webhookTimeoutMs?: number;
  /** How long an accepted refund takes to complete and send its webhook (default 0: at once). */
  refundCompletionMs?: number;
}

export const EMULATOR_OPTIONS = Symbol('EMULATOR_OPTIONS');

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 20_000;

/**
 * A URL whose port is 0 means "the port this server ended up on": the service and the standalone
 * runner both accept PORT=0, and the options are built before the port is known.
 */
export function resolveListeningUrl(url: string, listeningPort: number | undefined): string {
  if (!listeningPort) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.port !== '0') return url;
  parsed.port = String(listeningPort);
  const resolved = parsed.toString();
  // URL adds a trailing slash to a bare origin; keep the caller's spelling otherwise.
  return url.endsWith('/') || parsed.pathname !== '/' ? resolved : resolved.replace(/\/$/, '');
}
