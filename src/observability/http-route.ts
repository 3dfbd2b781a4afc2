import type { IncomingMessage } from 'node:http';

/** What Express leaves on a request once a route has matched it. */
interface RoutedRequest extends IncomingMessage {
  route?: { path?: unknown };
  baseUrl?: string;
  originalUrl?: string;
}

export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The route pattern (`/v1/payment-sessions/:id`), never the concrete URL: ids in URLs would give
 * every session its own metric series and make logs impossible to group. Requests no route
 * matched (404s, bodies refused before routing) share one label.
 */
export function routeOf(req: IncomingMessage): string {
  const routed = req as RoutedRequest;
  const path = routed.route?.path;
  // Nest mounts module middleware (nestjs-pino's among them) as catch-all routes such as
  // `/{*path}`; a request that only ever matched one of those reached no handler.
  if (typeof path !== 'string' || path.includes('*')) return UNMATCHED_ROUTE;
  return `${routed.baseUrl ?? ''}${path}` || '/';
}

/** The path without its query string, for messages and prefix checks. */
export function pathOf(req: IncomingMessage): string {
  const url = (req as RoutedRequest).originalUrl ?? req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** Routes operators and machines call; they are neither rate limited nor logged above debug. */
export function isOperationsPath(path: string): boolean {
  return path === '/metrics' || path.startsWith('/health/') || path === '/health';
}

/** The built-in Fintecture emulator; in-process traffic that only exists outside production. */
export function isEmulatorPath(path: string): boolean {
  return path === '/emulator' || path.startsWith('/emulator/');
}

export function isWebhookPath(path: string): boolean {
  return path.startsWith('/v1/webhooks/');
}
