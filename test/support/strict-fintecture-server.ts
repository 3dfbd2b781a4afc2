import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { verifyRequestSignature } from '../../src/fintecture/http-signature';

export type JsonAnswer = (status: number, body: object) => void;

/** One call past the token route, as the strict fake's own routes see it. */
export interface StrictCall {
  req: IncomingMessage;
  res: ServerResponse;
  /** Path and query exactly as received. */
  path: string;
  /** The body bytes exactly as received. */
  bytes: Buffer;
  answer: JsonAnswer;
  /** Why the bearer token, content type, Digest or HTTP signature does not check out; null when they all do. */
  refusal: () => string | null;
}

export interface StrictFintectureServer {
  url: string;
  appId: string;
  appSecret: string;
  privateKeyPem: string;
  publicKey: KeyObject;
  /** The env that points the service at this fake. */
  env: Record<string, string>;
  close: () => Promise<void>;
}

/**
 * The part every strict stand-in for Fintecture on loopback shares: a key pair of its own, the
 * token call answered with the fake's token, and the checks a signed call must pass, left to each
 * route to apply; everything else is the route handler's.
 */
export async function startStrictFintectureServer(options: {
  appId: string;
  appSecret: string;
  token: string;
  route: (call: StrictCall) => void;
}): Promise<StrictFintectureServer> {
  const { appId, appSecret, token } = options;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const server = createServer((req, res) => {
    void readBody(req).then((bytes) => {
      const path = req.url ?? '/';
      const answer: JsonAnswer = (status, body) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      if (req.method === 'POST' && path === '/oauth/accesstoken') return answer(200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
      options.route({ req, res, path, bytes, answer, refusal: () => checkSigned(req, path, bytes, { appId, publicKey, token }) });
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
    publicKey,
    env: { FINTECTURE_API_URL: url, FINTECTURE_APP_ID: appId, FINTECTURE_APP_SECRET: appSecret, FINTECTURE_PRIVATE_KEY: privateKeyPem },
    close: () => closeServer(server),
  };
}

function checkSigned(
  req: IncomingMessage,
  path: string,
  bytes: Buffer,
  expected: { appId: string; publicKey: KeyObject; token: string },
): string | null {
  if (req.headers.authorization !== `Bearer ${expected.token}`) return 'bad bearer token';
  if (req.method === 'POST' && !/^application\/json\b/.test(req.headers['content-type'] ?? '')) return 'not JSON';
  const verified = verifyRequestSignature({
    method: req.method ?? 'GET',
    pathWithQuery: path,
    headers: req.headers,
    rawBody: req.method === 'GET' ? undefined : bytes,
    appId: expected.appId,
    publicKey: expected.publicKey,
  });
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
