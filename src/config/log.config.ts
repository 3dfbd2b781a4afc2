import { ConfigContext } from './app.config';
import { configNamespace } from './config-namespace';
import { EnvReader } from './env-reader';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface LogConfig {
  level: (typeof LOG_LEVELS)[number];
  pretty: boolean;
}

export function readLogConfig(read: EnvReader, context: ConfigContext): LogConfig {
  return {
    level: read.oneOf('LOG_LEVEL', LOG_LEVELS) ?? 'info',
    // Machines read production and test logs; people read the others.
    pretty: read.bool('LOG_PRETTY', !context.production && context.nodeEnv !== 'test'),
  };
}

export const logConfig = configNamespace('log', readLogConfig);
