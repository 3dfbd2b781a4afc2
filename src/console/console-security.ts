/**
 * The console's Content-Security-Policy: its own scripts, styles and API only. No inline script or
 * style anywhere, no framing, forms post nowhere else.
 */
export const CONSOLE_CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export function isConsolePath(path: string): boolean {
  return path === '/admin' || path.startsWith('/admin/');
}
