import { generateKeyPairSync } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface StatusAnswer {
  status: number;
  body: object;
  /** Held this long before answering. */
  delayMs?: number;
}

export interface StatusFintecture {
  url: string;
  /** Every GET /pis/v2/payments/{id}, by session id, in the order received. */
  gets: string[];
  /** The env that points a service at this fake (sandbox identity, this URL). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A payment status as Fintecture's GET /pis/v2/payments/{id} writes it. */
export function paymentStatus(status: string, amount = '42.50'): StatusAnswer {
  return { status: 200, body: { meta: { status }, data: { attributes: { amount } } } };
}

/**
 * Fintecture's token and payment status routes on loopback, answering each status call as the
 * test says (slowly, wrongly, not at all); for a service in another process, which a test
 * cannot stub. Requests are not verified: the signing is tested elsewhere.
 */
export async function startStatusFintecture(
  answer: (sessionId: string) => StatusAnswer = () => paymentStatus('provider_required'),
): Promise<StatusFintecture> {
  const gets: string[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const reply = ({ status, body }: StatusAnswer) => {
        if (!res.destroyed) res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      };
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'POST' && path === '/oauth/accesstoken')
        return reply({ status: 200, body: { access_token: 'status-fake-token', token_type: 'Bearer', expires_in: 3600 } });
      const match = /^\/pis\/v2\/payments\/([0-9a-f]{32})$/.exec(path);
      if (req.method !== 'GET' || !match) return reply({ status: 404, body: { errors: [{ code: 'not_found' }] } });
      gets.push(match[1]);
      const answered = answer(match[1]);
      if (answered.delayMs) setTimeout(() => reply(answered), answered.delayMs);
      else reply(answered);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    url,
    gets,
    env: {
      FINTECTURE_ENV: 'sandbox',
      FINTECTURE_API_URL: url,
      FINTECTURE_APP_ID: '6f1d2c3b-4a59-4e87-9c10-2b3a4d5e6f71',
      FINTECTURE_APP_SECRET: '0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6e',
      FINTECTURE_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
