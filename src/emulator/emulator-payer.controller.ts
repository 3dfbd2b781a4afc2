import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { FintectureApiError, toFintectureError } from './emulator-errors';
import { EmulatorRequest, parseLooseBody } from './emulator-http';
import { EmulatorSession } from './emulator-model';
import { EmulatorPayerJourney } from './emulator-payer-journey.service';
import { PAYER_ACTIONS, PayerAction } from './emulator-session-rules';
import { EmulatorSessionStore } from './emulator-session-store.service';
import { EmulatorUrls } from './emulator-urls';
import { payerPageCsp, renderErrorPage, renderPayerPage, renderResultPage, renderShopReturnPage } from './payer-page';

/** The payer's side of Fintecture Connect: where meta.url leads. */
@ApiExcludeController()
@SkipThrottle()
@Controller('emulator')
export class EmulatorPayerController {
  constructor(
    private readonly sessions: EmulatorSessionStore,
    private readonly journey: EmulatorPayerJourney,
    private readonly urls: EmulatorUrls,
  ) {}

  /** Where the README's create example sends the payer back: the query Fintecture appends, shown. */
  @Get('shop/return')
  shopReturn(@Query() query: Record<string, string | undefined>, @Res() res: Response): void {
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    this.sendHtml(res, 200, renderShopReturnPage({ session_id: text(query.session_id), status: text(query.status), state: text(query.state) }), null);
  }

  @Get('connect/:sessionId')
  page(@Req() req: EmulatorRequest, @Res() res: Response): void {
    try {
      const session = this.sessions.require(req.params.sessionId as string);
      this.sendHtml(res, 200, renderPayerPage({ session, merchantName: merchantName(session), basePath: this.basePath() }), session);
    } catch (error) {
      this.sendError(res, error);
    }
  }

  @Post('connect/:sessionId/:action')
  act(@Req() req: EmulatorRequest, @Res() res: Response): void {
    try {
      const action = req.params.action as PayerAction;
      if (!PAYER_ACTIONS.includes(action)) throw FintectureApiError.notFound(`Unknown action ${String(action)}`);
      const form = parseLooseBody(req);
      const text = (name: string) => {
        const value = form[name];
        return typeof value === 'string' && value !== '' ? value.trim() : undefined;
      };
      const receivedAmount =
        text('received_amount') ??
        (action === 'pay_less' ? text('received_amount_less') : action === 'pay_more' ? text('received_amount_more') : undefined);
      const { session, redirectTo } = this.journey.act(req.params.sessionId as string, action, {
        provider: text('provider'),
        method: text('method'),
        receivedAmount,
      });
      if (redirectTo) {
        // 303: the browser follows with a GET, whatever the form's method was.
        res.setHeader('Cache-Control', 'no-store');
        res.redirect(303, redirectTo);
        return;
      }
      this.sendHtml(res, 200, renderResultPage(session, merchantName(session)), session);
    } catch (error) {
      this.sendError(res, error);
    }
  }

  private basePath(): string {
    return new URL(this.urls.publicBaseUrl()).pathname.replace(/\/+$/, '');
  }

  private sendError(res: Response, error: unknown): void {
    const failure = toFintectureError(error);
    const message = failure.items.map((item) => item.message).join(' ') || 'Something went wrong.';
    this.sendHtml(res, failure.httpStatus, renderErrorPage(failure.httpStatus, message), null);
  }

  private sendHtml(res: Response, status: number, html: string, session: EmulatorSession | null): void {
    res.setHeader('Content-Security-Policy', payerPageCsp(session));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.status(status).type('text/html; charset=utf-8').send(html);
  }
}

function merchantName(session: EmulatorSession): string {
  return session.beneficiaryName ?? 'Demo shop';
}
