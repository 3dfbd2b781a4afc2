import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedNotification {
  headers: IncomingHttpHeaders;
  /** The raw body, as signed. */
  body: string;
  path: string;
  at: number;
}

/**
 * A shop's endpoint on loopback: records every request, answers with the statuses queued
 * (then `defaultStatus`), and waits for what a test expects.
 */
export class NotificationReceiver {
  readonly received: ReceivedNotification[] = [];
  private answers: number[] = [];
  defaultStatus = 200;
  private server: Server | null = null;
  private waiters: Array<() => void> = [];
  port = 0;

  /** `port` 0: any free one. */
  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), path: req.url ?? '', at: Date.now() });
        const status = this.answers.shift() ?? this.defaultStatus;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'thanks' : `no: ${status}`);
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/payments`;
  }

  /** The next requests are answered with these statuses, in turn. */
  answerWith(...statuses: number[]): void {
    this.answers.push(...statuses);
  }

  /** The parsed bodies received so far. */
  bodies(): Array<Record<string, any>> {
    return this.received.map((r) => JSON.parse(r.body) as Record<string, any>);
  }

  async waitFor<T>(find: (received: ReceivedNotification[]) => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find(this.received);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`receiver: not received within ${timeoutMs} ms; got ${this.received.length}: ${this.received.map((r) => r.body).join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The first notification about this session whose object has the outcome given. */
  waitForOutcome(sessionId: string, outcome: string, timeoutMs?: number): Promise<ReceivedNotification> {
    return this.waitFor((all) => all.find((r) => matches(r, sessionId, outcome)), timeoutMs);
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server!.close(resolve));
    this.server = null;
  }
}

function matches(received: ReceivedNotification, sessionId: string, outcome: string): boolean {
  try {
    const body = JSON.parse(received.body) as { data?: { object?: { id?: string; outcome?: string } } };
    return body.data?.object?.id === sessionId && body.data.object.outcome === outcome;
  } catch {
    return false;
  }
}

/** What a shop does: verify with the standardwebhooks package and its secret; throws when it does not verify. */
export function verifyWithStandardWebhooks(secret: string, received: Pick<ReceivedNotification, 'headers' | 'body'>): Record<string, any> {
  const headers: Record<string, string> = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) headers[name] = String(received.headers[name] ?? '');
  return new Webhook(secret).verify(received.body, headers) as Record<string, any>;
}
