import 'reflect-metadata';
import '../config/load-env-file';
import { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { ConfigurationError, loadConfiguration } from '../config/configuration';
import { exitCodeFor } from './reconcile-exit-code';
import { presentRun } from './reconciliation-run.presenter';
import { ReconciliationService } from './reconciliation.service';

/**
 * Nest's log lines, on stderr: stdout is the summary's alone. The project logs pino-style,
 * (fields, message), and Nest appends the logger's context last: both shapes are written.
 */
class StderrLogger implements LoggerService {
  constructor(private readonly chatty: boolean) {}
  log(message: unknown, ...params: unknown[]) {
    if (this.chatty) this.write('LOG', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('WARN', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('ERROR', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('FATAL', message, params);
  }
  debug() {}
  verbose() {}
  private write(level: string, message: unknown, params: unknown[]) {
    const strings = params.filter((p): p is string => typeof p === 'string');
    const context = strings.length ? strings[strings.length - 1] : undefined;
    const texts = strings.slice(0, -1);
    const fields = typeof message === 'string' ? '' : ` ${safeJson(message)}`;
    const text = typeof message === 'string' ? message : texts.join(' ');
    process.stderr.write(`${new Date().toISOString()} ${level}${context ? ` [${context}]` : ''} ${text}${fields}\n`);
  }
}

function safeJson(value: unknown): string {
  if (value instanceof Error) return JSON.stringify({ error: value.message });
  try {
    return JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? { error: v.message, stack: v.stack } : v));
  } catch {
    return String(value);
  }
}

/**
 * `npm run reconcile`: one reconciliation pass, then exit. Stdout carries one line, the run as
 * JSON (the admin API's shape); logs go to stderr so that the line can be piped. The exit code
 * (0 finished cleanly, 1 otherwise) is decided in reconcile-exit-code.ts.
 */
async function main(): Promise<number> {
  let config;
  try {
    config = loadConfiguration();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  // This process runs exactly one pass: never the schedule as well.
  config.reconciliation.intervalSeconds = 0;
  const app = await NestFactory.createApplicationContext(AppModule.register(config), {
    logger: config.log.level === 'silent' ? false : new StderrLogger(!['fatal', 'error', 'warn'].includes(config.log.level)),
  });
  const reconciliation = app.get(ReconciliationService);
  // SIGTERM mid-pass: the sessions in flight finish, the run is recorded as interrupted and
  // printed, and only then does the database close (Nest's own hooks would exit before printing).
  const stop = () => void reconciliation.beforeApplicationShutdown();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    const summary = await reconciliation.runPass('cli');
    process.stdout.write(`${JSON.stringify(presentRun(summary))}\n`);
    return exitCodeFor(summary);
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  main()
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      process.stderr.write(`reconciliation could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
