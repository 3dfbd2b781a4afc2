import { PaymentSession } from '../payments/entities/payment-session.entity';
import { csvCell, csvLine, SESSION_CSV_HEADER, sessionCsvLine } from './sessions-csv';

describe('sessions CSV', () => {
  it.each<[string | number | null, string]>([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    [null, ''],
    [42, '42'],
  ])('quotes only what RFC 4180 requires, doubling quotes: %j → %j', (value, exported) => {
    expect(csvCell(value)).toBe(exported);
  });

  it('joins cells into one CRLF-ended line', () => {
    expect(csvLine(['a', null, 'b,c'])).toBe('a,,"b,c"\r\n');
  });

  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+33 6', "'+33 6"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['a=b', 'a=b'],
  ])('defuses spreadsheet formulas with a leading quote: %j → %j', (value, exported) => {
    expect(csvCell(value)).toBe(exported);
  });

  // Spreadsheets that trim leading whitespace, or read full-width forms as ASCII, still see a formula.
  it.each([
    ['leading space', ' =1+1', "' =1+1"],
    ['several spaces', '   +1', "'   +1"],
    ['no-break space', '\u00A0=1+1', "'\u00A0=1+1"],
    ['narrow no-break space', '\u202F@SUM(A1)', "'\u202F@SUM(A1)"],
    ['ideographic space', '\u3000=1', "'\u3000=1"],
    ['zero-width space', '\u200B=1', "'\u200B=1"],
    ['byte order mark', '\uFEFF=1', "'\uFEFF=1"],
    ['tab alone', '\tplain', "'\tplain"],
    ['tab then formula', '\t=1', "'\t=1"],
    ['LF first', '\n=1', '"\'\n=1"'],
    ['CR first', '\r=1', '"\'\r=1"'],
    ['full-width equals', '\uFF1D1+1', "'\uFF1D1+1"],
    ['full-width plus', '\uFF0B33 6', "'\uFF0B33 6"],
    ['full-width minus', '\uFF0D1', "'\uFF0D1"],
    ['full-width at', '\uFF20cmd', "'\uFF20cmd"],
    ['small equals', '\uFE66cmd', "'\uFE66cmd"],
    ['small plus', '\uFE62cmd', "'\uFE62cmd"],
    ['small hyphen-minus', '\uFE63cmd', "'\uFE63cmd"],
    ['small at', '\uFE6Bcmd', "'\uFE6Bcmd"],
    ['minus sign', '\u22121', "'\u22121"],
    ['space then full-width equals', ' \uFF1DHYPERLINK("http://x")', `"' \uFF1DHYPERLINK(""http://x"")"`],
  ])('defuses a formula behind %s', (_case, value, exported) => {
    expect(csvCell(value)).toBe(exported);
  });

  it.each([
    ['a leading space before text', ' order 1', ' order 1'],
    ['a no-break space before text', '\u00A0order', '\u00A0order'],
    ['a full-width sign inside', 'a\uFF1Db', 'a\uFF1Db'],
    ['only spaces', '   ', '   '],
    ['an empty text', '', ''],
    ['an amount', '42.50', '42.50'],
  ])('leaves %s alone', (_case, value, exported) => {
    expect(csvCell(value)).toBe(exported);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['nothing refunded yet', { outcome: 'paid', refundedMinor: 0, refundingMinor: 0 }, '0.00,0.00,42.50'],
    ['a part refunded, a part under way', { outcome: 'paid', refundedMinor: 1000, refundingMinor: 250 }, '10.00,2.50,30.00'],
    ['all of it refunded', { outcome: 'paid', refundedMinor: 4250, refundingMinor: 0 }, '42.50,0.00,0.00'],
    ['nothing received: nothing refundable', { outcome: 'awaiting_payer', receivedAmountMinor: null }, '0.00,0.00,0.00'],
  ])('ends a row with the refund columns: %s', (_name, overrides, ending) => {
    const session = Object.assign(new PaymentSession(), {
      id: '019ab000-0000-7000-8000-000000000002',
      amountMinor: 4250,
      receivedAmountMinor: 4250,
      createdAt: new Date('2026-11-24T10:00:00Z'),
      updatedAt: new Date('2026-11-24T10:00:00Z'),
      ...overrides,
    });
    expect(SESSION_CSV_HEADER.trimEnd().split(',').slice(-3)).toEqual(['refunded_amount', 'refunding_amount', 'refundable_amount']);
    expect(sessionCsvLine(session).trimEnd().split(',').slice(-3).join(',')).toBe(ending);
  });

  it('writes a session as one row under the header', () => {
    const session = Object.assign(new PaymentSession(), {
      id: '019ab000-0000-7000-8000-000000000001',
      sessionId: null,
      merchant: 'shop',
      state: 'order, 1',
      outcome: 'paid',
      status: 'payment_created',
      transferState: null,
      amountMinor: 4250,
      currency: 'EUR',
      receivedAmountMinor: 4250,
      communication: null,
      paymentMethods: ['immediate_transfer', 'smart_transfer'],
      failureCode: null,
      expiresAt: null,
      createdAt: new Date('2026-11-24T10:00:00Z'),
      updatedAt: new Date('2026-11-24T10:05:00Z'),
      paidAt: new Date('2026-11-24T10:04:00Z'),
    });
    expect(SESSION_CSV_HEADER.split(',')).toHaveLength(20);
    expect(sessionCsvLine(session)).toBe(
      '019ab000-0000-7000-8000-000000000001,,shop,"order, 1",paid,payment_created,,42.50,EUR,42.50,,immediate_transfer smart_transfer,,,2026-11-24T10:00:00.000Z,2026-11-24T10:05:00.000Z,2026-11-24T10:04:00.000Z,0.00,0.00,42.50\r\n',
    );
  });
});
