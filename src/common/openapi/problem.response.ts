import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ApiInteger, ApiNullableText } from './api-response-property.decorator';

@ApiSchema({ name: 'FieldError', description: 'One invalid field of a request.' })
export class FieldErrorResponse {
  @ApiProperty({ example: 'data.attributes.amount', description: 'Where: body path, or query./header./path. and the name.' })
  field: string;

  @ApiProperty({ example: 'amount must be a decimal string with at most two decimals, e.g. "42.50"' })
  message: string;
}

@ApiSchema({ name: 'UpstreamError', description: 'What Fintecture answered, when it refused or failed a call made for this request.' })
export class UpstreamErrorResponse {
  @ApiInteger({ nullable: true, example: 400 })
  http_status: number | null;

  @ApiNullableText({ example: 'invalid_parameter' })
  code: string | null;

  @ApiNullableText({ description: "Fintecture's log id, to quote to its support." })
  log_id: string | null;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: "Fintecture's own errors, as it sent them." })
  errors: Array<Record<string, unknown>>;
}

/**
 * The body of every error (RFC 9457, application/problem+json). Members beyond these are
 * extensions a particular error adds (e.g. `retry_after`, `session`); clients must ignore the ones they do not know.
 */
@ApiSchema({ name: 'Problem', description: 'An error, as application/problem+json (RFC 9457).' })
export class ProblemResponse {
  @ApiProperty({ format: 'uri', example: 'urn:problem-type:payments:validation_failed', description: 'urn:problem-type:payments:<code>.' })
  type: string;

  @ApiProperty({ example: 'Bad Request', description: "The HTTP status's reason phrase." })
  title: string;

  @ApiInteger({ minimum: 400, maximum: 599, example: 400 })
  status: number;

  @ApiProperty({ example: 'The request is not valid; see errors.', description: 'For a human; do not parse it.' })
  detail: string;

  @ApiProperty({ example: 'validation_failed', description: 'A stable machine word: branch on this.' })
  code: string;

  @ApiProperty({ example: '8f14e45f-ceea-467f-a0e6-4bd5a7a1c2de', description: 'The X-Request-ID of this request (given or generated), as logged.' })
  request_id: string;

  @ApiPropertyOptional({ type: () => [FieldErrorResponse], description: 'Every invalid field (validation_failed only).' })
  errors?: FieldErrorResponse[];

  @ApiPropertyOptional({ type: () => UpstreamErrorResponse, description: 'upstream_rejected, upstream_unavailable, upstream_timeout only.' })
  upstream?: UpstreamErrorResponse;

  @ApiPropertyOptional({ type: 'integer', description: 'rate_limited only: seconds to wait, as in Retry-After.' })
  retry_after?: number;
}
