import type { INestApplicationContext } from '@nestjs/common';
import { EmulatorSession } from '../../src/emulator/emulator-model';
import { EmulatorRequestLog, RecordedRequest } from '../../src/emulator/emulator-request-log.service';
import { EmulatorSessionStore } from '../../src/emulator/emulator-session-store.service';
import { EmulatorTokenService } from '../../src/emulator/emulator-tokens';
import { EmulatorWebhookService, WebhookDelivery } from '../../src/emulator/emulator-webhooks';

/** A look inside a running emulator, for assertions a client of its HTTP API could not make. */
export interface EmulatorInspector {
  tokens: EmulatorTokenService;
  webhooks: EmulatorWebhookService;
  /** Copies, newest first. */
  listSessions(statuses?: readonly string[]): EmulatorSession[];
  getSession(id: string): EmulatorSession | undefined;
  /** Every API call received, oldest first. */
  recordedRequests(): RecordedRequest[];
  webhookDeliveries(): WebhookDelivery[];
}

export function inspectEmulator(app: INestApplicationContext): EmulatorInspector {
  const sessions = app.get(EmulatorSessionStore);
  const requests = app.get(EmulatorRequestLog);
  const webhooks = app.get(EmulatorWebhookService);
  return {
    tokens: app.get(EmulatorTokenService),
    webhooks,
    listSessions: (statuses) => sessions.list(statuses),
    getSession: (id) => sessions.get(id),
    recordedRequests: () => requests.list(),
    webhookDeliveries: () => webhooks.list(),
  };
}
