// Twilio Lookup v2 client against a loopback fake serving recorded responses (fixtures/twilio/PROVENANCE.md).
import { afterEach, describe, expect, it } from 'vitest';
import { VettingConfig } from '../core/config.ts';
import { startFakeTwilio, type FakeTwilio } from './fixtures/twilio/fake-server.ts';
import { carrierLookupFromConfig, retryAfterMs, TwilioLookup } from './phone-lookup.ts';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'tok-5ecr3t-never-print-me';
let fake: FakeTwilio | undefined;
afterEach(async () => { await fake?.close(); fake = undefined; });

function client(baseUrl: string, over: Partial<ConstructorParameters<typeof TwilioLookup>[0]> = {}) {
  const sleeps: number[] = [];
  const c = new TwilioLookup({
    baseUrl, accountSid: SID, authToken: TOKEN, timeoutMs: 2000, maxRetries: 3, backoffMs: 5, maxRetryAfterMs: 5000,
    authTokenEnv: 'TWILIO_AUTH_TOKEN',
    sleep: async (ms) => { sleeps.push(ms); },
    ...over,
  });
  return { c, sleeps };
}

describe('TwilioLookup', () => {
  it('sends GET /v2/PhoneNumbers/{e164}?Fields=line_type_intelligence with basic auth and reads the line type', async () => {
    fake = await startFakeTwilio([{ status: 200, body: 'lookup-v2-line-type-nonfixedvoip' }]);
    const { c } = client(fake.baseUrl);
    const r = await c.lookup('+14159929960');
    expect(r).toEqual({ provider: 'twilio', lineType: 'nonFixedVoip', name: 'Twilio - SMS/MMS-SVR' });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].path).toBe('/v2/PhoneNumbers/+14159929960');
    expect(fake.requests[0].query).toBe('?Fields=line_type_intelligence');
    expect(fake.requests[0].authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
  });

  it('caches per run: the same number is asked once', async () => {
    fake = await startFakeTwilio([{ status: 200, body: 'lookup-v2-line-type-bandwidth' }]);
    const { c } = client(fake.baseUrl);
    const [a, b] = await Promise.all([c.lookup('+14159929960'), c.lookup('+14159929960')]);
    const again = await c.lookup('+14159929960');
    expect(a).toEqual({ provider: 'twilio', lineType: 'nonFixedVoip', name: 'Bandwidth/13 - Bandwidth.com - SVR' });
    expect(b).toBe(a);
    expect(again).toBe(a);
    expect(fake.requests).toHaveLength(1);
  });

  it('429 with Retry-After: waits what the header says, then succeeds', async () => {
    fake = await startFakeTwilio([
      { status: 429, body: 'error-429-too-many-requests', headers: { 'retry-after': '2' } },
      { status: 200, body: 'lookup-v2-line-type-nonfixedvoip' },
    ]);
    const { c, sleeps } = client(fake.baseUrl);
    expect((await c.lookup('+14159929960')).lineType).toBe('nonFixedVoip');
    expect(sleeps).toEqual([2000]);
    expect(fake.requests).toHaveLength(2);
  });

  it('429 with a Retry-After beyond the limit gives up at once with a clear error', async () => {
    fake = await startFakeTwilio([{ status: 429, body: 'error-429-too-many-requests', headers: { 'retry-after': '3600' } }]);
    const { c, sleeps } = client(fake.baseUrl);
    const r = await c.lookup('+14159929960');
    expect(r.error).toMatch(/HTTP 429, Twilio error 20429: Too Many Requests; Retry-After 3600 s exceeds the 5 s limit/);
    expect(sleeps).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('500 then success: retried with exponential backoff', async () => {
    fake = await startFakeTwilio([
      { status: 500, body: 'error-500-internal' },
      { status: 503, body: 'error-500-internal' },
      { status: 200, body: 'lookup-v2-line-type-nonfixedvoip' },
    ]);
    const { c, sleeps } = client(fake.baseUrl);
    expect((await c.lookup('+14159929960')).lineType).toBe('nonFixedVoip');
    expect(sleeps).toEqual([5, 10]);
    expect(fake.requests).toHaveLength(3);
  });

  it('5xx every time: bounded by maxRetries, then an error result', async () => {
    fake = await startFakeTwilio([{ status: 500, body: 'error-500-internal' }]);
    const { c } = client(fake.baseUrl, { maxRetries: 2 });
    const r = await c.lookup('+14159929960');
    expect(r).toEqual({ provider: 'twilio', error: 'Twilio Lookup HTTP 500, Twilio error 20500: An internal server error has occurred; gave up after 3 attempts' });
    expect(fake.requests).toHaveLength(3);
  });

  it('401 (bad token): a clear error naming the env var, never the token, not retried', async () => {
    fake = await startFakeTwilio([{ status: 401, body: 'error-401-authenticate' }]);
    const { c } = client(fake.baseUrl);
    const r = await c.lookup('+14159929960');
    expect(r.error).toBe(
      'Twilio Lookup rejected the credentials (HTTP 401, Twilio error 20003: Authenticate): check vetting.phoneLookup.accountSid and the auth token in $TWILIO_AUTH_TOKEN',
    );
    expect(JSON.stringify(r)).not.toContain(TOKEN);
    expect(JSON.stringify(r)).not.toContain(Buffer.from(`${SID}:${TOKEN}`).toString('base64'));
    expect(fake.requests).toHaveLength(1);
  });

  it('a server that echoes the token into its error message gets it scrubbed', async () => {
    fake = await startFakeTwilio([{ status: 400, body: JSON.stringify({ code: 21211, message: `bad request for ${TOKEN}`, status: 400 }) }]);
    const { c } = client(fake.baseUrl);
    const r = await c.lookup('+14159929960');
    expect(r.error).toContain('***');
    expect(r.error).not.toContain(TOKEN);
  });

  it('404 (number unknown) and 200 valid:false (invalid number) are error results', async () => {
    fake = await startFakeTwilio((req) =>
      req.url?.includes('%2B141599299600') || req.url?.includes('+141599299600')
        ? { status: 200, body: 'lookup-v2-invalid' }
        : { status: 404, body: 'error-404-not-found' });
    const { c } = client(fake.baseUrl);
    expect((await c.lookup('+14155550000')).error).toBe(
      'Twilio Lookup does not know this number (HTTP 404, Twilio error 20404: The requested resource /PhoneNumbers/+141599299600 was not found)',
    );
    expect((await c.lookup('+141599299600')).error).toBe('Twilio says the number is not valid (TOO_LONG)');
  });

  it('timeout: an error result after timeoutMs, not a hang', async () => {
    fake = await startFakeTwilio([{ status: 200, body: 'lookup-v2-line-type-nonfixedvoip', delayMs: 3000 }]);
    const { c } = client(fake.baseUrl, { timeoutMs: 150 });
    const t0 = Date.now();
    const r = await c.lookup('+14159929960');
    expect(r).toEqual({ provider: 'twilio', error: 'Twilio Lookup timed out after 150 ms' });
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('connection refused: retried, then an error result', async () => {
    fake = await startFakeTwilio([{ status: 200 }]);
    const url = fake.baseUrl;
    await fake.close();
    fake = undefined;
    const { c, sleeps } = client(url, { maxRetries: 1 });
    const r = await c.lookup('+14159929960');
    expect(r.error).toMatch(/^Twilio Lookup connection failed .*gave up after 2 attempts$/);
    expect(sleeps).toEqual([5]);
  });

  it('a non-E.164 argument makes no call', async () => {
    fake = await startFakeTwilio([{ status: 200, body: 'lookup-v2-line-type-nonfixedvoip' }]);
    const { c } = client(fake.baseUrl);
    expect((await c.lookup('415 992 9960')).error).toMatch(/not an E.164 number/);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('carrierLookupFromConfig', () => {
  const base = VettingConfig.parse({}).phoneLookup;
  it('provider none (the default) gives no lookup: no call can happen', () => {
    expect(base.provider).toBe('none');
    expect(carrierLookupFromConfig(base, { TWILIO_AUTH_TOKEN: TOKEN })).toBeUndefined();
  });

  it('twilio without the token in the environment: every answer is the configuration error', async () => {
    const l = carrierLookupFromConfig({ ...base, provider: 'twilio', accountSid: SID }, {})!;
    expect(await l.lookup('+14159929960')).toEqual({ provider: 'twilio', error: 'Twilio Lookup not configured: the auth token environment variable TWILIO_AUTH_TOKEN is not set' });
    const noSid = carrierLookupFromConfig({ ...base, provider: 'twilio' }, { TWILIO_AUTH_TOKEN: TOKEN })!;
    expect((await noSid.lookup('+14159929960')).error).toMatch(/accountSid is not set/);
  });

  it('twilio with the token from the named env var talks to baseUrl', async () => {
    fake = await startFakeTwilio([{ status: 200, body: 'lookup-v2-line-type-nonfixedvoip' }]);
    const l = carrierLookupFromConfig({ ...base, provider: 'twilio', accountSid: SID, baseUrl: fake.baseUrl, authTokenEnv: 'MY_TWILIO' }, { MY_TWILIO: TOKEN })!;
    expect((await l.lookup('+14159929960')).lineType).toBe('nonFixedVoip');
    expect(fake.requests[0].authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('7', 0)).toBe(7000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:50 GMT'))).toBe(10_000);
    expect(retryAfterMs('soon', 0)).toBeUndefined();
    expect(retryAfterMs(null, 0)).toBeUndefined();
  });
});
