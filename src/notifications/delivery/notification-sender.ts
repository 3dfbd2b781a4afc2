import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { AddressClass, classifyAddress } from './address-classifier';
import { bareHost } from './endpoint-url-rules';

/** Kept of an answer's body, for diagnosis. */
export const ANSWER_BODY_LIMIT = 2048;

export interface ResolvedAddress {
  address: string;
  family: number;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export class BlockedAddressError extends Error {
  constructor(
    readonly address: string,
    readonly kind: AddressClass,
  ) {
    super(`refused to connect to a ${kind} address`);
    this.name = 'BlockedAddressError';
  }
}

/**
 * A `lookup` for the HTTP client that refuses a name when any of its addresses is refused, and
 * hands the client exactly the addresses it checked: the connection goes where the rule looked,
 * so a DNS answer that changes between check and connect (rebinding) cannot slip past it.
 */
export function guardedLookup(allowed: (kind: AddressClass) => boolean, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((found) => {
        const family = typeof options === 'object' && options?.family ? Number(options.family) : 0;
        const addresses = family ? found.filter((a) => a.family === family) : found;
        if (!addresses.length) throw Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' });
        for (const { address } of addresses) {
          const kind = classifyAddress(address);
          if (!allowed(kind)) throw new BlockedAddressError(address, kind);
        }
        if (typeof options === 'object' && options?.all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, '', 0));
  };
}

export interface NotificationRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** False: only public addresses (the production SSRF rule). */
  allowPrivateAddresses: boolean;
  signal?: AbortSignal;
  resolve?: Resolver;
}

export type NotificationAnswer =
  | { kind: 'answered'; status: number; body: string; durationMs: number }
  | { kind: 'timeout' | 'network_error' | 'blocked' | 'aborted'; error: string; durationMs: number };

const USER_AGENT = 'fintecture-payments-service-notifications/1';

/**
 * One POST of a notification: no redirect is followed (a 3xx is an answer like any other
 * non-2xx), no connection is reused, at most ANSWER_BODY_LIMIT bytes of the answer are read,
 * and the whole exchange, headers and kept body, must fit in `timeoutMs`.
 */
export function postNotification(request: NotificationRequest): Promise<NotificationAnswer> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const allowed = (kind: AddressClass) => request.allowPrivateAddresses || kind === 'public';
  const url = new URL(request.url);
  const host = bareHost(url);
  // A literal address never goes through lookup: it is judged here.
  if (isIP(host) && !allowed(classifyAddress(host))) {
    return Promise.resolve({ kind: 'blocked', error: new BlockedAddressError(host, classifyAddress(host)).message, durationMs: 0 });
  }
  return new Promise<NotificationAnswer>((resolve) => {
    let settled = false;
    let status: number | null = null;
    const kept: Buffer[] = [];
    let keptBytes = 0;
    const finish = (answer: NotificationAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      resolve(answer);
    };
    const answered = () => finish({ kind: 'answered', status: status!, body: Buffer.concat(kept).toString('utf8'), durationMs: elapsed() });
    const body = Buffer.from(request.body, 'utf8');
    const req = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: 'POST',
        agent: false,
        lookup: guardedLookup(allowed, request.resolve),
        headers: {
          ...request.headers,
          'content-type': 'application/json',
          'content-length': String(body.length),
          'user-agent': USER_AGENT,
          connection: 'close',
        },
      },
      (res) => {
        status = res.statusCode ?? 0;
        res.on('data', (chunk: Buffer) => {
          if (keptBytes >= ANSWER_BODY_LIMIT) return;
          const part = chunk.subarray(0, ANSWER_BODY_LIMIT - keptBytes);
          kept.push(part);
          keptBytes += part.length;
          if (keptBytes >= ANSWER_BODY_LIMIT) answered();
        });
        res.on('end', answered);
        res.on('error', answered);
      },
    );
    const timer = setTimeout(() => {
      // The status line came in time: that is the answer, whatever the body still does.
      if (status !== null) answered();
      else finish({ kind: 'timeout', error: `no answer within ${request.timeoutMs} ms`, durationMs: elapsed() });
    }, request.timeoutMs);
    const onAbort = () => finish({ kind: 'aborted', error: 'stopped by shutdown', durationMs: elapsed() });
    if (request.signal?.aborted) return onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (status !== null) return answered();
      if (error instanceof BlockedAddressError) return finish({ kind: 'blocked', error: error.message, durationMs: elapsed() });
      finish({ kind: 'network_error', error: error.code ? `${error.code}: ${error.message}` : error.message, durationMs: elapsed() });
    });
    req.end(body);
  });
}
