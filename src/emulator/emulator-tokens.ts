import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EMULATOR_OPTIONS, EmulatorOptions } from './emulator-options';

export type TokenCheck = { ok: true } | { ok: false; reason: 'missing' | 'unknown' | 'expired' };

const MAX_TOKENS = 10_000;

/** Opaque PIS access tokens (client_credentials), valid tokenTtlSeconds, kept in memory. */
@Injectable()
export class EmulatorTokenService {
  private readonly tokens = new Map<string, number>();

  constructor(@Inject(EMULATOR_OPTIONS) private readonly options: EmulatorOptions) {}

  issue(now = Date.now()): { token: string; expiresIn: number } {
    if (this.tokens.size >= MAX_TOKENS) this.prune(now);
    const token = randomBytes(32).toString('base64url');
    const expiresIn = this.options.tokenTtlSeconds;
    this.tokens.set(token, now + expiresIn * 1000);
    return { token, expiresIn };
  }

  check(token: string | undefined, now = Date.now()): TokenCheck {
    if (!token) return { ok: false, reason: 'missing' };
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return { ok: false, reason: 'unknown' };
    if (expiresAt <= now) return { ok: false, reason: 'expired' };
    return { ok: true };
  }

  /** Every token issued so far expires now: the next call with one gets 401 invalid_token. */
  expireAll(now = Date.now()): number {
    let count = 0;
    for (const [token, expiresAt] of this.tokens) {
      if (expiresAt > now) count += 1;
      this.tokens.set(token, now);
    }
    return count;
  }

  private prune(now: number): void {
    for (const [token, expiresAt] of this.tokens) if (expiresAt <= now) this.tokens.delete(token);
    // Still full of live tokens: drop the oldest rather than grow without bound.
    for (const token of this.tokens.keys()) {
      if (this.tokens.size < MAX_TOKENS) break;
      this.tokens.delete(token);
    }
  }
}
