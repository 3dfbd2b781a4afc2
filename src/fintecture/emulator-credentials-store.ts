import { Logger } from '@nestjs/common';
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FintectureConfig } from '../config/fintecture.config';
import { FintectureCredentials } from './fintecture-credentials';

/** What the file holds: the emulator's app, readable by a person who needs it for another client. */
interface StoredCredentials {
  app_id: string;
  app_secret: string;
  /** PKCS#8 PEM. */
  private_key: string;
  created_at: string;
}

export class EmulatorCredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmulatorCredentialsError';
  }
}

export interface LoadedCredentials {
  credentials: FintectureCredentials;
  /** True when this call made them (and wrote the file), false when an earlier process had. */
  created: boolean;
}

/**
 * The identity the emulator generates for itself when none is configured, kept in one file of the
 * data folder (mode 0600) so that every process of this checkout shares it: the service and its
 * restarts, `npm run emulator`, `npm run reconcile`. Without it each process invents its own and
 * the emulator refuses the others (401). A real Fintecture identity is never written anywhere, and
 * the store refuses to work outside emulator mode.
 */
export class EmulatorCredentialsStore {
  constructor(readonly path: string) {}

  static forConfig(config: Pick<FintectureConfig, 'env' | 'emulatorCredentialsPath'>): EmulatorCredentialsStore {
    if (config.env !== 'emulator') {
      throw new EmulatorCredentialsError(`Emulator credentials are never used outside emulator mode (FINTECTURE_ENV=${config.env})`);
    }
    if (!config.emulatorCredentialsPath) {
      throw new EmulatorCredentialsError(
        'Emulator credentials: no file to keep them in (the configuration gives one when no credentials are configured)',
      );
    }
    return new EmulatorCredentialsStore(config.emulatorCredentialsPath);
  }

  /** The kept identity, or a new one written down first. Two processes starting at once end up with the same one. */
  loadOrCreate(): LoadedCredentials {
    const existing = this.load();
    if (existing) return { credentials: existing, created: false };
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const stored: StoredCredentials = {
      app_id: randomUUID(),
      app_secret: randomUUID(),
      private_key: String(privateKey.export({ type: 'pkcs8', format: 'pem' })),
      created_at: new Date().toISOString(),
    };
    if (!this.writeOnce(`${JSON.stringify(stored, null, 2)}\n`)) {
      // Another process wrote it between our read and our write: theirs is the one everybody uses.
      const theirs = this.load();
      if (theirs) return { credentials: theirs, created: false };
    }
    return { credentials: toCredentials(stored, privateKey), created: true };
  }

  /** The kept identity, undefined when there is no file; a file that is not one is an error, never overwritten. */
  load(): FintectureCredentials | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new EmulatorCredentialsError(`${this.path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const stored = parseStored(text);
    if (!stored) throw this.unusable('is not an emulator credentials file');
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(stored.private_key);
    } catch {
      throw this.unusable('holds a private key that does not parse');
    }
    if (privateKey.asymmetricKeyType !== 'rsa' || (privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
      throw this.unusable('holds a key that is not RSA of 2048 bits or more');
    }
    this.keepPrivate();
    return toCredentials(stored, privateKey);
  }

  /**
   * Writes a temporary file (0600, flushed) and links it to the final name, which fails if the
   * name exists: a reader never sees half a file, and of two writers only the first wins.
   * False when another process got there first.
   */
  private writeOnce(content: string): boolean {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(temporary, this.path);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
      // A file system without hard links: still atomic, though no longer first-writer-wins.
      renameSync(temporary, this.path);
      return true;
    } finally {
      try {
        unlinkSync(temporary);
      } catch {
        // Already renamed into place.
      }
    }
  }

  /** A file copied around may have lost its mode; the secret and key are for this user only. */
  private keepPrivate(): void {
    if (process.platform === 'win32') return;
    if ((statSync(this.path).mode & 0o077) !== 0) chmodSync(this.path, 0o600);
  }

  private unusable(what: string): EmulatorCredentialsError {
    return new EmulatorCredentialsError(`${this.path} ${what}; delete it and the emulator generates a new identity`);
  }
}

function parseStored(text: string): StoredCredentials | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const filled = (key: string) => {
    const field = record[key];
    return typeof field === 'string' && field.trim() !== '';
  };
  if (!filled('app_id') || !filled('app_secret') || !filled('private_key')) return undefined;
  return record as unknown as StoredCredentials;
}

function toCredentials(stored: StoredCredentials, privateKey: KeyObject): FintectureCredentials {
  return { appId: stored.app_id, appSecret: stored.app_secret, privateKey, publicKey: createPublicKey(privateKey), generated: true };
}

/**
 * The app's identity towards Fintecture, built once per process: the configured one, or in
 * emulator mode without one, the emulator's own, kept in the data folder.
 */
export function fintectureCredentials(config: FintectureConfig, logger = new Logger('Fintecture')): FintectureCredentials {
  if (config.appId && config.appSecret && config.privateKey) {
    return {
      appId: config.appId,
      appSecret: config.appSecret,
      privateKey: config.privateKey,
      publicKey: createPublicKey(config.privateKey),
      generated: false,
    };
  }
  // Outside emulator mode the configuration already refuses missing credentials; the store refuses too.
  const store = EmulatorCredentialsStore.forConfig(config);
  const { credentials, created } = store.loadOrCreate();
  logger.warn(
    `No Fintecture credentials configured: using the emulator's own app ${credentials.appId}, ` +
      `${created ? 'generated now and kept' : 'kept'} in ${store.path} (shared by every process using this data folder)`,
  );
  return credentials;
}
