import { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { uuidv7 } from '../../src/common/ids';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { DataSource } from 'typeorm';
import { PaymentSession } from '../../src/payments/entities/payment-session.entity';
import { SessionEvent } from '../../src/payments/entities/session-event.entity';
import { UNANSWERED_SESSION_FIELDS } from '../../src/payments/payment-sessions.service';

/**
 * A whole, valid session row written straight to the database, with what the service leaves unset
 * at create time unset the same way; a test states only what it cares about.
 */
export function sessionRow(overrides: Partial<PaymentSession> = {}): PaymentSession {
  const createdAt = overrides.createdAt ?? new Date();
  return Object.assign(new PaymentSession(), {
    id: uuidv7(createdAt.getTime()),
    sessionId: randomBytes(16).toString('hex'),
    merchant: 'shop',
    idempotencyKey: null,
    requestFingerprint: 'f'.repeat(64),
    state: `order-${randomUUID()}`,
    outcome: 'awaiting_payer',
    status: 'provider_required',
    amountMinor: 4250,
    currency: 'EUR',
    communication: null,
    paymentMethods: ['immediate_transfer'],
    ...UNANSWERED_SESSION_FIELDS,
    url: 'https://connect.example.test/pay',
    expiresAt: null,
    version: 1,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  });
}

export async function insertSession(app: INestApplication, overrides: Partial<PaymentSession> = {}): Promise<PaymentSession> {
  const session = sessionRow(overrides);
  await app.get(TransactionRunner).run((manager) => manager.getRepository(PaymentSession).save(session));
  return session;
}

/** The session's row as stored now. */
export function storedSession(app: INestApplication, id: string): Promise<PaymentSession> {
  return app.get(DataSource).getRepository(PaymentSession).findOneByOrFail({ id });
}

/** The session's history, oldest first. */
export function storedSessionEvents(app: INestApplication, id: string): Promise<SessionEvent[]> {
  return app
    .get(DataSource)
    .getRepository(SessionEvent)
    .find({ where: { paymentSessionId: id }, order: { id: 'ASC' } });
}
