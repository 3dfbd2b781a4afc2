/**
 * `npm run notifications:listen`: a shop's endpoint for development, the way `stripe listen` is.
 * It registers itself with the service (or uses the secret you give it), verifies every delivery
 * with the standardwebhooks package, prints it, and removes its endpoint when stopped (Ctrl-C).
 *
 *   npm run notifications:listen                       # service on http://localhost:3000, dev-merchant-key
 *   npm run notifications:listen -- --json             # print each verified body in full
 *   npm run notifications:listen -- --secret whsec_…   # verify for an endpoint registered elsewhere (no registration)
 *
 * Environment: SERVICE_URL (http://localhost:3000), MERCHANT_KEY (dev-merchant-key),
 * LISTEN_PORT (4000), LISTEN_HOST (127.0.0.1).
 */
import { createServer } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

const serviceUrl = (process.env.SERVICE_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
const merchantKey = process.env.MERCHANT_KEY ?? 'dev-merchant-key';
const port = Number(process.env.LISTEN_PORT ?? 4000);
const host = process.env.LISTEN_HOST ?? '127.0.0.1';
const printJson = flag('--json');

interface Registered {
  id: string | null;
  secret: string;
}

async function register(url: string): Promise<Registered> {
  const given = option('--secret');
  if (given) return { id: null, secret: given };
  const res = await fetch(`${serviceUrl}/v1/notification-endpoints`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${merchantKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ url, description: 'npm run notifications:listen' }),
  });
  const body = (await res.json()) as { id?: string; secret?: string; detail?: string; errors?: unknown };
  if (res.status !== 201 || !body.id || !body.secret) {
    throw new Error(`the service refused the endpoint (${res.status}): ${body.detail ?? JSON.stringify(body)}`);
  }
  return { id: body.id, secret: body.secret };
}

async function unregister(id: string | null): Promise<void> {
  if (!id) return;
  await fetch(`${serviceUrl}/v1/notification-endpoints/${id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${merchantKey}` } }).catch(
    () => undefined,
  );
}

interface Notification {
  id: string;
  type: string;
  data?: { previous_outcome?: string; object?: { id?: string; outcome?: string; version?: number; paid_at?: string | null } };
}

function describe(body: Notification): string {
  const object = body.data?.object ?? {};
  const change = body.data?.previous_outcome ? `${body.data.previous_outcome} → ${object.outcome}` : String(object.outcome ?? '');
  return `${body.type} ${object.id ?? ''} ${change} (version ${object.version ?? '?'}${object.paid_at ? `, paid_at ${object.paid_at}` : ''})`;
}

async function main(): Promise<void> {
  let webhook: Webhook | null = null;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, String(req.headers[h] ?? '')]));
      const at = new Date().toISOString();
      try {
        const body = webhook!.verify(raw, headers) as Notification;
        process.stdout.write(`${at}  verified  ${headers['webhook-id']}  ${describe(body)}\n`);
        if (printJson) process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      } catch (error) {
        const reason = error instanceof WebhookVerificationError ? error.message : 'unreadable';
        process.stdout.write(`${at}  REFUSED   ${headers['webhook-id'] || '(no webhook-id)'}  ${reason}\n`);
        res.writeHead(400, { 'Content-Type': 'text/plain' }).end(reason);
      }
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const url = `http://${host}:${port}/`;
  const registered = await register(url).catch((error: unknown) => {
    server.close();
    throw error;
  });
  webhook = new Webhook(registered.secret);
  process.stdout.write(
    registered.id
      ? `Listening on ${url}, registered as endpoint ${registered.id} of ${serviceUrl}.\nSecret (to verify elsewhere): ${registered.secret}\nCtrl-C to stop and remove the endpoint.\n`
      : `Listening on ${url}, verifying with the secret given. Ctrl-C to stop.\n`,
  );
  const stop = () => {
    process.stdout.write('stopping…\n');
    void unregister(registered.id).finally(() => server.close(() => process.exit(0)));
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`notifications:listen: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
