import Database from 'better-sqlite3';
import { createHash, createPrivateKey, randomUUID } from 'node:crypto';
import { Agent, createServer, IncomingMessage, request, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { signRequest } from '../../src/fintecture/http-signature';

/**
 * The floor of bench:create: the work a create cannot avoid, written plainly, with no framework.
 * Parse the JSON, check a few fields, insert the session, sign the call once with a key parsed
 * at start, POST it to Fintecture over a kept-alive connection, store its answer, answer. Same
 * tables, same database, same fake as the service; measured the same way (it counts its
 * statements on /metrics too). Run by bench:create in a process of its own.
 */
const env = process.env;
const apiUrl = new URL(env.FINTECTURE_API_URL!);
const appId = env.FINTECTURE_APP_ID!;
const privateKey = createPrivateKey(env.FINTECTURE_PRIVATE_KEY!);
const expectedAuthorization = `Bearer ${env.MERCHANT_KEY}`;
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
let statements = 0;
let token = '';

type Query = (sql: string, values: unknown[]) => Promise<void>;

function database(): Query {
  if (env.DATABASE_URL) {
    const pool = new Pool({ connectionString: env.DATABASE_URL, max: 10 });
    return async (sql, values) => {
      statements += 1;
      await pool.query(sql, values);
    };
  }
  const db = new Database(env.DATABASE_PATH);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // SQLite's ? are positional: $n become ?, and the values follow the order the $n appear in.
  const prepared = new Map<string, { statement: Database.Statement; order: number[] }>();
  const sqliteValue = (v: unknown) => (v instanceof Date ? v.toISOString().replace('T', ' ').replace('Z', '') : v);
  return (sql, values) => {
    statements += 1;
    let entry = prepared.get(sql);
    if (!entry) {
      const order = [...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]) - 1);
      prepared.set(sql, (entry = { statement: db.prepare(sql.replace(/\$\d+/g, '?')), order }));
    }
    entry.statement.run(...entry.order.map((i) => sqliteValue(values[i])));
    return Promise.resolve();
  };
}

const query = database();

function post(path: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: apiUrl.hostname, port: apiUrl.port, path, method: 'POST', agent, headers: { ...headers, 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function answer(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function create(req: IncomingMessage, raw: string, res: ServerResponse): Promise<void> {
  if (req.headers.authorization !== expectedAuthorization) return answer(res, 401, { code: 'unauthorized' });
  const url = new URL(req.url ?? '/', 'http://floor');
  const state = url.searchParams.get('state');
  let body: { data?: { attributes?: { amount?: unknown; currency?: unknown; communication?: unknown } } };
  try {
    body = JSON.parse(raw) as typeof body;
  } catch {
    return answer(res, 400, { code: 'invalid_json' });
  }
  const attributes = body.data?.attributes;
  const amount = attributes?.amount;
  if (!state || typeof amount !== 'string' || !/^\d{1,9}(\.\d{1,2})?$/.test(amount) || attributes?.currency !== 'EUR') {
    return answer(res, 400, { code: 'validation_failed' });
  }
  const id = randomUUID();
  const now = new Date();
  const idempotencyKey = req.headers['idempotency-key'] ?? null;
  await query(
    `INSERT INTO payment_sessions (id, merchant, idempotency_key, request_fingerprint, state, outcome, amount_minor, currency, communication, check_count, version, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'creating', $6, 'EUR', $7, 0, 1, $8, $8)`,
    [
      id,
      'bench',
      idempotencyKey,
      createHash('sha256').update(raw).digest('hex'),
      state,
      Math.round(Number(amount) * 100),
      attributes?.communication ?? null,
      now,
    ],
  );
  const pathWithQuery = `/pis/v2/connect${url.search}`;
  const signed = signRequest({ method: 'POST', pathWithQuery, body: raw, appId, privateKey });
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...signed.headers };
  const created = await post(pathWithQuery, headers, raw);
  const meta = (JSON.parse(created.body) as { meta?: { session_id?: string; url?: string } }).meta;
  if (created.status !== 200 || !meta?.session_id || !meta.url) return answer(res, 502, { code: 'upstream_error' });
  await query(
    `UPDATE payment_sessions SET session_id = $1, url = $2, outcome = 'awaiting_payer', status = 'provider_required', next_check_at = $3, updated_at = $3, version = 2 WHERE id = $4`,
    [meta.session_id, meta.url, new Date(), id],
  );
  answer(res, 201, { id, session_id: meta.session_id, url: meta.url, outcome: 'awaiting_payer', state });
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/metrics') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    return res.end(`database_statements_total ${statements}\n`);
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/payment-sessions')) return answer(res, 404, { code: 'not_found' });
    create(req, Buffer.concat(chunks).toString('utf8'), res).catch((error: unknown) => answer(res, 500, { code: 'internal', detail: String(error) }));
  });
});
server.keepAliveTimeout = 60_000;

async function main(): Promise<void> {
  const basic = Buffer.from(`${appId}:${env.FINTECTURE_APP_SECRET}`).toString('base64');
  const tokenAnswer = await post(
    '/oauth/accesstoken',
    { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    'grant_type=client_credentials&scope=PIS',
  );
  token = (JSON.parse(tokenAnswer.body) as { access_token: string }).access_token;
  server.listen(Number(env.PORT ?? 0), '127.0.0.1', () => console.log(`floor listening on port ${(server.address() as AddressInfo).port}`));
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
