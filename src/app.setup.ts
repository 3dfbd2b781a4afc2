import { INestApplication, Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AddressInfo } from 'node:net';
import { AppConfig } from './config/configuration';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { requestIdMiddleware } from './common/request-id';
import { ProblemValidationPipe } from './common/validation';

/** Everything main.ts does to the app besides listening; the e2e tests use it too. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.use(requestIdMiddleware);
  app.useBodyParser('json', { limit: config.http.bodyLimit });
  app.useBodyParser('urlencoded', { limit: config.http.bodyLimit, extended: false });
  app.set('trust proxy', config.http.trustProxy);
  app.disable('x-powered-by');
  if (config.http.corsOrigins.length) app.enableCors({ origin: config.http.corsOrigins });
  app.useGlobalPipes(new ProblemValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  setUpOpenApi(app);
}

function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Fintecture payments service')
      .setDescription(
        'Creates Fintecture payment sessions (Immediate Transfer, Smart Transfer, Buy Now Pay Later), keeps every session and its history, ' +
          'applies signed webhooks and reconciles open sessions. Errors are application/problem+json (RFC 9457).',
      )
      .setVersion('1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A merchant API key' }, 'merchant')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An admin API key' }, 'admin')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/**
 * Listens, then (emulator mode, no explicit URLs) points the Fintecture client, the payer page and
 * the webhooks at the port actually bound, which matters when PORT=0.
 */
export async function listen(app: NestExpressApplication, config: AppConfig, env = process.env): Promise<number> {
  await app.listen(config.port, '0.0.0.0');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  if (config.fintecture.env === 'emulator' && port !== config.port) {
    if (!env.FINTECTURE_API_URL) config.fintecture.apiUrl = `http://127.0.0.1:${port}/emulator`;
    if (!env.EMULATOR_PUBLIC_URL) config.emulator.publicUrl = `http://localhost:${port}/emulator`;
    if (!env.EMULATOR_WEBHOOK_URL) config.emulator.webhookUrl = `http://127.0.0.1:${port}/v1/webhooks/fintecture`;
  }
  new Logger('Bootstrap').log(`listening on port ${port}`);
  return port;
}
