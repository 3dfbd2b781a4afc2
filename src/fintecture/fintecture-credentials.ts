import { KeyObject } from 'node:crypto';

/**
 * The app's identity towards Fintecture. Built once at start-up: from the configured
 * app id, secret and PEM key, or (emulator mode without credentials) generated, so that
 * the service and the emulator it talks to share one identity.
 */
export interface FintectureCredentials {
  appId: string;
  appSecret: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** True when the identity was generated at start-up for the emulator. */
  generated: boolean;
}

export const FINTECTURE_CREDENTIALS = Symbol('FINTECTURE_CREDENTIALS');
