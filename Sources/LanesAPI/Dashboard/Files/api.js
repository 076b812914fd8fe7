// The REST API client: the key lives in sessionStorage only and goes out as a bearer header.

const STORAGE = 'lanes.apiKey';
const RANK = { read: 1, write: 2, admin: 3 };

/** Who the key belongs to, from GET /whoami. */
export const session = { name: null, role: null, authDisabled: false };

/** Called when the API refuses the key (401): the app signs out. */
export const hooks = { unauthorized: () => {} };

export const key = () => sessionStorage.getItem(STORAGE) || '';
export const saveKey = (value) => sessionStorage.setItem(STORAGE, value);
export const forgetKey = () => sessionStorage.removeItem(STORAGE);

/** Whether the key's role allows an action of `role`. */
export const can = (role) => (RANK[session.role] || 0) >= RANK[role];

/** An error answer of the API: status, code and message. */
export class APIError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The headers every API call sends. */
export function authHeaders(extra = {}) {
  return { Authorization: `Bearer ${key()}`, ...extra };
}

/** Calls /api/v1/queue<path>; resolves to the JSON body (null for 204), rejects with APIError. */
export async function api(method, path, { query = {}, body } = {}) {
  const url = new URL(`/api/v1/queue${path}`, location.origin);
  for (const [name, value] of Object.entries(query)) {
    if (value !== '' && value !== null && value !== undefined) url.searchParams.set(name, value);
  }
  const headers = authHeaders({ Accept: 'application/json' });
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url, { method, headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new APIError(0, 'network', error instanceof TypeError && /header/i.test(error.message)
      ? 'the key holds characters that cannot be sent in a header' : 'the API cannot be reached');
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  if (!response.ok) {
    const error = new APIError(response.status, json?.error?.code || 'http_error', json?.error?.message || `HTTP ${response.status}`);
    if (response.status === 401) hooks.unauthorized(error);
    throw error;
  }
  return json;
}

/** Learns the key's name and role; rejects when the key is not valid. */
export async function whoami() {
  const me = await api('GET', '/whoami');
  Object.assign(session, { name: me.name, role: me.role, authDisabled: me.auth_disabled });
  return session;
}

/** A task id as a path segment. */
export const taskPath = (id) => `/tasks/${encodeURIComponent(id)}`;
