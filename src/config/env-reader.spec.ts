import { itReturnsEach } from '../../test/support/it-returns-each';
import { ConfigurationError, EnvReader, isHttpUrl, stripTrailingSlash } from './env-reader';

/** Runs one read on an environment holding only X, and returns what it gave and what it complained about. */
function readX<T>(raw: string | undefined, reading: (read: EnvReader) => T): { value: T; problems: string[] } {
  const read = new EnvReader({ X: raw });
  const value = reading(read);
  return { value, problems: read.problems };
}

/**
 * One test per [raw, value, problem count] row: what `reading` gives for X=raw, how many problems
 * it reports and, when given, the text of the first one.
 */
function itReadsEach<T>(
  title: string,
  reading: (read: EnvReader) => T,
  rows: Array<[string | undefined, T, number]>,
  firstProblem?: (raw: string | undefined) => string,
): void {
  it.each(rows)(title, (raw, value, problems) => {
    const result = readX(raw, reading);
    expect(result.value).toBe(value);
    expect(result.problems).toHaveLength(problems);
    if (problems && firstProblem) expect(result.problems[0]).toBe(firstProblem(raw));
  });
}

describe('EnvReader', () => {
  itReturnsEach('string(%j) is %j', (raw: string | undefined) => readX(raw, (r) => r.string('X')).value, [
    [undefined, undefined],
    ['', undefined],
    ['   ', undefined],
    ['  value ', 'value'],
  ]);

  itReadsEach(
    'int(%j) within 0..10, fallback 7: %j with %j problem(s)',
    (r) => r.int('X', 7, 0, 10),
    [
      [undefined, 7, 0],
      ['', 7, 0],
      ['0', 0, 0],
      ['10', 10, 0],
      [' 5 ', 5, 0],
      ['11', 7, 1],
      ['-1', 7, 1],
      ['1.5', 7, 1],
      ['1e1', 7, 1],
      ['0x5', 7, 1],
      ['ten', 7, 1],
    ],
    (raw) => `X: must be a whole number from 0 to 10, got "${String(raw).trim()}"`,
  );

  itReadsEach('bool(%j), fallback true: %j with %j problem(s)', (r) => r.bool('X', true), [
    [undefined, true, 0],
    ['true', true, 0],
    ['TRUE', true, 0],
    ['1', true, 0],
    ['yes', true, 0],
    ['false', false, 0],
    ['0', false, 0],
    ['No', false, 0],
    ['on', true, 1],
    ['maybe', true, 1],
  ]);

  itReadsEach(
    'oneOf(%j) of form, json: %j with %j problem(s)',
    (r) => r.oneOf('X', ['form', 'json'] as const),
    [
      [undefined, undefined, 0],
      ['form', 'form', 0],
      ['json', 'json', 0],
      ['JSON', undefined, 1],
      ['xml', undefined, 1],
    ],
    (raw) => `X: must be one of form, json, got "${raw}"`,
  );

  itReadsEach('url(%j): %j with %j problem(s)', (r) => r.url('X'), [
    [undefined, undefined, 0],
    ['http://127.0.0.1:3000/hook', 'http://127.0.0.1:3000/hook', 0],
    ['https://shop.example/', 'https://shop.example/', 0],
    ['ftp://files.example', undefined, 1],
    ['shop.example', undefined, 1],
    ['not a url', undefined, 1],
  ]);

  itReadsEach('size(%j), fallback 100kb: %j with %j problem(s)', (r) => r.size('X', '100kb'), [
    [undefined, '100kb', 0],
    ['512b', '512b', 0],
    ['1MB', '1mb', 0],
    ['20Kb', '20kb', 0],
    ['1gb', '100kb', 1],
    ['1.5mb', '100kb', 1],
    ['huge', '100kb', 1],
  ]);

  itReturnsEach(
    'list(%j) is %j',
    (raw: string | undefined) => readX(raw, (r) => r.list('X')).value,
    [
      [undefined, []],
      ['', []],
      ['a', ['a']],
      [' a , b ,, c ', ['a', 'b', 'c']],
      [',', []],
    ],
    'toEqual',
  );

  it('keeps reading after a problem and throws them all together', () => {
    const read = new EnvReader({ A: 'x', B: 'y' });
    read.int('A', 1, 0, 9);
    read.bool('B', false);
    expect(read.hasProblemWith('A')).toBe(true);
    expect(read.hasProblemWith('C')).toBe(false);
    let thrown: unknown;
    try {
      read.throwIfProblems();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect((thrown as ConfigurationError).problems).toEqual(['A: must be a whole number from 0 to 9, got "x"', 'B: must be true or false, got "y"']);
    expect((thrown as ConfigurationError).message).toBe(
      'Invalid configuration:\n  - A: must be a whole number from 0 to 9, got "x"\n  - B: must be true or false, got "y"',
    );
  });

  it('does not throw without problems', () => {
    expect(() => new EnvReader({}).throwIfProblems()).not.toThrow();
  });
});

describe('URL helpers', () => {
  itReturnsEach('isHttpUrl(%j) is %j', isHttpUrl, [
    ['http://a', true],
    ['https://a.example:8443/x', true],
    ['ws://a', false],
    ['a', false],
    ['', false],
  ]);

  itReturnsEach('stripTrailingSlash(%j) is %j', stripTrailingSlash, [
    ['http://a/emulator/', 'http://a/emulator'],
    ['http://a/emulator//', 'http://a/emulator'],
    ['http://a/emulator', 'http://a/emulator'],
  ]);
});
