import { EnvReader } from './env-reader';
import { DEFAULT_RATE_LIMIT_PER_MINUTE, readRateLimitConfig } from './rate-limit.config';

function read(env: Record<string, string>) {
  const reader = new EnvReader(env);
  return { config: readRateLimitConfig(reader), problems: reader.problems };
}

describe('readRateLimitConfig', () => {
  it('defaults to a budget above what one instance serves, counted in memory', () => {
    expect(read({}).config).toEqual({ apiPerMinute: DEFAULT_RATE_LIMIT_PER_MINUTE, webhookPerMinute: DEFAULT_RATE_LIMIT_PER_MINUTE });
    expect(DEFAULT_RATE_LIMIT_PER_MINUTE).toBeGreaterThanOrEqual(60_000);
  });

  it.each([
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
    ['rediss://user:secret@cache.internal:6380/2', 'rediss://user:secret@cache.internal:6380/2'],
    ['  redis://localhost  ', 'redis://localhost'],
  ])('REDIS_URL=%s is used', (value, expected) => {
    const { config, problems } = read({ REDIS_URL: value });
    expect(problems).toEqual([]);
    expect(config.redisUrl).toBe(expected);
  });

  it.each(['http://127.0.0.1:6379', '127.0.0.1:6379', 'redis://', 'redis:///0'])('REDIS_URL=%s is refused', (value) => {
    const { config, problems } = read({ REDIS_URL: value });
    expect(problems).toEqual([expect.stringMatching(/^REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/)]);
    expect(config.redisUrl).toBeUndefined();
  });
});
