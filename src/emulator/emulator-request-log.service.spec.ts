import { EmulatorRequestLog, redactHeaders } from './emulator-request-log.service';

describe('redactHeaders', () => {
  it.each<[string, Record<string, string | undefined>, Record<string, string | undefined>]>([
    ['Basic credentials keep their scheme only', { authorization: 'Basic YXBwOnNlY3JldA==' }, { authorization: 'Basic [redacted]' }],
    ['in any case', { authorization: 'basic YXBwOnNlY3JldA==' }, { authorization: 'Basic [redacted]' }],
    ['a bearer token stays (it expires and is the emulator’s own)', { authorization: 'Bearer abc' }, { authorization: 'Bearer abc' }],
    ['other headers stay', { digest: 'SHA-256=x', 'x-request-id': 'r' }, { digest: 'SHA-256=x', 'x-request-id': 'r' }],
  ])('%s', (_name, headers, expected) => {
    expect(redactHeaders(headers)).toEqual(expected);
  });

  it('leaves the given headers untouched', () => {
    const headers = { authorization: 'Basic YXBwOnNlY3JldA==' };
    redactHeaders(headers);
    expect(headers.authorization).toBe('Basic YXBwOnNlY3JldA==');
  });
});

describe('EmulatorRequestLog', () => {
  const call = (n: number) => ({ operation: 'connect' as const, method: 'POST', path: `/emulator/pis/v2/connect?n=${n}`, headers: {}, body: '' });

  it('numbers the calls, keeps the last 1000, and hands out copies', () => {
    const log = new EmulatorRequestLog();
    for (let n = 1; n <= 1002; n++) log.record(call(n));
    const list = log.list();
    expect(list).toHaveLength(1000);
    expect(list[0]).toMatchObject({ seq: 3, path: '/emulator/pis/v2/connect?n=3', originalUrl: '/emulator/pis/v2/connect?n=3', status: null });
    list[0].headers.changed = 'yes';
    expect(log.list()[0].headers).toEqual({});
    log.clear();
    expect(log.list()).toEqual([]);
  });

  it('returns the live entry so that the caller records the answer', () => {
    const log = new EmulatorRequestLog();
    const entry = log.record(call(1));
    entry.status = 201;
    expect(log.list()[0].status).toBe(201);
  });
});
