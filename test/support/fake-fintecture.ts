import { generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { verifyRequestSignature } from '../../src/fintecture/http-signature';

export interface RecordedCall {
  method: string;
  /** Path and query exactly as received. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body bytes exactly as received. */
  bytes: Buffer;
}

export interface FakeFintecture {
  url: string;
  appId: string;
  appSecret: string;
  privateKeyPem: string;
  /** Every connect call that passed the strict checks, oldest first. */
  connectCalls: RecordedCall[];
  /** The env that points the service at this fake. */
  env: Record<string, string>;
  close(): Promise<void>;
}

const TOKEN = 'fake-fintecture-access-token';

/**
 * A strict stand-in for Fintecture on loopback: it answers the token call, and a connect call only
 * when its bearer token, Digest (over the bytes received) and HTTP signature all check out; it
 * takes any body shape, as the live sandbox does, and records the exact bytes it was sent.
 */
export async function startFakeFintecture(): Promise<FakeFintecture> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const appId = '6f1d2c3b-4a59-4e87-9c10-2b3a4d5e6f70';
  const appSecret = '0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d';
  const connectCalls: RecordedCall[] = [];

  const server = createServer((req, res) => {
    void readBody(req).then((bytes) => {
      const path = req.url ?? '/';
      const answer = (status: number, body: object) => {
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      };
      if (req.method === 'POST' && path === '/oauth/accesstoken') return answer(200, { access_token: TOKEN, token_type: 'Bearer', expires_in: 3600 });
      if (req.method === 'POST' && path.split('?')[0] === '/pis/v2/connect') {
        const refusal = checkSigned(req, path, bytes, appId, publicKey);
        if (refusal) return answer(401, { errors: [{ code: 'unauthorized', title: refusal }] });
        connectCalls.push({ method: req.method, path, headers: req.headers, bytes });
        const sessionId = randomBytes(16).toString('hex');
        return answer(201, { meta: { session_id: sessionId, url: `https://connect.fake.example/pis/${sessionId}`, status: 201 } });
      }
      return answer(404, { errors: [{ code: 'not_found' }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    url,
    appId,
    appSecret,
    privateKeyPem,
    connectCalls,
    env: { FINTECTURE_API_URL: url, FINTECTURE_APP_ID: appId, FINTECTURE_APP_SECRET: appSecret, FINTECTURE_PRIVATE_KEY: privateKeyPem },
    close: () => closeServer(server),
  };
}

function checkSigned(req: IncomingMessage, path: string, bytes: Buffer, appId: string, publicKey: KeyObject): string | null {
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return 'bad bearer token';
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return 'not JSON';
  const verified = verifyRequestSignature({ method: 'POST', pathWithQuery: path, headers: req.headers, rawBody: bytes, appId, publicKey });
  return verified.ok ? null : `signature refused: ${verified.reason}`;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
