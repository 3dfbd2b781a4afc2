import { ConfigFactory } from '@nestjs/config';
import { AppSettings, readAppSettings, readConfigContext } from './app.config';
import { authConfig } from './auth.config';
import { bindNamespace } from './config-namespace';
import { DatabaseConfig, databaseConfig, readDatabaseConfig } from './database.config';
import { emulatorConfig } from './emulator.config';
import { Env, EnvReader } from './env-reader';
import { fintectureConfig } from './fintecture.config';
import { httpConfig } from './http.config';
import { logConfig } from './log.config';
import { notificationsConfig } from './notifications.config';
import { paymentsConfig } from './payments.config';
import { rateLimitConfig } from './rate-limit.config';
import { reconciliationConfig } from './reconciliation.config';
import { refundsConfig } from './refunds.config';
import { webhooksConfig } from './webhooks.config';

export type { FintectureEnv } from './app.config';
export type { ApiKey } from './auth.config';
export { DEV_ADMIN_KEY, DEV_MERCHANT_KEY } from './auth.config';
export { ConfigurationError } from './env-reader';

/**
 * Every feature namespace, in the order they are read (so their problems are listed in that order).
 * A new namespace is added here only: the configuration's type, its reading and its binding follow.
 */
const FEATURE_NAMESPACES = [
  fintectureConfig,
  authConfig,
  databaseConfig,
  httpConfig,
  webhooksConfig,
  paymentsConfig,
  reconciliationConfig,
  refundsConfig,
  notificationsConfig,
  emulatorConfig,
  logConfig,
  rateLimitConfig,
] as const;

type FeatureNamespace = (typeof FEATURE_NAMESPACES)[number];
type FeatureConfigs = { [N in FeatureNamespace as N['namespace']]: ReturnType<N> };

/** The whole configuration: the root settings and one namespace per feature. */
export interface AppConfig extends AppSettings, FeatureConfigs {}

/**
 * Reads and validates every variable at once, so that one start-up names every mistake
 * rather than the first. Pure: tests give it a plain object.
 */
export function loadConfiguration(env: Env = process.env): AppConfig {
  const read = new EnvReader(env);
  const context = readConfigContext(read);
  const features = Object.fromEntries(FEATURE_NAMESPACES.map((feature) => [feature.namespace, feature.read(read, context)])) as FeatureConfigs;
  const config: AppConfig = { ...readAppSettings(read, context), ...features };
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
  return [() => root, ...FEATURE_NAMESPACES.map((feature) => bindNamespace(feature, config[feature.namespace]))];
}
