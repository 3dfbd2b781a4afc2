import { PaymentSession } from '../payments/entities/payment-session.entity';
import { csvCell, csvLine, SESSION_CSV_HEADER, sessionCsvLine } from './sessions-csv';

describe('sessions CSV', () => {
  it('quotes only what RFC 4180 requires, doubling quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\r')).toBe('"cr\r"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
    expect(csvLine(['a', null, 'b,c'])).toBe('a,,"b,c"\r\n');
  });

  it('defuses spreadsheet formulas with a leading quote', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('+33 6')).toBe("'+33 6");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('a=b')).toBe('a=b');
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
    expect(SESSION_CSV_HEADER.split(',')).toHaveLength(17);
    expect(sessionCsvLine(session)).toBe(
      '019ab000-0000-7000-8000-000000000001,,shop,"order, 1",paid,payment_created,,42.50,EUR,42.50,,immediate_transfer smart_transfer,,,2026-11-24T10:00:00.000Z,2026-11-24T10:05:00.000Z,2026-11-24T10:04:00.000Z\r\n',
    );
  });
});
