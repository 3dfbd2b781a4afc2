import request from 'supertest';

/** One Fintecture API call as the emulator recorded it (see src/emulator/emulator-request-log.service.ts). */
export interface EmulatorCall {
  method: string;
  /** Path and query exactly as on the wire, /emulator prefix included. */
  path: string;
  headers: Record<string, string>;
  body: string;
  status: number | null;
}

export async function emulatorCalls(baseUrl: string): Promise<EmulatorCall[]> {
  const res = await request(baseUrl).get('/emulator/requests').expect(200);
  const list = Array.isArray(res.body) ? res.body : (res.body.data ?? res.body.requests);
  return list as EmulatorCall[];
}

export async function injectFault(baseUrl: string, fault: { route: string; kind: string; count: number }): Promise<void> {
  const res = await request(baseUrl).post('/emulator/faults').send(fault);
  if (res.status >= 300) throw new Error(`could not inject fault: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function simulate(
  baseUrl: string,
  sessionId: string,
  change: { status: string; transfer_state?: string; received_amount?: string },
): Promise<void> {
  const res = await request(baseUrl).post(`/emulator/sessions/${sessionId}/simulate`).send(change);
  if (res.status >= 300) throw new Error(`could not simulate: ${res.status} ${JSON.stringify(res.body)}`);
}
