import { Inject, Injectable } from '@nestjs/common';
import { FINTECTURE_APP, FintectureApp } from '../fintecture/fintecture-credentials';
import { safeEqual, VerificationFailure, verifyRequestSignature } from '../fintecture/http-signature';
import { errorItem, FintectureApiError } from './emulator-errors';
import { EmulatorRequest, pathRelativeToMount } from './emulator-http';
import { EmulatorTokenService } from './emulator-tokens';

const SIGNATURE_FAILURES: Record<VerificationFailure, string> = {
  missing_headers: 'The Date and X-Request-ID headers are required.',
  digest_mismatch: 'The Digest header does not match the body.',
  malformed_signature: 'The Signature header is missing or malformed.',
  key_id_mismatch: 'The Signature keyId is not this application.',
  unsupported_algorithm: 'The Signature algorithm must be rsa-sha256.',
  headers_mismatch: 'The Signature must cover (request-target) date [digest] x-request-id, in that order.',
  signature_invalid: 'The signature does not verify.',
  undecryptable_signature: 'The signature does not verify.',
  date_invalid: 'The Date header is invalid.',
  date_out_of_window: 'The Date header is too old.',
};

const TOKEN_FAILURES = {
  missing: 'An access token is required: Authorization: Bearer <token>.',
  unknown: 'The access token is invalid.',
  expired: 'The access token has expired.',
};

const SIGNED_DATE_TOLERANCE_SECONDS = 300;

export interface IssuedToken {
  token_type: 'Bearer';
  access_token: string;
  expires_in: number;
}

/**
 * Who may call the emulated API, as strictly as production checks it: the Basic credentials and
 * the form of the token call, then for every other call the bearer token, the Digest over the
 * raw bytes and the Signature, with the project's one verifier.
 */
@Injectable()
export class EmulatorRequestAuth {
  constructor(
    @Inject(FINTECTURE_APP) private readonly credentials: FintectureApp,
    private readonly tokens: EmulatorTokenService,
  ) {}

  authenticate(req: EmulatorRequest, raw: Buffer): void {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const token = this.tokens.check(bearer?.[1]);
    if (!token.ok) throw FintectureApiError.invalidToken(TOKEN_FAILURES[token.reason]);
    this.verifySignature(req, raw);
  }

  /**
   * The (request-target) may name the path as received or the path relative to the mount point:
   * an official SDK given http://host/emulator as its base URL signs /pis/v2/connect and sends
   * /emulator/pis/v2/connect, as it would to a Fintecture host at that address. Both name the same
   * resource, so accepting either lets no signature stand for another call.
   */
  verifySignature(req: EmulatorRequest, raw: Buffer): void {
    const verify = (pathWithQuery: string) =>
      verifyRequestSignature({
        method: req.method,
        pathWithQuery,
        headers: req.headers,
        rawBody: raw.length > 0 ? raw : undefined,
        appId: this.credentials.appId,
        publicKey: this.credentials.publicKey,
        // A signed call replayed later than this is refused, as a careful production would.
        toleranceSeconds: SIGNED_DATE_TOLERANCE_SECONDS,
      });
    const asReceived = verify(req.originalUrl);
    if (asReceived.ok) return;
    const relative = pathRelativeToMount(req.originalUrl);
    // Only the signature itself depends on the path; any other failure stands for both readings.
    if (asReceived.reason === 'signature_invalid' && relative !== req.originalUrl && verify(relative).ok) return;
    throw FintectureApiError.invalidSignature(SIGNATURE_FAILURES[asReceived.reason]);
  }

  /** POST /oauth/accesstoken, and its signed variant /oauth/secure/accesstoken (§1.2). */
  issueToken(req: EmulatorRequest, raw: Buffer, signed: boolean): IssuedToken {
    const unauthorized = (code: string, message: string) => new FintectureApiError(401, errorItem(code, message), { 'WWW-Authenticate': 'Basic' });
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!basic) throw unauthorized('invalid_client', 'Basic credentials are required: Authorization: Basic base64(app_id:app_secret).');
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const appId = colon < 0 ? decoded : decoded.slice(0, colon);
    const appSecret = colon < 0 ? '' : decoded.slice(colon + 1);
    // Both compared every time: which one is wrong does not show in the timing.
    const idOk = safeEqual(appId, this.credentials.appId);
    const secretOk = safeEqual(appSecret, this.credentials.appSecret);
    if (!idOk || !secretOk) throw unauthorized('invalid_client', 'The application credentials are invalid.');
    if (signed) {
      const appIdHeader = req.headers.app_id;
      if (typeof appIdHeader !== 'string' || !safeEqual(appIdHeader, this.credentials.appId)) {
        throw unauthorized('invalid_app_id', 'The app_id header must name this application.');
      }
      this.verifySignature(req, raw);
    }
    const contentType = (req.headers['content-type'] ?? '').toLowerCase();
    if (!contentType.startsWith('application/x-www-form-urlencoded')) {
      throw FintectureApiError.badRequest(errorItem('invalid_field', 'Content-Type must be application/x-www-form-urlencoded'));
    }
    const form = new URLSearchParams(raw.toString('utf8'));
    const missing = ['grant_type', 'app_id', 'scope'].filter((name) => !form.get(name));
    if (missing.length) {
      throw FintectureApiError.badRequest(missing.map((name) => errorItem('mandatory_field_missing', `${name} has not been defined`)));
    }
    if (form.get('grant_type') !== 'client_credentials') {
      throw FintectureApiError.badRequest(errorItem('invalid_field', 'grant_type must be client_credentials (the emulator issues PIS tokens only)'));
    }
    if (!safeEqual(form.get('app_id') as string, this.credentials.appId)) {
      throw unauthorized('invalid_app_id', 'app_id does not match the Basic credentials.');
    }
    if (form.get('scope') !== 'PIS') throw unauthorized('invalid_scopes', 'scope must be PIS.');
    const { token, expiresIn } = this.tokens.issue();
    return { token_type: 'Bearer', access_token: token, expires_in: expiresIn };
  }
}
