import { Controller, Delete, Get, HttpCode, Inject, Post, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { FINTECTURE_CREDENTIALS, FintectureCredentials } from '../fintecture/fintecture-credentials';
import { EmulatorExceptionFilter } from './emulator-errors';
import { Fault } from './emulator-faults';
import { EmulatorRequest, parseLooseBody } from './emulator-http';
import { EmulatorSession } from './emulator-model';
import { EMULATOR_OPTIONS, EmulatorOptions } from './emulator-options';
import { EmulatorService, RecordedRequest } from './emulator.service';
import { WebhookDelivery } from './emulator-webhooks';

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
    private readonly emulator: EmulatorService,
    @Inject(FINTECTURE_CREDENTIALS) private readonly credentials: FintectureCredentials,
    @Inject(EMULATOR_OPTIONS) private readonly options: EmulatorOptions,
  ) {}

  @Get()
  index(): Record<string, unknown> {
    return {
      name: 'Fintecture emulator',
      app_id: this.credentials.appId,
      api_base_url: this.emulator.urls.publicBaseUrl(),
      webhook_url: this.emulator.urls.webhookUrl(),
      webhook_format: this.options.webhookFormat,
      sessions: this.emulator.listSessions().length,
    };
  }

  @Get('sessions')
  sessions(): EmulatorSession[] {
    return this.emulator.listSessions();
  }

  @Get('sessions/:sessionId')
  session(@Req() req: EmulatorRequest): EmulatorSession & { webhooks: WebhookDelivery[] } {
    const session = this.emulator.requireSession(req.params.sessionId as string);
    return {
      ...structuredClone(session),
      webhooks: this.emulator.webhookDeliveries().filter((delivery) => delivery.sessionId === session.id),
    };
  }

  @Post('sessions/:sessionId/simulate')
  @HttpCode(200)
  simulate(@Req() req: EmulatorRequest): EmulatorSession {
    return structuredClone(this.emulator.simulate(req.params.sessionId as string, parseLooseBody(req)));
  }

  @Post('faults')
  addFault(@Req() req: EmulatorRequest): Fault {
    return this.emulator.faults.add(parseLooseBody(req));
  }

  @Get('faults')
  faults(): Fault[] {
    return this.emulator.faults.list();
  }

  @Delete('faults')
  @HttpCode(204)
  clearFaults(): void {
    this.emulator.faults.clear();
  }

  @Get('requests')
  requests(): RecordedRequest[] {
    return this.emulator.recordedRequests();
  }

  @Get('webhooks')
  webhooks(): WebhookDelivery[] {
    return this.emulator.webhookDeliveries();
  }

  @Post('tokens/expire')
  @HttpCode(200)
  expireTokens(): { expired: number } {
    return { expired: this.emulator.tokens.expireAll() };
  }

  @Post('reset')
  @HttpCode(204)
  reset(): void {
    this.emulator.reset();
  }
}
