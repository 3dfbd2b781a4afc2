import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OUTCOMES, TERMINAL_OUTCOMES } from '../payments/payment-outcome';
import { loadConsoleAssets } from './console-assets';
import { OUTCOME_LABELS, OUTCOMES_MODULE_NAME, outcomesModuleSource } from './console-outcomes-module';

/** What the module exports under name, read back the way the browser would see the literal. */
function exported(source: string, name: string): unknown {
  const line = source.split('\n').find((l) => l.startsWith(`export const ${name} = `));
  if (!line) throw new Error(`${name} is not exported`);
  return JSON.parse(line.slice(`export const ${name} = `.length, -1));
}

describe('the outcomes module the console imports', () => {
  const source = outcomesModuleSource();

  it('exports the outcome lists of payment-outcome.ts, in their order', () => {
    expect(exported(source, 'OUTCOMES')).toEqual([...OUTCOMES]);
    expect(exported(source, 'TERMINAL_OUTCOMES')).toEqual([...TERMINAL_OUTCOMES]);
  });

  it('labels every outcome', () => {
    const labels = exported(source, 'OUTCOME_LABELS') as Record<string, string>;
    expect(Object.keys(labels).sort()).toEqual([...OUTCOMES].sort());
    expect(labels).toEqual(OUTCOME_LABELS);
    expect(labels.creation_failed).toBe('Creation failed');
  });

  it('is served among the assets, as JavaScript, even though no file holds it', () => {
    const root = mkdtempSync(join(tmpdir(), 'console-root-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    const outcomes = loadConsoleAssets(root).assets.get(OUTCOMES_MODULE_NAME);
    rmSync(root, { recursive: true });
    expect(outcomes?.contentType).toBe('text/javascript; charset=utf-8');
    expect(outcomes?.body.toString()).toBe(source);
  });
});
