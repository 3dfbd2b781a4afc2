import { constants, privateDecrypt } from 'node:crypto';
import { buildWebhookHeaders, parseSignatureHeader } from '../src/fintecture/http-signature';
import { IMMEDIATE_TRANSFER_EXAMPLE } from '../src/payments/dto/payment-session.examples';
import { numberArgs } from './bench/args';
import { BenchCredentials } from './bench/credentials';
import { HttpClient, runLoad } from './bench/load';
import { formatMeasurement, measure } from './bench/measure';
import { copyOpenSessions } from './bench/open-sessions';
import { createOneSession, describeStack, startStack } from './bench/stack';

/**
 * npm run bench:webhooks -- [--concurrency 16] [--duration 10] [--sessions 5000] [--warmup 200]
 *
 * Validly signed Fintecture webhooks (form-encoded, the Signature encrypted for the app's key
 * as Fintecture does) sent to the service in its own process, for open sessions made first:
 * each session hears payment_pending, then payment_created (which the service confirms with a
 * GET to the fake, as WEBHOOK_CONFIRM does by default). Ends after the
 * duration or when every session has heard both. Prints webhooks/s, p50/p99, CPU ms per webhook,
 * SQL statements per webhook, peak RSS, and the ratio to one RSA-OAEP decrypt (the one piece of
 * cryptography a webhook needs) measured here.
 */
interface Webhook {
  body: string;
  headers: Record<string, string>;
}

const AMOUNT = IMMEDIATE_TRANSFER_EXAMPLE.body.data.attributes.amount;

function webhookFor(credentials: BenchCredentials, sessionId: string, index: number, status: 'payment_pending' | 'payment_created'): Webhook {
  const paid = status === 'payment_created';
  const body = new URLSearchParams([
    ['session_id', sessionId],
    ['status', status],
    ['transfer_state', paid ? 'received' : 'pending'],
    ['type', 'PayByBank'],
    ['amount', AMOUNT],
    ...(paid ? [['received_amount', AMOUNT]] : []),
    ['state', `bench-open-${index}`],
    ['provider', 'cmcifrpp'],
    ['customer_id', 'bench-customer'],
    ['event', `payment_session.status.${status}`],
  ]).toString();
  const signed = buildWebhookHeaders({ body, appId: credentials.appId, publicKey: credentials.publicKey });
  return { body, headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...signed } };
}

/** CPU ms of one RSA-OAEP/SHA-1 decrypt with the app's key, as the verifier does it, on this machine now. */
function decryptCost(credentials: BenchCredentials, samples: Webhook[]): number {
  const ciphertexts = samples.map((w) => Buffer.from(parseSignatureHeader(w.headers.Signature)!.signature, 'base64'));
  const decrypt = (c: Buffer) => privateDecrypt({ key: credentials.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, c);
  for (const c of ciphertexts.slice(0, 20)) decrypt(c);
  const before = process.cpuUsage();
  for (const c of ciphertexts) decrypt(c);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / ciphertexts.length;
}

async function main(): Promise<void> {
  const args = numberArgs(process.argv.slice(2), { concurrency: 16, duration: 10, sessions: 5000, warmup: 200 });
  const stack = await startStack({ paymentStatus: 'payment_created' });
  try {
    console.log(`bench:webhooks: ${describeStack(stack, `concurrency ${args.concurrency}, up to ${args.duration} s, ${args.sessions} sessions`)}`);
    const template = await createOneSession(stack.service, 'bench-template');
    const warmIds = await copyOpenSessions(stack.database, template.id, Math.ceil(args.warmup / 2));
    const ids = (await copyOpenSessions(stack.database, template.id, args.sessions + warmIds.length)).filter((id) => !warmIds.includes(id));
    // Signed up front, so that the bench process's own encryption does not compete with the service during the run.
    // In blocks: a block of sessions hears payment_pending, then the same block payment_created, so that
    // a short run measures both kinds, and a session's two notices are a block apart, hardly ever at once.
    const block = 4 * args.concurrency;
    const webhooksOf = (sessionIds: string[]) => {
      const out: Webhook[] = [];
      for (let start = 0; start < sessionIds.length; start += block) {
        const part = sessionIds.slice(start, start + block);
        out.push(...part.map((id, i) => webhookFor(stack.credentials, id, start + i, 'payment_pending')));
        out.push(...part.map((id, i) => webhookFor(stack.credentials, id, start + i, 'payment_created')));
      }
      return out;
    };
    const warm = webhooksOf(warmIds);
    const webhooks = webhooksOf(ids);
    const client = new HttpClient(stack.service.url, args.concurrency);
    const results: Record<string, number> = {};
    const send = async (w: Webhook) => {
      const answer = await client.send('POST', '/v1/webhooks/fintecture', w.headers, w.body);
      const result = answer.status === 200 ? ((JSON.parse(answer.body) as { result?: string }).result ?? '?') : `http ${answer.status}`;
      results[result] = (results[result] ?? 0) + 1;
      return answer.status;
    };
    await runLoad({ concurrency: args.concurrency, durationMs: 60_000, maxOps: warm.length, operation: (i) => send(warm[i]) });
    for (const key of Object.keys(results)) delete results[key];

    const m = await measure('service', stack.service, () =>
      runLoad({ concurrency: args.concurrency, durationMs: args.duration * 1000, maxOps: webhooks.length, operation: (i) => send(webhooks[i]) }),
    );
    client.close();
    console.log(formatMeasurement(m, 'webhooks'));
    console.log(
      `answers: ${JSON.stringify(results)}${m.load.ops === webhooks.length ? ' (every session heard both: raise --sessions for a longer run)' : ''}`,
    );
    const decrypt = decryptCost(stack.credentials, webhooks.slice(0, 500));
    const cpuPerWebhook = m.cpuMs / Math.max(m.succeeded, 1);
    console.log(
      `one RSA-OAEP decrypt here: ${decrypt.toFixed(3)} ms CPU; ratio service CPU per webhook / decrypt: ${(cpuPerWebhook / decrypt).toFixed(1)}`,
    );
  } finally {
    await stack.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
