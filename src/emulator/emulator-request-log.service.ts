import { Injectable } from '@nestjs/common';
import { ApiOperation } from './emulator-faults';

/** One Fintecture API call as it reached the emulator. */
export interface RecordedRequest {
  seq: number;
  at: string;
  operation: ApiOperation;
  method: string;
  /** Path and query exactly as on the wire (req.originalUrl), /emulator prefix included. */
  path: string;
  /** Same as path; kept under Express's name too. */
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body, decoded as UTF-8; empty when there was none. */
  body: string;
  /** The HTTP status the emulator answered (or, for a 'timeout' fault, would answer); null while in progress. */
  status: number | null;
  /** The injected fault this call suffered, if any. */
  fault: string | null;
}

export type RequestToRecord = Omit<RecordedRequest, 'seq' | 'at' | 'status' | 'originalUrl' | 'fault'>;

const MAX_RECORDED_REQUESTS = 1000;

/**
 * The token call's Basic credentials hold the app secret, which may be a real sandbox one; the
 * record is readable by anyone who reaches /emulator/requests, so it keeps the scheme only.
 */
export function redactHeaders(headers: RecordedRequest['headers']): RecordedRequest['headers'] {
  const copy = { ...headers };
  if (typeof copy.authorization === 'string' && /^basic\s/i.test(copy.authorization)) copy.authorization = 'Basic [redacted]';
  return copy;
}

/** Every Fintecture API call received, oldest first, bounded to the last 1000. */
@Injectable()
export class EmulatorRequestLog {
  private readonly requests: RecordedRequest[] = [];
  private seq = 0;

  /** The entry is live: the caller fills in status and fault once it knows them. */
  record(input: RequestToRecord): RecordedRequest {
    const entry: RecordedRequest = {
      seq: ++this.seq,
      at: new Date().toISOString(),
      ...input,
      originalUrl: input.path,
      headers: redactHeaders(input.headers),
      status: null,
      fault: null,
    };
    this.requests.push(entry);
    if (this.requests.length > MAX_RECORDED_REQUESTS) this.requests.splice(0, this.requests.length - MAX_RECORDED_REQUESTS);
    return entry;
  }

  list(): RecordedRequest[] {
    return this.requests.map((entry) => ({ ...entry, headers: { ...entry.headers } }));
  }

  clear(): void {
    this.requests.length = 0;
  }
}
