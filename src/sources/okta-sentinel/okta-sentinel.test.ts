import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { oktaClText, samplePath } from '../../../test/samples.ts';
import { readInputFile } from '../reader.ts';
import { NormalizedEvent } from '../../core/model.ts';
import { oktaSystemLog } from '../okta-systemlog/format.ts';
import { oktaSentinel } from './format.ts';

type Rec = Record<string, unknown>;
const OKTA_CL = samplePath('okta/Okta_CL.json.gz');
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const rows = JSON.parse(oktaClText()) as Rec[];
const sample = JSON.parse(readFileSync(fixture('okta_cl-sample.json'), 'utf8')) as Rec[];
const [signin, failedUnknown, systemImport, challenge, sso] = sample;

function parseOk(rec: unknown): NormalizedEvent {
  const out = oktaSentinel.parse(rec, { file: 'test', index: 0 });
  if (!out.ok) throw new Error(`rejected: ${out.field}: ${out.message}`);
  return NormalizedEvent.parse(out.items[0]);
}
function parseErr(rec: unknown): { field: string; message: string } {
  const out = oktaSentinel.parse(rec, { file: 'test', index: 0 });
  if (out.ok) throw new Error('expected a rejection');
  return { field: out.field, message: out.message };
}

describe('okta-sentinel: the whole Okta_CL sample (593 events)', () => {
  const outs = rows.map((r, index) => oktaSentinel.parse(r, { file: OKTA_CL, index }));
  const events = outs.flatMap((o) => (o.ok ? o.items : []));

  it('sniffs, accepts all 593 and rejects none', () => {
    expect(rows).toHaveLength(593);
    expect(rows.every((r) => oktaSentinel.sniff(r, 'json-array'))).toBe(true);
    expect(outs.filter((o) => !o.ok)).toEqual([]);
    expect(events).toHaveLength(593);
    for (const ev of events) NormalizedEvent.parse(ev);
  });

  it('kind signin exactly for user.session.start SUCCESS rows', () => {
    const expected = rows.filter((r) => r.eventType === 'user.session.start' && r.outcome_result === 'SUCCESS').length;
    expect(expected).toBe(12);
    expect(events.filter((e) => e.kind === 'signin')).toHaveLength(expected);
    const failures = rows.filter((r) => r.eventType === 'user.session.start' && r.outcome_result === 'FAILURE').length;
    expect(events.filter((e) => e.type === 'user.session.start' && e.kind === 'audit' && e.outcome === 'failure')).toHaveLength(failures);
  });

  it('ids are okta:${uuid_g}; re-ingested rows (same uuid, new TimeGenerated) share an id', () => {
    const uuids = new Set(rows.map((r) => r.uuid_g));
    expect(new Set(events.map((e) => e.id))).toEqual(new Set([...uuids].map((u) => `okta:${u}`)));
    expect(uuids.size).toBe(308);
  });

  it('never uses the placeholder actor id "unknown" as an identifier', () => {
    const unknown = rows.filter((r) => r.actor_id === 'unknown').length;
    expect(unknown).toBe(32);
    expect(events.some((e) => e.actor.ids.some((i) => i.value === 'unknown'))).toBe(false);
  });

  it('is not mistaken for the API format', () => {
    expect(rows.some((r) => oktaSystemLog.sniff(r, 'json-array'))).toBe(false);
  });
});

describe('okta-sentinel: values of real rows', () => {
  it('a successful sign-in: typed columns read, "FALSE" and numeric strings converted', () => {
    const ev = parseOk(signin);
    expect(ev).toMatchObject({
      id: 'okta:861b0c10-9f9e-11ea-8f4c-b9fe37b9e5fa',
      source: 'okta-sentinel',
      kind: 'signin',
      type: 'user.session.start',
      outcome: 'success',
      time: Date.UTC(2020, 4, 26, 22, 16, 19, 179),
      ip: '65.65.65.65',
      deviceId: 'ade03304-2eb2-3b2f-d57e-5cfe92c81793',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:76.0) Gecko/20100101 Firefox/76.0',
      actor: { ids: [{ kind: 'oktaId', value: '00urjk4znu3BcncfY0h7' }, { kind: 'email', value: 'user100@abccompany.com' }], displayName: 'user 100' },
      vendorGeo: { country: 'US', region: 'California', city: 'Los Angeles', postalCode: '90015', lat: 34.047, lon: -118.275, source: 'vendor' },
      vendorNet: { asn: 10993, org: 'aerioconnect', isp: 'aerioconnect', isProxy: false },
      vendorRisk: { suspicious: false },
    });
  });

  it('a failed sign-in of an unknown name: audit, failure, reason, identified by the typed name', () => {
    const ev = parseOk(failedUnknown);
    expect(ev).toMatchObject({ kind: 'audit', outcome: 'failure', reason: 'VERIFICATION_ERROR', ip: '68.68.68.68', deviceId: undefined });
    expect(ev.actor).toEqual({ ids: [{ kind: 'email', value: 'user88@abccompany.com' }], displayName: undefined });
  });

  it('a SystemPrincipal job: only its id; "null" cells are absent; the AppInstance target is the app', () => {
    const ev = parseOk(systemImport);
    expect(ev.actor.ids).toEqual([{ kind: 'oktaId', value: '0001dzveh5TJUJSDFZWJ' }]);
    expect(ev).toMatchObject({ kind: 'audit', outcome: 'success', app: 'Active Directory', ip: undefined, vendorGeo: undefined, vendorNet: undefined });
  });

  it('CHALLENGE maps to challenge; request_ipChain "[]" and an empty client leave no IP', () => {
    const ev = parseOk(challenge);
    expect(ev).toMatchObject({ outcome: 'challenge', ip: undefined, vendorNet: { asn: 10993 } });
  });

  it('the IP comes from request_ipChain (JSON text) when client_ipAddress is empty', () => {
    expect(typeof sso.request_ipChain).toBe('string');
    const rec = { ...sso, client_ipAddress: '' };
    expect(parseOk(rec).ip).toBe((JSON.parse(sso.request_ipChain as string) as Rec[])[0].ip);
  });

  it('the same LogEvent from the API and from Sentinel normalise to the same event (but for source/origin)', () => {
    // Rebuild the API LogEvent the Okta_CL row was flattened from (the connector's flattening, inverted).
    const r = signin as Record<string, string>;
    const api = {
      uuid: r.uuid_g,
      published: r.published_t,
      eventType: r.eventType,
      outcome: { result: r.outcome_result, reason: null },
      actor: { id: r.actor_id, type: r.actor_type, alternateId: r.actor_alternateId, displayName: r.actor_displayName },
      client: {
        ipAddress: r.client_ipAddress,
        userAgent: { rawUserAgent: r.client_userAgent_rawUserAgent, os: r.client_userAgent_os, browser: r.client_userAgent_browser },
        geographicalContext: {
          city: r.client_geographicalContext_city,
          state: r.client_geographicalContext_state,
          country: r.client_geographicalContext_country,
          postalCode: r.client_geographicalContext_postalCode,
          geolocation: { lat: Number(r.client_geographicalContext_geolocation_lat_d), lon: Number(r.client_geographicalContext_geolocation_lon_d) },
        },
      },
      securityContext: { asNumber: Number(r.securityContext_asNumber_d), asOrg: r.securityContext_asOrg, isp: r.securityContext_isp, domain: r.securityContext_domain, isProxy: false },
      debugContext: { debugData: { deviceFingerprint: r.debugContext_debugData_deviceFingerprint_g, threatSuspected: 'false' } },
      request: JSON.parse(r.request_ipChain) as unknown[],
      target: null,
    };
    const a = oktaSystemLog.parse(api, { file: 'x' });
    const b = oktaSentinel.parse(signin, { file: 'x' });
    if (!a.ok || !b.ok) throw new Error('both must parse');
    expect({ ...a.items[0], source: '', origin: undefined }).toEqual({ ...b.items[0], source: '', origin: undefined });
  });
});

describe('okta-sentinel: rejections name the column', () => {
  it('missing uuid_g / published_t / actor_id / eventType', () => {
    expect(parseErr({ ...signin, uuid_g: '' })).toEqual({ field: 'uuid_g', message: 'missing uuid_g' });
    expect(parseErr({ ...signin, published_t: 'null', actor_id: '' })).toEqual({ field: 'published_t', message: 'missing published_t (also missing: actor_id)' });
    expect(parseErr({ ...signin, eventType: undefined }).field).toBe('eventType');
  });

  it('a published_t that is no timestamp, an actor with nothing to identify it, non-objects', () => {
    expect(parseErr({ ...signin, published_t: '5/26/2020 10:15 PM' }).field).toBe('published_t');
    expect(parseErr({ ...failedUnknown, actor_alternateId: 'unknown' }).field).toBe('actor_id');
    expect(parseErr('row').field).toBe('(record)');
  });

  it('sniff needs the Okta_CL columns', () => {
    expect(oktaSentinel.sniff({ eventType: 'user.session.start', uuid: 'x', published: '2020-01-01T00:00:00Z' }, 'json-array')).toBe(false);
    expect(oktaSentinel.sniff({ uuid_g: 'x' }, 'json-array')).toBe(false);
    expect(parseOk(JSON.parse(oktaSentinel.example)).kind).toBe('signin');
  });
});

describe('okta-sentinel through the reader', () => {
  it('the whole Okta_CL.json sample: detected as okta-sentinel, 593 of 593 accepted', async () => {
    const events: NormalizedEvent[] = [];
    const s = await readInputFile(OKTA_CL, { event: (e) => events.push(e), directory: () => expect.fail('no directory entries') });
    expect(s).toMatchObject({ format: 'okta-sentinel', records: 593, accepted: 593, rejected: 0, errors: [] });
    expect(events.filter((e) => e.kind === 'signin')).toHaveLength(12);
    expect(events[7].origin).toMatchObject({ file: OKTA_CL, index: 7 });
  });

  it('the fixture rows', async () => {
    const s = await readInputFile(fixture('okta_cl-sample.json'), { event: () => {}, directory: () => {} });
    expect(s).toMatchObject({ format: 'okta-sentinel', records: 5, accepted: 5, rejected: 0 });
  });
});
