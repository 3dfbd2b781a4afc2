import { Logger } from '@nestjs/common';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { loadConfiguration } from '../config/configuration';
import { FINTECTURE_APP, FintectureCredentials } from '../fintecture/fintecture-credentials';
import { FintectureError } from '../fintecture/fintecture.errors';
import { FintectureTokenService } from '../fintecture/fintecture-token.service';
import { describeRuntime, runStartupCheck, StartupCheckError } from './startup-check';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const SECRETS = {
  appSecret: 'sandbox-app-secret-1234',
  merchant: 'merchant-secret-key-0001',
  admin: 'admin-secret-key-00001',
  dbPassword: 's3cr3t-pw',
};

function sandboxConfig(extra: Record<string, string> = {}) {
  return loadConfiguration({
    FINTECTURE_ENV: 'sandbox',
    FINTECTURE_APP_ID: 'app-123',
    FINTECTURE_APP_SECRET: SECRETS.appSecret,
    FINTECTURE_PRIVATE_KEY: PEM,
    MERCHANT_API_KEYS: `shop:${SECRETS.merchant}`,
    ADMIN_API_KEYS: `ops:${SECRETS.admin}`,
    DATABASE_URL: `postgres://payments:${SECRETS.dbPassword}@db.internal:5433/payments`,
    ...extra,
  });
}

const credentials: FintectureCredentials = {
  appId: 'app-123',
  appSecret: SECRETS.appSecret,
  privateKey,
  publicKey: createPublicKey(privateKey),
  generated: false,
};

function fakeApp(getToken: () => Promise<string>) {
  const tokens = { getToken: jest.fn(getToken) };
  return {
    tokens,
    get: <T>(token: unknown): T => {
      if (token === FINTECTURE_APP) return credentials as T;
      if (token === FintectureTokenService) return tokens as unknown as T;
      throw new Error('unknown provider');
    },
  };
}

function recordingLogger() {
  const lines: string[] = [];
  const logger = new Logger('StartupCheck');
  for (const level of ['log', 'warn', 'error'] as const) {
    jest.spyOn(logger, level).mockImplementation((...args: unknown[]) => {
      lines.push(`${level} ${JSON.stringify(args)}`);
    });
  }
  return { logger, text: () => lines.join('\n') };
}

describe('describeRuntime', () => {
  it('says what runs where, without a single secret', () => {
    const runtime = describeRuntime(sandboxConfig(), credentials);
    const text = JSON.stringify(runtime);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(text).not.toContain('PRIVATE KEY');
    expect(runtime).toMatchObject({
      fintecture: { env: 'sandbox', api_url: 'https://api-sandbox.fintecture.com', app_id: 'app-123', credentials: 'configured' },
      database: { engine: 'postgres', host: 'db.internal', port: '5433', name: 'payments', user: 'payments' },
      api_keys: { merchant: ['shop'], admin: ['ops'], development_keys: false },
    });
  });
});

describe('runStartupCheck', () => {
  it('outside the emulator, proves the credentials by obtaining a token', async () => {
    const app = fakeApp(async () => 'token');
    const log = recordingLogger();
    await runStartupCheck(app, sandboxConfig(), log.logger);
    expect(app.tokens.getToken).toHaveBeenCalledTimes(1);
    expect(log.text()).toContain('accepted the credentials');
    for (const secret of Object.values(SECRETS)) expect(log.text()).not.toContain(secret);
  });

  it('stops the start when Fintecture refuses the credentials', async () => {
    const app = fakeApp(async () => {
      throw new FintectureError('unauthorized', 'Fintecture answered 401: invalid_client', { httpStatus: 401 });
    });
    await expect(runStartupCheck(app, sandboxConfig(), recordingLogger().logger)).rejects.toBeInstanceOf(StartupCheckError);
  });

  it('starts anyway, loudly, when Fintecture cannot be reached', async () => {
    const app = fakeApp(async () => {
      throw new FintectureError('unavailable', 'Fintecture could not be reached (ECONNREFUSED)');
    });
    const log = recordingLogger();
    await runStartupCheck(app, sandboxConfig(), log.logger);
    expect(log.text()).toMatch(/^error .*could not obtain a Fintecture token/m);
  });

  it('does not ask the emulator for a token, and says when the development keys are in use', async () => {
    const app = fakeApp(async () => 'token');
    const log = recordingLogger();
    await runStartupCheck(app, loadConfiguration({}), log.logger);
    expect(app.tokens.getToken).not.toHaveBeenCalled();
    expect(log.text()).toMatch(/^warn .*development keys/m);
  });
});
