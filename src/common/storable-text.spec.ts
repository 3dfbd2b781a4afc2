import { findUnstorableText, isStorableText, storableText } from './storable-text';

describe('findUnstorableText', () => {
  it.each<[string, unknown, string, string | null]>([
    ['plain text', { state: 'order-42', amount: '42.50' }, 'query', null],
    ['non-ASCII and emoji (a paired surrogate)', { psu_name: 'Zoë Ğüneş 🙂' }, '', null],
    ['NUL in a query value', { state: 'a\u0000b' }, 'query', 'query.state'],
    ['NUL alone', { state: '\u0000' }, 'query', 'query.state'],
    ['NUL deep in a body', { meta: { psu_address: { city: 'Par\u0000is' } } }, '', 'meta.psu_address.city'],
    ['NUL in an array item', { meta: { payment_methods: [{ id: 'ok' }, { id: '\u0000' }] } }, '', 'meta.payment_methods.1.id'],
    ['NUL in a key', { 'st\u0000ate': 'x' }, 'query', 'query.st\u0000ate'],
    ['a lone high surrogate', { communication: 'x\uD83Dy' }, '', 'communication'],
    ['a lone low surrogate', { communication: '\uDE42' }, '', 'communication'],
    ['a path parameter', 'abc\u0000', 'param.id', 'param.id'],
    ['a bare body string', '\u0000', '', 'body'],
    ['numbers, booleans and null', { a: 1, b: true, c: null }, '', null],
  ])('%s', (_name, value, path, expected) => {
    expect(findUnstorableText(value, path)).toBe(expected);
  });
});

describe('storableText', () => {
  it.each([
    ['order-42', 'order-42'],
    ['a\u0000b', 'a\uFFFDb'],
    ['\uD83D', '\uFFFD'],
    ['🙂', '🙂'],
  ])('%j → %j', (text, expected) => {
    expect(storableText(text)).toBe(expected);
    expect(isStorableText(storableText(text))).toBe(true);
  });
});
