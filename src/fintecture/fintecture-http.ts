import { HttpService } from '@nestjs/axios';
import { AxiosError, AxiosResponse } from 'axios';
import { firstValueFrom } from 'rxjs';
import { FintectureError, fintectureErrorFromResponse } from './fintecture.errors';

export interface RawCall {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  requestId?: string;
}

export interface RawAnswer {
  status: number;
  body: unknown;
  headers: Record<string, unknown>;
}

/**
 * One HTTP exchange with Fintecture: the body goes out as the exact string given (no second
 * serialisation), every status comes back (mapping is ours), transport failures become
 * timeout/unavailable.
 */
export async function sendRaw(http: HttpService, call: RawCall): Promise<RawAnswer> {
  let response: AxiosResponse<string>;
  try {
    response = await firstValueFrom(
      http.request<string>({
        method: call.method,
        url: call.url,
        headers: call.headers,
        data: call.body,
        timeout: call.timeoutMs,
        responseType: 'text',
        transformRequest: [(data: unknown) => data],
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
        maxRedirects: 0,
        maxContentLength: 1024 * 1024,
        decompress: true,
      }),
    );
  } catch (error) {
    const code = (error as AxiosError).code;
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === AxiosError.ERR_CANCELED) {
      throw new FintectureError('timeout', `Fintecture did not answer within ${call.timeoutMs} ms`, { requestId: call.requestId });
    }
    throw new FintectureError('unavailable', `Fintecture could not be reached (${code ?? 'network error'})`, {
      requestId: call.requestId,
    });
  }
  return { status: response.status, body: parseJson(response.data), headers: response.headers };
}

export function ensureSuccess(answer: RawAnswer, requestId?: string): void {
  if (answer.status >= 200 && answer.status < 300) return;
  throw fintectureErrorFromResponse(answer.status, answer.body, answer.headers, requestId);
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string' || text.length === 0) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
