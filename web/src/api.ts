// The one way the UI talks to the server: same-origin fetch with the session cookie, the CSRF token on every
// state-changing request, JSON errors ({error, message}) turned into ApiError. A 401 sends the UI to the login page.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;
let onUnauthenticated: () => void = () => {};

export const setCsrfToken = (t: string | undefined): void => {
  csrfToken = t;
};
export const setOnUnauthenticated = (f: () => void): void => {
  onUnauthenticated = f;
};

export interface Answer<T> {
  data: T;
  headers: Headers;
}

export async function request<T>(method: string, path: string, body?: unknown, opts: { quiet401?: boolean } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  const type = res.headers.get('content-type') ?? '';
  const parsed: unknown = type.includes('json') ? await res.json().catch(() => undefined) : await res.text();
  if (!res.ok) {
    if (res.status === 401 && !opts.quiet401) onUnauthenticated();
    const e = (parsed ?? {}) as { error?: string; message?: string };
    throw new ApiError(res.status, e.error ?? res.statusText, e.message ?? `${method} ${path}: HTTP ${res.status}`);
  }
  return { data: parsed as T, headers: res.headers };
}

export const get = async <T>(path: string): Promise<T> => (await request<T>('GET', path)).data;
export const post = async <T>(path: string, body: unknown = {}): Promise<T> => (await request<T>('POST', path, body)).data;
export const put = async <T>(path: string, body: unknown): Promise<T> => (await request<T>('PUT', path, body)).data;

/** A query string of the defined, non-empty values. */
export function qs(params: Record<string, string | number | boolean | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '' && v !== false) u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

export const enc = encodeURIComponent;
