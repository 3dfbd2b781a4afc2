import { Controller, Get, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SwaggerModule } from '@nestjs/swagger';
import { problemType, titleFor } from '../problem';
import { ApiProblemResponses } from './api-problem-responses.decorator';
import { ApiPublic } from './api-public.decorator';
import { DEFAULT_CODES, DEFAULT_DESCRIPTIONS, problemExample, ProblemStatus, statusOfCode } from './problem-examples';

const STATUSES = Object.keys(DEFAULT_CODES).map(Number) as ProblemStatus[];

describe('problem examples', () => {
  it.each(STATUSES)('%i: its default code is answered with it, and it has a description', (status) => {
    expect(statusOfCode(DEFAULT_CODES[status])).toBe(status);
    expect(DEFAULT_DESCRIPTIONS[status].length).toBeGreaterThan(10);
  });

  it.each([
    ['validation_failed', 400, ['errors']],
    ['invalid_cursor', 400, ['errors']],
    ['unauthorized', 401, []],
    ['invalid_signature', 401, []],
    ['idempotency_conflict', 409, []],
    ['upstream_rejected', 422, ['upstream']],
    ['rate_limited', 429, ['retry_after']],
    ['upstream_timeout', 504, ['upstream']],
  ] as const)('%s: the body the service writes, status %i, with %j', (code, status, extensions) => {
    const body = problemExample(code);
    expect(body).toMatchObject({ type: problemType(code), title: titleFor(status), status, code });
    expect(typeof body.detail).toBe('string');
    expect(typeof body.request_id).toBe('string');
    expect(Object.keys(body).sort()).toEqual(['code', 'detail', 'request_id', 'status', 'title', 'type', ...extensions].sort());
  });

  it('refuses a code it does not know', () => {
    expect(() => problemExample('no_such_code')).toThrow('no_such_code');
    expect(statusOfCode('no_such_code')).toBeUndefined();
  });
});

describe('ApiProblemResponses', () => {
  it.each([
    [{ status: 409 as const, codes: ['not_found'] }, 'not_found is not answered with 409'],
    [{ status: 400 as const, codes: ['upstream_rejected'] }, 'upstream_rejected is not answered with 400'],
    [{ status: 404 as const, codes: ['no_such_code'] }, 'no_such_code is not answered with 404'],
  ])('refuses to document %j', (spec, message) => {
    expect(() => ApiProblemResponses(spec)).toThrow(message);
  });

  it('documents each status as a problem, one example per code, on a public controller', async () => {
    @ApiPublic()
    @Controller('probe')
    class ProbeController {
      @Get()
      @ApiProblemResponses(404, { status: 409, description: 'Busy.', codes: ['idempotency_conflict', 'idempotency_in_progress'] })
      read() {
        return {};
      }
    }
    @Module({ controllers: [ProbeController] })
    class ProbeModule {}

    const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    try {
      const operation = SwaggerModule.createDocument(app, { openapi: '3.0.0', info: { title: 'probe', version: '1' } }).paths['/probe'].get!;
      expect(operation.security).toEqual([]);
      const responses = operation.responses as Record<
        string,
        { description: string; content: Record<string, { schema: unknown; example?: unknown; examples?: object }> }
      >;
      expect(responses['404'].description).toBe(DEFAULT_DESCRIPTIONS[404]);
      expect(responses['404'].content['application/problem+json']).toEqual({
        schema: { $ref: '#/components/schemas/Problem' },
        example: problemExample('not_found'),
      });
      expect(responses['409'].description).toBe('Busy.');
      expect(Object.keys(responses['409'].content['application/problem+json'].examples!)).toEqual([
        'idempotency_conflict',
        'idempotency_in_progress',
      ]);
    } finally {
      await app.close();
    }
  });
});
