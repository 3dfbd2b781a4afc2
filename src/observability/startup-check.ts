import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfig, DEV_ADMIN_KEY, DEV_MERCHANT_KEY } from '../config/configuration';
import { FINTECTURE_APP, FintectureApp } from '../fintecture/fintecture-credentials';
import { FintectureError } from '../fintecture/fintecture.errors';
import { FintectureTokenService } from '../fintecture/fintecture-token.service';

export class StartupCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupCheckError';
  }
}

/**
 * What this process runs against, safe to log: identifiers, labels and fingerprints, never a
 * secret. An operator comparing two instances, or a key rotation, reads this line.
 */
export function describeRuntime(config: AppConfig, credentials: FintectureApp): Record<string, unknown> {
  return {
    node_env: config.nodeEnv,
    fintecture: {
      env: config.fintecture.env,
      api_url: config.fintecture.apiUrl,
      app_id: credentials.appId,
      credentials: credentials.generated ? 'generated for the emulator' : 'configured',
      // Enough to tell which key is loaded (and match it with the public key given to Fintecture).
      public_key_sha256: publicKeyFingerprint(credentials),
      timeout_ms: config.fintecture.timeoutMs,
    },
    database: describeDatabase(config.database),
    api_keys: {
      merchant: config.auth.merchantKeys.map((k) => k.label),
      admin: config.auth.adminKeys.map((k) => k.label),
      development_keys: config.auth.devKeys,
    },
    // Cursors signed with a per-process secret do not survive a restart nor cross instances.
    admin_cursor_secret: config.cursorSecret ? 'configured' : 'random per process',
    http: {
      port: config.port,
      body_limit: config.http.bodyLimit,
      trust_proxy: config.http.trustProxy,
      cors_origins: config.http.corsOrigins,
    },
    rate_limit_per_minute: { api_key: config.rateLimit.apiPerMinute, webhook: config.rateLimit.webhookPerMinute },
    log_level: config.log.level,
    shutdown_timeout_ms: config.shutdownTimeoutMs,
  };
}

function publicKeyFingerprint(credentials: FintectureApp): string {
  const publicKey = credentials.publicKey;
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

function describeDatabase(database: AppConfig['database']): Record<string, unknown> {
  if (database.type === 'sqlite') return { engine: 'sqlite', path: database.path, migrations_run: database.migrationsRun };
  let where: Record<string, unknown>;
  try {
    const url = new URL(database.url);
    // The URL's password is the one part of it that must not be written down.
    where = { host: url.hostname, port: url.port || '5432', name: url.pathname.replace(/^\//, ''), user: decodeURIComponent(url.username) };
  } catch {
    where = { url: 'unparsable' };
  }
  return { engine: 'postgres', ...where, pool_size: database.poolSize, migrations_run: database.migrationsRun };
}

interface AppLike {
  get<T = unknown>(token: unknown, options?: { strict?: boolean }): T;
}

/**
 * Logs what the process runs against and, outside the emulator, proves the credentials by
 * obtaining a token. A refusal (wrong app id, secret) stops the start: the instance could not
 * create a single payment, and a rolling deploy should keep the old one. Fintecture being
 * unreachable does not: the network may heal, and calls fail one by one with a clear 502/504.
 */
export async function runStartupCheck(app: AppLike, config: AppConfig, logger = new Logger('StartupCheck')): Promise<void> {
  const credentials = app.get<FintectureApp>(FINTECTURE_APP, { strict: false });
  const runtime = describeRuntime(config, credentials);
  const db = runtime.database as { engine: string; path?: string; host?: string; name?: string };
  logger.log(
    { runtime },
    `Fintecture ${config.fintecture.env} at ${config.fintecture.apiUrl} (app ${credentials.appId}); ` +
      `database ${db.engine} ${db.path ?? `${db.host}/${db.name}`}; ` +
      `${config.auth.merchantKeys.length} merchant key(s), ${config.auth.adminKeys.length} admin key(s)`,
  );
  if (config.auth.devKeys) {
    logger.warn(
      `MERCHANT_API_KEYS or ADMIN_API_KEYS is unset: accepting the development keys "${DEV_MERCHANT_KEY}" and "${DEV_ADMIN_KEY}" (refused in production)`,
    );
  }
  if (config.fintecture.env === 'emulator') return;

  const started = Date.now();
  try {
    await app.get<FintectureTokenService>(FintectureTokenService, { strict: false }).getToken();
    logger.log(`Fintecture ${config.fintecture.env} accepted the credentials: token obtained in ${Date.now() - started} ms`);
  } catch (error) {
    if (error instanceof FintectureError && (error.kind === 'unauthorized' || error.kind === 'rejected')) {
      throw new StartupCheckError(
        `Fintecture ${config.fintecture.env} refused the credentials of app ${credentials.appId} (${error.message}); ` +
          'check FINTECTURE_APP_ID, FINTECTURE_APP_SECRET and FINTECTURE_ENV',
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    logger.error(`could not obtain a Fintecture token at start (${reason}); starting anyway, payment calls will fail until Fintecture answers`);
  }
}
