/**
 * npm run openapi:export [-- <file>]   (default: dist/openapi.json)
 *
 * Writes the OpenAPI document the service serves at /docs-json, for linters and client
 * generators, without a running service: the app is built in emulator mode on a throw-away
 * SQLite file, with none of the caller's variables, so the document is the same on every machine.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { AppModule } from '../src/app.module';
import { buildOpenApiDocument } from '../src/common/openapi/openapi-document';
import { loadConfiguration } from '../src/config/configuration';

async function main(): Promise<void> {
  const target = resolve(process.argv[2] ?? 'dist/openapi.json');
  const dataDir = mkdtempSync(join(tmpdir(), 'openapi-export-'));
  try {
    const config = loadConfiguration({
      NODE_ENV: 'development',
      FINTECTURE_ENV: 'emulator',
      DATABASE_PATH: join(dataDir, 'payments.sqlite'),
      LOG_LEVEL: 'silent',
      RECONCILIATION_INTERVAL_SECONDS: '0',
    });
    const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), { logger: false });
    try {
      const document = buildOpenApiDocument(app);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(`OpenAPI document written to ${target}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
