import { itReturnsEach } from '../../test/support/it-returns-each';
import type { Request } from 'express';
import { apiPathOf, pathRelativeToMount, wireQuery } from './emulator-http';

describe('pathRelativeToMount', () => {
  itReturnsEach('%s → %s', pathRelativeToMount, [
    ['/emulator/pis/v2/connect?state=a%2Fb&redirect_uri=x', '/pis/v2/connect?state=a%2Fb&redirect_uri=x'],
    ['/emulator/pis/v2/payments/abc', '/pis/v2/payments/abc'],
    ['/emulator', '/'],
    ['/emulator?x=1', '/?x=1'],
    ['/emulator/', '/'],
    // Outside the mount point: as received.
    ['/pis/v2/connect?state=s', '/pis/v2/connect?state=s'],
    ['/emulatorx/pis/v2/connect', '/emulatorx/pis/v2/connect'],
    ['/v1/emulator/pis', '/v1/emulator/pis'],
    // Only the first /emulator is the mount point.
    ['/emulator/emulator/pis', '/emulator/pis'],
  ]);
});

describe('apiPathOf and wireQuery', () => {
  const req = (originalUrl: string) => ({ originalUrl }) as Request;
  it.each([
    ['/emulator/pis/v2/payments?filter%5Bstatus%5D=payment_created', '/pis/v2/payments', [['filter[status]', 'payment_created']]],
    ['/pis/v2/connect?state=s-1', '/pis/v2/connect', [['state', 's-1']]],
    ['/emulator', '/', []],
  ])('%s → %s', (originalUrl, path, query) => {
    expect(apiPathOf(req(originalUrl))).toBe(path);
    expect([...wireQuery(req(originalUrl))]).toEqual(query);
  });
});
