import { configurationProblems } from '../../test/support/configuration-problems';
import { loadConfiguration } from '../config/configuration';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { standaloneSettingsFromEnv } from './standalone';

const problemsOf = (env: Record<string, string | undefined>) => configurationProblems(standaloneSettingsFromEnv, env);

describe('standaloneSettingsFromEnv (npm run emulator)', () => {
  it('starts with no variables: its own port, the service receiver on its default port, its own identity in the data folder', () => {
    const { fintecture, ...settings } = standaloneSettingsFromEnv({});
    expect(fintecture).toMatchObject({ env: 'emulator', emulatorCredentialsPath: join('data', 'emulator-credentials.json') });
    expect(settings).toEqual({
      port: 3100,
      host: '127.0.0.1',
      options: {
        publicBaseUrl: 'http://localhost:3100/emulator',
        webhookUrl: 'http://127.0.0.1:3000/v1/webhooks/fintecture',
        webhookFormat: 'form',
        webhookFields: 'full',
        webhookMaxAttempts: 10,
        webhookBaseDelayMs: 1000,
        tokenTtlSeconds: 3600,
        timeoutFaultMs: 30_000,
      },
    });
  });

  it.each([
    [{ EMULATOR_PORT: '3200' }, { port: 3200, options: { publicBaseUrl: 'http://localhost:3200/emulator' } }],
    [{ PORT: '4000' }, { port: 3100, options: { webhookUrl: 'http://127.0.0.1:4000/v1/webhooks/fintecture' } }],
    [{ EMULATOR_PUBLIC_URL: 'https://emu.example/emulator/' }, { options: { publicBaseUrl: 'https://emu.example/emulator' } }],
    [{ EMULATOR_HOST: '0.0.0.0' }, { host: '0.0.0.0' }],
    [{ EMULATOR_WEBHOOK_FIELDS: 'minimal', EMULATOR_WEBHOOK_FORMAT: 'json' }, { options: { webhookFields: 'minimal', webhookFormat: 'json' } }],
    [{ EMULATOR_WEBHOOK_ATTEMPTS: '3', EMULATOR_WEBHOOK_BASE_DELAY_MS: '20' }, { options: { webhookMaxAttempts: 3, webhookBaseDelayMs: 20 } }],
  ])('reads %j', (env, expected) => {
    expect(standaloneSettingsFromEnv(env)).toMatchObject(expected);
  });

  it.each([
    { PORT: '0' },
    { PORT: '4000', EMULATOR_PORT: '3200' },
    { EMULATOR_PUBLIC_URL: 'https://emu.example/emulator', EMULATOR_WEBHOOK_URL: 'http://shop.example/hook', EMULATOR_WEBHOOK_FIELDS: 'minimal' },
  ])('agrees with the service on every shared setting: %j', (env) => {
    const mounted = loadConfiguration(env).emulator;
    const { options, port } = standaloneSettingsFromEnv(env);
    expect(port).toBe(mounted.port);
    expect(options).toEqual({
      publicBaseUrl: mounted.standalone.publicUrl,
      webhookUrl: mounted.webhookUrl,
      webhookFormat: mounted.webhookFormat,
      webhookFields: mounted.webhookFields,
      webhookMaxAttempts: mounted.webhookMaxAttempts,
      webhookBaseDelayMs: mounted.webhookBaseDelayMs,
      tokenTtlSeconds: mounted.tokenTtlSeconds,
      timeoutFaultMs: mounted.timeoutFaultMs,
    });
  });

  it('keeps its own identity next to DATABASE_PATH, and takes a configured one as it is', () => {
    expect(standaloneSettingsFromEnv({ DATABASE_PATH: '/srv/shop/db.sqlite' }).fintecture.emulatorCredentialsPath).toBe(
      '/srv/shop/emulator-credentials.json',
    );
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const { fintecture } = standaloneSettingsFromEnv({ FINTECTURE_APP_ID: 'app', FINTECTURE_APP_SECRET: 'secret', FINTECTURE_PRIVATE_KEY: pem });
    expect(fintecture).toMatchObject({ env: 'emulator', appId: 'app', appSecret: 'secret' });
    expect(fintecture.emulatorCredentialsPath).toBeUndefined();
    // The emulator's rule, even though an app id alone would make the service pick the sandbox.
    expect(problemsOf({ FINTECTURE_APP_ID: 'app' })).toEqual([expect.stringContaining('give all three or none')]);
  });

  it('names every bad variable at once', () => {
    expect(problemsOf({ EMULATOR_PORT: 'x', EMULATOR_WEBHOOK_FIELDS: 'some', EMULATOR_WEBHOOK_URL: 'nowhere' }).map((p) => p.split(':')[0])).toEqual([
      'EMULATOR_PORT',
      'EMULATOR_WEBHOOK_URL',
      'EMULATOR_WEBHOOK_FIELDS',
    ]);
  });

  it.each([{ NODE_ENV: 'production' }, { FINTECTURE_ENV: 'production' }, { NODE_ENV: 'production', FINTECTURE_ENV: 'sandbox' }])(
    'never runs in production: %j',
    (env) => {
      const problems = problemsOf(env);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/emulator never runs in production/);
    },
  );
});
