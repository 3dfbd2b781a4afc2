import { itReturnsEach } from '../../test/support/it-returns-each';
import { isJsonNumberText, jsonValueText } from './json-text';

const AMOUNT = ['data', 'attributes', 'amount'] as const;

describe('jsonValueText', () => {
  it.each<[string, string, readonly string[], string | undefined]>([
    ['a number literal, as written', '{"data":{"attributes":{"amount":42.50}}}', AMOUNT, '42.50'],
    ['an integer', '{"data":{"attributes":{"amount":125,"currency":"EUR"}}}', AMOUNT, '125'],
    ['an exponent', '{"data":{"attributes":{"amount":1e3}}}', AMOUNT, '1e3'],
    ['a string, quotes included', '{"data":{"attributes":{"amount":"42.50"}}}', AMOUNT, '"42.50"'],
    ['data after meta', '{"meta":{"amount":1},"data":{"attributes":{"currency":"EUR","amount":7.1}}}', AMOUNT, '7.1'],
    ['data before meta (JS SDK order)', '{"data":{"type":"SEPA","attributes":{"amount":125}},"meta":{}}', AMOUNT, '125'],
    [
      'Python spacing and escapes',
      '{"meta": {"psu_name": "Jos\\u00e9"}, "data": {"type": "connect", "attributes": {"amount": 149.3}}}',
      AMOUNT,
      '149.3',
    ],
    ['pretty-printed', '{\n  "data" : {\r\n\t"attributes" : { "amount" : 10.05 }\n  }\n}', AMOUNT, '10.05'],
    ['the last of repeated keys, as JSON.parse', '{"data":{"attributes":{"amount":1,"amount":2.5}}}', AMOUNT, '2.5'],
    ['the last of repeated parents', '{"data":{"attributes":{"amount":1}},"data":{"attributes":{"amount":3}}}', AMOUNT, '3'],
    ['an escaped key', '{"data":{"attributes":{"am\\u006funt":9.99}}}', AMOUNT, '9.99'],
    ['skipping strings with brackets and quotes', '{"meta":{"custom":"}{\\"[","x":[{"a":"]"}]},"data":{"attributes":{"amount":5}}}', AMOUNT, '5'],
    ['a nested object value', '{"data":{"attributes":{"amount":{"value":1}}}}', AMOUNT, '{"value":1}'],
    ['null', '{"data":{"attributes":{"amount":null}}}', AMOUNT, 'null'],
    ['missing', '{"data":{"attributes":{"currency":"EUR"}}}', AMOUNT, undefined],
    ['a parent that is not an object', '{"data":{"attributes":[1,2]}}', AMOUNT, undefined],
    ['an empty object', '{"data":{"attributes":{}}}', AMOUNT, undefined],
    ['a top-level array', '[{"data":1}]', ['data'], undefined],
    ['a key only inside a nested value', '{"meta":{"data":{"attributes":{"amount":1}}}}', AMOUNT, undefined],
    ['the whole document for an empty path', ' {"a":1} ', [], '{"a":1}'],
  ])('%s', (_name, text, path, expected) => {
    expect(jsonValueText(text, path)).toBe(expected);
  });

  it('does not recurse into values off the path, however deep', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(jsonValueText(`{"meta":${deep},"data":{"attributes":{"amount":12.3}}}`, AMOUNT)).toBe('12.3');
  });

  it.each(['', '{', '{"data":', '{"data":{"attributes":{"amount":1}', '{"data" 1}', '{"data":{"attributes":{"amount":"1}}}'])(
    'gives undefined for text that is not JSON: %j',
    (text) => {
      expect(jsonValueText(text, AMOUNT)).toBeUndefined();
    },
  );
});

describe('isJsonNumberText', () => {
  itReturnsEach('%p → %p', isJsonNumberText, [
    ['125', true],
    ['42.5', true],
    ['-0.01', true],
    ['1e3', true],
    ['1.5E-2', true],
    ['"42.50"', false],
    ['null', false],
    ['01', false],
    ['1.', false],
    [undefined, false],
  ]);
});
