import { Agent, request as httpRequest } from 'node:http';

export interface Answer {
  status: number;
  body: string;
}

/** A keep-alive HTTP client for one server: the load generator keeps its connections open, as a shop's HTTP client would. */
export class HttpClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, sockets: number) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  send(method: string, path: string, headers: Record<string, string> = {}, body?: string, timeoutMs = 120_000): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: this.host,
          port: this.port,
          path,
          method,
          agent: this.agent,
          timeout: timeoutMs,
          headers: body === undefined ? headers : { ...headers, 'Content-Length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface LoadResult {
  ops: number;
  seconds: number;
  /** Milliseconds, sorted. */
  latencies: number[];
  statuses: Record<string, number>;
}

/**
 * A closed loop: `concurrency` workers each send one operation, wait for its answer, send the
 * next, until the duration is over or `maxOps` were started. Operation i gets its own index,
 * so that each can carry its own ids.
 */
export async function runLoad(options: {
  concurrency: number;
  durationMs: number;
  maxOps?: number;
  operation: (index: number) => Promise<number>;
}): Promise<LoadResult> {
  const { concurrency, durationMs, maxOps = Number.POSITIVE_INFINITY, operation } = options;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < maxOps && performance.now() < deadline) {
        const index = next++;
        const t0 = performance.now();
        let status: string;
        try {
          status = String(await operation(index));
        } catch (error) {
          status = (error as NodeJS.ErrnoException).code ?? 'error';
        }
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { ops: latencies.length, seconds: (performance.now() - started) / 1000, latencies, statuses };
}

/** The nearest-rank percentile of sorted values; NaN for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}
