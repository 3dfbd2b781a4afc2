import { INestApplication, Injectable, Logger } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE, problemType, titleFor } from '../common/problem';
import { ReconciliationService } from '../reconciliation/reconciliation.service';
import { isEmulatorPath, pathOf } from './http-route';

/**
 * The HTTP side of a graceful stop. Once draining, new requests are refused with a 503 and
 * `Connection: close` (an idempotent client or a load balancer retries them elsewhere), and
 * the requests already inside the service are awaited.
 *
 * The built-in emulator lives on the same server and the service calls it over HTTP, so its
 * routes stay open while draining: an in-flight create must still be able to reach "Fintecture".
 */
@Injectable()
export class GracefulShutdown {
  private readonly logger = new Logger('Shutdown');
  private draining = false;
  private readonly inFlight = new Set<ServerResponse>();
  private idleWaiters: Array<() => void> = [];

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  readonly middleware = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (isEmulatorPath(pathOf(req))) return next();
    if (this.draining) {
      res.writeHead(503, { 'Content-Type': PROBLEM_CONTENT_TYPE, Connection: 'close', 'Retry-After': '1' });
      res.end(
        JSON.stringify({
          type: problemType('service_unavailable'),
          title: titleFor(503),
          status: 503,
          detail: 'The service is shutting down; retry the request.',
          code: 'service_unavailable',
          request_id: (req as IncomingMessage & { id?: string }).id,
        }),
      );
      return;
    }
    this.inFlight.add(res);
    const done = () => {
      res.off('finish', done);
      res.off('close', done);
      this.inFlight.delete(res);
      if (this.inFlight.size === 0) this.wakeIdleWaiters();
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };

  /**
   * Stops taking new work and resolves once every request already received has been answered.
   * Without the emulator the listening socket is closed at once, so new connections go to
   * another instance; with it, the socket stays open for the emulator's routes.
   */
  async drain(server: Server | undefined, keepListening: boolean): Promise<void> {
    this.draining = true;
    // Answers still to be written tell keep-alive clients not to send anything more on this connection.
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    if (server && !keepListening && server.listening) server.close();
    this.logger.log(`draining: waiting for ${this.inFlight.size} request(s) in flight`);
    if (this.inFlight.size > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    // Idle keep-alive sockets would otherwise hold the server open until they time out.
    server?.closeIdleConnections();
    this.logger.log('drained: no request in flight');
  }

  private wakeIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}

async function stopReconciliation(app: INestApplication): Promise<void> {
  let reconciliation: ReconciliationService;
  try {
    reconciliation = app.get(ReconciliationService, { strict: false });
  } catch {
    return; // not part of this application
  }
  // Safe to call again: Nest calls it once more from app.close().
  await reconciliation.beforeApplicationShutdown();
}

export interface ShutdownOptions {
  timeoutMs: number;
  /** True when the emulator is served by this process: its routes must outlive the drain. */
  keepListening: boolean;
}

/**
 * SIGTERM/SIGINT: drain HTTP, then let Nest run its hooks (the reconciliation pass finishes the
 * session it is on in beforeApplicationShutdown; TypeORM closes the database in
 * onApplicationShutdown), then exit 0. Nest's own enableShutdownHooks is not used because it keeps
 * accepting requests while the hooks run and closes the listener only afterwards; a hard deadline
 * bounds the whole stop, so a stuck call cannot keep an orchestrator waiting.
 */
export function installGracefulShutdown(
  app: INestApplication,
  options: ShutdownOptions,
  exit: (code: number) => never = (code) => process.exit(code),
): () => void {
  const logger = new Logger('Shutdown');
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl-C means "now": the operator has chosen not to wait.
      logger.warn(`${signal} received again: exiting without waiting`);
      exit(1);
      return;
    }
    stopping = true;
    // Not unref'd: if everything closed but one promise hung, the process must still end with 1, not quietly with 0.
    const deadline = setTimeout(() => {
      logger.error(`graceful shutdown did not finish within ${options.timeoutMs} ms: exiting now`);
      exit(1);
    }, options.timeoutMs);
    logger.log(`${signal} received: stopping within ${options.timeoutMs} ms`);
    try {
      // A pass started by POST /v1/admin/reconciliation-runs is itself a request in flight: tell the
      // passes to pick no new session now, or the drain would wait for a whole pass.
      const passesStopped = stopReconciliation(app);
      await app.get(GracefulShutdown).drain(app.getHttpServer() as Server | undefined, options.keepListening);
      await passesStopped;
      await app.close();
      clearTimeout(deadline);
      logger.log('stopped cleanly');
      exit(0);
    } catch (error) {
      logger.error({ err: error }, 'graceful shutdown failed');
      exit(1);
    }
  };
  const onSignal = (signal: NodeJS.Signals) => void stop(signal);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}
