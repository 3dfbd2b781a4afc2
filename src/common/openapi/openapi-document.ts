import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** Generators read bearerFormat as a hint; ours are opaque keys from MERCHANT_API_KEYS / ADMIN_API_KEYS, not JWTs. */
const API_KEY_FORMAT = 'opaque API key';

/**
 * The OpenAPI document of the service, as /docs-json serves it and `npm run openapi:export`
 * writes it. Each route declares its own answers (src/common/openapi decorators); the document
 * adds what is shared: the server, the two key schemes and the tags.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Fintecture payments service')
    .setDescription(
      'Creates Fintecture payment sessions (Immediate Transfer, Smart Transfer, Buy Now Pay Later), keeps every session and its history, ' +
        'applies signed webhooks and reconciles open sessions. Errors are application/problem+json (RFC 9457): the Problem schema, ' +
        'with a stable `code` to branch on and, for validation, every invalid field in `errors`.',
    )
    .setVersion('1.0')
    .addServer('http://localhost:3000', 'A local instance (npm start); give a generated client the address of your deployment instead.')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: API_KEY_FORMAT, description: 'A merchant API key (MERCHANT_API_KEYS).' },
      'merchant',
    )
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: API_KEY_FORMAT, description: 'An admin API key (ADMIN_API_KEYS).' }, 'admin')
    .addTag('payment sessions', 'Create, read and cancel payment sessions (merchant key).')
    .addTag('notifications', "The shop's own webhook endpoints and their deliveries (merchant key).")
    .addTag('admin', "Every merchant's sessions, the CSV export, reconciliation runs and unmatched notices (admin key).")
    .addTag('admin console', "The browser console's login and the few calls it makes beyond the admin API.")
    .addTag('webhooks', 'Where Fintecture posts its notices; authenticated by their signature, not by a key.')
    .addTag('operations', 'Health probes and Prometheus metrics; public, for an internal network.')
    .build();
  return SwaggerModule.createDocument(app, config, {
    // "PaymentSessions_create" rather than "PaymentSessionsController_create": what generated clients name their methods after.
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
}
