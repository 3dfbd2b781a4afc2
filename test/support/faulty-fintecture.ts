import { generateKeyPairSync, KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { verifyRequestSignature } from '../../src/fintecture/http-signature';

/**
 * What the next create does after Fintecture has made the session: answer (none), never answer
 * (hang), answer after `slowMs` (slow), answer 500, close the socket; or refuse without making
 * anything (400, as Fintecture refuses a bad request).
 */
export type ConnectFault = 'none' | 'hang' | 'slow' | '500' | 'close' | 'refuse';

export interface FakeSession {
  id: string;
  state: string | null;
  amount: string;
  status: string;
  transferState: string | null;
  receivedAmount: string | null;
}

export interface FaultyFintecture {
  url: string;
  appId: string;
  publicKey: KeyObject;
  /** Points the service at this fake (sandbox mode: no emulator mounted). */
  env: Record<string, string>;
  /** Sessions made, oldest first. */
  sessions: FakeSession[];
  /** Connect calls that passed the strict checks. */
  connectCalls(): number;
  /** GET /pis/v2/payments/{id} calls, by session id. */
  getCalls(sessionId: string): number;
  /** The next connect calls suffer these, in order. */
  faults: ConnectFault[];
  slowMs: number;
  pay(sessionId: string, change: Partial<Omit<FakeSession, 'id'>>): void;
  close(): Promise<void>;
}

const TOKEN = `fake-token-${randomUUID()}`;
const CANCELLABLE = new Set(['provider_required', 'sca_required', 'payment_waiting', 'session_initiated', 'payment_pending']);

/**
 * A strict Fintecture on loopback with the faults the emulator cannot produce: every API call
 * needs the bearer token and a signature (and Digest) that verify, or it is refused 401; a
 * create can make its session and then lose its answer. PATCH answers the status the session
 * really has, as Fintecture does when the payer paid just before the merchant cancelled.
 */
export async function startFaultyFintecture(): Promise<FaultyFintecture> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const appId = randomUUID();
  const appSecret = randomUUID();
  const sessions: FakeSession[] = [];
  const gets = new Map<string, number>();
  const sockets = new Set<Socket>();
  let connects = 0;

  const fake: FaultyFintecture = {
    url: '',
    appId,
    publicKey,
    env: {},
    sessions,
    connectCalls: () => connects,
    getCalls: (sessionId) => gets.get(sessionId) ?? 0,
    faults: [],
    slowMs: 0,
    pay: (sessionId, change) => Object.assign(sessions.find((s) => s.id === sessionId) ?? {}, change),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const handle = (req: IncomingMessage, res: ServerResponse, bytes: Buffer) => {
    const path = req.url ?? '/';
    const answer = (status: number, body: object) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'POST' && path === '/oauth/accesstoken') {
      const basic = `Basic ${Buffer.from(`${appId}:${appSecret}`).toString('base64')}`;
      if (req.headers.authorization !== basic) return answer(401, { errors: [{ code: 'unauthorized' }] });
      return answer(200, { access_token: TOKEN, token_type: 'Bearer', expires_in: 3600 });
    }
    const refusal = checkSigned(req, path, bytes, appId, publicKey);
    if (refusal) return answer(401, { errors: [{ code: 'unauthorized', title: refusal }] });

    const [route, query] = path.split('?');
    if (req.method === 'POST' && route === '/pis/v2/connect') {
      connects += 1;
      const fault = fake.faults.shift() ?? 'none';
      if (fault === 'refuse') return answer(400, { errors: [{ code: 'invalid_field', title: 'Refused by the fake' }] });
      const body = JSON.parse(bytes.toString('utf8')) as { data?: { attributes?: { amount?: unknown } } };
      const session: FakeSession = {
        id: randomBytes(16).toString('hex'),
        state: new URLSearchParams(query).get('state'),
        amount: String(body.data?.attributes?.amount),
        status: 'provider_required',
        transferState: null,
        receivedAmount: null,
      };
      sessions.push(session);
      const created = () => answer(201, { meta: { session_id: session.id, url: `https://connect.fake.test/${session.id}` } });
      switch (fault) {
        case 'hang':
          return; // the session exists; its answer never comes (the socket is destroyed at close)
        case 'slow':
          setTimeout(created, fake.slowMs);
          return;
        case '500':
          return answer(500, { errors: [{ code: 'internal_error' }] });
        case 'close':
          req.socket.destroy();
          return;
        default:
          return created();
      }
    }
    const match = /^\/pis\/v2\/payments\/([0-9a-f]{32})$/.exec(route);
    const session = match ? sessions.find((s) => s.id === match[1]) : undefined;
    if (match && req.method === 'GET') gets.set(match[1], (gets.get(match[1]) ?? 0) + 1);
    if (!session) return answer(404, { errors: [{ code: 'not_found' }] });
    if (req.method === 'PATCH' && CANCELLABLE.has(session.status))
      Object.assign(session, { status: 'payment_cancelled', transferState: 'cancelled' });
    if (req.method === 'GET' || req.method === 'PATCH') {
      return answer(200, {
        meta: { session_id: session.id, status: session.status, code: 200, type: 'PayByBank' },
        data: {
          id: session.id,
          type: 'payments',
          transfer_state: session.transferState,
          attributes: { amount: session.amount, currency: 'EUR', state: session.state, received_amount: session.receivedAmount },
        },
      });
    }
    return answer(404, { errors: [{ code: 'not_found' }] });
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.env = {
    FINTECTURE_ENV: 'sandbox',
    FINTECTURE_API_URL: fake.url,
    FINTECTURE_APP_ID: appId,
    FINTECTURE_APP_SECRET: appSecret,
    FINTECTURE_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
  return fake;
}

function checkSigned(req: IncomingMessage, path: string, bytes: Buffer, appId: string, publicKey: KeyObject): string | null {
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return 'bad bearer token';
  const verified = verifyRequestSignature({
    method: req.method ?? 'GET',
    pathWithQuery: path,
    headers: req.headers,
    rawBody: bytes,
    appId,
    publicKey,
  });
  return verified.ok ? null : `signature refused: ${verified.reason}`;
}
