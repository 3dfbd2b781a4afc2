import { numberArgs } from '../scripts/bench/args';
import { startFakeFintecture } from '../scripts/bench/fake-fintecture';
import { HttpClient, percentile, runLoad } from '../scripts/bench/load';
import { difference, statementCounts } from '../scripts/bench/measure';
import { cpuMs, cpuMsFromStat, memoryMiB, statusMiB } from '../scripts/bench/proc-stats';

// The benchmarks' yardsticks: if one of these reads wrong, every figure the lead compares is wrong.
describe('bench tools', () => {
  it.each([
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 100, 10],
    [[7], 50, 7],
    [[1, 2], 1, 1],
  ])('percentile(%j, %d) = %d', (sorted, p, expected) => {
    expect(percentile(sorted, p)).toBe(expected);
  });

  it('has no percentile of nothing', () => {
    expect(percentile([], 50)).toBeNaN();
  });

  it.each([
    // utime 250 and stime 50 ticks (fields 14 and 15) = 3 s; a command name with spaces and parentheses.
    ['1234 (node) S 1 1234 1234 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 11 0 100 1000 200', 3000],
    ['99 (a (weird) name) R 1 99 99 0 -1 0 0 0 0 0 7 3 0 0 20 0 1 0 5 1 1', 100],
  ])('reads CPU from /proc/<pid>/stat: %s', (stat, ms) => {
    expect(cpuMsFromStat(stat)).toBe(ms);
  });

  it.each([
    ['VmHWM', 'VmPeak:\t  500000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n', 200],
    ['VmRSS', 'VmPeak:\t  500000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n', 100],
    ['VmSwap', 'VmRSS:\t  102400 kB\n', null],
  ])('reads %s from /proc/<pid>/status', (name, status, mib) => {
    expect(statusMiB(status, name)).toBe(mib);
  });

  it('reads this very process from /proc: CPU grows with work, peak RSS is at least RSS', () => {
    // Work until the process has used 100 ms of CPU by Node's own count (not wall time: the machine
    // may be busy), then /proc must agree to within its 10 ms clock ticks.
    const before = cpuMs(process.pid);
    const start = process.cpuUsage();
    const used = () => {
      const { user, system } = process.cpuUsage(start);
      return (user + system) / 1000;
    };
    while (used() < 100) Math.sqrt(Math.random());
    expect(cpuMs(process.pid) - before).toBeGreaterThanOrEqual(80);
    const memory = memoryMiB(process.pid);
    expect(memory.peak).toBeGreaterThanOrEqual(memory.now);
    expect(memory.now).toBeGreaterThan(10);
  });

  it('reads the statement counts of /metrics, by kind or unlabelled, and their difference', () => {
    const before = statementCounts(
      '# HELP x\ndatabase_statements_total{kind="select"} 4\ndatabase_statements_total{kind="insert"} 2\nother_total 9\n',
    );
    const after = statementCounts(
      'database_statements_total{kind="select"} 10\ndatabase_statements_total{kind="insert"} 2\ndatabase_statements_total{kind="commit"} 3\n',
    );
    expect(before).toEqual({ select: 4, insert: 2 });
    expect(difference(after, before)).toEqual({ select: 6, commit: 3 });
    expect(statementCounts('database_statements_total 12\n')).toEqual({ all: 12 });
    expect(statementCounts('http_requests_total 3\n')).toEqual({});
  });

  it.each([
    [[], { concurrency: 16, duration: 10 }],
    [['--concurrency', '64'], { concurrency: 64, duration: 10 }],
    [['--duration', '2.5', '--concurrency', '1'], { concurrency: 1, duration: 2.5 }],
  ])('numberArgs(%j)', (argv, expected) => {
    expect(numberArgs(argv, { concurrency: 16, duration: 10 })).toEqual(expected);
  });

  it.each([
    [['--sessions', '5'], /unknown option --sessions/],
    [['--duration', 'x'], /--duration needs a number/],
    [['10'], /unexpected argument 10/],
  ])('numberArgs(%j) refuses', (argv, message) => {
    expect(() => numberArgs(argv, { concurrency: 16, duration: 10 })).toThrow(message);
  });

  it('runs a closed loop within its bounds, and the fake answers what the service reads', async () => {
    const fake = await startFakeFintecture({ paymentStatus: 'payment_created' });
    const client = new HttpClient(fake.url, 4);
    try {
      const created = await client.send('POST', '/pis/v2/connect?state=x', {}, JSON.stringify({ data: { attributes: { amount: '12.30' } } }));
      const meta = (JSON.parse(created.body) as { meta: { session_id: string; url: string } }).meta;
      expect(meta.session_id).toMatch(/^[0-9a-f]{32}$/);
      expect(new URL(meta.url).protocol).toBe('https:');
      const payment = JSON.parse((await client.send('GET', `/pis/v2/payments/${meta.session_id}`)).body) as Record<string, any>;
      expect(payment.meta.status).toBe('payment_created');
      expect(payment.data.attributes).toMatchObject({ amount: '12.30', received_amount: '12.30' });

      const result = await runLoad({
        concurrency: 4,
        durationMs: 10_000,
        maxOps: 40,
        operation: async () => (await client.send('GET', `/pis/v2/payments/${meta.session_id}`)).status,
      });
      expect(result.ops).toBe(40);
      expect(result.statuses).toEqual({ '200': 40 });
      expect(result.latencies).toEqual([...result.latencies].sort((a, b) => a - b));
      expect(fake.counts.getsBySession[meta.session_id]).toBe(41);
    } finally {
      client.close();
      await fake.close();
    }
  });
});
