// Carrier / line-type lookup of a phone number: a pluggable CarrierLookup, with Twilio Lookup v2 line type
// intelligence as the first provider (`GET {baseUrl}/v2/PhoneNumbers/{e164}?Fields=line_type_intelligence`, HTTP
// basic auth: account SID : auth token; twilio.com/docs/lookup/v2-api/line-type-intelligence).
//   - config `vetting.phoneLookup`: provider `none` (default) → no lookup object, no network call at all;
//     `twilio` → the auth token is read from the environment variable named by `authTokenEnv`, never from the
//     config file; it is never logged and never put in an error or a result.
//   - each request times out after `timeoutMs`; 429 and 5xx (and connection failures) are retried up to
//     `maxRetries` times with exponential backoff, honouring Retry-After (seconds or an HTTP date) when present,
//     up to `maxRetryAfterMs` (a longer wait gives up with an error rather than stall the vetting run).
//   - errors are results: a failed lookup returns `{ provider, error }`; nothing throws past the client.
//   - one cache per client (create one client per vetting run): each E.164 is asked at most once.
import type { PhoneFacts } from '../core/check.ts';
import type { VettingConfig } from '../core/config.ts';

export type CarrierFacts = NonNullable<PhoneFacts['carrier']>;

export interface CarrierLookup {
  readonly provider: string;
  /** Line type and carrier of an E.164 number; never rejects (failures come back with `error`). */
  lookup(e164: string): Promise<CarrierFacts>;
}

export interface TwilioLookupOptions {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  timeoutMs: number;
  maxRetries: number;
  /** First backoff; doubles each retry (default 500 ms). */
  backoffMs?: number;
  /** Longest Retry-After (or backoff) honoured before giving up (default 30 s). */
  maxRetryAfterMs?: number;
  /** Where the config says the token comes from, for error messages (the name only). */
  authTokenEnv?: string;
  /** Injected for tests; default global fetch. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** Responses larger than this are not a Lookup answer. */
const MAX_BODY_BYTES = 256 * 1024;
const E164 = /^\+[1-9]\d{6,14}$/;
const PROVIDER = 'twilio';

const defaultSleep = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

/**
 * The lookup the config asks for: undefined for provider `none` (no calls). For `twilio` without an account SID
 * or without the token in the environment, a lookup whose every answer is that configuration error (no call).
 */
export function carrierLookupFromConfig(
  cfg: VettingConfig['phoneLookup'],
  env: Record<string, string | undefined> = process.env,
  extra: Partial<Pick<TwilioLookupOptions, 'fetch' | 'sleep' | 'backoffMs' | 'maxRetryAfterMs'>> = {},
): CarrierLookup | undefined {
  if (cfg.provider === 'none') return undefined;
  const token = env[cfg.authTokenEnv];
  const problem = !cfg.accountSid
    ? 'vetting.phoneLookup.accountSid is not set'
    : !token
      ? `the auth token environment variable ${cfg.authTokenEnv} is not set`
      : undefined;
  if (problem) return { provider: PROVIDER, lookup: async () => ({ provider: PROVIDER, error: `Twilio Lookup not configured: ${problem}` }) };
  return new TwilioLookup({
    baseUrl: cfg.baseUrl,
    accountSid: cfg.accountSid!,
    authToken: token!,
    timeoutMs: cfg.timeoutMs,
    maxRetries: cfg.maxRetries,
    authTokenEnv: cfg.authTokenEnv,
    ...extra,
  });
}

interface TwilioError { code?: unknown; message?: unknown; more_info?: unknown }

export class TwilioLookup implements CarrierLookup {
  readonly provider = PROVIDER;
  private readonly cache = new Map<string, Promise<CarrierFacts>>();
  private readonly auth: string;
  private readonly base: string;
  /** Requests actually sent (retries included), for run statistics. */
  requests = 0;

  constructor(private readonly o: TwilioLookupOptions) {
    this.auth = `Basic ${Buffer.from(`${o.accountSid}:${o.authToken}`).toString('base64')}`;
    this.base = o.baseUrl.replace(/\/+$/, '');
  }

  lookup(e164: string): Promise<CarrierFacts> {
    let p = this.cache.get(e164);
    if (!p) {
      p = this.fetchOne(e164).catch((e: unknown) => ({ provider: PROVIDER, error: this.scrub(`lookup failed: ${e instanceof Error ? e.message : String(e)}`) }));
      this.cache.set(e164, p);
    }
    return p;
  }

  /** Never let the token (or the basic-auth header) into a message. */
  private scrub(s: string): string {
    let out = s;
    for (const secret of [this.o.authToken, this.auth, this.auth.slice(6)]) if (secret) out = out.split(secret).join('***');
    return out;
  }

  private async fetchOne(e164: string): Promise<CarrierFacts> {
    if (!E164.test(e164)) return { provider: PROVIDER, error: `not an E.164 number: ${JSON.stringify(e164.slice(0, 32))}` };
    const url = `${this.base}/v2/PhoneNumbers/${encodeURIComponent(e164)}?Fields=line_type_intelligence`;
    const doFetch = this.o.fetch ?? fetch;
    const sleep = this.o.sleep ?? defaultSleep;
    const backoff0 = this.o.backoffMs ?? 500;
    const maxWait = this.o.maxRetryAfterMs ?? 30_000;
    let last = '';
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      this.requests++;
      try {
        res = await doFetch(url, {
          headers: { authorization: this.auth, accept: 'application/json' },
          signal: AbortSignal.timeout(this.o.timeoutMs),
          redirect: 'error',
        });
      } catch (e) {
        const name = e instanceof Error ? e.name : '';
        if (name === 'TimeoutError' || name === 'AbortError')
          return { provider: PROVIDER, error: `Twilio Lookup timed out after ${this.o.timeoutMs} ms` };
        last = `connection failed (${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)})`;
        if (attempt >= this.o.maxRetries) return { provider: PROVIDER, error: this.scrub(`Twilio Lookup ${last}; gave up after ${attempt + 1} attempts`) };
        await sleep(Math.min(maxWait, backoff0 * 2 ** attempt));
        continue;
      }
      let text: string;
      try {
        text = await readBounded(res, MAX_BODY_BYTES);
      } catch (e) {
        if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError'))
          return { provider: PROVIDER, error: `Twilio Lookup timed out after ${this.o.timeoutMs} ms` };
        return { provider: PROVIDER, error: this.scrub(`Twilio Lookup: unreadable response (${e instanceof Error ? e.message : String(e)})`) };
      }
      if (res.ok) return this.parse(text);
      const err = describeError(res.status, text);
      if (res.status === 429 || res.status >= 500) {
        last = err;
        if (attempt >= this.o.maxRetries) return { provider: PROVIDER, error: this.scrub(`Twilio Lookup ${err}; gave up after ${attempt + 1} attempts`) };
        const after = retryAfterMs(res.headers.get('retry-after'), Date.now());
        const wait = after ?? backoff0 * 2 ** attempt;
        if (wait > maxWait)
          return { provider: PROVIDER, error: this.scrub(`Twilio Lookup ${err}; Retry-After ${Math.ceil(wait / 1000)} s exceeds the ${Math.ceil(maxWait / 1000)} s limit`) };
        await sleep(wait);
        continue;
      }
      if (res.status === 401 || res.status === 403)
        return {
          provider: PROVIDER,
          error: this.scrub(
            `Twilio Lookup rejected the credentials (${err}): check vetting.phoneLookup.accountSid and the auth token in ` +
              `$${this.o.authTokenEnv ?? 'TWILIO_AUTH_TOKEN'}`,
          ),
        };
      if (res.status === 404) return { provider: PROVIDER, error: this.scrub(`Twilio Lookup does not know this number (${err})`) };
      return { provider: PROVIDER, error: this.scrub(`Twilio Lookup ${err}`) };
    }
  }

  private parse(text: string): CarrierFacts {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { provider: PROVIDER, error: 'Twilio Lookup answered 200 with a body that is not JSON' };
    }
    if (!body || typeof body !== 'object') return { provider: PROVIDER, error: 'Twilio Lookup answered 200 without an object' };
    const b = body as { valid?: unknown; validation_errors?: unknown; line_type_intelligence?: unknown };
    if (b.valid === false) {
      const why = Array.isArray(b.validation_errors) ? b.validation_errors.filter((x) => typeof x === 'string').join(', ') : '';
      return { provider: PROVIDER, error: `Twilio says the number is not valid${why ? ` (${why})` : ''}` };
    }
    const lti = b.line_type_intelligence;
    if (!lti || typeof lti !== 'object') return { provider: PROVIDER, error: 'Twilio Lookup returned no line_type_intelligence' };
    const l = lti as { type?: unknown; carrier_name?: unknown; error_code?: unknown };
    const out: CarrierFacts = { provider: PROVIDER };
    if (typeof l.type === 'string' && l.type) out.lineType = l.type.slice(0, 40);
    if (typeof l.carrier_name === 'string' && l.carrier_name) out.name = l.carrier_name.slice(0, 200);
    if (l.error_code !== null && l.error_code !== undefined) out.error = `line_type_intelligence error_code ${String(l.error_code).slice(0, 20)}`;
    return out;
  }
}

function describeError(status: number, text: string): string {
  let e: TwilioError = {};
  try {
    const j = JSON.parse(text) as unknown;
    if (j && typeof j === 'object') e = j as TwilioError;
  } catch { /* not JSON */ }
  const code = typeof e.code === 'number' ? ` ${e.code}` : '';
  const msg = typeof e.message === 'string' ? `: ${e.message.slice(0, 200)}` : '';
  return `HTTP ${status}${code || msg ? `, Twilio error${code}${msg}` : ''}`;
}

/** Retry-After in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(v: string | null, now: number): number | undefined {
  if (!v) return undefined;
  const t = v.trim();
  if (/^\d{1,9}$/.test(t)) return Number(t) * 1000;
  if (t.length > 64) return undefined;
  const at = Date.parse(t);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

async function readBounded(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.byteLength;
    if (n > max) {
      await reader.cancel();
      throw new Error(`response larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
