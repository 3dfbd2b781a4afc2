import { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { uuidv7 } from '../../src/common/ids';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { PaymentSession } from '../../src/payments/entities/payment-session.entity';

/** A whole, valid session row written straight to the database; a test states only what it cares about. */
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
    transferState: null,
    amountMinor: 4250,
    currency: 'EUR',
    communication: null,
    paymentMethods: ['immediate_transfer'],
    url: 'https://connect.example.test/pay',
    virtualBeneficiary: null,
    beneficiary: null,
    receivedAmountMinor: null,
    expiresAt: null,
    failureCode: null,
    failureStatus: null,
    failureDetail: null,
    nextCheckAt: null,
    checkCount: 0,
    lastCheckedAt: null,
    reconciliationGaveUpAt: null,
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
