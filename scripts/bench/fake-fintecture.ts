import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A stand-in for Fintecture that costs next to nothing: no signature checks, no state but the
 * amount of each session it created, an answer at once, keep-alive. Its answers have the shapes
 * the service's client reads (token; connect's meta.session_id and meta.url; a payment's
 * meta.status, data.transfer_state and data.attributes amounts). `npm run bench:*` start it in
 * a process of its own (`FAKE_PORT`, `FAKE_PAYMENT_STATUS`, `FAKE_AMOUNT`); tests may run it in theirs.
 */
export interface FakeFintectureOptions {
  /** The status GET /pis/v2/payments/{id} reports; provider_required (still with the payer) by default. */
  paymentStatus?: string;
  /** The amount reported for a session this fake did not create (direct inserts). */
  defaultAmount?: string;
  /** Answer GETs this late: tests that need passes of two instances to overlap. */
  getDelayMs?: number;
}

export interface FakeFintectureCounts {
  token: number;
  connect: number;
  get: number;
  patch: number;
  other: number;
  /** GETs per session id: how often each session was asked about. */
  getsBySession: Record<string, number>;
}

export interface FakeFintecture {
  server: Server;
  url: string;
  counts: FakeFintectureCounts;
  close(): Promise<void>;
}

const PAYMENT_PATH = /^\/pis\/v2\/payments\/([0-9a-f]{32})$/;

export function fakeFintectureHandler(options: FakeFintectureOptions = {}) {
  const paymentStatus = options.paymentStatus ?? 'provider_required';
  const defaultAmount = options.defaultAmount ?? '149.90';
  const amounts = new Map<string, string>();
  const counts: FakeFintectureCounts = { token: 0, connect: 0, get: 0, patch: 0, other: 0, getsBySession: {} };

  const payment = (sessionId: string, status: string) => {
    const amount = amounts.get(sessionId) ?? defaultAmount;
    const paid = status === 'payment_created';
    return {
      meta: { session_id: sessionId, status, code: 200, type: 'PayByBank' },
      data: {
        id: sessionId,
        type: 'payments',
        transfer_state: paid ? 'received' : null,
        attributes: { amount, currency: 'EUR', received_amount: paid ? amount : null, transfer_state: paid ? 'received' : null },
      },
    };
  };

  const handle = (req: IncomingMessage, body: string, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (req.method === 'POST' && path === '/oauth/accesstoken') {
      counts.token += 1;
      return send(200, { access_token: randomBytes(24).toString('hex'), token_type: 'Bearer', expires_in: 3600 });
    }
    if (req.method === 'POST' && path === '/pis/v2/connect') {
      counts.connect += 1;
      const sessionId = randomBytes(16).toString('hex');
      try {
        const amount = (JSON.parse(body) as { data?: { attributes?: { amount?: unknown } } }).data?.attributes?.amount;
        if (typeof amount === 'string') amounts.set(sessionId, amount);
      } catch {
        // Not this fake's business: it answers anything.
      }
      return send(200, {
        meta: { session_id: sessionId, status: 200, code: 'ok', url: `https://connect-sandbox.fintecture.com/?session_id=${sessionId}` },
      });
    }
    const match = PAYMENT_PATH.exec(path);
    if (match && req.method === 'GET') {
      counts.get += 1;
      counts.getsBySession[match[1]] = (counts.getsBySession[match[1]] ?? 0) + 1;
      if (options.getDelayMs) return void setTimeout(() => send(200, payment(match[1], paymentStatus)), options.getDelayMs);
      return send(200, payment(match[1], paymentStatus));
    }
    if (match && req.method === 'PATCH') {
      counts.patch += 1;
      return send(200, payment(match[1], 'payment_cancelled'));
    }
    if (req.method === 'GET' && path === '/_fake/counts') return send(200, counts);
    counts.other += 1;
    return send(404, { status: 404, code: 'not_found' });
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, Buffer.concat(chunks).toString('utf8'), res));
  };
  return { listener, counts };
}

export async function startFakeFintecture(options: FakeFintectureOptions = {}, port = 0): Promise<FakeFintecture> {
  const { listener, counts } = fakeFintectureHandler(options);
  const server = createServer(listener);
  // Longer than any client's idle socket: the fake never closes a connection under a caller.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${address.port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (require.main === module) {
  startFakeFintecture(
    { paymentStatus: process.env.FAKE_PAYMENT_STATUS || undefined, defaultAmount: process.env.FAKE_AMOUNT || undefined },
    Number(process.env.FAKE_PORT ?? 0),
  )
    .then((fake) => {
      console.log(`fake Fintecture listening on port ${new URL(fake.url).port}`);
      process.once('SIGTERM', () => void fake.close().then(() => process.exit(0)));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
