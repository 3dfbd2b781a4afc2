import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppModule } from '../../src/app.module';
import { configureApp, listen } from '../../src/app.setup';
import { AppConfig, loadConfiguration } from '../../src/config/configuration';
import { FINTECTURE_CREDENTIALS, FintectureCredentials } from '../../src/fintecture/fintecture-credentials';

export const MERCHANT_KEY = 'test-merchant-key-0001';
export const OTHER_MERCHANT_KEY = 'test-merchant-key-0002';
export const ADMIN_KEY = 'test-admin-key-000001';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The real application, on a real database of its own (a temporary SQLite file, or a fresh
 * PostgreSQL database when DATABASE_URL is set), listening on a free loopback port, with the
 * emulator mounted unless the env says otherwise.
 */
export async function startTestApp(env: Record<string, string | undefined> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const fullEnv: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    MERCHANT_API_KEYS: `shop:${MERCHANT_KEY},other-shop:${OTHER_MERCHANT_KEY}`,
    ADMIN_API_KEYS: `ops:${ADMIN_KEY}`,
    FINTECTURE_TIMEOUT_MS: '2000',
    EMULATOR_WEBHOOK_BASE_DELAY_MS: '20',
    EMULATOR_TIMEOUT_FAULT_MS: '4000',
    RECONCILIATION_INTERVAL_SECONDS: '0',
    ...database.env,
    ...env,
  };
  const config = loadConfiguration(fullEnv);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    rawBody: true,
    logger: false,
  });
  configureApp(app, config);
  const port = await listen(app, config, fullEnv);
  return {
    app,
    config,
    port,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** The app with the Fintecture identity it signs and verifies with, for the tests that sign as Fintecture. */
export async function startTestAppWithCredentials(
  env: Record<string, string | undefined> = {},
): Promise<{ t: TestApp; credentials: FintectureCredentials }> {
  const t = await startTestApp(env);
  return { t, credentials: t.app.get<FintectureCredentials>(FINTECTURE_CREDENTIALS) };
}

/** A fake Fintecture on loopback, then the app pointed at it; the fake is closed again if the app does not start. */
export async function startTestAppOnFake<F extends { env: Record<string, string>; close(): Promise<void> }>(
  startFake: () => Promise<F>,
  env: Record<string, string | undefined> = {},
): Promise<{ fake: F; t: TestApp }> {
  const fake = await startFake();
  try {
    return { fake, t: await startTestApp({ ...fake.env, ...env }) };
  } catch (error) {
    await fake.close();
    throw error;
  }
}

/** Closes what was started, in the order given, skipping what never started. */
export async function closeInOrder(...started: Array<{ close(): Promise<void> } | undefined>): Promise<void> {
  for (const item of started) await item?.close();
}

interface TestDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const baseUrl = process.env.DATABASE_URL?.trim();
  if (!baseUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'payments-test-'));
    return { env: { DATABASE_PATH: join(dir, 'test.sqlite') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `payments_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  // The data folder still holds the emulator's generated identity: one of its own per test app.
  const dir = mkdtempSync(join(tmpdir(), 'payments-test-'));
  return {
    env: { DATABASE_URL: url.toString(), DATABASE_PATH: join(dir, 'unused.sqlite') },
    drop: async () => {
      rmSync(dir, { recursive: true, force: true });
      const client = new Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** What a service started as its own process (startServiceProcess) needs for the keys here to authenticate, with the background pass off. */
export const SERVICE_PROCESS_KEYS_ENV = {
  MERCHANT_API_KEYS: `shop:${MERCHANT_KEY}`,
  ADMIN_API_KEYS: `ops:${ADMIN_KEY}`,
  RECONCILIATION_INTERVAL_SECONDS: '0',
};

export const merchantAuth = { Authorization: `Bearer ${MERCHANT_KEY}` };
export const adminAuth = { Authorization: `Bearer ${ADMIN_KEY}` };
