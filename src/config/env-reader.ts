export type Env = Record<string, string | undefined>;

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigurationError';
  }
}

export function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Typed reads of environment variables. A bad value is written down as a problem and the
 * fallback is returned, so that reading goes on and one start-up names every mistake, not the first.
 */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  problem(message: string): void {
    this.problems.push(message);
  }

  /** True when a problem about this variable was already written down (a second one would only repeat it). */
  hasProblemWith(name: string): boolean {
    return this.problems.some((p) => p.startsWith(name));
  }

  throwIfProblems(): void {
    if (this.problems.length) throw new ConfigurationError([...this.problems]);
  }

  /** The trimmed value; empty counts as unset. */
  string(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      this.problem(`${name}: must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return Number(raw);
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.string(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    this.problem(`${name}: must be true or false, got "${raw}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problem(`${name}: must be one of ${allowed.join(', ')}, got "${raw}"`);
      return undefined;
    }
    return raw as T;
  }

  url(name: string): string | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (!isHttpUrl(raw)) {
      this.problem(`${name}: must be an http(s) URL, got "${raw}"`);
      return undefined;
    }
    return raw;
  }

  size(name: string, fallback: string): string {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (!/^\d+(b|kb|mb)$/i.test(raw)) {
      this.problem(`${name}: must be a size such as 100kb or 1mb, got "${raw}"`);
      return fallback;
    }
    return raw.toLowerCase();
  }

  /** Comma-separated values, trimmed, empty entries dropped. */
  list(name: string): string[] {
    return (this.string(name) ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
  }
}
