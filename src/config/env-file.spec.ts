import { itReturnsEach } from '../../test/support/it-returns-each';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfiguration } from './configuration';
import { Env } from './env-reader';
import { loadEnvFile, missingFrom, parseEnvFile } from './env-file';

describe('parseEnvFile', () => {
  itReturnsEach(
    '%j gives %j',
    parseEnvFile,
    [
      ['A=1', { A: '1' }],
      ['# a comment\nA=1\n\nB=two words', { A: '1', B: 'two words' }],
      ['# A=1\n  # B=2', {}],
      ['export A=1', { A: '1' }],
      ['  A = 1  ', { A: '1' }],
      ['A=value # comment', { A: 'value' }],
      ['A=a#b', { A: 'a#b' }],
      ['A= # only a comment', { A: '' }],
      ['A=', { A: '' }],
      ['A=1\r\nB=2\r\n', { A: '1', B: '2' }],
      ['A=1\nA=2', { A: '2' }],
      ['A="quoted # not a comment"', { A: 'quoted # not a comment' }],
      ['A="say \\"hi\\"" # comment', { A: 'say "hi"' }],
      ['A="line\\nbreak\\ttab\\\\"', { A: 'line\nbreak\ttab\\' }],
      ["A='single \\n # literal'", { A: 'single \\n # literal' }],
      ['A="-----BEGIN KEY-----\nabc\n-----END KEY-----"\nB=2', { A: '-----BEGIN KEY-----\nabc\n-----END KEY-----', B: '2' }],
      ['\uFEFFA=1', { A: '1' }],
    ],
    'toEqual',
  );

  it.each([
    ['A=1\njust words', 'line 2: expected NAME=value'],
    ['1A=x', 'line 1: expected NAME=value'],
    ['A-B=x', 'line 1: expected NAME=value'],
    ['A="never closed\nB=2', 'line 2: A: the " quote is never closed'],
    ['A="x" y', 'line 1: A: unexpected text after the closing quote'],
  ])('refuses %j: %s', (text, message) => {
    expect(() => parseEnvFile(text)).toThrow(message);
  });
});

describe('missingFrom', () => {
  it.each([
    [{}, { A: '1' }, { A: '1' }],
    [{ A: 'process' }, { A: 'file', B: '2' }, { B: '2' }],
    // Set, even empty, is set: the process still wins.
    [{ A: '' }, { A: 'file' }, {}],
  ])('environment %j, file %j: takes %j', (env, file, expected) => {
    expect(missingFrom(env, file)).toEqual(expected);
  });
});

describe('loadEnvFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'env-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fills in what the environment does not set, and leaves the rest alone', () => {
    writeFileSync(join(dir, '.env'), 'PORT=4000\nLOG_LEVEL=debug\n# CURSOR_SECRET=x\n');
    const env: Env = { PORT: '5000' };
    expect(loadEnvFile(env, dir)).toEqual({ path: join(dir, '.env'), applied: ['LOG_LEVEL'] });
    expect(env).toEqual({ PORT: '5000', LOG_LEVEL: 'debug' });
  });

  it('names the file and the line of a mistake', () => {
    writeFileSync(join(dir, '.env'), 'PORT=4000\nLOG_LEVEL debug\n');
    expect(() => loadEnvFile({}, dir)).toThrow(`${join(dir, '.env')}, line 2: expected NAME=value`);
  });

  it('does nothing without a file', () => {
    const env: Env = { PORT: '5000' };
    expect(loadEnvFile(env, dir)).toEqual({ applied: [] });
    expect(env).toEqual({ PORT: '5000' });
  });

  it("is not read when NODE_ENV=test, so that a developer's .env never reaches the tests", () => {
    writeFileSync(join(dir, '.env'), 'PORT=4000\n');
    const env: Env = { NODE_ENV: 'test' };
    expect(loadEnvFile(env, dir)).toEqual({ applied: [] });
    expect(env).toEqual({ NODE_ENV: 'test' });
  });
});

describe('.env.example', () => {
  const text = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
  // Every `# NAME=default` line, uncommented.
  const listed = parseEnvFile(
    text
      .split('\n')
      .filter((line) => /^# [A-Z][A-Z0-9_]*=/.test(line))
      .map((line) => line.slice(2))
      .join('\n'),
  );

  it('lists every variable the configuration reads, and no other', () => {
    const read = new Set<string>();
    // Some variables are only read when another is set (DATABASE_POOL_SIZE with DATABASE_URL).
    for (const env of [{}, { DATABASE_URL: 'postgres://u@h/db' }] as Env[]) {
      loadConfiguration(new Proxy(env, { get: (target, name: string) => (read.add(name), target[name]) }));
    }
    expect(Object.keys(listed).sort()).toEqual([...read].sort());
  });

  it('gives each its default: uncommented, it changes nothing', () => {
    expect(loadConfiguration(listed)).toEqual(loadConfiguration({}));
  });
});
