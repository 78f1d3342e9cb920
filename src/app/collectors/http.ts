// The collectors' HTTP client (global fetch): a timeout per request, retries with back-off on network errors, 429 and
// 5xx, honouring Retry-After (seconds or an HTTP date) and Okta's X-Rate-Limit-Reset, a bounded body, and errors
// that never carry a credential (the Redactor scrubs them; request headers are never put in a message).
import type { Redactor } from './secrets.ts';

export interface HttpOptions {
  timeoutMs: number;
  /** Retries of one request before giving up (the pass then fails and the collector backs off). */
  maxRetries: number;
  /** A server asking to wait longer than this ends the request with an error instead. */
  maxRetryAfterMs: number;
  redactor: Redactor;
  /** Waits (tests record them instead of sleeping). */
  sleep?: (ms: number) => Promise<void>;
  /** Told of every wait the server asked for or a retry needs (for status and tests). */
  onWait?: (ms: number, why: string) => void;
  now?: () => number;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

export class CollectorHttpError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'CollectorHttpError';
  }
}

/** Largest response body read (a Graph page of 1,000 sign-ins is about 5 MB). */
export const MAX_BODY_BYTES = 64 << 20;
const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Milliseconds the server asks to wait: Retry-After (seconds or date), else X-Rate-Limit-Reset (epoch s). */
export function serverWaitMs(h: Headers, now: number): number | undefined {
  const ra = h.get('retry-after');
  if (ra !== null) {
    const s = Number(ra);
    if (Number.isFinite(s) && s >= 0) return Math.ceil(s * 1000);
    const t = Date.parse(ra);
    if (Number.isFinite(t)) return Math.max(0, t - now);
  }
  const reset = Number(h.get('x-rate-limit-reset'));
  if (h.get('x-rate-limit-reset') !== null && Number.isFinite(reset)) return Math.max(0, reset * 1000 - now);
  return undefined;
}

/** Exponential back-off with equal jitter: between half and all of min(cap, base · 2^attempt). */
export function backoffMs(attempt: number, baseMs: number, capMs: number, rand: () => number = Math.random): number {
  const full = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(full / 2 + (rand() * full) / 2);
}

const describeUrl = (u: string): string => {
  try {
    const x = new URL(u);
    return `${x.origin}${x.pathname}`; // the query may hold filters and page tokens: long, and not needed to diagnose
  } catch {
    return '(invalid URL)';
  }
};

/** One request with retries. `init.headers` may hold credentials: they never reach a message. */
export async function httpRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }, o: HttpOptions): Promise<HttpResponse> {
  const sleep = o.sleep ?? realSleep;
  const now = o.now ?? Date.now;
  const where = `${init.method ?? 'GET'} ${describeUrl(url)}`;
  for (let attempt = 0; ; attempt++) {
    let res: Response | undefined;
    let failure: string;
    try {
      res = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body, signal: AbortSignal.timeout(o.timeoutMs), redirect: 'error' });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      failure = err.name === 'TimeoutError' ? `no answer within ${o.timeoutMs / 1000} s` : `${err.cause?.code ?? err.name}: ${err.message}`;
      if (attempt >= o.maxRetries) throw new CollectorHttpError(o.redactor.scrub(`${where}: ${failure} (after ${attempt + 1} attempts)`));
      const wait = backoffMs(attempt, 1000, 30_000);
      o.onWait?.(wait, 'network');
      await sleep(wait);
      continue;
    }
    if (res.ok) {
      const len = Number(res.headers.get('content-length') ?? 0);
      if (len > MAX_BODY_BYTES) throw new CollectorHttpError(`${where}: response of ${len} bytes is larger than ${MAX_BODY_BYTES}`, res.status);
      const text = await res.text();
      if (text.length > MAX_BODY_BYTES) throw new CollectorHttpError(`${where}: response larger than ${MAX_BODY_BYTES} bytes`, res.status);
      return { status: res.status, headers: res.headers, text };
    }
    const body = (await res.text().catch(() => '')).slice(0, 300).replace(/\s+/g, ' ');
    failure = `HTTP ${res.status}${body ? `: ${body}` : ''}`;
    if (!RETRY_STATUS.has(res.status) || attempt >= o.maxRetries) {
      throw new CollectorHttpError(o.redactor.scrub(`${where}: ${failure}${RETRY_STATUS.has(res.status) ? ` (after ${attempt + 1} attempts)` : ''}`), res.status);
    }
    const asked = serverWaitMs(res.headers, now());
    if (asked !== undefined && asked > o.maxRetryAfterMs) {
      throw new CollectorHttpError(o.redactor.scrub(`${where}: ${failure}; the server asks to wait ${Math.ceil(asked / 1000)} s, longer than the ${o.maxRetryAfterMs / 1000} s allowed`), res.status);
    }
    const wait = asked ?? backoffMs(attempt, 1000, 30_000);
    o.onWait?.(wait, res.status === 429 ? 'throttled' : `HTTP ${res.status}`);
    await sleep(wait);
  }
}

/** The JSON of a response, or an error naming the request (never its body: it may be large). */
export function jsonOf(res: HttpResponse, url: string): unknown {
  try {
    return JSON.parse(res.text);
  } catch {
    throw new CollectorHttpError(`GET ${describeUrl(url)}: the answer is not JSON`, res.status);
  }
}
