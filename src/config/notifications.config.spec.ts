import { readConfigContext } from './app.config';
import { EnvReader } from './env-reader';
import { NotificationsConfig, readNotificationsConfig } from './notifications.config';

function read(env: Record<string, string>): { config: NotificationsConfig; problems: string[] } {
  const reader = new EnvReader(env);
  const config = readNotificationsConfig(reader, readConfigContext(reader));
  return { config, problems: reader.problems };
}

const PRODUCTION = { NODE_ENV: 'production', FINTECTURE_ENV: 'production' };

describe('readNotificationsConfig', () => {
  it('has the documented defaults', () => {
    expect(read({})).toEqual({
      config: {
        timeoutMs: 10_000,
        maxAgeHours: 72,
        allowPrivateUrls: false,
        httpsOnly: false,
        blockPrivateAddresses: false,
        retryScheduleMs: [10_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000],
        pollIntervalMs: 5000,
        concurrency: 8,
      },
      problems: [],
    });
  });

  it.each<[string, Record<string, string>, Partial<NotificationsConfig>]>([
    ['production: https only, public addresses only', PRODUCTION, { httpsOnly: true, blockPrivateAddresses: true }],
    [
      'production allowing private addresses',
      { ...PRODUCTION, NOTIFICATION_ALLOW_PRIVATE_URLS: 'true' },
      { httpsOnly: true, blockPrivateAddresses: false },
    ],
    ['development allowing them explicitly', { NOTIFICATION_ALLOW_PRIVATE_URLS: 'true' }, { allowPrivateUrls: true, blockPrivateAddresses: false }],
    ['a short schedule for tests', { NOTIFICATION_RETRY_SCHEDULE: '50ms,100ms' }, { retryScheduleMs: [50, 100] }],
    [
      'explicit numbers',
      { NOTIFICATION_TIMEOUT_MS: '2500', NOTIFICATION_MAX_AGE_HOURS: '1', NOTIFICATION_CONCURRENCY: '2' },
      { timeoutMs: 2500, maxAgeHours: 1, concurrency: 2 },
    ],
  ])('%s', (_label, env, expected) => {
    const { config, problems } = read(env);
    expect(problems).toEqual([]);
    expect(config).toMatchObject(expected);
  });

  it.each<[Record<string, string>, string]>([
    [{ NOTIFICATION_TIMEOUT_MS: '50' }, 'NOTIFICATION_TIMEOUT_MS: must be a whole number from 100 to 120000, got "50"'],
    [{ NOTIFICATION_MAX_AGE_HOURS: '0' }, 'NOTIFICATION_MAX_AGE_HOURS: must be a whole number from 1 to 720, got "0"'],
    [{ NOTIFICATION_ALLOW_PRIVATE_URLS: 'maybe' }, 'NOTIFICATION_ALLOW_PRIVATE_URLS: must be true or false, got "maybe"'],
    [
      { NOTIFICATION_RETRY_SCHEDULE: '10s,soon' },
      'NOTIFICATION_RETRY_SCHEDULE: must be a comma-separated list of delays such as 10s,1m,2h (units ms, s, m, h), got "10s,soon"',
    ],
  ])('refuses %j', (env, problem) => {
    expect(read(env).problems).toEqual([problem]);
  });
});
