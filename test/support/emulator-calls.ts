import { IncomingHttpHeaders, request } from 'node:http';
import { FintectureCredentials } from '../../src/fintecture/fintecture-credentials';
import { signRequest } from '../../src/fintecture/http-signature';

/**
 * Helpers for tests that drive the emulator over real HTTP on loopback: a raw HTTP client (the
 * bytes given are the bytes sent, no header added but Host and Content-Length) and a signed
 * Fintecture call.
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
    const req = request({ host: url.hostname, port: url.port, method, path, headers, timeout: options.timeoutMs ?? 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
      });
      res.on('error', reject);
    });
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
