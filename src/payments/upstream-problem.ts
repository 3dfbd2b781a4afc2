import { ProblemException } from '../common/problem';
import { FintectureError } from '../fintecture/fintecture.errors';

/** Contract §8: 422 when Fintecture refused the request, 502 when it failed, 504 when it timed out. */
export function problemForUpstream(error: FintectureError, action: string): ProblemException {
  const extensions = {
    upstream: {
      http_status: error.details.httpStatus ?? null,
      code: error.details.code ?? null,
      log_id: error.details.logId ?? null,
      errors: error.details.errors ?? [],
    },
  };
  switch (error.kind) {
    case 'rejected':
      return new ProblemException(422, 'upstream_rejected', `Fintecture refused to ${action} the payment session: ${error.message}`, extensions);
    case 'timeout':
      return new ProblemException(504, 'upstream_timeout', `Fintecture did not answer in time to ${action} the payment session.`, extensions);
    case 'rate_limited':
      return new ProblemException(
        502,
        'upstream_unavailable',
        `Fintecture is rate limiting this app; ${action} was not done.`,
        extensions,
        error.details.retryAfterSeconds !== undefined ? { 'Retry-After': String(error.details.retryAfterSeconds) } : {},
      );
    default:
      return new ProblemException(502, 'upstream_unavailable', `Fintecture failed to ${action} the payment session: ${error.message}`, extensions);
  }
}
