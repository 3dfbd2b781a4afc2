import { HttpService } from '@nestjs/axios';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfig } from '../config/configuration';
import { FintectureTokenRefreshEvent } from './events/fintecture-token-refresh.event';
import { FINTECTURE_APP, FintectureApp } from './fintecture-credentials';
import { FintectureError } from './fintecture.errors';
import { ensureSuccess, sendRaw } from './fintecture-http';

/** Refresh this long before Fintecture's expiry (at most a tenth of a short lifetime), so a token never dies in flight. */
const REFRESH_MARGIN_MS = 60_000;

interface CachedToken {
  value: string;
  refreshAt: number;
}

/**
 * The PIS client-credentials token (fintecture-api.md §1.2), cached until shortly before it
 * expires. Concurrent callers share one refresh.
 */
@Injectable()
export class FintectureTokenService {
  private readonly logger = new Logger(FintectureTokenService.name);
  private cached: CachedToken | null = null;
  private inflight: Promise<CachedToken> | null = null;

  constructor(
    private readonly http: HttpService,
    private readonly config: ConfigService<AppConfig, true>,
    @Inject(FINTECTURE_APP) private readonly credentials: FintectureApp,
    private readonly events: EventEmitter2,
  ) {}

  async getToken(now: () => number = Date.now): Promise<string> {
    if (this.cached && this.cached.refreshAt > now()) return this.cached.value;
    return (await this.refresh(now)).value;
  }

  /** Drops a token Fintecture refused, unless a newer one has replaced it meanwhile. */
  invalidate(token: string): void {
    if (this.cached?.value === token) this.cached = null;
  }

  private refresh(now: () => number): Promise<CachedToken> {
    if (!this.inflight) {
      this.inflight = this.fetchToken(now)
        .then((token) => {
          this.cached = token;
          this.events.emit(FintectureTokenRefreshEvent.NAME, new FintectureTokenRefreshEvent('success'));
          return token;
        })
        .catch((error: unknown) => {
          this.events.emit(FintectureTokenRefreshEvent.NAME, new FintectureTokenRefreshEvent('failure'));
          throw error;
        })
        .finally(() => {
          this.inflight = null;
        });
    }
    return this.inflight;
  }

  private async fetchToken(now: () => number): Promise<CachedToken> {
    const { apiUrl, timeoutMs } = this.config.get('fintecture', { infer: true });
    const { appId, appSecret } = this.credentials;
    const body = new URLSearchParams({ grant_type: 'client_credentials', app_id: appId, scope: 'PIS' }).toString();
    const answer = await sendRaw(this.http, {
      method: 'POST',
      url: `${apiUrl}/oauth/accesstoken`,
      headers: {
        Authorization: 'Basic ' + Buffer.from(`${appId}:${appSecret}`, 'utf8').toString('base64'),
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body,
      timeoutMs,
    });
    ensureSuccess(answer);
    const token = answer.body as { access_token?: unknown; expires_in?: unknown } | null;
    if (!token || typeof token.access_token !== 'string' || !token.access_token) {
      throw new FintectureError('invalid_response', 'Fintecture answered the token call without an access_token');
    }
    const expiresIn = Number(token.expires_in);
    const lifetimeMs = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 3600_000;
    this.logger.log(`obtained a Fintecture access token valid for ${Math.round(lifetimeMs / 1000)} s`);
    return { value: token.access_token, refreshAt: now() + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 10) };
  }
}
