import request from 'supertest';
import { PAYMENT_SESSION_EXAMPLES } from '../src/payments/dto/payment-session.examples';
import { runInBackground } from './support/reconciliation-runs';
import { adminAuth, merchantAuth, startTestApp, TestApp } from './support/test-app';

/**
 * The document /docs-json serves, held to what a client generator needs: every operation says
 * what it answers (a schema for each success, the Problem for each error), and whether it takes a
 * key, in so many words. A route added without them fails here. The schemas are then held to
 * the bodies the service really sends.
 */

type Schema = { $ref?: string; type?: string; properties?: Record<string, Schema>; required?: string[]; items?: Schema; allOf?: Schema[] };
type Media = { schema?: Schema; example?: unknown; examples?: Record<string, { value: unknown }> };
type Operation = { operationId: string; security?: Array<Record<string, string[]>>; responses: Record<string, { content?: Record<string, Media> }> };
type Document = {
  servers?: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, { bearerFormat?: string }> };
};

/** The routes that take no key; anything else must ask for one. */
const PUBLIC_OPERATIONS = [
  'GET /health/live',
  'GET /health/ready',
  'GET /metrics',
  'POST /v1/webhooks/fintecture',
  'GET /admin/session',
  'POST /admin/session',
  'POST /admin/logout',
];
const PROBLEM_REF = '#/components/schemas/Problem';
const SOME_ID = '0b6f6c1e-3f3a-4c43-9d35-1d6a0e0f6b7a';

let t: TestApp;
let doc: Document;

beforeAll(async () => {
  t = await startTestApp();
  doc = (await request(t.url).get('/docs-json').expect(200)).body as Document;
});
afterAll(() => t?.close());

function operations(): Array<{ name: string; path: string; method: string; op: Operation }> {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, path, method, op })),
  );
}

function schemaNamed(name: string): Schema {
  const schema = doc.components.schemas[name];
  if (!schema) throw new Error(`no schema ${name} in the document`);
  return schema;
}

function deref(schema: Schema): Schema {
  return schema.$ref ? schemaNamed(schema.$ref.replace('#/components/schemas/', '')) : schema;
}

/** The body carries every required member and nothing the schema does not list. */
function expectToFit(body: Record<string, unknown>, schemaName: string): void {
  const schema = schemaNamed(schemaName);
  const listed = Object.keys(schema.properties ?? {}).sort();
  expect({ schema: schemaName, extra: Object.keys(body).filter((k) => !listed.includes(k)) }).toEqual({ schema: schemaName, extra: [] });
  expect({ schema: schemaName, missing: (schema.required ?? []).filter((k) => !(k in body)) }).toEqual({ schema: schemaName, missing: [] });
}

function okSchema(path: string, method: string, status = '200'): Schema {
  const media = doc.paths[path][method].responses[status].content?.['application/json'];
  if (!media?.schema) throw new Error(`${method} ${path} ${status} has no JSON schema`);
  return media.schema;
}

function pageItemSchemaName(path: string): string {
  const page = okSchema(path, 'get');
  expect(page.required).toEqual(['data', 'next_cursor']);
  return page.properties!.data.items!.$ref!.replace('#/components/schemas/', '');
}

describe('the document as a whole', () => {
  it('names a server and says the bearer keys are not JWTs', () => {
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['admin', 'merchant']);
    for (const scheme of Object.values(doc.components.securitySchemes)) {
      expect(scheme.bearerFormat).toBeDefined();
      expect(scheme.bearerFormat).not.toMatch(/jwt/i);
    }
  });

  it('gives every operation a distinct operationId', () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('every operation', () => {
  it('declares its security explicitly: [] on exactly the public routes, a key scheme elsewhere', () => {
    const undeclared = operations()
      .filter(({ op }) => !Array.isArray(op.security))
      .map(({ name }) => name);
    expect(undeclared).toEqual([]);
    const declaredPublic = operations()
      .filter(({ op }) => op.security!.length === 0)
      .map(({ name }) => name);
    expect(declaredPublic.sort()).toEqual([...PUBLIC_OPERATIONS].sort());
    for (const { op } of operations().filter(({ op }) => op.security!.length > 0)) {
      for (const requirement of op.security!)
        expect(Object.keys(doc.components.securitySchemes)).toEqual(expect.arrayContaining(Object.keys(requirement)));
    }
  });

  it('documents a success with a schema (204 excepted)', () => {
    const lacking = operations().flatMap(({ name, op }) => {
      const successes = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (!successes.length) return [`${name}: no 2xx`];
      return successes
        .filter(([status, response]) => status !== '204' && !Object.values(response.content ?? {}).some((media) => media.schema))
        .map(([status]) => `${name}: ${status} without a schema`);
    });
    expect(lacking).toEqual([]);
  });

  it('documents each of its errors as application/problem+json with the Problem schema and an example', () => {
    const wrong = operations().flatMap(({ name, op }) => {
      const errors = Object.entries(op.responses).filter(([status]) => /^[45]\d\d$/.test(status));
      if (!errors.length) return [`${name}: no error answer`];
      return errors
        .filter(([, response]) => {
          const types = Object.keys(response.content ?? {});
          const media = response.content?.['application/problem+json'];
          return types.join() !== 'application/problem+json' || media?.schema?.$ref !== PROBLEM_REF || (!media.example && !media.examples);
        })
        .map(([status]) => `${name}: ${status}`);
    });
    expect(wrong).toEqual([]);
  });

  it('answers a request without a key with 401 exactly where it asks for one', async () => {
    const secured = operations().filter(({ op }) => op.security!.length > 0);
    expect(secured.length).toBeGreaterThan(10);
    for (const { name, path, method } of secured) {
      const res = await request(t.url)[method as 'get' | 'post' | 'delete'](path.replace(/\{[^}]+\}/g, SOME_ID));
      expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status: 401, code: 'unauthorized' });
    }
  });

  it("uses problem examples that are the service's own problem bodies", () => {
    const problem = schemaNamed('Problem');
    for (const { name, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses)) {
        const media = response.content?.['application/problem+json'];
        if (!media) continue;
        const bodies = media.examples ? Object.values(media.examples).map((e) => e.value) : [media.example];
        for (const body of bodies as Array<Record<string, unknown>>) {
          expect({ name, status: body.status }).toEqual({ name, status: Number(status) });
          expect(body.type).toBe(`urn:problem-type:payments:${String(body.code)}`);
          for (const member of problem.required ?? []) expect(body).toHaveProperty(member);
        }
      }
    }
  });
});

describe('the schemas fit what the service sends', () => {
  let sessionId: string;

  beforeAll(async () => {
    const example = PAYMENT_SESSION_EXAMPLES.immediate_transfer;
    const res = await request(t.url)
      .post(`/v1/payment-sessions?${new URLSearchParams(example.query as unknown as Record<string, string>).toString()}`)
      .set(merchantAuth)
      .send(example.body)
      .expect(201);
    sessionId = res.body.id;
  });

  it('the session resource (create, read, cancel)', async () => {
    expect(deref(okSchema('/v1/payment-sessions', 'post', '201'))).toBe(schemaNamed('PaymentSession'));
    expect(deref(okSchema('/v1/payment-sessions/{id}', 'get'))).toBe(schemaNamed('PaymentSession'));
    const read = await request(t.url).get(`/v1/payment-sessions/${sessionId}`).set(merchantAuth).expect(200);
    expectToFit(read.body, 'PaymentSession');
    const cancelled = await request(t.url).post(`/v1/payment-sessions/${sessionId}/cancel`).set(merchantAuth).expect(200);
    expectToFit(cancelled.body, 'PaymentSession');
  });

  it('the admin page, session with events, and CSV', async () => {
    const item = pageItemSchemaName('/v1/admin/payment-sessions');
    const page = await request(t.url).get('/v1/admin/payment-sessions?limit=1').set(adminAuth).expect(200);
    expect(Object.keys(page.body).sort()).toEqual(['data', 'next_cursor']);
    expectToFit(page.body.data[0], item);

    const detailSchema = deref(okSchema('/v1/admin/payment-sessions/{id}', 'get'));
    const detail = await request(t.url).get(`/v1/admin/payment-sessions/${sessionId}`).set(adminAuth).expect(200);
    expectToFit(detail.body, 'AdminPaymentSessionWithEvents');
    expect(detailSchema).toBe(schemaNamed('AdminPaymentSessionWithEvents'));
    expect(detail.body.events.length).toBeGreaterThan(0);
    for (const event of detail.body.events) expectToFit(event, 'SessionEvent');

    const csv = doc.paths['/v1/admin/payment-sessions/export'].get.responses['200'].content!;
    expect(Object.keys(csv)).toEqual(['text/csv']);
    const exported = await request(t.url).get('/v1/admin/payment-sessions/export').set(adminAuth).expect(200);
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    expect(exported.text.split('\r\n')[0]).toBe(String(csv['text/csv'].example).split('\r\n')[0]);
  });

  it('a reconciliation run, as started, listed and read', async () => {
    const run = await runInBackground(t.url);
    expect(deref(okSchema('/v1/admin/reconciliation-runs/{id}', 'get'))).toBe(schemaNamed('ReconciliationRun'));
    expectToFit(run, 'ReconciliationRun');
    const item = pageItemSchemaName('/v1/admin/reconciliation-runs');
    const page = await request(t.url).get('/v1/admin/reconciliation-runs').set(adminAuth).expect(200);
    expectToFit(page.body.data[0], item);
  });

  it('a notification endpoint, with its secret on create only', async () => {
    const created = await request(t.url)
      .post('/v1/notification-endpoints')
      .set(merchantAuth)
      .send({ url: 'https://shop.example.com/hooks/payments' })
      .expect(201);
    expect(deref(okSchema('/v1/notification-endpoints', 'post', '201'))).toBe(schemaNamed('NotificationEndpointWithSecret'));
    expectToFit(created.body, 'NotificationEndpointWithSecret');
    const read = await request(t.url).get(`/v1/notification-endpoints/${created.body.id}`).set(merchantAuth).expect(200);
    expectToFit(read.body, 'NotificationEndpoint');
  });

  it('a problem body', async () => {
    const missing = await request(t.url).get(`/v1/payment-sessions/${SOME_ID}`).set(merchantAuth).expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expectToFit(missing.body, 'Problem');
    const invalid = await request(t.url).get('/v1/admin/payment-sessions?limit=0').set(adminAuth).expect(400);
    expectToFit(invalid.body, 'Problem');
    for (const error of invalid.body.errors) expect(Object.keys(error).sort()).toEqual(Object.keys(schemaNamed('FieldError').properties!).sort());
  });

  it('the webhook answer and the health check', async () => {
    expect(deref(okSchema('/v1/webhooks/fintecture', 'post'))).toBe(schemaNamed('WebhookAnswer'));
    const live = await request(t.url).get('/health/live').expect(200);
    expectToFit(live.body, 'HealthCheck');
  });
});
