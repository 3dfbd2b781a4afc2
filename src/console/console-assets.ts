import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { extname, join, resolve } from 'node:path';
import { OUTCOMES_MODULE_NAME, outcomesModuleSource } from './console-outcomes-module';

export interface Asset {
  body: Buffer;
  contentType: string;
  etag: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * public/admin, wherever the code runs from: src/console under ts-node and Jest, dist/src/console
 * once built. No build step: the files are hand-written ES modules and CSS.
 */
export function findConsoleRoot(candidates = [resolve(__dirname, '../../public/admin'), resolve(__dirname, '../../../public/admin')]): string | null {
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/**
 * The page and its assets, read once at start: a fixed set of names, so no request path ever
 * reaches the file system. One asset is written by the server rather than read: the outcome list.
 */
export function loadConsoleAssets(root: string): { index: Asset; assets: Map<string, Asset> } {
  const assets = new Map<string, Asset>();
  const dir = join(root, 'assets');
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (contentType) assets.set(name, asset(readFileSync(join(dir, name)), contentType));
  }
  assets.set(OUTCOMES_MODULE_NAME, asset(Buffer.from(outcomesModuleSource()), CONTENT_TYPES['.js']));
  return { index: asset(readFileSync(join(root, 'index.html')), CONTENT_TYPES['.html']), assets };
}

function asset(body: Buffer, contentType: string): Asset {
  return { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}
