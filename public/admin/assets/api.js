// The admin JSON API, called with the console's session cookie. State-changing calls carry the
// session's CSRF token; a 401 means the session is over and sends the page back to the login.

let csrfToken = null;
const unauthorizedListeners = new Set();

export class ProblemError extends Error {
  constructor(status, body) {
    const problem = body && typeof body === 'object' ? body : {};
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code ?? null;
    this.title = problem.title ?? (status ? `HTTP ${status}` : 'Network error');
    this.detail = problem.detail ?? this.message;
    this.requestId = problem.request_id ?? null;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

export function setCsrfToken(token) {
  csrfToken = token;
}

export function onUnauthorized(listener) {
  unauthorizedListeners.add(listener);
}

async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ProblemError(0, { title: 'Network error', detail: 'The service could not be reached. Check the connection and try again.' });
  }
  const type = res.headers.get('content-type') ?? '';
  const data = res.status === 204 ? null : type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) {
    const problem = new ProblemError(res.status, data && typeof data === 'object' ? data : { detail: String(data || res.statusText) });
    if (res.status === 401 && !path.startsWith('/admin/session')) for (const listener of unauthorizedListeners) listener(problem);
    throw problem;
  }
  return { status: res.status, data, location: res.headers.get('location') };
}

export const api = {
  get: async (path) => (await call('GET', path)).data,
  post: (path, body) => call('POST', path, body),
};
