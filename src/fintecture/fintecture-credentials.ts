import { KeyObject } from 'node:crypto';

/**
 * The app's identity towards Fintecture, without its private key: what the token call and a
 * stand-in for Fintecture (the emulator) need to know.
 */
export interface FintectureApp {
  appId: string;
  appSecret: string;
  publicKey: KeyObject;
  /** True when the identity was generated at start-up for the emulator. */
  generated: boolean;
}

/**
 * The identity with its private key. Built once at start-up: from the configured app id, secret
 * and PEM key, or (emulator mode without credentials) generated, so that the service and the
 * emulator it talks to share one identity. Only the signer and the webhook verifier inject it.
 */
export interface FintectureCredentials extends FintectureApp {
  privateKey: KeyObject;
}

export const FINTECTURE_APP = Symbol('FINTECTURE_APP');
export const FINTECTURE_CREDENTIALS = Symbol('FINTECTURE_CREDENTIALS');

export function publicIdentity({ appId, appSecret, publicKey, generated }: FintectureCredentials): FintectureApp {
  return { appId, appSecret, publicKey, generated };
}
