import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedEvent } from '../../core/model.ts';
import { entraSignin } from './format.ts';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const page = JSON.parse(fixture('graph-signins-page.json')) as { value: Record<string, unknown>[] };
const [docExample, adeleOk, adeleInterrupted] = page.value;
const origin = { file: 'graph-signins-page.json', index: 0 };

function parseOk(rec: unknown): NormalizedEvent {
  const out = entraSignin.parse(rec, origin);
  if (out.ok !== true) throw new Error(out.ok === false ? `rejected: ${out.field}: ${out.message}` : `ignored: ${out.reason}`);
  expect(out.items).toHaveLength(1);
  return NormalizedEvent.parse(out.items[0]); // the model's own schema accepts it
}

describe('entra-signin format', () => {
  it('sniffs Graph signIn records and nothing else', () => {
    for (const r of page.value) expect(entraSignin.sniff(r, 'json-page')).toBe(true);
    expect(entraSignin.sniff({ category: 'SignInLogs', time: 'x', properties: adeleOk }, 'ndjson')).toBe(false);
    expect(entraSignin.sniff({ kind: 'admin#reports#activity', id: { applicationName: 'login' } }, 'json-array')).toBe(false);
    expect(entraSignin.sniff({ UserPrincipalName: 'a', 'CreatedDateTime [UTC]': 'x', ResultType: '0' }, 'csv')).toBe(false);
    expect(entraSignin.sniff(null, 'ndjson')).toBe(false);
  });

  it('maps the Graph documentation example field by field', () => {
    const ev = parseOk(docExample);
    expect(ev).toMatchObject({
      id: 'entra:66ea54eb-6301-4ee5-be62-ff5a759b0100',
      source: 'entra-signin',
      kind: 'signin',
      type: 'Sign-in activity',
      time: Date.UTC(2020, 2, 13, 19, 15, 41, 619),
      outcome: 'success',
      ip: '131.107.159.37',
      app: 'Graph explorer',
      interactive: true,
      actor: {
        displayName: 'Test Contoso',
        ids: [
          { kind: 'upn', value: 'testaccount1@contoso.com' },
          { kind: 'entraId', value: '26be570a-ae82-4189-b4e2-a37c6808512d' },
        ],
      },
      vendorGeo: { source: 'vendor', country: 'US', region: 'Washington', city: 'Redmond', lat: 47.68050003051758, lon: -122.12094116210938 },
      vendorRisk: { level: 'none', state: 'none' },
      origin,
    });
    expect(ev.deviceId).toBeUndefined(); // deviceDetail.deviceId is ""
    expect(ev.reason).toBeUndefined();
  });

  it('keeps a success and an interrupted sign-in apart (50058 → audit/failure with the reason)', () => {
    const ok = parseOk(adeleOk);
    expect(ok).toMatchObject({ kind: 'signin', outcome: 'success', ip: '175.45.176.99', userAgent: expect.stringContaining('Edg/90.0.818.49') });
    expect(ok.vendorGeo).toEqual({ source: 'vendor', country: 'IL', region: 'Tel Aviv', city: 'Azor', lat: 32.02956008911133, lon: 34.79964828491211 });
    const bad = parseOk(adeleInterrupted);
    expect(bad.kind).toBe('audit');
    expect(bad.outcome).toBe('failure');
    expect(bad.reason).toMatch(/^50058: The application tried to perform a silent sign in/);
    expect(bad.id).toBe('entra:dffdd8fc-a142-4ddd-8ced-0192613f6901');
  });

  it('takes the higher risk level and the v2 risk types', () => {
    const ev = parseOk({ ...docExample, riskLevelDuringSignIn: 'low', riskLevelAggregated: 'high', riskState: 'atRisk', riskEventTypes: ['unlikelyTravel'], riskEventTypes_v2: ['anonymizedIPAddress'] });
    expect(ev.vendorRisk).toEqual({ level: 'high', state: 'atRisk', types: ['anonymizedIPAddress'] });
    const ev2 = parseOk({ ...docExample, riskLevelDuringSignIn: 'hidden', riskLevelAggregated: 'medium', riskEventTypes_v2: [], riskEventTypes: ['unlikelyTravel'] });
    expect(ev2.vendorRisk).toEqual({ level: 'medium', state: 'none', types: ['unlikelyTravel'] });
  });

  it('rejects with the exact field and reason', () => {
    const cases: [Record<string, unknown>, string, string | RegExp][] = [
      [{ ...docExample, createdDateTime: 'foo' }, 'createdDateTime', "not a date: 'foo'"],
      [{ ...docExample, createdDateTime: undefined }, 'createdDateTime', 'missing'],
      [{ ...docExample, userPrincipalName: undefined, userId: '' }, 'userPrincipalName', 'missing (no userPrincipalName or userId)'],
      [{ ...docExample, userPrincipalName: 42 }, 'userPrincipalName', 'not a string: 42'],
      [{ ...docExample, status: { errorCode: 'abc' } }, 'status.errorCode', 'not a number: "abc"'],
      [{ ...docExample, ipAddress: ['1.2.3.4'] }, 'ipAddress', 'not a string: ["1.2.3.4"]'],
    ];
    for (const [rec, field, message] of cases) {
      const out = entraSignin.parse(rec, origin);
      expect(out.ok, field).toBe(false);
      if (out.ok !== false) continue;
      expect(out.field).toBe(field);
      if (typeof message === 'string') expect(out.message).toBe(message);
      else expect(out.message).toMatch(message);
    }
    expect(entraSignin.parse([docExample], origin)).toEqual({ ok: false, field: '(record)', message: 'not a JSON object' });
  });

  it('ignores a service-principal sign-in (valid, about no person) instead of rejecting it', () => {
    const sp = { ...docExample, userPrincipalName: null, userId: null, servicePrincipalName: 'backup-job' };
    expect(entraSignin.parse(sp, origin)).toEqual({ ok: 'ignored', reason: 'not about a person: Entra service-principal sign-in' });
  });

  it('normalises the client IP (brackets, port, IPv4-mapped IPv6); drops a placeholder, rejects garbage naming the field', () => {
    expect(parseOk({ ...docExample, ipAddress: '::ffff:175.45.176.99' }).ip).toBe('175.45.176.99');
    expect(parseOk({ ...docExample, ipAddress: '2001:0DB8:0:0::1' }).ip).toBe('2001:db8::1');
    expect(parseOk({ ...docExample, ipAddress: 'unknown' }).ip).toBeUndefined();
    expect(entraSignin.parse({ ...docExample, ipAddress: '<img src=x>' }, origin)).toMatchObject({ ok: false, field: 'ipAddress' });
  });

  it('gives a record without id a stable content id, and no status an unknown outcome', () => {
    const { id: _drop, status: _s, ...rest } = docExample;
    const a = parseOk(rest);
    const b = parseOk(JSON.parse(JSON.stringify(rest)));
    expect(a.id).toMatch(/^entra:h[0-9a-f]{16}$/);
    expect(a.id).toBe(b.id);
    expect(a.kind).toBe('audit');
    expect(a.outcome).toBe('unknown');
  });
});
