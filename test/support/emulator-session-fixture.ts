import { FintectureApiError } from '../../src/emulator/emulator-errors';
import { EmulatorSession } from '../../src/emulator/emulator-model';

/** An open Immediate Transfer session as the emulator stores it; specs override what their cases are about. */
export function emulatorSessionFixture(overrides: Partial<EmulatorSession> = {}): EmulatorSession {
  return {
    id: 'a'.repeat(32),
    type: 'PayByBank',
    createdAt: '2026-01-15T09:00:00.000Z',
    updatedAt: '2026-01-15T09:00:00.000Z',
    status: 'provider_required',
    transferState: null,
    amount: '42.50',
    currency: 'EUR',
    communication: 'ORDER-42',
    receivedAmount: null,
    state: 'order-42',
    redirectUri: 'https://shop.example/back?lang=fr',
    originUri: 'https://shop.example/cart',
    paymentMethods: ['immediate_transfer'],
    provider: null,
    customerId: null,
    psuName: 'Jeanne Dupré',
    psuCompany: null,
    psuIncorporation: null,
    beneficiaryName: null,
    endToEndId: null,
    executionDate: null,
    scheme: null,
    externalReference: null,
    invoiceReference: null,
    expiresAt: null,
    virtualBeneficiary: null,
    refundedSessionId: null,
    refundIds: [],
    connectHeaders: {},
    history: [],
    ...overrides,
  };
}

/** The Fintecture-shaped error `run` throws; fails the test when it throws something else or nothing. */
export function fintectureRefusal(run: () => unknown): FintectureApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof FintectureApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
