import { INestApplication, Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { AddressInfo } from 'node:net';
import type { HttpLogger } from 'pino-http';
import { AppConfig } from './config/configuration';
import { buildOpenApiDocument } from './common/openapi/openapi-document';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { rejectMalformedQuery } from './common/query-encoding';
import { requestIdMiddleware } from './common/request-id';
import { ProblemValidationPipe } from './common/validation';
import { CONSOLE_CSP_DIRECTIVES, isConsolePath } from './console/console-security';
import { GracefulShutdown } from './observability/graceful-shutdown';
import { isEmulatorPath, pathOf } from './observability/http-route';
import { MetricsService } from './observability/metrics.service';
import { HTTP_LOGGER } from './observability/observability.module';
import { webhookBodyParseErrors } from './webhooks/webhook-body-errors';

/** Everything main.ts does to the app besides listening; the e2e tests use it too. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(PinoNestLogger));
  // Order matters: Express runs these in turn, before the body parsers and Nest's routing, so
  // every request, even one refused for its body or during shutdown, is counted and logged.
  app.use(requestIdMiddleware);
  app.use(app.get(MetricsService).httpMiddleware);
  app.use(app.get<HttpLogger>(HTTP_LOGGER, { strict: false }));
  app.use(app.get(GracefulShutdown).middleware);
  app.use(securityHeaders());
  app.use(rejectMalformedQuery);
  app.useBodyParser('json', { limit: config.http.bodyLimit });
  app.useBodyParser('urlencoded', { limit: config.http.bodyLimit, extended: false });
  app.use(webhookBodyParseErrors);
  app.set('trust proxy', config.http.trustProxy);
  app.disable('x-powered-by');
  if (config.http.corsOrigins.length) app.enableCors({ origin: config.http.corsOrigins });
  app.useGlobalPipes(new ProblemValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  setUpOpenApi(app);
}

/**
 * helmet everywhere. The API answers JSON only, so its pages may load nothing at all; the
 * Swagger UI needs helmet's default policy (its own scripts and inline styles), and the
 * emulator's payer page, which never runs in production, posts forms that redirect to the
 * merchant's site, which a form-action policy would block.
 */
function securityHeaders(): RequestHandler {
  const api = helmet({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
  const docs = helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  const emulator = helmet({ contentSecurityPolicy: false });
  const adminConsole = helmet({ contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_CSP_DIRECTIVES } });
  return (req: Request, res: Response, next: NextFunction) => {
    const path = pathOf(req);
    if (isEmulatorPath(path)) return emulator(req, res, next);
    if (isConsolePath(path)) return adminConsole(req, res, next);
    if (path === '/docs' || path.startsWith('/docs/') || path.startsWith('/docs-json')) return docs(req, res, next);
    return api(req, res, next);
  };
}

function setUpOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
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
