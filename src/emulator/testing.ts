import { createServer, IncomingHttpHeaders, request, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FintectureCredentials } from '../fintecture/fintecture-credentials';
import { signRequest } from '../fintecture/http-signature';

/**
 * Helpers for tests that drive the emulator over real HTTP on loopback: a raw HTTP client (the
 * bytes given are the bytes sent, no header added but Host and Content-Length), a signed
 * Fintecture call, and a webhook receiver whose answers a test scripts.
 */

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export function httpCall(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  const url = new URL(baseUrl);
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(options.body));
  return new Promise<HttpAnswer>((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path, headers, timeout: options.timeoutMs ?? 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms`)));
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export interface SignedCallInput {
  method: 'GET' | 'POST' | 'PATCH';
  /** Path and query as they go on the wire, mount point included (/emulator/pis/v2/...). */
  path: string;
  body?: string;
  token?: string | null;
  credentials: Pick<FintectureCredentials, 'appId' | 'privateKey'>;
  headers?: Record<string, string>;
  /** Changes the headers after signing, to forge a bad request. */
  tamper?: (headers: Record<string, string>) => void;
}

/** The headers of a call signed as Fintecture's SDKs sign them, with the project's signer (tamper applied). */
export function signedHeaders(input: SignedCallInput): Record<string, string> {
  const signed = signRequest({
    method: input.method,
    pathWithQuery: input.path,
    body: input.body,
    appId: input.credentials.appId,
    privateKey: input.credentials.privateKey,
  });
  const headers: Record<string, string> = { Accept: 'application/json', ...signed.headers };
  if (input.token) headers.Authorization = `Bearer ${input.token}`;
  if (input.body !== undefined) headers['Content-Type'] = 'application/json';
  Object.assign(headers, input.headers);
  input.tamper?.(headers);
  return headers;
}

export function signedCall(baseUrl: string, input: SignedCallInput): Promise<HttpAnswer> {
  return httpCall(baseUrl, input.method, input.path, { headers: signedHeaders(input), body: input.body });
}

export async function fetchToken(baseUrl: string, credentials: Pick<FintectureCredentials, 'appId' | 'appSecret'>): Promise<string> {
  const answer = await httpCall(baseUrl, 'POST', '/emulator/oauth/accesstoken', {
    headers: {
      Authorization: 'Basic ' + Buffer.from(`${credentials.appId}:${credentials.appSecret}`).toString('base64'),
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', app_id: credentials.appId, scope: 'PIS' }).toString(),
  });
  if (answer.status !== 200) throw new Error(`token refused: ${answer.status} ${answer.text}`);
  return answer.json<{ access_token: string }>().access_token;
}

export interface ReceivedWebhook {
  at: number;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  body: string;
  /** The status the receiver answered, or null when it let the call hang. */
  answeredWith: number | null;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The next calls get these answers, in order ('hang' = never answer); then 200. */
  script(...answers: Array<number | 'hang'>): void;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  clear(): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = '/webhooks/fintecture'): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const answers: Array<number | 'hang'> = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answer = answers.length ? (answers.shift() as number | 'hang') : 200;
      const rawBody = Buffer.concat(chunks);
      received.push({
        at: Date.now(),
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawBody,
        body: rawBody.toString('utf8'),
        answeredWith: answer === 'hang' ? null : answer,
      });
      if (answer !== 'hang') res.writeHead(answer, { 'Content-Type': 'text/plain' }).end(answer < 300 ? 'ok' : 'nope');
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    script: (...next) => answers.push(...next),
    waitFor: async (count, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} webhooks, got ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return received.slice();
    },
    clear: () => {
      received.length = 0;
      answers.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
