import { EnvReader } from './env-reader';
import { readRefundsConfig } from './refunds.config';

function read(env: Record<string, string>) {
  const reader = new EnvReader(env);
  return { config: readRefundsConfig(reader), problems: reader.problems };
}

describe('readRefundsConfig', () => {
  it.each<[string, Record<string, string>, number]>([
    ['two days by default', {}, 172_800],
    ['as given', { REFUND_STUCK_SECONDS: '60' }, 60],
    ['the smallest', { REFUND_STUCK_SECONDS: '1' }, 1],
  ])('%s', (_name, env, stuckSeconds) => {
    expect(read(env)).toEqual({ config: { stuckSeconds }, problems: [] });
  });

  it.each([['0'], ['-5'], ['ten'], ['99999999999']])('refuses REFUND_STUCK_SECONDS=%s, naming it', (value) => {
    const { problems } = read({ REFUND_STUCK_SECONDS: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('REFUND_STUCK_SECONDS');
  });
});
