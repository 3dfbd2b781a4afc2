import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { ApiPublic } from '../common/openapi/api-public.decorator';
import { ProblemException } from '../common/problem';
import { SESSION_LIMITS } from './console-session-token';
import { ConsoleSessionsService, CSRF_HEADER } from './console-sessions.service';
import { ConsoleLoginDto } from './dto/console-login.dto';
import { ConsoleSessionResponse } from './dto/console.response';

/**
 * Login, the session the page reads its CSRF token from, and logout. The page itself is plain
 * static files (ConsolePagesController); everything it shows comes from the admin API.
 */
@ApiTags('admin console')
// No API key: these routes make, read and end the cookie that stands for one.
@ApiPublic()
@Controller('admin')
export class ConsoleAuthController {
  constructor(private readonly sessions: ConsoleSessionsService) {}

  @Get('session')
  @ApiOperation({ summary: 'The console session of this browser, with its CSRF token' })
  @ApiOkResponse({
    type: ConsoleSessionResponse,
    description: '`{ authenticated: true, label, csrf_token, expires_at, idle_timeout_seconds }` or `{ authenticated: false, reason }`.',
  })
  @ApiProblemResponses({ status: 400, description: 'A malformed query string (broken percent-encoding).' }, 429, {
    status: 503,
    description: 'The service is shutting down.',
  })
  session(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    const session = this.sessions.inspect(req, res);
    if (session.state === 'active') return this.present(session.claims.label, session.csrfToken, session.expiresAt);
    return { authenticated: false, reason: session.state === 'none' ? null : session.reason };
  }

  @Post('session')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with an admin key', description: 'JSON `{ "key": "…" }`; answers the session and sets its cookie.' })
  @ApiOkResponse({ type: ConsoleSessionResponse, description: 'Logged in; Set-Cookie carries the session.' })
  @ApiProblemResponses(
    { status: 400, description: 'No key, or a body that is not JSON.', codes: ['validation_failed', 'malformed_body'] },
    { status: 401, description: 'This is not a valid admin key.' },
    { status: 403, description: 'Not from the console page itself (Origin or Sec-Fetch-Site).' },
    413,
    { status: 415, description: 'Not a JSON body.' },
    429,
    { status: 503, description: 'The service is shutting down.' },
  )
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
  @ApiProblemResponses({ status: 403, description: `A live session without its ${CSRF_HEADER} header.` }, 429, {
    status: 503,
    description: 'The service is shutting down.',
  })
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
