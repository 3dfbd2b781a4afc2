import { Logger } from '@nestjs/common';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfiguration } from '../config/configuration';
import { EmulatorCredentialsError, EmulatorCredentialsStore, fintectureCredentials } from './emulator-credentials-store';

const posix = process.platform !== 'win32';
const pem = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
/** A logger whose warnings are kept: `warnings` holds what it was told. */
function quiet(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return Object.assign(Object.create(Logger.prototype) as Logger, { warnings, warn: (message: string) => void warnings.push(message) });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emulator-credentials-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('EmulatorCredentialsStore', () => {
  it('creates the identity once, in a 0600 file in a folder it makes, and gives the same one to every later reader', () => {
    const path = join(dir, 'data', 'nested', 'emulator-credentials.json');
    const first = new EmulatorCredentialsStore(path).loadOrCreate();
    expect(first.created).toBe(true);
    expect(first.credentials.generated).toBe(true);
    if (posix) expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = new EmulatorCredentialsStore(path).loadOrCreate();
    expect(again.created).toBe(false);
    expect(again.credentials).toMatchObject({ appId: first.credentials.appId, appSecret: first.credentials.appSecret, generated: true });
    // The same key pair: what one process signs, the other verifies.
    expect(again.credentials.publicKey.export({ type: 'spki', format: 'pem' })).toBe(
      first.credentials.publicKey.export({ type: 'spki', format: 'pem' }),
    );
    const stored = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
    expect(Object.keys(stored).sort()).toEqual(['app_id', 'app_secret', 'created_at', 'private_key']);
    expect(stored.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    // Nothing left behind from the write.
    expect(readdirSync(join(dir, 'data', 'nested'))).toEqual(['emulator-credentials.json']);
  });

  it('signs with the kept key so that another process with the same file verifies it', () => {
    const path = join(dir, 'emulator-credentials.json');
    const service = new EmulatorCredentialsStore(path).loadOrCreate().credentials;
    const command = new EmulatorCredentialsStore(path).loadOrCreate().credentials;
    const message = Buffer.from('(request-target): post /pis/v2/connect');
    const signature = sign('sha256', message, service.privateKey);
    expect(verify('sha256', message, command.publicKey, signature)).toBe(true);
    expect(verify('sha256', message, generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey, signature)).toBe(false);
  });

  it('leaves an existing file as it is, and tightens its mode if it was copied around', () => {
    const path = join(dir, 'emulator-credentials.json');
    const content = JSON.stringify({ app_id: 'kept-app', app_secret: 'kept-secret', private_key: pem(2048), created_at: '2026-01-01T00:00:00Z' });
    writeFileSync(path, content, { mode: 0o644 });
    if (posix) chmodSync(path, 0o644);
    const { credentials, created } = new EmulatorCredentialsStore(path).loadOrCreate();
    expect(created).toBe(false);
    expect(credentials).toMatchObject({ appId: 'kept-app', appSecret: 'kept-secret', generated: true });
    expect(readFileSync(path, 'utf8')).toBe(content);
    if (posix) expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['not JSON', '{"app_id":', 'is not an emulator credentials file'],
    ['not an object', '"text"', 'is not an emulator credentials file'],
    ['a field missing', JSON.stringify({ app_id: 'a', private_key: 'x' }), 'is not an emulator credentials file'],
    ['an empty field', JSON.stringify({ app_id: ' ', app_secret: 's', private_key: 'x' }), 'is not an emulator credentials file'],
    [
      'a key that does not parse',
      JSON.stringify({ app_id: 'a', app_secret: 's', private_key: 'not a pem' }),
      'holds a private key that does not parse',
    ],
    ['a short key', JSON.stringify({ app_id: 'a', app_secret: 's', private_key: pem(1024) }), 'holds a key that is not RSA of 2048 bits or more'],
  ])('refuses a file with %s, names it, and never overwrites it', (_case, content, message) => {
    const path = join(dir, 'emulator-credentials.json');
    writeFileSync(path, content);
    expect(() => new EmulatorCredentialsStore(path).loadOrCreate()).toThrow(
      new EmulatorCredentialsError(`${path} ${message}; delete it and the emulator generates a new identity`),
    );
    expect(readFileSync(path, 'utf8')).toBe(content);
  });

  it('adopts the identity of a process that wrote the file first', () => {
    const path = join(dir, 'emulator-credentials.json');
    const store = new EmulatorCredentialsStore(path);
    const other = new EmulatorCredentialsStore(path);
    // The other process writes between this one's read (nothing there) and its write.
    const load = jest.spyOn(store, 'load').mockImplementationOnce(() => {
      other.loadOrCreate();
      return undefined;
    });
    const { credentials, created } = store.loadOrCreate();
    expect(load).toHaveBeenCalledTimes(2);
    expect(created).toBe(false);
    expect(credentials.appId).toBe(other.load()!.appId);
    expect(readdirSync(dir)).toEqual(['emulator-credentials.json']);
  });

  it.each(['sandbox', 'production'] as const)('refuses to be used in %s mode', (env) => {
    expect(() => EmulatorCredentialsStore.forConfig({ env, emulatorCredentialsPath: join(dir, 'x.json') })).toThrow(
      `Emulator credentials are never used outside emulator mode (FINTECTURE_ENV=${env})`,
    );
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });
});

describe('fintectureCredentials', () => {
  const credentials = { FINTECTURE_APP_ID: 'app-1', FINTECTURE_APP_SECRET: 'secret-1', FINTECTURE_PRIVATE_KEY: pem(2048) };
  const keys = { MERCHANT_API_KEYS: 'shop:merchant-key-0123456789', ADMIN_API_KEYS: 'ops:admin-key-0123456789ab' };

  it('keeps the emulator identity next to the SQLite file, and finds it again at the next start', () => {
    const config = loadConfiguration({ DATABASE_PATH: join(dir, 'payments.sqlite') });
    expect(config.fintecture.emulatorCredentialsPath).toBe(join(dir, 'emulator-credentials.json'));
    const logger = quiet();
    const first = fintectureCredentials(config.fintecture, logger);
    const second = fintectureCredentials(loadConfiguration({ DATABASE_PATH: join(dir, 'payments.sqlite') }).fintecture, logger);
    expect(second.appId).toBe(first.appId);
    expect(logger.warnings).toEqual([
      `No Fintecture credentials configured: using the emulator's own app ${first.appId}, generated now and kept in ${join(dir, 'emulator-credentials.json')} (shared by every process using this data folder)`,
      `No Fintecture credentials configured: using the emulator's own app ${first.appId}, kept in ${join(dir, 'emulator-credentials.json')} (shared by every process using this data folder)`,
    ]);
  });

  it.each([
    ['the emulator with its credentials given', { FINTECTURE_ENV: 'emulator', ...credentials }],
    ['the sandbox', { ...credentials }],
    ['production', { FINTECTURE_ENV: 'production', ...credentials, ...keys }],
  ])('uses configured credentials as they are and writes nothing: %s', (_case, env) => {
    const config = loadConfiguration({ ...env, DATABASE_PATH: join(dir, 'payments.sqlite') });
    expect(config.fintecture.emulatorCredentialsPath).toBeUndefined();
    const logger = quiet();
    expect(fintectureCredentials(config.fintecture, logger)).toMatchObject({ appId: 'app-1', appSecret: 'secret-1', generated: false });
    expect(logger.warnings).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('never reaches the store outside emulator mode, even if wiring skipped the configuration', () => {
    const config = { ...loadConfiguration({ ...credentials }).fintecture, appId: undefined, emulatorCredentialsPath: join(dir, 'x.json') };
    expect(() => fintectureCredentials(config, quiet())).toThrow(EmulatorCredentialsError);
    expect(readdirSync(dir)).toEqual([]);
  });
});
