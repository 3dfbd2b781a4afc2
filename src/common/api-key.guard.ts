import { applyDecorators, CanActivate, ExecutionContext, Inject, Injectable, Optional, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { ApiKey, AppConfig } from '../config/configuration';
import { ApiProblemResponses } from './openapi/api-problem-responses.decorator';
import { ProblemException } from './problem';

export type Role = 'merchant' | 'admin';

export interface Caller {
  role: Role;
  /** The key's label, safe to log; never the key. */
  label: string;
}

export type AuthenticatedRequest = Request & { caller?: Caller; id?: string };

const ROLE = 'auth:role';

/**
 * A browser session standing for an admin key: the admin console's cookie (src/console), which
 * provides this globally. Answers null when the request carries no live session, and refuses
 * (403) a state-changing request whose CSRF token does not match.
 */
export abstract class BrowserSessionAuth {
  abstract authenticate(req: Request, res: Response): Caller | null;
}

function fingerprint(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/**
 * Bearer API keys. Keys are compared as SHA-256 digests with timingSafeEqual, against every
 * configured key without stopping at the first match, so timing says nothing about a key.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: Array<{ role: Role; label: string; digest: Buffer }>;

  constructor(
    private readonly reflector: Reflector,
    config: ConfigService<AppConfig, true>,
    @Optional() @Inject(BrowserSessionAuth) private readonly browserSessions: BrowserSessionAuth | null = null,
  ) {
    const auth = config.get('auth', { infer: true });
    const entries = (role: Role, keys: ApiKey[]) => keys.map((k) => ({ role, label: k.label, digest: fingerprint(k.secret) }));
    this.keys = [...entries('merchant', auth.merchantKeys), ...entries('admin', auth.adminKeys)];
  }

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role | undefined>(ROLE, [context.getHandler(), context.getClass()]);
    if (!required) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // Only without an Authorization header: a wrong key is never rescued by a cookie riding along.
    const caller =
      request.headers.authorization === undefined
        ? (this.browserSessions?.authenticate(request, context.switchToHttp().getResponse<Response>()) ?? null)
        : this.identify(request.headers.authorization);
    if (!caller) {
      throw new ProblemException(
        401,
        'unauthorized',
        'A valid API key is required: Authorization: Bearer <key>.',
        {},
        {
          'WWW-Authenticate': 'Bearer',
        },
      );
    }
    request.caller = caller;
    if (caller.role !== required) {
      throw new ProblemException(403, 'forbidden', `This route needs a ${required} key.`);
    }
    return true;
  }

  identify(header: string | undefined): Caller | null {
    const match = typeof header === 'string' ? /^Bearer ([\x21-\x7e]{1,512})$/i.exec(header.trim()) : null;
    if (!match) return null;
    const presented = fingerprint(match[1]);
    let found: Caller | null = null;
    for (const key of this.keys) {
      if (timingSafeEqual(presented, key.digest) && !found) found = { role: key.role, label: key.label };
    }
    return found;
  }
}

export function RequireRole(role: Role) {
  return applyDecorators(
    SetMetadata(ROLE, role),
    UseGuards(ApiKeyGuard),
    ApiBearerAuth(role),
    // 429 too: every route behind a key is under the per-key rate limit (src/observability/rate-limit.ts).
    ApiProblemResponses(
      { status: 401, description: 'Missing or unknown API key.' },
      { status: 403, description: role === 'admin' ? 'Not an admin key, or a console request without its CSRF token.' : `Not a ${role} key.` },
      429,
    ),
  );
}
