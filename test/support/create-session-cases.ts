import { ClassTransformOptions } from 'class-transformer';
import { CreatePaymentSessionDto } from '../../src/payments/dto/create-payment-session.dto';
import {
  BUY_NOW_PAY_LATER_EXAMPLE,
  IMMEDIATE_TRANSFER_EXAMPLE,
  PAYMENT_HUB_EXAMPLE,
  SMART_TRANSFER_EXAMPLE,
} from '../../src/payments/dto/payment-session.examples';
import { FieldFailure, validateDto } from './validate-dto';

// Loose on purpose: the cases build bodies the DTO types would never allow.
export type Body = Record<string, any>;

export const validateBody = (plain: unknown, transform: ClassTransformOptions = {}): Promise<FieldFailure[]> =>
  validateDto(CreatePaymentSessionDto, plain, transform);

export const clone = (body: unknown): Body => structuredClone(body) as Body;
export const immediate = () => clone(IMMEDIATE_TRANSFER_EXAMPLE.body);
export const smart = () => clone(SMART_TRANSFER_EXAMPLE.body);
export const bnpl = () => clone(BUY_NOW_PAY_LATER_EXAMPLE.body);
export const hub = () => clone(PAYMENT_HUB_EXAMPLE.body);

/** A case's mutation: sets `fields` on the part of the body `part` picks. */
export const setFields =
  (part: (body: Body) => Body, fields: Body) =>
  (body: Body): void => {
    Object.assign(part(body), fields);
  };
export const setAttributes = (fields: Body) => setFields((b) => b.data.attributes, fields);
export const setMeta = (fields: Body) => setFields((b) => b.meta, fields);

export interface BodyCase {
  name: string;
  /** The body the case starts from; the Immediate Transfer example when omitted. */
  base?: () => Body;
  mutate: (body: Body) => void;
}

export interface BodyFailureCase extends BodyCase {
  /** Every failing field, in order; the first one carries `constraint` and `message`. */
  path: string | string[];
  constraint?: string;
  message?: RegExp;
}

/** The table-driven part of a DTO spec: each failure case breaks exactly the field it names, each pass breaks nothing. */
export function describeBodyCases(failures: BodyFailureCase[], passes: BodyCase[]): void {
  describe('refuses', () => {
    it.each(failures.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const body = (c.base ?? immediate)();
      c.mutate(body);
      const errors = await validateBody(body);

      // Exactly one failing field, the expected one: a case that broke something else, or
      // nothing, would not prove the rule it is named after.
      expect(errors.map((e) => e.field)).toEqual(Array.isArray(c.path) ? c.path : [c.path]);
      if (c.constraint) expect(errors[0].constraints).toContain(c.constraint);
      if (c.message) expect(errors[0].messages.join(' | ')).toMatch(c.message);
    });
  });

  if (!passes.length) return;
  describe('accepts', () => {
    it.each(passes.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const body = (c.base ?? immediate)();
      c.mutate(body);
      expect(await validateBody(body)).toEqual([]);
    });
  });
}
