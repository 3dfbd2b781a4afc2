import { Inject, Injectable } from '@nestjs/common';
import { FINTECTURE_CREDENTIALS, FintectureCredentials } from './fintecture-credentials';
import { SignedRequest, signRequest } from './http-signature';

export interface OutgoingCall {
  method: string;
  /** Path and query exactly as they go on the wire, base path included. */
  pathWithQuery: string;
  /** The exact bytes that will be sent. */
  body?: string;
  requestId?: string;
}

/** Signs every call to Fintecture with the app's key; the only holder of that key for signing. */
@Injectable()
export class FintectureSigner {
  constructor(@Inject(FINTECTURE_CREDENTIALS) private readonly credentials: FintectureCredentials) {}

  get appId(): string {
    return this.credentials.appId;
  }

  sign(call: OutgoingCall): SignedRequest {
    return signRequest({ ...call, appId: this.credentials.appId, privateKey: this.credentials.privateKey });
  }
}
