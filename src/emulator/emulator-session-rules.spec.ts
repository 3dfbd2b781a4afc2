import { emulatorSessionFixture, fintectureRefusal } from '../../test/support/emulator-session-fixture';
import { EmulatorSession } from './emulator-model';
import {
  abandonTarget,
  cancellation,
  defaultWrongAmounts,
  payerDecision,
  PayerChoice,
  redirectTarget,
  refundableCents,
  simulation,
} from './emulator-session-rules';

const session = emulatorSessionFixture;
const refusal = fintectureRefusal;

const bnpl = (siren: string | null) => session({ paymentMethods: ['bnpl'], type: 'BuyNowPayLater', psuCompany: 'ACME', psuIncorporation: siren });

describe('payerDecision', () => {
  it.each<[string, EmulatorSession, 'pay' | 'pay_less' | 'pay_more' | 'refuse', PayerChoice, object]>([
    ['pay', session(), 'pay', {}, { status: 'payment_created', transferState: 'received', receivedAmount: '42.50' }],
    ['pay less, default half', session(), 'pay_less', {}, { status: 'payment_partial', transferState: 'insufficient', receivedAmount: '21.25' }],
    ['pay less, typed', session(), 'pay_less', { receivedAmount: '20' }, { status: 'payment_partial', receivedAmount: '20.00' }],
    ['pay more, default +10%', session(), 'pay_more', {}, { status: 'payment_created', transferState: 'overpaid', receivedAmount: '46.75' }],
    ['pay more, typed', session(), 'pay_more', { receivedAmount: '50' }, { transferState: 'overpaid', receivedAmount: '50.00' }],
    ['refuse', session(), 'refuse', {}, { status: 'payment_unsuccessful', transferState: 'rejected', receivedAmount: null }],
    ['BNPL covered', bnpl('000000000'), 'pay', {}, { status: 'order_created', transferState: 'pending', receivedAmount: null }],
    ['BNPL without SIREN covered', bnpl(null), 'pay', {}, { status: 'order_created', transferState: 'pending' }],
    ['BNPL refused by the insurer', bnpl('000000002'), 'pay', {}, { status: 'payment_unsuccessful', transferState: 'rejected' }],
  ])('%s', (_name, input, action, choice, change) => {
    expect(payerDecision(input, action, choice).change).toMatchObject(change);
  });

  it('takes the type from the chosen method and the first demo bank by default', () => {
    const hub = session({ paymentMethods: ['immediate_transfer', 'smart_transfer'] });
    expect(payerDecision(hub, 'pay', { method: 'smart_transfer' })).toMatchObject({ type: 'ManualTransfer', provider: 'demobank' });
    expect(payerDecision(hub, 'pay', { provider: 'emubnkfr' })).toMatchObject({ type: 'PayByBank', provider: 'emubnkfr' });
  });

  it.each<[string, EmulatorSession, 'pay' | 'pay_less' | 'pay_more', PayerChoice, number, RegExp]>([
    ['a closed session', session({ status: 'payment_created' }), 'pay', {}, 409, /already payment_created/],
    ['an unknown bank', session(), 'pay', { provider: 'realbank' }, 400, /provider/],
    ['a method not offered', session(), 'pay', { method: 'bnpl' }, 400, /method/],
    ['pay less with the full amount', session(), 'pay_less', { receivedAmount: '42.50' }, 400, /less than 42.50/],
    ['pay less with nothing', session(), 'pay_less', { receivedAmount: '0' }, 400, /more than 0/],
    ['pay more with the exact amount', session(), 'pay_more', { receivedAmount: '42.50' }, 400, /more than 42.50/],
    ['pay less with three decimals', session(), 'pay_less', { receivedAmount: '1.005' }, 400, /received_amount/],
    ['a wrong amount on BNPL', bnpl('000000000'), 'pay_less', {}, 400, /exact amount/],
  ])('refuses %s', (_name, input, action, choice, status, message) => {
    const error = refusal(() => payerDecision(input, action, choice));
    expect(error.httpStatus).toBe(status);
    expect(error.message).toMatch(message);
  });
});

describe('defaultWrongAmounts', () => {
  it.each([
    ['42.50', '21.25', '46.75'],
    ['0.01', '0.00', '0.02'],
    ['100', '50.00', '110.00'],
    ['0.15', '0.07', '0.17'],
  ])('%s → less %s, more %s', (amount, less, more) => {
    expect(defaultWrongAmounts(amount)).toEqual({ less, more });
  });
});

describe('redirectTarget and abandonTarget', () => {
  it.each<[string, Partial<EmulatorSession>, string | null]>([
    [
      'redirect_uri keeps its own query and gains the outcome',
      { status: 'payment_created', provider: 'demobank' },
      `https://shop.example/back?lang=fr&session_id=${'a'.repeat(32)}&status=payment_created&state=order-42&provider=demobank`,
    ],
    ['no state, no provider', { state: null }, `https://shop.example/back?lang=fr&session_id=${'a'.repeat(32)}&status=provider_required`],
    ['no redirect_uri', { redirectUri: null }, null],
  ])('redirect: %s', (_name, overrides, expected) => {
    expect(redirectTarget(session(overrides))).toBe(expected);
  });

  it.each<[string, Partial<EmulatorSession>, string | null]>([
    ['origin_uri first', {}, 'https://shop.example/cart'],
    [
      'then redirect_uri',
      { originUri: null },
      `https://shop.example/back?lang=fr&session_id=${'a'.repeat(32)}&status=provider_required&state=order-42`,
    ],
    ['else nowhere', { originUri: null, redirectUri: null }, null],
  ])('abandon: %s', (_name, overrides, expected) => {
    expect(abandonTarget(session(overrides))).toBe(expected);
  });

  it('abandon refuses a closed session', () => {
    expect(refusal(() => abandonTarget(session({ status: 'payment_expired' }))).httpStatus).toBe(409);
  });
});

describe('cancellation', () => {
  it.each([
    ['provider_required', { status: 'payment_cancelled', transferState: 'cancelled' }],
    ['payment_pending', { status: 'payment_cancelled', transferState: 'cancelled' }],
    ['payment_unsuccessful', { status: 'payment_cancelled', transferState: 'cancelled' }],
    ['payment_cancelled', null],
  ])('%s → %j', (status, expected) => {
    expect(cancellation(session({ status }))).toEqual(expected);
  });

  it.each(['payment_created', 'payment_partial', 'order_created', 'payment_expired'])('refuses to cancel %s', (status) => {
    expect(refusal(() => cancellation(session({ status }))).items[0]).toMatchObject({ code: 'invalid_field' });
  });
});

describe('refundableCents', () => {
  const refund = (amount: string, status = 'payment_created') => session({ type: 'Refund', amount, status });
  it.each<[string, Partial<EmulatorSession>, EmulatorSession[], number]>([
    ['all of an untouched payment', { status: 'payment_created' }, [], 4250],
    ['what was received on a partial one', { status: 'payment_partial', receivedAmount: '20.00' }, [], 2000],
    ['less earlier refunds', {}, [refund('10.00'), refund('2.5', 'refund_accepted')], 3000],
    ['aborted refunds give back', {}, [refund('10.00', 'refund_aborted')], 4250],
    ['so do refunds that failed later', {}, [refund('10.00', 'payment_unsuccessful'), refund('5.00', 'payment_cancelled')], 4250],
    ['waiting refunds hold their amount', {}, [refund('10.00', 'refund_waiting')], 3250],
    ['nothing once all is refunded', {}, [refund('42.50')], 0],
  ])('%s', (_name, overrides, refunds, expected) => {
    expect(refundableCents(session(overrides), refunds)).toBe(expected);
  });
});

describe('simulation', () => {
  it.each<[string, Record<string, unknown>, object]>([
    [
      'status only: no transfer state, received amount kept',
      { status: 'payment_pending' },
      { change: { status: 'payment_pending', transferState: null }, sendWebhook: true },
    ],
    [
      'everything',
      { status: 'payment_partial', transfer_state: 'insufficient', received_amount: '12.00', send_webhook: false },
      { change: { status: 'payment_partial', transferState: 'insufficient', receivedAmount: '12.00' }, sendWebhook: false },
    ],
    [
      'received amount cleared',
      { status: 'payment_created', received_amount: null },
      { change: { status: 'payment_created', transferState: null, receivedAmount: null } },
    ],
  ])('%s', (_name, input, expected) => {
    expect(simulation(input)).toEqual(expect.objectContaining(expected));
  });

  it('reports every wrong field at once', () => {
    const error = refusal(() => simulation({ status: 'payment_completed', transfer_state: 'done', received_amount: '1.234', send_webhook: 'yes' }));
    expect(error.items.map((item) => item.message.split(' ')[0])).toEqual(['status', 'transfer_state', 'received_amount', 'send_webhook']);
  });
});
