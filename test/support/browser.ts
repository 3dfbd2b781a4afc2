import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Browser, chromium, Page } from 'playwright-core';

/** A system Chromium, used when present; otherwise the one the lockfile ships. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * The browser binary: CHROMIUM_PATH when set, Debian's chromium when installed, else the build
 * that @sparticuz/chromium ships inside its npm package (unpacked to the temporary folder on first
 * use), so `npm ci && npm test` needs no system package. The package is ESM-only, which Jest's
 * module loader cannot require, so a plain Node process asks it for the path.
 */
export function chromiumPath(): string {
  const chosen = process.env.CHROMIUM_PATH?.trim();
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`CHROMIUM_PATH=${chosen} does not exist`);
    return chosen;
  }
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  const script = "import('@sparticuz/chromium').then((m) => m.default.executablePath()).then((p) => process.stdout.write(p))";
  let unpacked: string;
  try {
    unpacked = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 120_000 }).trim();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`no Chromium for the browser tests: @sparticuz/chromium (a devDependency; run npm ci) could not unpack its binary: ${reason}`);
  }
  if (!unpacked || !existsSync(unpacked)) throw new Error(`no Chromium for the browser tests: @sparticuz/chromium answered "${unpacked}"`);
  return unpacked;
}

/**
 * Headless Chromium driven by playwright-core. launch() gives every browser a fresh temporary
 * profile (user-data-dir), so no cookie or cache survives from one run to the next.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Collects what must never happen on a console page: an uncaught script error, or anything the
 * Content-Security-Policy blocked (an inline style or script would show up here).
 */
export function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  return problems;
}
