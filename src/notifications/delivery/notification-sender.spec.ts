import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { NotificationRequest, postNotification, Resolver } from './notification-sender';

/** A loopback receiver whose answer each test chooses; it counts what reaches it. */
let server: Server;
let port: number;
let handle: (req: IncomingMessage, res: ServerResponse, body: string) => void;
const received: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handle(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received.length = 0;
  handle = (_req, res) => res.end('ok');
});

const base = (): NotificationRequest => ({
  url: `http://127.0.0.1:${port}/hook?token=t`,
  body: '{"id":"evt_1"}',
  headers: { 'webhook-id': 'evt_1', 'webhook-timestamp': '1', 'webhook-signature': 'v1,x' },
  timeoutMs: 2000,
  allowPrivateAddresses: true,
});

describe('postNotification', () => {
  it('POSTs the body with the signed headers and keeps the answer', async () => {
    handle = (_req, res) => res.writeHead(204).end();
    const answer = await postNotification(base());
    expect(answer).toMatchObject({ kind: 'answered', status: 204, body: '' });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'POST', url: '/hook?token=t', body: '{"id":"evt_1"}' });
    expect(received[0].headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': 'evt_1',
      'webhook-timestamp': '1',
      'webhook-signature': 'v1,x',
    });
  });

  it('keeps the first 2 KB of the answer only', async () => {
    handle = (_req, res) => res.writeHead(500).end('é'.repeat(3000));
    const answer = await postNotification(base());
    expect(answer.kind).toBe('answered');
    if (answer.kind !== 'answered') return;
    expect(answer.status).toBe(500);
    expect(Buffer.byteLength(answer.body)).toBeLessThanOrEqual(2048);
    expect(answer.body.startsWith('éé')).toBe(true);
  });

  it('does not follow a redirect', async () => {
    handle = (req, res) => (req.url === '/elsewhere' ? res.end('followed') : res.writeHead(302, { Location: '/elsewhere' }).end());
    const answer = await postNotification(base());
    expect(answer).toMatchObject({ kind: 'answered', status: 302 });
    expect(received.map((r) => r.url)).toEqual(['/hook?token=t']);
  });

  it('gives up after the timeout', async () => {
    handle = (_req, res) => setTimeout(() => res.end('late'), 1500).unref();
    const answer = await postNotification({ ...base(), timeoutMs: 200 });
    expect(answer).toMatchObject({ kind: 'timeout' });
    expect(answer.durationMs).toBeLessThan(1000);
  });

  it('stops when aborted', async () => {
    handle = (_req, res) => setTimeout(() => res.end('late'), 1500).unref();
    const controller = new AbortController();
    const pending = postNotification({ ...base(), signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect(await pending).toMatchObject({ kind: 'aborted' });
  });

  it('says so when nobody listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await postNotification({ ...base(), url: `http://127.0.0.1:${freePort}/` })).toMatchObject({
      kind: 'network_error',
      error: expect.stringContaining('ECONNREFUSED'),
    });
  });

  describe('the SSRF rule', () => {
    const resolvingTo =
      (...addresses: string[]): Resolver =>
      () =>
        Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

    it.each([
      ['a literal loopback address', `http://127.0.0.1:PORT/hook`, undefined],
      ['a literal IPv6 loopback address', `http://[::1]:PORT/hook`, undefined],
      ['a name resolving to loopback', `http://shop.test:PORT/hook`, resolvingTo('127.0.0.1')],
      ['a name resolving to the metadata address', `http://shop.test:PORT/hook`, resolvingTo('169.254.169.254')],
      ['a name with one public and one private address', `http://shop.test:PORT/hook`, resolvingTo('93.184.216.34', '10.0.0.1')],
    ])('refuses %s without connecting', async (_label, url, resolve) => {
      const answer = await postNotification({ ...base(), url: url.replace('PORT', String(port)), allowPrivateAddresses: false, resolve });
      expect(answer).toMatchObject({
        kind: 'blocked',
        error: expect.stringMatching(/^refused to connect to a (loopback|metadata|private) address$/),
      });
      expect(received).toHaveLength(0);
    });

    it('connects to the very address it checked', async () => {
      const answer = await postNotification({ ...base(), url: `http://shop.test:${port}/hook`, resolve: resolvingTo('127.0.0.1') });
      expect(answer).toMatchObject({ kind: 'answered', status: 200 });
      expect(received[0].headers.host).toBe(`shop.test:${port}`);
    });
  });
});
