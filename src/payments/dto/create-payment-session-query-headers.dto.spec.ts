import 'reflect-metadata';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateDto as validatePlain } from '../../../test/support/validate-dto';
import {
  CreatePaymentSessionHeadersDto,
  PAYMENT_SESSION_HEADER_NAMES,
  PAYMENT_SESSION_HEADERS,
  pickPaymentSessionHeaders,
} from './create-payment-session-headers.dto';
import { CreatePaymentSessionQueryDto } from './create-payment-session-query.dto';
import { PAYMENT_SESSION_EXAMPLES } from './payment-session.examples';

type Plain = Record<string, unknown>;
interface Case {
  name: string;
  plain: Plain;
}
interface FailureCase extends Case {
  path: string;
  constraint?: string;
  message?: RegExp;
}

const examples = Object.entries(PAYMENT_SESSION_EXAMPLES);

/** Each failure case breaks exactly the field it names; each pass breaks nothing. */
function itChecksCases(dto: ClassConstructor<object>, failures: FailureCase[], passes: Case[]): void {
  it.each(failures.map((c) => [c.name, c] as const))('refuses %s', async (_name, c) => {
    const errors = await validatePlain(dto, c.plain);
    expect(errors.map((e) => e.field)).toEqual([c.path]);
    if (c.constraint) expect(errors[0].constraints).toContain(c.constraint);
    if (c.message) expect(errors[0].messages.join(' | ')).toMatch(c.message);
  });

  it.each(passes.map((c) => [c.name, c] as const))('accepts %s', async (_name, c) => {
    expect(await validatePlain(dto, c.plain)).toEqual([]);
  });
}

describe('CreatePaymentSessionQueryDto', () => {
  const base = { state: 'order-2026-0042' };

  const failures: FailureCase[] = [
    { name: 'state missing', plain: {}, path: 'state', constraint: 'isString' },
    { name: 'state empty', plain: { state: '' }, path: 'state', constraint: 'isNotEmpty' },
    { name: 'state 513 chars', plain: { state: 's'.repeat(513) }, path: 'state', constraint: 'isLength' },
    { name: 'state with a newline', plain: { state: 'order\n42' }, path: 'state', constraint: 'matches', message: /control characters/ },
    { name: 'state with NUL', plain: { state: 'order\u000042' }, path: 'state', constraint: 'matches' },
    { name: 'state with a C1 control (NEL)', plain: { state: 'order\u008542' }, path: 'state', constraint: 'matches' },
    { name: 'state repeated in the query (array)', plain: { state: ['a', 'b'] }, path: 'state', constraint: 'isString' },
    {
      name: 'redirect_uri relative',
      plain: { ...base, redirect_uri: '/paiement/retour' },
      path: 'redirect_uri',
      constraint: 'isUrl',
      message: /absolute http\(s\) URL/,
    },
    {
      name: 'redirect_uri without scheme',
      plain: { ...base, redirect_uri: 'boutique.example.fr/retour' },
      path: 'redirect_uri',
      constraint: 'isUrl',
    },
    { name: 'redirect_uri ftp', plain: { ...base, redirect_uri: 'ftp://boutique.example.fr/retour' }, path: 'redirect_uri', constraint: 'isUrl' },
    {
      name: 'redirect_uri 2049 chars',
      plain: { ...base, redirect_uri: 'https://boutique.example.fr/' + 'a'.repeat(2049 - 28) },
      path: 'redirect_uri',
      constraint: 'maxLength',
    },
    { name: 'origin_uri javascript:', plain: { ...base, origin_uri: 'javascript:alert(1)' }, path: 'origin_uri', constraint: 'isUrl' },
    {
      name: "with_beneficiary 'yes'",
      plain: { ...base, with_beneficiary: 'yes' },
      path: 'with_beneficiary',
      constraint: 'isIn',
      message: /'true' or 'false'/,
    },
    { name: "with_beneficiary 'TRUE'", plain: { ...base, with_beneficiary: 'TRUE' }, path: 'with_beneficiary', constraint: 'isIn' },
    { name: "with_beneficiary '1'", plain: { ...base, with_beneficiary: '1' }, path: 'with_beneficiary', constraint: 'isIn' },
    {
      name: 'with_beneficiary boolean true (kept as a string)',
      plain: { ...base, with_beneficiary: true },
      path: 'with_beneficiary',
      constraint: 'isIn',
    },
    {
      name: "with_virtualbeneficiary 'yes'",
      plain: { ...base, with_virtualbeneficiary: 'yes' },
      path: 'with_virtualbeneficiary',
      constraint: 'isIn',
    },
    { name: 'unknown query parameter', plain: { ...base, lang: 'fr' }, path: 'lang', constraint: 'whitelistValidation' },
  ];

  const passes: Case[] = [
    { name: 'state only', plain: base },
    { name: 'state of exactly 512 chars', plain: { state: 's'.repeat(512) } },
    { name: 'state of 1 char', plain: { state: 's' } },
    { name: 'state as base64 JSON (as Magento sends it)', plain: { state: Buffer.from('{"order_id":"000000042"}').toString('base64') } },
    { name: 'state with accents and spaces', plain: { state: 'commande de Jeanne Dupré' } },
    { name: 'redirect_uri on localhost with a port', plain: { ...base, redirect_uri: 'http://localhost:3000/callback' } },
    { name: 'redirect_uri with a query', plain: { ...base, redirect_uri: 'https://boutique.example.fr/retour?source=fintecture' } },
    { name: 'redirect_uri of exactly 2048 chars', plain: { ...base, redirect_uri: 'https://boutique.example.fr/' + 'a'.repeat(2048 - 28) } },
    {
      name: "with_beneficiary 'false' and with_virtualbeneficiary 'true'",
      plain: { ...base, with_beneficiary: 'false', with_virtualbeneficiary: 'true' },
    },
  ];

  it.each(examples)('accepts the %s example query', async (_name, example) => {
    expect(await validatePlain(CreatePaymentSessionQueryDto, { ...example.query })).toEqual([]);
  });

  it('asks for the virtual IBAN in the Smart Transfer example', () => {
    expect(PAYMENT_SESSION_EXAMPLES.smart_transfer.query.with_virtualbeneficiary).toBe('true');
  });

  itChecksCases(CreatePaymentSessionQueryDto, failures, passes);

  it('keeps the boolean flags as the strings it was given', () => {
    const instance = plainToInstance(CreatePaymentSessionQueryDto, { ...base, with_beneficiary: 'false' });
    expect(instance.with_beneficiary).toBe('false');
  });
});

describe('CreatePaymentSessionHeadersDto', () => {
  const failures: FailureCase[] = [
    { name: "x-country 'FRA'", plain: { 'x-country': 'FRA' }, path: 'x-country', constraint: 'matches', message: /exactly 2 letters/ },
    { name: "x-country 'f'", plain: { 'x-country': 'f' }, path: 'x-country', constraint: 'matches' },
    { name: "x-country 'F1'", plain: { 'x-country': 'F1' }, path: 'x-country', constraint: 'matches' },
    { name: "x-language 'fra'", plain: { 'x-language': 'fra' }, path: 'x-language', constraint: 'matches' },
    { name: "x-language 'fr-FR'", plain: { 'x-language': 'fr-FR' }, path: 'x-language', constraint: 'matches' },
    { name: "x-psu-type 'business'", plain: { 'x-psu-type': 'business' }, path: 'x-psu-type', constraint: 'isIn' },
    { name: "x-psu-type 'RETAIL'", plain: { 'x-psu-type': 'RETAIL' }, path: 'x-psu-type', constraint: 'isIn' },
    { name: 'x-provider empty', plain: { 'x-provider': '' }, path: 'x-provider', constraint: 'matches' },
    { name: 'x-provider 65 chars', plain: { 'x-provider': 'p'.repeat(65) }, path: 'x-provider', constraint: 'matches' },
    { name: 'x-provider with a space', plain: { 'x-provider': 'cmci frpp' }, path: 'x-provider', constraint: 'matches' },
    {
      name: 'idempotency-key 256 chars',
      plain: { 'idempotency-key': 'k'.repeat(256) },
      path: 'idempotency-key',
      constraint: 'matches',
      message: /1 to 255/,
    },
    { name: 'idempotency-key empty', plain: { 'idempotency-key': '' }, path: 'idempotency-key', constraint: 'matches' },
    { name: 'idempotency-key with a leading space', plain: { 'idempotency-key': ' abc' }, path: 'idempotency-key', constraint: 'matches' },
    { name: 'idempotency-key with a trailing space', plain: { 'idempotency-key': 'abc ' }, path: 'idempotency-key', constraint: 'matches' },
    { name: 'idempotency-key only a space', plain: { 'idempotency-key': ' ' }, path: 'idempotency-key', constraint: 'matches' },
    { name: 'idempotency-key non-ASCII', plain: { 'idempotency-key': 'clé-42' }, path: 'idempotency-key', constraint: 'matches' },
    { name: 'idempotency-key with a tab', plain: { 'idempotency-key': 'a\tb' }, path: 'idempotency-key', constraint: 'matches' },
    { name: 'header given twice (array)', plain: { 'x-country': ['fr', 'be'] }, path: 'x-country', constraint: 'isString' },
    {
      name: 'a header outside the list',
      plain: { authorization: 'Bearer dev-merchant-key' },
      path: 'authorization',
      constraint: 'whitelistValidation',
    },
  ];

  const passes: Case[] = [
    { name: 'no header at all', plain: {} },
    { name: "x-country 'fr'", plain: { 'x-country': 'fr' } },
    { name: "x-country 'FR'", plain: { 'x-country': 'FR' } },
    { name: "x-language 'Fr'", plain: { 'x-language': 'Fr' } },
    { name: 'every x-psu-type', plain: { 'x-psu-type': 'corporate' } },
    { name: "x-psu-type 'all'", plain: { 'x-psu-type': 'all' } },
    { name: 'x-provider 64 chars', plain: { 'x-provider': 'p'.repeat(64) } },
    { name: 'x-provider with _ and -', plain: { 'x-provider': 'demo_bank-fr' } },
    { name: 'idempotency-key 255 chars', plain: { 'idempotency-key': 'k'.repeat(255) } },
    { name: 'idempotency-key 1 char', plain: { 'idempotency-key': 'k' } },
    { name: 'idempotency-key with inner spaces and symbols', plain: { 'idempotency-key': 'order 42 / try #1 ~ {a}' } },
    { name: 'idempotency-key UUID', plain: { 'idempotency-key': '3f1c2a4e-8b7d-4c21-9e55-0a6b7c8d9e10' } },
  ];

  it.each(examples)('accepts the %s example headers', async (_name, example) => {
    expect(await validatePlain(CreatePaymentSessionHeadersDto, { ...example.headers })).toEqual([]);
  });

  itChecksCases(CreatePaymentSessionHeadersDto, failures, passes);

  describe('pickPaymentSessionHeaders', () => {
    it('keeps the payment-session headers and drops the others, so a full request validates', async () => {
      const raw = {
        host: 'payments.internal:3000',
        authorization: 'Bearer dev-merchant-key',
        'content-type': 'application/json',
        'x-country': 'fr',
        'idempotency-key': 'order-2026-0042-attempt-1',
      };
      const picked = pickPaymentSessionHeaders(raw);
      expect(picked).toEqual({ 'x-country': 'fr', 'idempotency-key': 'order-2026-0042-attempt-1' });
      expect(await validatePlain(CreatePaymentSessionHeadersDto, picked)).toEqual([]);
    });

    it('keeps a repeated header as an array so validation refuses it', async () => {
      const picked = pickPaymentSessionHeaders({ 'x-language': ['fr', 'en'] });
      const errors = await validatePlain(CreatePaymentSessionHeadersDto, picked);
      expect(errors.map((e) => e.field)).toEqual(['x-language']);
    });
  });

  describe('PAYMENT_SESSION_HEADERS', () => {
    it('documents exactly the headers the DTO validates, all optional', () => {
      expect(PAYMENT_SESSION_HEADERS.map((h) => h.name)).toEqual([...PAYMENT_SESSION_HEADER_NAMES]);
      expect(PAYMENT_SESSION_HEADERS.every((h) => h.required === false && h.description.length > 0)).toBe(true);
      expect(PAYMENT_SESSION_HEADERS.find((h) => h.name === 'x-psu-type')?.enum).toEqual(['retail', 'corporate', 'all']);
    });

    it.each([...PAYMENT_SESSION_HEADER_NAMES])('%s is a property of the DTO (not refused as unknown)', async (name) => {
      const errors = await validatePlain(CreatePaymentSessionHeadersDto, { [name]: 'zz' });
      expect(errors.flatMap((e) => e.constraints)).not.toContain('whitelistValidation');
    });
  });
});
