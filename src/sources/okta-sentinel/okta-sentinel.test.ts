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
  if (out.ok !== true) throw new Error(out.ok === false ? `rejected: ${out.field}: ${out.message}` : `ignored: ${out.reason}`);
  return NormalizedEvent.parse(out.items[0]);
}
function parseErr(rec: unknown): { field: string; message: string } {
  const out = oktaSentinel.parse(rec, { file: 'test', index: 0 });
  if (out.ok !== false) throw new Error('expected a rejection');
  return { field: out.field, message: out.message };
}

describe('okta-sentinel: the whole Okta_CL sample (593 rows)', () => {
  const outs = rows.map((r, index) => oktaSentinel.parse(r, { file: OKTA_CL, index }));
  const events = outs.flatMap((o) => (o.ok === true ? o.items : []));

  it('sniffs all 593, rejects none, ignores the 361 SystemPrincipal jobs, gives 232 user events', () => {
    expect(rows).toHaveLength(593);
    expect(rows.every((r) => oktaSentinel.sniff(r, 'json-array'))).toBe(true);
    expect(outs.filter((o) => o.ok === false)).toEqual([]);
    const ignored = outs.filter((o) => o.ok === 'ignored');
    expect(ignored).toHaveLength(361);
    expect(ignored.every((o) => o.ok === 'ignored' && o.reason === 'not about a person: Okta SystemPrincipal')).toBe(true);
    expect(rows.filter((r) => r.actor_type === 'SystemPrincipal')).toHaveLength(361);
    expect(events).toHaveLength(232);
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
    expect(uuids.size).toBe(308);
    const userUuids = new Set(rows.filter((r) => r.actor_type === 'User').map((r) => r.uuid_g));
    expect(new Set(events.map((e) => e.id))).toEqual(new Set([...userUuids].map((u) => `okta:${u}`)));
    expect(userUuids.size).toBe(126);
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

  it('a SystemPrincipal job is valid but about no person: ignored with the reason', () => {
    expect(systemImport.actor_type).toBe('SystemPrincipal');
    expect(oktaSentinel.parse(systemImport, { file: 'test' })).toEqual({ ok: 'ignored', reason: 'not about a person: Okta SystemPrincipal' });
  });

  it('"null" cells are absent; the AppInstance target is the app', () => {
    const ev = parseOk({ ...systemImport, actor_type: 'User', actor_alternateId: 'admin@abccompany.com' });
    expect(ev.actor.ids).toEqual([{ kind: 'oktaId', value: '0001dzveh5TJUJSDFZWJ' }, { kind: 'email', value: 'admin@abccompany.com' }]);
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
    if (a.ok !== true || b.ok !== true) throw new Error('both must parse');
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
  it('the whole Okta_CL.json sample: 593 rows = 126 accepted + 361 SystemPrincipal + 106 repeated uuids, 0 rejected', async () => {
    const path = samplePath('okta/Okta_CL.json.gz'); // the reader unpacks gzip by its magic bytes
    const events: NormalizedEvent[] = [];
    const seen = new Set<string>(); // the pipeline's seen-set, as add() keeps it
    const sink = {
      event: (e: NormalizedEvent) => {
        if (seen.has(e.id)) return false;
        seen.add(e.id);
        events.push(e);
        return true;
      },
      directory: () => expect.fail('no directory entries'),
    };
    const s = await readInputFile(path, sink);
    expect(s).toEqual({
      path,
      format: 'okta-sentinel',
      records: 593,
      accepted: 126,
      ignored: 467,
      ignoredReasons: { 'not about a person: Okta SystemPrincipal': 361, 'duplicate event id': 106 },
      rejected: 0,
      errors: [],
    });
    expect(s.accepted + s.ignored + s.rejected).toBe(s.records);
    expect(events).toHaveLength(126);
    const signinUuids = new Set(rows.filter((r) => r.eventType === 'user.session.start' && r.outcome_result === 'SUCCESS').map((r) => r.uuid_g));
    expect(signinUuids.size).toBe(4); // the 12 successful sign-in rows hold 4 sign-ins, re-ingested
    expect(events.filter((e) => e.kind === 'signin')).toHaveLength(4);
    expect(events.every((e) => typeof e.origin?.index === 'number')).toBe(true);
  });

  it('the fixture rows: 4 accepted, the SystemPrincipal row ignored', async () => {
    const s = await readInputFile(fixture('okta_cl-sample.json'), { event: () => {}, directory: () => {} });
    expect(s).toMatchObject({ format: 'okta-sentinel', records: 5, accepted: 4, ignored: 1, rejected: 0 });
  });
});
