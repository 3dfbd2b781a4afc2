import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ProblemException } from '../common/problem';
import { ConsoleSessionsService, CSRF_HEADER, SESSION_LIMITS } from './console-sessions.service';
import { ConsoleLoginDto } from './dto/console-login.dto';

/**
 * Login, the session the page reads its CSRF token from, and logout. The page itself is plain
 * static files (ConsolePagesController); everything it shows comes from the admin API.
 */
@ApiTags('admin console')
@Controller('admin')
export class ConsoleAuthController {
  constructor(private readonly sessions: ConsoleSessionsService) {}

  @Get('session')
  @ApiOperation({ summary: 'The console session of this browser, with its CSRF token' })
  @ApiOkResponse({ description: '`{ authenticated: true, label, csrf_token, expires_at }` or `{ authenticated: false, reason }`.' })
  session(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    const session = this.sessions.inspect(req, res);
    if (session.state === 'active') return this.present(session.claims.label, session.csrfToken, session.expiresAt);
    return { authenticated: false, reason: session.state === 'none' ? null : session.reason };
  }

  @Post('session')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with an admin key', description: 'JSON `{ "key": "…" }`; answers the session and sets its cookie.' })
  login(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: ConsoleLoginDto) {
    // A cross-site form can post urlencoded bodies but never JSON without CORS, and a browser says where a fetch came from.
    if (!req.is('application/json')) throw new ProblemException(415, 'unsupported_media_type', 'Log in with a JSON body: { "key": "…" }.');
    if (!sameOrigin(req)) throw new ProblemException(403, 'forbidden', 'Log in from the console page itself.');
    res.setHeader('Cache-Control', 'no-store');
    const session = this.sessions.login(body.key, res);
    return this.present(session.claims.label, session.csrfToken, session.expiresAt);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Log out', description: `Needs the session's ${CSRF_HEADER} header.` })
  @ApiNoContentResponse({ description: 'The session is over and its cookie deleted.' })
  logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    const session = this.sessions.inspect(req, res);
    if (session.state !== 'active') return this.sessions.clearCookie(res);
    // Goes through the same CSRF rule as every other state-changing request.
    this.sessions.authenticate(req, res);
    this.sessions.logout(session, res);
  }

  private present(label: string, csrfToken: string, expiresAt: Date) {
    return {
      authenticated: true,
      label,
      csrf_token: csrfToken,
      expires_at: expiresAt.toISOString(),
      idle_timeout_seconds: SESSION_LIMITS.idleMs / 1000,
    };
  }
}

/** Origin (or, failing that, Sec-Fetch-Site) must say the request came from this host's own page. */
function sameOrigin(req: Request): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
