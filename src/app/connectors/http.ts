// The HTTP core the connectors share: every call through the outbound allow-list (safeFetch), a per-connector token
// bucket, retries on 429 / 503 / other 5xx and network errors honouring Retry-After (or Okta's X-Rate-Limit-Reset) up
// to a bound, and vendor error bodies turned into one clear line that never carries a secret.
import type { HttpPolicy } from '../../core/connectors-config.ts';
import { OutboundRefused, redactUrl, safeFetch, type AllowRule, type Resolver, type SafeResponse } from '../outbound.ts';

/** A connector call that failed: `message` is safe to store and show (no secrets, no control characters). */
export class ConnectorError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}
export const systemClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

/** Token bucket: `rate` tokens a second, at most `burst` saved; take() waits for a token. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();
  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly clock: Clock = systemClock,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Resolves when the caller may send; callers are served in order. Returns how long it waited (ms). */
  take(): Promise<number> {
    const turn = this.queue.then(async () => {
      const now = this.clock.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
      this.last = now;
      let waited = 0;
      if (this.tokens < 1) {
        waited = Math.ceil(((1 - this.tokens) / this.rate) * 1000);
        await this.clock.sleep(waited);
        this.tokens = 1;
        this.last = this.clock.now();
      }
      this.tokens -= 1;
      return waited;
    });
    this.queue = turn.then(() => undefined, () => undefined);
    return turn;
  }
}

/**
 * How long a throttled answer asks to wait (ms): Retry-After (seconds or an HTTP date), else, on a 429 only, Okta's
 * X-Rate-Limit-Reset (Okta sends it on every answer: on a 5xx it is the rate window, not a retry hint).
 */
export function retryAfterMs(headers: Headers, now: number, status = 429): number | undefined {
  const ra = headers.get('retry-after');
  if (ra !== null) {
    const t = ra.trim();
    if (/^\d{1,7}$/.test(t)) return Number(t) * 1000;
    const at = Date.parse(t);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  // Okta: X-Rate-Limit-Reset is the UTC epoch second when the limit resets.
  const reset = status === 429 ? headers.get('x-rate-limit-reset') : null;
  if (reset !== null && /^\d{1,12}$/.test(reset.trim())) return Math.max(0, Number(reset.trim()) * 1000 - now);
  return undefined;
}

/** One line from a vendor error body (Graph, Entra token endpoint, Okta), with every secret removed. */
export function vendorMessage(body: string, secrets: readonly string[] = []): string {
  let msg = '';
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    const err = j.error;
    if (err && typeof err === 'object') {
      // Graph: {"error":{"code","message","innerError":{"request-id"}}}
      const e = err as Record<string, unknown>;
      msg = [e.code, e.message].filter((x) => typeof x === 'string').join(': ');
    } else if (typeof err === 'string') {
      // Entra token endpoint: {"error":"invalid_client","error_description":"AADSTS7000215: …"}
      msg = [err, typeof j.error_description === 'string' ? j.error_description.split(/\r?\n/)[0] : undefined].filter(Boolean).join(': ');
    } else if (typeof j.errorCode === 'string') {
      // Okta: {"errorCode":"E0000007","errorSummary":"Not found: …","errorCauses":[{"errorSummary"}]}
      const causes = Array.isArray(j.errorCauses)
        ? j.errorCauses.map((c) => (c && typeof c === 'object' ? (c as Record<string, unknown>).errorSummary : undefined)).filter((x) => typeof x === 'string')
        : [];
      msg = [j.errorCode, j.errorSummary, ...causes].filter((x) => typeof x === 'string').join(': ');
    }
  } catch {
    msg = body.replace(/<[^>]{0,500}>/g, ' ');
  }
  return scrub(msg, secrets);
}

/** Remove secrets (and anything shaped like a bearer token), control characters; bound the length. */
export function scrub(s: string, secrets: readonly string[] = []): string {
  let out = s;
  // Secrets out of the whole text first (linear), then cut before the pattern replacements (they stay linear on a
  // bounded string; whatever the cut leaves past 2,000 characters is dropped by the 300-character bound anyway).
  for (const x of secrets) if (x.length >= 4) out = out.split(x).join('***');
  out = out.slice(0, 2000);
  out = out.replace(/\b(SSWS|Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 ***').replace(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/g, '***');
  out = out.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return out.length > 300 ? `${out.slice(0, 299)}…` : out;
}

export interface HttpContext {
  name: string;
  policy: HttpPolicy;
  allow: readonly string[] | readonly AllowRule[];
  bucket: TokenBucket;
  clock?: Clock;
  resolve?: Resolver;
  /** Values that must never appear in a message (the client secret, the API token, access tokens). */
  secrets(): string[];
}

export interface Sent extends SafeResponse {
  attempts: number;
}

const retryable = (status: number): boolean => status === 429 || status >= 500;

/**
 * Send one request with the connector's policy. Resolves with the last answer when it is not retryable (the caller
 * judges 2xx/4xx), or when retries run out on a retryable one (then `status` says so); throws ConnectorError for a
 * refused URL, a network error or timeout after every retry, or a Retry-After beyond the bound.
 */
export async function send(ctx: HttpContext, url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Sent> {
  const clock = ctx.clock ?? systemClock;
  const max = ctx.policy.retries + 1;
  let lastError = '';
  for (let attempt = 1; attempt <= max; attempt++) {
    await ctx.bucket.take();
    let res: SafeResponse;
    try {
      res = await safeFetch(url, init, { allow: ctx.allow, timeoutMs: ctx.policy.timeoutMs, maxBytes: 256 * 1024, resolve: ctx.resolve });
    } catch (e) {
      if (e instanceof OutboundRefused) throw new ConnectorError(`${ctx.name}: ${e.message}`, attempt);
      const err = e as Error & { cause?: { code?: string } };
      const what = err.name === 'TimeoutError' || err.name === 'AbortError' ? `no answer within ${ctx.policy.timeoutMs} ms` : (err.cause?.code ?? err.message);
      lastError = `${ctx.name}: ${redactUrl(url)} failed: ${scrub(what, ctx.secrets())}`;
      if (attempt === max) throw new ConnectorError(`${lastError} (${attempt} attempts)`, attempt);
      await clock.sleep(backoff(ctx.policy, attempt));
      continue;
    }
    if (!retryable(res.status) || attempt === max) return { ...res, attempts: attempt };
    const wait = retryAfterMs(res.headers, clock.now(), res.status);
    if (wait !== undefined && wait > ctx.policy.maxRetryAfterMs) {
      const msg = vendorMessage(res.text, ctx.secrets());
      throw new ConnectorError(
        `${ctx.name}: ${redactUrl(url)} answered ${res.status} and asks to wait ${Math.ceil(wait / 1000)} s, longer than the ${Math.ceil(ctx.policy.maxRetryAfterMs / 1000)} s allowed${msg ? ` (${msg})` : ''}`,
        attempt,
        res.status,
      );
    }
    await clock.sleep(wait ?? backoff(ctx.policy, attempt));
  }
  throw new ConnectorError(lastError || `${ctx.name}: no attempt made`, max);
}

const backoff = (p: HttpPolicy, attempt: number): number => Math.min(p.backoffMs * 2 ** (attempt - 1), 30_000);

/** The failure message of a non-2xx answer. */
export function failure(ctx: HttpContext, what: string, res: Sent): ConnectorError {
  const msg = vendorMessage(res.text, ctx.secrets());
  const after = res.attempts > 1 ? ` after ${res.attempts} attempts` : '';
  return new ConnectorError(`${ctx.name}: ${what} answered ${res.status}${after}${msg ? `: ${msg}` : ''}`, res.attempts, res.status);
}

/** One URL path segment from an account name: percent-encoded, and never '.' or '..' (which URL parsing would resolve). */
export function pathSegment(s: string): string {
  if (s === '' || s === '.' || s === '..') throw new ConnectorError(`the account name ${JSON.stringify(s)} is not usable in a URL path`, 0);
  return encodeURIComponent(s);
}
