import { ConfigurationError, Env } from '../../src/config/env-reader';

/** The problems a settings loader reports for `env`; [] when it accepts it. Any other error fails the test. */
export function configurationProblems(load: (env: Env) => unknown, env: Env): string[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
}
