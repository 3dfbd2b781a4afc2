import { IMMEDIATE_TRANSFER_EXAMPLE } from '../../src/payments/dto/payment-session.examples';
import { BenchCredentials, generateCredentials } from './credentials';
import { BenchDatabase, createBenchDatabase } from './database';
import { HttpClient } from './load';
import { Child, startProcess } from './processes';

export const MERCHANT_KEY = 'bench-merchant-key-0001';
export const ADMIN_KEY = 'bench-admin-key-000001';

export interface Stack {
  database: BenchDatabase;
  credentials: BenchCredentials;
  fake: Child;
  service: Child;
  /** Stops every process, then drops the database. */
  close(): Promise<void>;
}

/**
 * Everything a bench runs against: a database of its own, the fake Fintecture and the service,
 * each in its own process, the service started as production starts it (src/main.ts) with
 * generated sandbox credentials pointed at the fake. NODE_ENV=test only keeps a developer's
 * .env out; logs are JSON at the level given (info unless LOG_LEVEL says otherwise).
 */
export async function startStack(options: { paymentStatus?: string; serviceEnv?: Record<string, string> } = {}): Promise<Stack> {
  const database = await createBenchDatabase();
  const credentials = generateCredentials();
  const started: Child[] = [];
  const close = async () => {
    for (const child of started.reverse()) await child.stop().catch(() => undefined);
    await database.drop();
  };
  try {
    const fake = await startProcess('fake Fintecture', 'scripts/bench/fake-fintecture.ts', {
      FAKE_PAYMENT_STATUS: options.paymentStatus ?? '',
      FAKE_AMOUNT: IMMEDIATE_TRANSFER_EXAMPLE.body.data.attributes.amount,
    });
    started.push(fake);
    const service = await startProcess('service', 'src/main.ts', {
      NODE_ENV: 'test',
      PORT: '0',
      ...database.env,
      FINTECTURE_ENV: 'sandbox',
      FINTECTURE_API_URL: fake.url,
      FINTECTURE_APP_ID: credentials.appId,
      FINTECTURE_APP_SECRET: credentials.appSecret,
      FINTECTURE_PRIVATE_KEY: credentials.privateKeyPem,
      MERCHANT_API_KEYS: `bench:${MERCHANT_KEY}`,
      ADMIN_API_KEYS: `ops:${ADMIN_KEY}`,
      // A bench measures work, not refusals; the throttler still counts every request.
      RATE_LIMIT_PER_MINUTE: '1000000',
      WEBHOOK_RATE_LIMIT_PER_MINUTE: '1000000',
      RECONCILIATION_INTERVAL_SECONDS: '0',
      DATABASE_COUNT_STATEMENTS: 'true',
      ...passedThrough(),
      ...options.serviceEnv,
    });
    started.push(service);
    return { database, credentials, fake, service, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The few settings a bench run may vary from its own environment; nothing else of it reaches the service. */
const PASSED_THROUGH = ['LOG_LEVEL', 'REDIS_URL', 'DATABASE_POOL_SIZE', 'RECONCILIATION_CONCURRENCY', 'RECONCILIATION_BATCH_SIZE'];

function passedThrough(): Record<string, string> {
  return Object.fromEntries(PASSED_THROUGH.filter((name) => process.env[name]).map((name) => [name, process.env[name]!]));
}

/** What the run is, in one line, so that two runs' figures are compared like with like. */
export function describeStack(stack: Stack, extra: string): string {
  const redis = process.env.REDIS_URL ? 'rate limits in Redis' : 'rate limits in memory';
  const varied = PASSED_THROUGH.filter((name) => name !== 'LOG_LEVEL' && name !== 'REDIS_URL' && process.env[name]).map(
    (name) => `${name}=${process.env[name]}`,
  );
  return [
    stack.database.engine,
    extra,
    `LOG_LEVEL=${process.env.LOG_LEVEL ?? 'info (the default)'}`,
    redis,
    ...varied,
    `node ${process.version}`,
  ].join(', ');
}

export function createRequest(tag: string, index: number): { path: string; headers: Record<string, string>; body: string } {
  const { query, headers, body } = IMMEDIATE_TRANSFER_EXAMPLE;
  const search = new URLSearchParams({ ...query, state: `${tag}-${index}` });
  return {
    path: `/v1/payment-sessions?${search}`,
    headers: {
      Authorization: `Bearer ${MERCHANT_KEY}`,
      'Content-Type': 'application/json',
      ...(headers as Record<string, string>),
      'idempotency-key': `${tag}-${index}`,
    },
    body: JSON.stringify(body),
  };
}

/** One session made through the service's own API: the template the open-session copies are made from. */
export async function createOneSession(service: Child, tag: string): Promise<{ id: string; session_id: string }> {
  const client = new HttpClient(service.url, 1);
  const { path, headers, body } = createRequest(tag, 0);
  const answer = await client.send('POST', path, headers, body);
  client.close();
  if (answer.status !== 201) throw new Error(`the template session was not created (${answer.status}): ${answer.body}`);
  return JSON.parse(answer.body) as { id: string; session_id: string };
}
