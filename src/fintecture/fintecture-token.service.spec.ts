import { HttpService } from '@nestjs/axios';
import { ConfigService } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import axios from 'axios';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { FintectureCredentials } from './fintecture-credentials';
import { FintectureError } from './fintecture.errors';
import { FintectureTokenService } from './fintecture-token.service';

/** A fake token endpoint on loopback: counts calls, answers what the test says. */
function fakeTokenServer(answer: (req: IncomingMessage, body: string, n: number) => [number, unknown, number?]) {
  let calls = 0;
  const seen: Array<{ authorization?: string; body: string }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      calls += 1;
      seen.push({ authorization: req.headers.authorization, body });
      const [status, json, delay = 0] = answer(req, body, calls);
      setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json)), delay);
    });
  });
  return {
    seen,
    calls: () => calls,
    start: () =>
      new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const credentials: FintectureCredentials = {
  appId: '6f1d2c3b-4a59-4e87-9c10-2b3a4d5e6f70',
  appSecret: '0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }),
  generated: false,
};

function serviceFor(apiUrl: string) {
  const config = { get: () => ({ apiUrl, timeoutMs: 1000 }) } as unknown as ConfigService;
  return new FintectureTokenService(new HttpService(axios.create()), config as never, credentials, new EventEmitter2());
}

describe('FintectureTokenService', () => {
  it('sends the V8 credentials and form body, and caches the token', async () => {
    const fake = fakeTokenServer((_req, _body, n) => [200, { token_type: 'Bearer', access_token: `token-${n}`, expires_in: 3600 }]);
    const tokens = serviceFor(await fake.start());
    try {
      expect(await tokens.getToken()).toBe('token-1');
      expect(await tokens.getToken()).toBe('token-1');
      expect(fake.calls()).toBe(1);
      expect(fake.seen[0]).toEqual({
        authorization: 'Basic NmYxZDJjM2ItNGE1OS00ZTg3LTljMTAtMmIzYTRkNWU2ZjcwOjBiOWE4YzdkLTZlNWYtNGEzYi04YzJkLTFlMGY5YThiN2M2ZA==',
        body: 'grant_type=client_credentials&app_id=6f1d2c3b-4a59-4e87-9c10-2b3a4d5e6f70&scope=PIS',
      });
    } finally {
      await fake.stop();
    }
  });

  it('shares one refresh among concurrent callers', async () => {
    const fake = fakeTokenServer((_req, _body, n) => [200, { access_token: `token-${n}`, expires_in: 3600 }, 100]);
    const tokens = serviceFor(await fake.start());
    try {
      const got = await Promise.all(Array.from({ length: 10 }, () => tokens.getToken()));
      expect(new Set(got)).toEqual(new Set(['token-1']));
      expect(fake.calls()).toBe(1);
    } finally {
      await fake.stop();
    }
  });

  it('refreshes before expiry, and after invalidate', async () => {
    const fake = fakeTokenServer((_req, _body, n) => [200, { access_token: `token-${n}`, expires_in: 3600 }]);
    const tokens = serviceFor(await fake.start());
    let now = 1_000_000;
    try {
      expect(await tokens.getToken(() => now)).toBe('token-1');
      now += 3600_000 - 61_000;
      expect(await tokens.getToken(() => now)).toBe('token-1');
      now += 2_000;
      expect(await tokens.getToken(() => now)).toBe('token-2');
      tokens.invalidate('token-1');
      expect(await tokens.getToken(() => now)).toBe('token-2');
      tokens.invalidate('token-2');
      expect(await tokens.getToken(() => now)).toBe('token-3');
    } finally {
      await fake.stop();
    }
  });

  it('maps a refused token call to a typed error, and does not cache failure', async () => {
    const fake = fakeTokenServer((_req, _body, n) =>
      n === 1 ? [401, { status: '401', code: 'unauthorized', errors: [{ code: 'invalid_app_id' }] }] : [200, { access_token: 'ok', expires_in: 60 }],
    );
    const tokens = serviceFor(await fake.start());
    try {
      await expect(tokens.getToken()).rejects.toMatchObject({ kind: 'unauthorized' });
      await expect(tokens.getToken()).resolves.toBe('ok');
    } finally {
      await fake.stop();
    }
  });

  it('refuses an answer without an access_token', async () => {
    const fake = fakeTokenServer(() => [200, { token_type: 'Bearer' }]);
    const tokens = serviceFor(await fake.start());
    try {
      await expect(tokens.getToken()).rejects.toBeInstanceOf(FintectureError);
    } finally {
      await fake.stop();
    }
  });
});
