import 'reflect-metadata';
import { ClassTransformOptions, plainToInstance } from 'class-transformer';
import { BodyFailureCase, clone, describeBodyCases, immediate, smart, validateBody } from '../../../test/support/create-session-cases';
import { CreatePaymentSessionDto } from './create-payment-session.dto';
import { IMMEDIATE_TRANSFER_EXAMPLE, PAYMENT_HUB_EXAMPLE, PAYMENT_SESSION_BODY_EXAMPLES, PAYMENT_SESSION_EXAMPLES } from './payment-session.examples';

// The rules of each nested class are in its own spec; these are the body's shape and its unknown fields.
const failures: BodyFailureCase[] = [
  // unknown fields
  { name: 'unknown top-level field', mutate: (b) => (b.foo = 1), path: 'foo', constraint: 'whitelistValidation' },
  { name: 'unknown meta field', mutate: (b) => (b.meta.foo = 'bar'), path: 'meta.foo', constraint: 'whitelistValidation' },
  {
    name: 'misspelt meta field (psu_mail)',
    mutate: (b) => (b.meta.psu_mail = 'jeanne.dupre@example.fr'),
    path: 'meta.psu_mail',
    constraint: 'whitelistValidation',
  },
  {
    name: 'unknown attributes field',
    mutate: (b) => (b.data.attributes.bar = 'baz'),
    path: 'data.attributes.bar',
    constraint: 'whitelistValidation',
  },
  {
    name: 'misspelt attributes field (ammount)',
    mutate: (b) => (b.data.attributes.ammount = '42.50'),
    path: 'data.attributes.ammount',
    constraint: 'whitelistValidation',
  },
  { name: 'unknown data field', mutate: (b) => (b.data.relationships = {}), path: 'data.relationships', constraint: 'whitelistValidation' },
  {
    name: 'unknown payment method field',
    mutate: (b) => (b.meta.payment_methods[0].label = 'Virement'),
    path: 'meta.payment_methods.0.label',
    constraint: 'whitelistValidation',
  },
  {
    name: 'scheduled_expiration_policy (not supported by /connect)',
    mutate: (b) => (b.meta.scheduled_expiration_policy = 'immediate'),
    path: 'meta.scheduled_expiration_policy',
    constraint: 'whitelistValidation',
  },
  { name: 'request-to-pay cc', mutate: (b) => (b.meta.cc = 'compta@example.fr'), path: 'meta.cc', constraint: 'whitelistValidation' },
  { name: 'request-to-pay bcc', mutate: (b) => (b.meta.bcc = 'compta@example.fr'), path: 'meta.bcc', constraint: 'whitelistValidation' },
  { name: 'request-to-pay method', mutate: (b) => (b.meta.method = 'email'), path: 'meta.method', constraint: 'whitelistValidation' },
  { name: 'request-to-pay due_date', mutate: (b) => (b.meta.due_date = 86400), path: 'meta.due_date', constraint: 'whitelistValidation' },
  { name: 'request-to-pay expire', mutate: (b) => (b.meta.expire = 86400), path: 'meta.expire', constraint: 'whitelistValidation' },
  // structure and types
  { name: 'meta missing', mutate: (b) => delete b.meta, path: 'meta' },
  { name: 'data missing', mutate: (b) => delete b.data, path: 'data' },
  { name: 'attributes missing', mutate: (b) => delete b.data.attributes, path: 'data.attributes' },
  { name: 'meta null', mutate: (b) => (b.meta = null), path: 'meta', constraint: 'isObject' },
  { name: 'meta as an array', mutate: (b) => (b.meta = [b.meta]), path: 'meta', constraint: 'isObject' },
];

describe('CreatePaymentSessionDto', () => {
  it.each(Object.keys(PAYMENT_SESSION_EXAMPLES))('accepts the %s example unchanged', async (name) => {
    const example = PAYMENT_SESSION_EXAMPLES[name as keyof typeof PAYMENT_SESSION_EXAMPLES];
    expect(await validateBody(clone(example.body))).toEqual([]);
  });

  it('exposes the same four bodies as Swagger examples', () => {
    expect(Object.keys(PAYMENT_SESSION_BODY_EXAMPLES)).toEqual(Object.keys(PAYMENT_SESSION_EXAMPLES));
    expect(PAYMENT_SESSION_BODY_EXAMPLES.payment_hub.value).toBe(PAYMENT_HUB_EXAMPLE.body);
  });

  it('covers Immediate Transfer, Smart Transfer and BNPL together in the hub example', () => {
    const ids = (PAYMENT_HUB_EXAMPLE.body.meta.payment_methods ?? []).map((m) => m.id);
    expect(ids).toEqual(['immediate_transfer', 'smart_transfer', 'bnpl']);
    expect(PAYMENT_HUB_EXAMPLE.query.with_virtualbeneficiary).toBe('true');
  });

  it('freezes the shared examples so a test cannot corrupt them', () => {
    expect(() => {
      (IMMEDIATE_TRANSFER_EXAMPLE.body.data.attributes as { amount: string }).amount = '1.00';
    }).toThrow(TypeError);
  });

  describeBodyCases(failures, []);

  describe('type errors survive a pipe that converts implicitly', () => {
    const implicit: ClassTransformOptions = { enableImplicitConversion: true };

    it('still refuses a numeric amount', async () => {
      const body = immediate();
      body.data.attributes.amount = 42.5;
      const errors = await validateBody(body, implicit);
      expect(errors.map((e) => e.field)).toEqual(['data.attributes.amount']);
    });

    it('still refuses a non-numeric string expiry', async () => {
      const body = immediate();
      body.meta.expiry = 'thirty minutes';
      const errors = await validateBody(body, implicit);
      expect(errors.map((e) => e.field)).toEqual(['meta.expiry']);
    });

    it('still refuses a string match_amount', async () => {
      const body = smart();
      body.meta.reconciliation = { level: 'payment_session', match_amount: 'false' };
      const errors = await validateBody(body, implicit);
      expect(errors.map((e) => e.field)).toEqual(['meta.reconciliation.match_amount']);
    });

    it('accepts every example', async () => {
      for (const example of Object.values(PAYMENT_SESSION_EXAMPLES)) {
        expect(await validateBody(clone(example.body), implicit)).toEqual([]);
      }
    });
  });

  describe('what the service reads', () => {
    it('reads a digit-string expiry as seconds', () => {
      const body = immediate();
      body.meta.expiry = '3600';
      expect(plainToInstance(CreatePaymentSessionDto, body).meta.expiry).toBe(3600);
    });

    it('keeps the caller object intact in custom, keys such as "constructor" included, without crashing', async () => {
      const custom = { constructor: 'x', nested: { toString: 1, valueOf: 2, constructor: 3 } };
      const body = immediate();
      body.meta.custom = custom;
      const instance = plainToInstance(CreatePaymentSessionDto, body);
      expect(instance.meta.custom).toEqual(custom);
      expect(await validateBody(body)).toEqual([]);
    });
  });
});
