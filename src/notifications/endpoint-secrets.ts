import { generateSecret } from './delivery/standard-webhooks';

/** How long a rotated-out secret keeps signing beside the new one. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

export interface EndpointSecrets {
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
}

/** The secrets that sign a delivery made at `now`: the current one first, then the previous one while it overlaps. */
export function liveSecrets(endpoint: EndpointSecrets, now: Date): string[] {
  const previousLive = endpoint.previousSecret !== null && endpoint.previousSecretExpiresAt !== null && endpoint.previousSecretExpiresAt > now;
  return previousLive ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
}

/**
 * A new secret; the current one becomes the previous one for ROTATION_OVERLAP_MS. Rotating again
 * within the overlap drops the oldest: at most two secrets are ever live, as receivers expect.
 */
export function rotated(endpoint: EndpointSecrets, now: Date, newSecret: string = generateSecret()): EndpointSecrets {
  return { secret: newSecret, previousSecret: endpoint.secret, previousSecretExpiresAt: new Date(now.getTime() + ROTATION_OVERLAP_MS) };
}
