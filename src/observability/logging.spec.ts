import { readFileSync } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pinoHttp } from 'pino-http';
import { AppConfig } from '../config/configuration';
import { buildHttpLoggerOptions, PSU_KEYS, REDACTED, redactionPaths } from './logging';

function capture(level: AppConfig['log']['level']) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      callback();
    },
  });
  const middleware = pinoHttp(buildHttpLoggerOptions({ level, pretty: false }), stream);
  return { middleware, logger: middleware.logger, lines, text: () => lines.join('\n') };
}

// Test-only canaries: made-up values, none of them a real credential (the PEM is a truncated fake, not a key).
const SECRETS = {
  apiKey: 'merchant-secret-key-0001',
  token: 'eyJhbGciOiJub25lIn0.access-token-value',
  signature: 'keyId="app",algorithm="rsa-sha256",signature="c2lnbmF0dXJlLXZhbHVl"',
  appSecret: 'app-secret-3f9b1c',
  pem: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----',
};
const PAYER = { psu_name: 'Jeanne Dupré', psu_email: 'jeanne.dupre@example.fr', psu_ip: '203.0.113.7', street: 'rue des Lilas' };

/** The shapes secrets and payer data could arrive in if a future change logged them carelessly. */
function carelessLogs(logger: ReturnType<typeof capture>['logger']): void {
  logger.info({ access_token: SECRETS.token, app_secret: SECRETS.appSecret, private_key: SECRETS.pem }, 'token answer');
  logger.info({ token: { access_token: SECRETS.token, expires_in: 3600 } }, 'nested token answer');
  logger.error(
    {
      err: {
        message: 'Request failed',
        config: { headers: { Authorization: `Bearer ${SECRETS.token}`, Signature: SECRETS.signature } },
      },
    },
    'axios error',
  );
  logger.info(
    {
      body: {
        meta: {
          psu_name: PAYER.psu_name,
          psu_email: PAYER.psu_email,
          psu_ip: PAYER.psu_ip,
          psu_address: { street: PAYER.street, city: 'Paris' },
        },
      },
    },
    'create body',
  );
  logger.info({ psu_name: PAYER.psu_name }, 'flat payer');
  logger.info({ credentials: { appSecret: SECRETS.appSecret, privateKey: SECRETS.pem } }, 'credentials');
}

function fakeRequest(headers: Record<string, string>): { req: IncomingMessage; res: ServerResponse } {
  const req = new IncomingMessage(new Socket());
  req.method = 'POST';
  req.url = '/v1/payment-sessions?state=order-1';
  req.headers = headers;
  const res = new ServerResponse(req);
  return { req, res };
}

describe('log redaction', () => {
  it('hides secrets and payer data above debug', () => {
    const log = capture('info');
    carelessLogs(log.logger);
    const text = log.text();
    for (const secret of [SECRETS.token, SECRETS.signature, SECRETS.appSecret, 'BEGIN PRIVATE KEY']) expect(text).not.toContain(secret);
    for (const value of [PAYER.psu_name, PAYER.psu_email, PAYER.psu_ip, PAYER.street]) expect(text).not.toContain(value);
    expect(text).toContain(REDACTED);
    // Redaction hides values, not the fact that a field was there.
    expect(JSON.parse(log.lines[3]).body.meta.psu_name).toBe(REDACTED);
  });

  it.each(['debug', 'trace'] as const)('shows payer data at %s, never secrets', (level) => {
    const log = capture(level);
    carelessLogs(log.logger);
    const text = log.text();
    for (const secret of [SECRETS.token, SECRETS.signature, SECRETS.appSecret, 'BEGIN PRIVATE KEY']) expect(text).not.toContain(secret);
    expect(text).toContain(PAYER.psu_email);
  });

  it('writes one line per request with request id, route, status, duration and caller, without the key or signature', () => {
    const log = capture('info');
    const { req, res } = fakeRequest({
      authorization: `Bearer ${SECRETS.apiKey}`,
      signature: SECRETS.signature,
      cookie: 'session=abc',
      'x-request-id': 'req-123',
    });
    log.middleware(req, res);
    Object.assign(req, { route: { path: '/v1/payment-sessions' }, caller: { role: 'merchant', label: 'shop' } });
    res.writeHead(201);
    res.emit('finish');

    expect(log.lines).toHaveLength(1);
    const line = JSON.parse(log.lines[0]);
    expect(line).toMatchObject({
      level: 'info',
      request_id: 'req-123',
      route: '/v1/payment-sessions',
      caller: 'shop',
      caller_role: 'merchant',
      res: { statusCode: 201 },
      req: { method: 'POST', headers: { authorization: REDACTED, signature: REDACTED, cookie: REDACTED } },
    });
    expect(typeof line.duration_ms).toBe('number');
    expect(log.text()).not.toContain(SECRETS.apiKey);
    expect(res.getHeader('X-Request-ID')).toBe('req-123');
  });

  it('lists every psu_* field the create body accepts', () => {
    // A new payer field in the DTO without a redaction path would leak; this ties the two together.
    const dto = readFileSync(join(__dirname, '../payments/dto/payment-session-meta.dto.ts'), 'utf8');
    const declared = new Set(dto.match(/psu_[a-z_]+/g) ?? []);
    for (const field of declared) expect(PSU_KEYS).toContain(field);
    expect(redactionPaths('info').filter((p) => p.includes('psu_'))).not.toHaveLength(0);
    expect(redactionPaths('debug').filter((p) => p.includes('psu_'))).toHaveLength(0);
  });
});
