import { loadEnvFile } from './env-file';

/*
 * Imported first by each process entry point (the service, `npm run emulator`, `npm run reconcile`,
 * the TypeORM CLI), before anything else is loaded: some modules read process.env as they load
 * (the column types follow DATABASE_URL), so the file's values must be in place by then.
 */
try {
  loadEnvFile();
} catch (error) {
  // Before any logger exists, as for a bad variable: say what is wrong, and stop.
  process.stderr.write(`Invalid configuration:\n  - ${(error as Error).message}\n`);
  process.exit(1);
}
