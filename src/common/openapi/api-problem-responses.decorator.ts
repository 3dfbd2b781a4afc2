import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../problem';
import { DEFAULT_CODES, DEFAULT_DESCRIPTIONS, problemExample, ProblemStatus, statusOfCode } from './problem-examples';
import { ProblemResponse } from './problem.response';

export interface ProblemResponseSpec {
  status: ProblemStatus;
  /** When this route answers it; the status's usual meaning otherwise. */
  description?: string;
  /** The codes this route answers with this status, each shown as a named example. */
  codes?: string[];
}

/**
 * The error answers of a route, each documented as application/problem+json with the Problem
 * schema and an example body: `@ApiProblemResponses(400, 404, { status: 409, codes: ['invalid_state'] }, 503)`.
 * On a controller, it applies to each of its routes (a route's own declaration of a status wins).
 */
export function ApiProblemResponses(...responses: Array<ProblemStatus | ProblemResponseSpec>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemResponse),
    ...responses.map((entry) => {
      const spec = typeof entry === 'number' ? { status: entry } : entry;
      return ApiResponse({ status: spec.status, description: spec.description ?? DEFAULT_DESCRIPTIONS[spec.status], content: problemContent(spec) });
    }),
  );
}

function problemContent(spec: ProblemResponseSpec) {
  const codes = spec.codes ?? [DEFAULT_CODES[spec.status]];
  for (const code of codes) {
    // A typo here would document an answer the service never gives.
    if (statusOfCode(code) !== spec.status) throw new Error(`problem code ${code} is not answered with ${spec.status}`);
  }
  const schema = { $ref: getSchemaPath(ProblemResponse) };
  if (codes.length === 1) return { [PROBLEM_CONTENT_TYPE]: { schema, example: problemExample(codes[0]) } };
  const examples = Object.fromEntries(codes.map((code) => [code, { summary: code, value: problemExample(code) }]));
  return { [PROBLEM_CONTENT_TYPE]: { schema, examples } };
}
