import { redisAddress } from './rate-limit-storage';

describe('redisAddress', () => {
  it.each([
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
    ['redis://cache', 'redis://cache:6379'],
    ['rediss://user:s3cret@cache.internal:6380/2', 'rediss://cache.internal:6380/2'],
    ['redis://:s3cret@cache', 'redis://cache:6379'],
    ['not a url', 'an unparsable URL'],
  ])('%s is logged as %s', (url, logged) => {
    expect(redisAddress(url)).toBe(logged);
    expect(redisAddress(url)).not.toContain('s3cret');
  });
});
