import { ConfigFactory } from '@nestjs/config';
import { AppSettings, readAppSettings, readConfigContext } from './app.config';
import { AuthConfig, authConfig, readAuthConfig } from './auth.config';
import { bindNamespace } from './config-namespace';
import { DatabaseConfig, databaseConfig, readDatabaseConfig } from './database.config';
import { EmulatorConfig, emulatorConfig, readEmulatorConfig } from './emulator.config';
import { Env, EnvReader } from './env-reader';
import { FintectureConfig, fintectureConfig, readFintectureConfig } from './fintecture.config';
import { HttpConfig, httpConfig, readHttpConfig } from './http.config';
import { LogConfig, logConfig, readLogConfig } from './log.config';
import { NotificationsConfig, notificationsConfig, readNotificationsConfig } from './notifications.config';
import { PaymentsConfig, paymentsConfig, readPaymentsConfig } from './payments.config';
import { RateLimitConfig, rateLimitConfig, readRateLimitConfig } from './rate-limit.config';
import { ReconciliationConfig, reconciliationConfig, readReconciliationConfig } from './reconciliation.config';
import { readRefundsConfig, RefundsConfig, refundsConfig } from './refunds.config';
import { readWebhooksConfig, WebhooksConfig, webhooksConfig } from './webhooks.config';

export type { FintectureEnv } from './app.config';
export type { ApiKey } from './auth.config';
export { DEV_ADMIN_KEY, DEV_MERCHANT_KEY } from './auth.config';
export { ConfigurationError } from './env-reader';

/** The whole configuration: the root settings and one namespace per feature. */
export interface AppConfig extends AppSettings {
  database: DatabaseConfig;
  fintecture: FintectureConfig;
  auth: AuthConfig;
  http: HttpConfig;
  webhooks: WebhooksConfig;
  payments: PaymentsConfig;
  reconciliation: ReconciliationConfig;
  refunds: RefundsConfig;
  notifications: NotificationsConfig;
  emulator: EmulatorConfig;
  log: LogConfig;
  rateLimit: RateLimitConfig;
}

/**
 * Reads and validates every variable at once, so that one start-up names every mistake
 * rather than the first. Pure: tests give it a plain object.
 */
export function loadConfiguration(env: Env = process.env): AppConfig {
  const read = new EnvReader(env);
  const context = readConfigContext(read);
  const config: AppConfig = {
    ...readAppSettings(read, context),
    fintecture: readFintectureConfig(read, context),
    auth: readAuthConfig(read, context),
    database: readDatabaseConfig(read, context),
    http: readHttpConfig(read),
    webhooks: readWebhooksConfig(read),
    payments: readPaymentsConfig(read),
    reconciliation: readReconciliationConfig(read),
    refunds: readRefundsConfig(read),
    notifications: readNotificationsConfig(read, context),
    emulator: readEmulatorConfig(read, context),
    log: readLogConfig(read, context),
    rateLimit: readRateLimitConfig(read),
  };
  read.throwIfProblems();
  return config;
}

/**
 * Only the database variables: what the TypeORM CLI (ormconfig.ts, `npm run migration:run`) needs,
 * so that migrating a production database does not require the app's keys and credentials.
 */
export function loadDatabaseConfiguration(env: Env = process.env): DatabaseConfig {
  const read = new EnvReader(env);
  const production = read.string('NODE_ENV') === 'production' || read.string('FINTECTURE_ENV') === 'production';
  const database = readDatabaseConfig(read, { production });
  read.throwIfProblems();
  return database;
}

/**
 * The validated configuration for `ConfigModule.forRoot({ load })`: the root settings, and each
 * namespace under its `registerAs` token, so that `config.get('fintecture', { infer: true })` and
 * `@Inject(fintectureConfig.KEY) config: ConfigType<typeof fintectureConfig>` read the same object.
 */
export function configLoaders(config: AppConfig): ConfigFactory[] {
  const { nodeEnv, production, port, shutdownTimeoutMs, cursorSecret } = config;
  const root: AppSettings = { nodeEnv, production, port, shutdownTimeoutMs, cursorSecret };
  return [
    () => root,
    bindNamespace(databaseConfig, config.database),
    bindNamespace(fintectureConfig, config.fintecture),
    bindNamespace(authConfig, config.auth),
    bindNamespace(httpConfig, config.http),
    bindNamespace(webhooksConfig, config.webhooks),
    bindNamespace(paymentsConfig, config.payments),
    bindNamespace(reconciliationConfig, config.reconciliation),
    bindNamespace(refundsConfig, config.refunds),
    bindNamespace(notificationsConfig, config.notifications),
    bindNamespace(emulatorConfig, config.emulator),
    bindNamespace(logConfig, config.log),
    bindNamespace(rateLimitConfig, config.rateLimit),
  ];
}
