import { generateKeyPairSync } from 'node:crypto';
import { configurationProblems } from '../../test/support/configuration-problems';
import { DEV_ADMIN_KEY, DEV_MERCHANT_KEY, loadConfiguration, loadDatabaseConfiguration } from './configuration';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const credentials = { FINTECTURE_APP_ID: 'app-1', FINTECTURE_APP_SECRET: 'secret-1', FINTECTURE_PRIVATE_KEY: pem };
const keys = { MERCHANT_API_KEYS: 'shop:merchant-key-0123456789', ADMIN_API_KEYS: 'ops:admin-key-0123456789ab' };

const problemsOf = (env: Record<string, string>) => configurationProblems(loadConfiguration, env);

describe('loadConfiguration', () => {
  it('starts with zero configuration: emulator, SQLite, development keys', () => {
    const config = loadConfiguration({});
    expect(config.fintecture.env).toBe('emulator');
    expect(config.fintecture.apiUrl).toBe('http://127.0.0.1:3000/emulator');
    expect(config.database).toMatchObject({ type: 'sqlite', path: 'data/payments.sqlite', migrationsRun: true });
    expect(config.auth.devKeys).toBe(true);
    expect(config.auth.merchantKeys[0].secret).toBe(DEV_MERCHANT_KEY);
    expect(config.auth.adminKeys[0].secret).toBe(DEV_ADMIN_KEY);
  });

  it('defaults to the sandbox once credentials are given, and parses the key once', () => {
    const config = loadConfiguration({ ...credentials });
    expect(config.fintecture.env).toBe('sandbox');
    expect(config.fintecture.apiUrl).toBe('https://api-sandbox.fintecture.com');
    expect(config.fintecture.privateKey?.asymmetricKeyType).toBe('rsa');
  });

  it('reads PostgreSQL from DATABASE_URL and labelled keys', () => {
    const config = loadConfiguration({ DATABASE_URL: 'postgres://u@h:5432/db', ...keys });
    expect(config.database).toMatchObject({ type: 'postgres', url: 'postgres://u@h:5432/db' });
    expect(config.auth.merchantKeys).toEqual([{ label: 'shop', secret: 'merchant-key-0123456789' }]);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ FINTECTURE_ENV: 'staging' }, 'FINTECTURE_ENV'],
    [{ FINTECTURE_API_URL: 'not a url' }, 'FINTECTURE_API_URL'],
    [{ FINTECTURE_TIMEOUT_MS: '-5' }, 'FINTECTURE_TIMEOUT_MS'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ WEBHOOK_TOLERANCE_SECONDS: '0' }, 'WEBHOOK_TOLERANCE_SECONDS'],
    [{ RECONCILIATION_INTERVAL_SECONDS: 'often' }, 'RECONCILIATION_INTERVAL_SECONDS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ HTTP_BODY_LIMIT: 'huge' }, 'HTTP_BODY_LIMIT'],
    [{ MERCHANT_API_KEYS: 'short' }, 'MERCHANT_API_KEYS'],
    [{ FINTECTURE_ENV: 'sandbox' }, 'FINTECTURE_APP_ID'],
    [{ FINTECTURE_APP_ID: 'only-the-id' }, 'FINTECTURE_APP_SECRET'],
    [{ ...credentials, FINTECTURE_PRIVATE_KEY: 'not a pem' }, 'FINTECTURE_PRIVATE_KEY'],
    [
      { ...credentials, FINTECTURE_PRIVATE_KEY: undefined as unknown as string, FINTECTURE_PRIVATE_KEY_PATH: '/nonexistent/key.pem' },
      'FINTECTURE_PRIVATE_KEY_PATH',
    ],
    [{ ...keys, ADMIN_API_KEYS: 'merchant-key-0123456789' }, 'ADMIN_API_KEYS'],
    [{ EMULATOR_WEBHOOK_FIELDS: 'all' }, 'EMULATOR_WEBHOOK_FIELDS'],
    [{ EMULATOR_PUBLIC_URL: 'localhost:3000' }, 'EMULATOR_PUBLIC_URL'],
  ])('a bad value stops the start and names the variable: %j', (env, variable) => {
    const problems = problemsOf(env);
    expect(problems.some((p) => p.includes(variable))).toBe(true);
  });

  it('mounts the emulator on the service port, and works out its standalone address from EMULATOR_PORT', () => {
    expect(loadConfiguration({ PORT: '3300', EMULATOR_PORT: '3400' }).emulator).toMatchObject({
      port: 3400,
      publicUrl: 'http://localhost:3300/emulator',
      webhookUrl: 'http://127.0.0.1:3300/v1/webhooks/fintecture',
      webhookFields: 'full',
      standalone: { host: '127.0.0.1', publicUrl: 'http://localhost:3400/emulator' },
    });
    expect(loadConfiguration({ EMULATOR_WEBHOOK_FIELDS: 'minimal' }).emulator.webhookFields).toBe('minimal');
  });

  it('refuses the emulator in production', () => {
    expect(problemsOf({ NODE_ENV: 'production', FINTECTURE_ENV: 'emulator', ...keys })).toEqual(
      expect.arrayContaining([expect.stringContaining('emulator never runs in production')]),
    );
  });

  it('refuses production without API keys, and never migrates implicitly there', () => {
    const problems = problemsOf({ NODE_ENV: 'production', ...credentials });
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('MERCHANT_API_KEYS'), expect.stringContaining('ADMIN_API_KEYS')]));
    const config = loadConfiguration({ NODE_ENV: 'production', ...credentials, ...keys });
    expect(config.production).toBe(true);
    expect(config.database.migrationsRun).toBe(false);
    expect(config.fintecture.env).toBe('sandbox');
  });

  it('treats FINTECTURE_ENV=production as production', () => {
    const config = loadConfiguration({ FINTECTURE_ENV: 'production', ...credentials, ...keys });
    expect(config.production).toBe(true);
    expect(config.fintecture.apiUrl).toBe('https://api.fintecture.com');
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ PORT: 'x', LOG_LEVEL: 'y', FINTECTURE_ENV: 'z' })).toHaveLength(3);
  });

  it('reads the database alone for the migration CLI, without the app keys production needs', () => {
    expect(loadDatabaseConfiguration({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db' })).toMatchObject({
      type: 'postgres',
      migrationsRun: false,
    });
    expect(() => loadDatabaseConfiguration({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });
});
