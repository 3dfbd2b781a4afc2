import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { EmulatorCredentialsModule } from '../src/emulator/emulator-credentials';
import { EmulatorModule } from '../src/emulator/emulator.module';
import { startStandaloneEmulator, StandaloneEmulator } from '../src/emulator/standalone';
import { parseSignatureHeader } from '../src/fintecture/http-signature';
import { httpCall } from './support/emulator-calls';
import { inspectEmulator } from './support/emulator-inspector';
import { startTestApp, TestApp } from './support/test-app';
import { ReceivedWebhook, startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';
import { freshFintectureCredentials } from './support/fresh-fintecture-identity';

/**
 * Interoperability with code no one here wrote: the official `fintecture-client` package
 * (Fintecture's JS SDK, 2.0.2) signs requests the emulator must accept, and validates the
 * emulator's webhooks with its own validator.
 */

// The package's surface, as far as these tests use it (its own typings are partial).
interface SdkConfig {
  app_id: string;
  app_secret: string;
  private_key: string;
  env: 'sandbox';
}
interface Sdk {
  FintectureClient: new (config: SdkConfig) => {
    getAccessToken(): Promise<{ access_token: string; token_type: string; expires_in: number }>;
    getPisConnect(token: string, config: Record<string, unknown>): Promise<{ session_id: string; url: string }>;
    validation: { authenticateRequest(headers: Record<string, unknown>, body: string): boolean };
  };
  /** The SDK's request signer: Date, X-Request-ID, Digest and Signature for a method, url and body. */
  getHeaders(method: string, url: string, token: string, config: SdkConfig, body?: unknown, extra?: Record<string, string>): Record<string, string>;
  stringify(query: Record<string, unknown>): string;
}

/**
 * The SDK reads its hosts from FINTECTUREAPIURL_DEV / FINTECTUREOAUTHURL_DEV once, when it is
 * first loaded; each host therefore gets a fresh copy of the package.
 */
function loadSdk(apiBaseUrl: string): Sdk {
  const saved = { api: process.env.FINTECTUREAPIURL_DEV, oauth: process.env.FINTECTUREOAUTHURL_DEV };
  process.env.FINTECTUREAPIURL_DEV = apiBaseUrl;
  process.env.FINTECTUREOAUTHURL_DEV = apiBaseUrl;
  let sdk: Sdk | undefined;
  try {
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports -- a fresh copy of the SDK per host needs require inside isolateModules */
      const client = require('fintecture-client') as Pick<Sdk, 'FintectureClient'>;
      const apiService = require('fintecture-client/lib/src/services/ApiService') as Pick<Sdk, 'getHeaders'>;
      // The query encoder the SDK itself uses, resolved from the SDK's own location.
      const qs = require(require.resolve('qs', { paths: [require.resolve('fintecture-client')] })) as Pick<Sdk, 'stringify'>;
      /* eslint-enable @typescript-eslint/no-require-imports */
      sdk = { FintectureClient: client.FintectureClient, getHeaders: apiService.getHeaders, stringify: qs.stringify };
    });
  } finally {
    if (saved.api === undefined) delete process.env.FINTECTUREAPIURL_DEV;
    else process.env.FINTECTUREAPIURL_DEV = saved.api;
    if (saved.oauth === undefined) delete process.env.FINTECTUREOAUTHURL_DEV;
    else process.env.FINTECTUREOAUTHURL_DEV = saved.oauth;
  }
  return sdk as Sdk;
}

const credentials = freshFintectureCredentials({ generated: false });
const privateKeyPem = credentials.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const sdkConfig: SdkConfig = { app_id: credentials.appId, app_secret: credentials.appSecret, private_key: privateKeyPem, env: 'sandbox' };

const connectConfig = (state: string) => ({
  amount: 42.5,
  currency: 'EUR',
  communication: 'ORDER-2026-0042',
  customer_full_name: 'Jeanne Dupré',
  customer_email: 'jeanne@example.org',
  customer_ip: '203.0.113.7',
  redirect_uri: 'https://shop.example/fintecture/callback',
  origin_uri: 'https://shop.example/cart',
  state,
  psu_type: 'retail',
  country: 'fr',
});

/** The body the SDK's getPisConnect sends, built the same way (its fields, its JSON.stringify). */
const sdkPayload = (state: string) => {
  const c = connectConfig(state);
  return {
    data: { type: 'SEPA', attributes: { amount: c.amount, currency: c.currency, communication: c.communication } },
    meta: { psu_name: c.customer_full_name, psu_email: c.customer_email, psu_ip: c.customer_ip },
  };
};

let receiver: WebhookReceiver;
let standalone: StandaloneEmulator;
let standaloneUrl: string;
let mounted: NestExpressApplication;
let mountedUrl: string;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  // The standalone runner, with this app's identity from the environment as `npm run emulator` reads it.
  standalone = await startStandaloneEmulator(
    {
      EMULATOR_PORT: '0',
      EMULATOR_WEBHOOK_URL: receiver.url,
      EMULATOR_WEBHOOK_BASE_DELAY_MS: '20',
      FINTECTURE_APP_ID: credentials.appId,
      FINTECTURE_APP_SECRET: credentials.appSecret,
      FINTECTURE_PRIVATE_KEY: privateKeyPem,
    },
    false,
  );
  standaloneUrl = `http://127.0.0.1:${standalone.port}`;
  // The emulator as the service mounts it, sending JSON webhooks this time.
  const moduleRef = await Test.createTestingModule({
    imports: [
      EmulatorCredentialsModule.with(credentials),
      EmulatorModule.forRoot({
        publicBaseUrl: 'http://127.0.0.1:0/emulator',
        webhookUrl: receiver.url,
        webhookFormat: 'json',
        webhookMaxAttempts: 3,
        webhookBaseDelayMs: 20,
        tokenTtlSeconds: 3600,
        timeoutFaultMs: 100,
      }),
    ],
  }).compile();
  mounted = moduleRef.createNestApplication<NestExpressApplication>({ rawBody: true, logger: false });
  await mounted.listen(0, '127.0.0.1');
  mountedUrl = `http://127.0.0.1:${(mounted.getHttpServer().address() as AddressInfo).port}`;
});
afterAll(async () => {
  await mounted?.close();
  await standalone?.app.close();
  await receiver?.close();
});
beforeEach(() => receiver.clear());

async function payAndReceive(baseUrl: string, sessionId: string): Promise<ReceivedWebhook> {
  const answer = await httpCall(baseUrl, 'POST', `/emulator/connect/${sessionId}/pay`, {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'provider=demobank',
  });
  expect(answer.status).toBe(303);
  const [webhook] = await receiver.waitFor(1);
  return webhook;
}

describe('fintecture-client against the standalone emulator (its own public API, unmodified)', () => {
  let sdk: Sdk;
  let client: InstanceType<Sdk['FintectureClient']>;
  let token: string;

  beforeAll(async () => {
    sdk = loadSdk(standaloneUrl);
    client = new sdk.FintectureClient(sdkConfig);
    const answer = await client.getAccessToken();
    expect(answer).toEqual({ token_type: 'Bearer', access_token: expect.any(String), expires_in: 3600 });
    token = answer.access_token;
  });

  it('getPisConnect, signed by the SDK, is accepted', async () => {
    const connect = await client.getPisConnect(token, connectConfig('sdk-1'));
    expect(connect.session_id).toMatch(/^[0-9a-f]{32}$/);
    expect(connect.url).toBe(`http://localhost:${standalone.port}/emulator/connect/${connect.session_id}`);

    const call = inspectEmulator(standalone.app).recordedRequests().pop();
    expect(call).toMatchObject({ operation: 'connect', status: 201 });
    expect(call?.path).toMatch(/^\/pis\/v2\/connect\?origin_uri=/);
    expect(call?.headers['user-agent']).toMatch(/^Fintecture NodeJS SDK/);
    expect(parseSignatureHeader(call?.headers.signature as string)?.headers).toEqual(['(request-target)', 'date', 'digest', 'x-request-id']);
    // The SDK sends the amount as a number; Fintecture (and the emulator) take it and echo it.
    expect(inspectEmulator(standalone.app).getSession(connect.session_id)).toMatchObject({ amount: '42.5', state: 'sdk-1' });
  });

  it("the SDK's signer: accepted as signed, refused once the body, the digest or the path is changed", async () => {
    const query = sdk.stringify({ redirect_uri: 'https://shop.example/back', state: 'sdk-2' });
    const url = `/pis/v2/connect?${query}`;
    const payload = sdkPayload('sdk-2');
    const headers = sdk.getHeaders('post', url, token, sdkConfig, payload, { 'x-country': 'fr' });
    const body = JSON.stringify(payload);
    const send = (sentHeaders: Record<string, string>, sentBody: string, sentUrl = url) =>
      httpCall(standaloneUrl, 'POST', sentUrl, { headers: { ...sentHeaders, 'Content-Type': 'application/json' }, body: sentBody });

    expect((await send(headers, body)).status).toBe(201);
    for (const refused of [
      await send(headers, body.replace('42.5', '4250')),
      await send({ ...headers, Digest: 'SHA-256=' + Buffer.alloc(32).toString('base64') }, body),
      await send(headers, body, url.replace('sdk-2', 'sdk-3')),
    ]) {
      expect(refused.status).toBe(401);
      expect(refused.json()).toMatchObject({ status: '401', code: 'unauthorized', errors: [{ code: 'invalid_signature' }] });
    }
  });

  it("the SDK's webhook validator accepts the emulator's form webhook and refuses tampered ones", async () => {
    const { session_id: sessionId } = await client.getPisConnect(token, connectConfig('sdk-4'));
    const webhook = await payAndReceive(standaloneUrl, sessionId);
    expect(webhook.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const headers = () => ({ ...webhook.headers });

    expect(client.validation.authenticateRequest(headers(), webhook.body)).toBe(true);
    expect(() => client.validation.authenticateRequest(headers(), webhook.body.replace('42.5', '4250'))).toThrow(/Digest/);
    expect(client.validation.authenticateRequest({ ...headers(), 'x-request-id': randomUUID() }, webhook.body)).toBe(false);
    expect(client.validation.authenticateRequest({ ...headers(), date: new Date(0).toUTCString() }, webhook.body)).toBe(false);
    // Another app's key cannot have produced this signature.
    const other = loadSdk(standaloneUrl);
    const stranger = new other.FintectureClient({
      ...sdkConfig,
      private_key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    expect(() => stranger.validation.authenticateRequest(headers(), webhook.body)).toThrow();
    expect(() =>
      client.validation.authenticateRequest(
        { ...headers(), signature: (webhook.headers.signature as string).replace(credentials.appId, randomUUID()) },
        webhook.body,
      ),
    ).toThrow(/keyId/);
  });
});

describe('fintecture-client against the emulator mounted in the service (/emulator)', () => {
  let sdk: Sdk;
  let token: string;

  beforeAll(async () => {
    sdk = loadSdk(`${mountedUrl}/emulator`);
    const client = new sdk.FintectureClient(sdkConfig);
    // Token calls carry no signature, so a base URL with a path is fine for them.
    token = (await client.getAccessToken()).access_token;
  });

  it("the SDK's signer, given the path as it goes on the wire, is accepted; a tampered body is refused", async () => {
    const url = `/emulator/pis/v2/connect?${sdk.stringify({ redirect_uri: 'https://shop.example/back', state: 'mounted-1' })}`;
    const payload = sdkPayload('mounted-1');
    const headers = { ...sdk.getHeaders('post', url, token, sdkConfig, payload), 'Content-Type': 'application/json' };
    const body = JSON.stringify(payload);
    const accepted = await httpCall(mountedUrl, 'POST', url, { headers, body });
    expect(accepted.status).toBe(201);
    const refused = await httpCall(mountedUrl, 'POST', url, { headers, body: body.replace('Jeanne', 'Jeannot') });
    expect(refused.status).toBe(401);
    expect(refused.json()).toMatchObject({ errors: [{ code: 'invalid_signature' }] });

    // Its webhook validator accepts the mounted emulator's JSON webhooks too.
    const sessionId = accepted.json<{ meta: { session_id: string } }>().meta.session_id;
    const webhook = await payAndReceive(mountedUrl, sessionId);
    expect(webhook.headers['content-type']).toBe('application/json');
    const client = new sdk.FintectureClient(sdkConfig);
    expect(client.validation.authenticateRequest({ ...webhook.headers }, webhook.body)).toBe(true);
    expect(() => client.validation.authenticateRequest({ ...webhook.headers }, webhook.body.replace('payment_created', 'payment_createe'))).toThrow(
      /Digest/,
    );
  });

  it('its getPisConnect with the mount point in its base URL is accepted: it signs /pis/v2/connect, sends /emulator/pis/v2/connect', async () => {
    const client = new sdk.FintectureClient(sdkConfig);
    const connect = await client.getPisConnect(token, connectConfig('mounted-2'));
    expect(connect.session_id).toMatch(/^[0-9a-f]{32}$/);
    expect(connect.url).toBe(`${mountedUrl}/emulator/connect/${connect.session_id}`);
    const call = inspectEmulator(mounted).recordedRequests().pop();
    expect(call).toMatchObject({ operation: 'connect', status: 201 });
    expect(call?.path).toMatch(/^\/emulator\/pis\/v2\/connect\?/);
    expect(inspectEmulator(mounted).getSession(connect.session_id)).toMatchObject({ amount: '42.5', state: 'mounted-2' });
  });
});

describe('fintecture-client against the emulator mounted in the running service', () => {
  let service: TestApp;
  let sdk: Sdk;

  beforeAll(async () => {
    service = await startTestApp({
      FINTECTURE_ENV: 'emulator',
      FINTECTURE_APP_ID: credentials.appId,
      FINTECTURE_APP_SECRET: credentials.appSecret,
      FINTECTURE_PRIVATE_KEY: privateKeyPem.replace(/\n/g, '\\n'),
    });
    // The base URL a developer would copy from the README: the service's address and /emulator.
    sdk = loadSdk(`${service.url}/emulator`);
  });
  afterAll(() => service?.close());

  it('gets a token and creates a connect session with its own signed call', async () => {
    const client = new sdk.FintectureClient(sdkConfig);
    const { access_token: sdkToken } = await client.getAccessToken();
    const connect = await client.getPisConnect(sdkToken, connectConfig('service-1'));
    expect(connect.session_id).toMatch(/^[0-9a-f]{32}$/);
    const call = inspectEmulator(service.app).recordedRequests().pop();
    expect(call).toMatchObject({ operation: 'connect', status: 201 });
    expect(call?.path).toMatch(/^\/emulator\/pis\/v2\/connect\?origin_uri=/);
    expect(call?.headers['user-agent']).toMatch(/^Fintecture NodeJS SDK/);

    // Signed for the bare path, the payload tampered with: still refused.
    const url = `/pis/v2/connect?${sdk.stringify({ state: 'service-2' })}`;
    const payload = sdkPayload('service-2');
    const headers = { ...sdk.getHeaders('post', url, sdkToken, sdkConfig, payload), 'Content-Type': 'application/json' };
    const refused = await httpCall(service.url, 'POST', `/emulator${url}`, { headers, body: JSON.stringify(payload).replace('Jeanne', 'Jeannot') });
    expect(refused.status).toBe(401);
    expect(refused.json()).toMatchObject({ errors: [{ code: 'invalid_signature' }] });
  });
});
