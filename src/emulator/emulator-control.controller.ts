import { Controller, Delete, Get, HttpCode, Inject, Post, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { FINTECTURE_APP, FintectureApp } from '../fintecture/fintecture-credentials';
import { EmulatorExceptionFilter } from './emulator-errors';
import { EmulatorFaultService, Fault } from './emulator-faults';
import { EmulatorRequest, parseLooseBody } from './emulator-http';
import { EmulatorSession } from './emulator-model';
import { EMULATOR_OPTIONS, EmulatorOptions } from './emulator-options';
import { EmulatorRequestLog, RecordedRequest } from './emulator-request-log.service';
import { simulation } from './emulator-session-rules';
import { EmulatorSessionStore } from './emulator-session-store.service';
import { EmulatorTimers } from './emulator-timers.service';
import { EmulatorTokenService } from './emulator-tokens';
import { EmulatorUrls } from './emulator-urls';
import { EmulatorWebhookService, WebhookDelivery } from './emulator-webhooks';

/**
 * Test and demo controls. Fintecture has nothing like them; they exist because the emulator
 * module only ever loads outside production.
 */
@ApiExcludeController()
@SkipThrottle()
@UseFilters(EmulatorExceptionFilter)
@Controller('emulator')
export class EmulatorControlController {
  constructor(
    private readonly sessions: EmulatorSessionStore,
    private readonly requestLog: EmulatorRequestLog,
    private readonly webhookService: EmulatorWebhookService,
    private readonly faultService: EmulatorFaultService,
    private readonly tokens: EmulatorTokenService,
    private readonly timers: EmulatorTimers,
    private readonly urls: EmulatorUrls,
    @Inject(FINTECTURE_APP) private readonly credentials: FintectureApp,
    @Inject(EMULATOR_OPTIONS) private readonly options: EmulatorOptions,
  ) {}

  @Get()
  index(): Record<string, unknown> {
    return {
      name: 'Fintecture emulator',
      app_id: this.credentials.appId,
      api_base_url: this.urls.publicBaseUrl(),
      webhook_url: this.urls.webhookUrl(),
      webhook_format: this.options.webhookFormat,
      sessions: this.sessions.list().length,
    };
  }

  @Get('sessions')
  sessionList(): EmulatorSession[] {
    return this.sessions.list();
  }

  @Get('sessions/:sessionId')
  session(@Req() req: EmulatorRequest): EmulatorSession & { webhooks: WebhookDelivery[] } {
    const session = this.sessions.require(req.params.sessionId as string);
    return {
      ...structuredClone(session),
      webhooks: this.webhookService.list().filter((delivery) => delivery.sessionId === session.id),
    };
  }

  @Post('sessions/:sessionId/simulate')
  @HttpCode(200)
  simulate(@Req() req: EmulatorRequest): EmulatorSession {
    const session = this.sessions.require(req.params.sessionId as string);
    const { change, sendWebhook } = simulation(parseLooseBody(req));
    this.sessions.applyChange(session, change, 'simulate', sendWebhook);
    return structuredClone(session);
  }

  @Post('faults')
  addFault(@Req() req: EmulatorRequest): Fault {
    return this.faultService.add(parseLooseBody(req));
  }

  @Get('faults')
  faults(): Fault[] {
    return this.faultService.list();
  }

  @Delete('faults')
  @HttpCode(204)
  clearFaults(): void {
    this.faultService.clear();
  }

  @Get('requests')
  requests(): RecordedRequest[] {
    return this.requestLog.list();
  }

  @Get('webhooks')
  webhooks(): WebhookDelivery[] {
    return this.webhookService.list();
  }

  @Post('tokens/expire')
  @HttpCode(200)
  expireTokens(): { expired: number } {
    return { expired: this.tokens.expireAll() };
  }

  /** Forgets sessions, recorded calls, faults and webhooks; issued tokens stay valid. */
  @Post('reset')
  @HttpCode(204)
  reset(): void {
    this.timers.cancelAll();
    this.sessions.clear();
    this.requestLog.clear();
    this.faultService.clear();
    this.webhookService.clear();
  }
}
