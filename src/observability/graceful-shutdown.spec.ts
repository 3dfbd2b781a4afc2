import { Logger } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReconciliationService } from '../reconciliation/reconciliation.service';
import { GracefulShutdown, installGracefulShutdown } from './graceful-shutdown';

beforeAll(() => Logger.overrideLogger(false));

/** A server whose /slow answers when told to, behind the shutdown gate. */
async function gatedServer(gate: GracefulShutdown) {
  const pending: Array<() => void> = [];
  const server = createServer((req, res) =>
    gate.middleware(req, res, () => {
      if (req.url === '/slow') pending.push(() => res.end('ok'));
      else res.end('emulator');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url, release: () => pending.splice(0).forEach((answer) => answer()), pendingCount: () => pending.length };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('GracefulShutdown.drain', () => {
  let server: Server;
  afterEach(() => new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve())));

  it('waits for requests in flight, refuses new ones with a 503 problem, and keeps the emulator reachable', async () => {
    const gate = new GracefulShutdown();
    const s = await gatedServer(gate);
    server = s.server;
    const inFlight = [fetch(`${s.url}/slow`), fetch(`${s.url}/slow`)];
    await until(() => s.pendingCount() === 2);
    expect(gate.inFlightCount).toBe(2);

    let drained = false;
    const draining = gate.drain(s.server, true).then(() => (drained = true));

    const refused = await fetch(`${s.url}/slow`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.headers.get('connection')).toBe('close');
    expect(await refused.json()).toMatchObject({ status: 503, code: 'service_unavailable' });
    expect((await fetch(`${s.url}/emulator/oauth/accesstoken`)).status).toBe(200);
    expect(drained).toBe(false);

    s.release();
    const answers = await Promise.all(inFlight);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    await draining;
    expect(gate.inFlightCount).toBe(0);
  });

  it('closes the listening socket at once when nothing needs it', async () => {
    const gate = new GracefulShutdown();
    const s = await gatedServer(gate);
    server = s.server;
    await gate.drain(s.server, false);
    expect(s.server.listening).toBe(false);
  });
});

describe('installGracefulShutdown', () => {
  function fakeApp(close: () => Promise<void>, reconciliation?: { beforeApplicationShutdown: () => Promise<void> }) {
    const gate = new GracefulShutdown();
    const drain = jest.spyOn(gate, 'drain').mockResolvedValue();
    const get = (token: unknown) => {
      if (token === GracefulShutdown) return gate;
      if (token === ReconciliationService && reconciliation) return reconciliation;
      throw new Error('no such provider');
    };
    return { drain, app: { get, getHttpServer: () => undefined, close: jest.fn(close) } };
  }

  /** Runs `run` with the signal handlers installed on `app` and process.exit mocked, then removes them. */
  async function whileInstalled(app: ReturnType<typeof fakeApp>['app'], timeoutMs: number, run: (exit: jest.Mock) => Promise<void>) {
    const exit = jest.fn();
    const uninstall = installGracefulShutdown(app as never, { timeoutMs, keepListening: false }, exit as never);
    try {
      await run(exit);
    } finally {
      uninstall();
    }
  }

  it('tells reconciliation passes to stop picking sessions before waiting for requests', async () => {
    const stop = jest.fn(async () => undefined);
    const { app, drain } = fakeApp(async () => undefined, { beforeApplicationShutdown: stop });
    await whileInstalled(app, 1000, async (exit) => {
      process.emit('SIGTERM');
      await until(() => exit.mock.calls.length > 0);
      expect(stop).toHaveBeenCalledTimes(1);
      expect(stop.mock.invocationCallOrder[0]).toBeLessThan(drain.mock.invocationCallOrder[0]);
      expect(exit).toHaveBeenCalledWith(0);
    });
  });

  it('drains, closes the app (hooks, database), then exits 0', async () => {
    const { app, drain } = fakeApp(async () => undefined);
    await whileInstalled(app, 1000, async (exit) => {
      process.emit('SIGTERM', 'SIGTERM');
      await until(() => exit.mock.calls.length > 0);
      expect(drain).toHaveBeenCalledTimes(1);
      expect(app.close).toHaveBeenCalledTimes(1);
      expect(drain.mock.invocationCallOrder[0]).toBeLessThan(app.close.mock.invocationCallOrder[0]);
      expect(exit).toHaveBeenCalledWith(0);
    });
  });

  it('exits 1 at the deadline when something hangs', async () => {
    const { app } = fakeApp(() => new Promise<void>(() => undefined));
    await whileInstalled(app, 50, async (exit) => {
      process.emit('SIGTERM', 'SIGTERM');
      await until(() => exit.mock.calls.length > 0);
      expect(exit.mock.calls).toEqual([[1]]);
      expect(app.close).toHaveBeenCalledTimes(1);
    });
  });

  it('exits 1 at once on a second signal', async () => {
    const { app } = fakeApp(() => new Promise<void>(() => undefined));
    await whileInstalled(app, 200, async (exit) => {
      process.emit('SIGINT', 'SIGINT');
      await until(() => app.close.mock.calls.length > 0);
      process.emit('SIGINT', 'SIGINT');
      expect(exit.mock.calls).toEqual([[1]]);
      // The real exit never returns; the mocked one does, so let the deadline timer run out here.
      await until(() => exit.mock.calls.length === 2);
    });
  });
});
