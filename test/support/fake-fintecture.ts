import { randomBytes } from 'node:crypto';
import { startStrictFintectureServer } from './strict-fintecture-server';

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

/**
 * A strict stand-in for Fintecture on loopback: it answers the token call, and a connect call only
 * when its bearer token, Digest (over the bytes received) and HTTP signature all check out; it
 * takes any body shape, as the live sandbox does, and records the exact bytes it was sent.
 */
export async function startFakeFintecture(): Promise<FakeFintecture> {
  const connectCalls: RecordedCall[] = [];
  const server = await startStrictFintectureServer({
    appId: '6f1d2c3b-4a59-4e87-9c10-2b3a4d5e6f70',
    appSecret: '0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
    token: 'fake-fintecture-access-token',
    route: ({ req, path, bytes, answer, refusal }) => {
      if (req.method === 'POST' && path.split('?')[0] === '/pis/v2/connect') {
        const refused = refusal();
        if (refused) return answer(401, { errors: [{ code: 'unauthorized', title: refused }] });
        connectCalls.push({ method: req.method, path, headers: req.headers, bytes });
        const sessionId = randomBytes(16).toString('hex');
        return answer(201, { meta: { session_id: sessionId, url: `https://connect.fake.example/pis/${sessionId}`, status: 201 } });
      }
      return answer(404, { errors: [{ code: 'not_found' }] });
    },
  });
  const { url, appId, appSecret, privateKeyPem, env, close } = server;
  return { url, appId, appSecret, privateKeyPem, connectCalls, env, close };
}
