import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { oktaClText, pantherTestsText, samplePath } from '../../../test/samples.ts';
import { readInputFile, readInputText } from '../reader.ts';
import { NormalizedEvent } from '../../core/model.ts';
import { oktaSystemLog } from './format.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const PANTHER = samplePath('panther/panther_tests_extracted.jsonl.gz');

type Rec = Record<string, unknown>;
const ndjson = (path: string): Rec[] =>
  readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Rec);
const pantherTests = (): Rec[] =>
  pantherTestsText().split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Rec);

function parseOk(rec: unknown): NormalizedEvent {
  const out = oktaSystemLog.parse(rec, { file: 'test', index: 0 });
  if (out.ok !== true) throw new Error(out.ok === false ? `rejected: ${out.field}: ${out.message}` : `ignored: ${out.reason}`);
  expect(out.items).toHaveLength(1);
  return NormalizedEvent.parse(out.items[0]); // the contract's own schema
}
function parseErr(rec: unknown): { field: string; message: string } {
  const out = oktaSystemLog.parse(rec, { file: 'test', index: 0 });
  if (out.ok !== false) throw new Error('expected a rejection');
  return { field: out.field, message: out.message };
}

// The Panther fixture lines, by position (see README).
const panther = ndjson(fixture('panther-okta.ndjson'));
const [success, failed, proxyLower, behavior, threatDeny, publicClient, impossibleTravel, logoutStub, redacted] = panther;

describe('okta-systemlog parse: accepted records', () => {
  it('a successful user.session.start is a sign-in with every field mapped', () => {
    const ev = parseOk(success);
    expect(ev).toMatchObject({
      id: 'okta:aac560bd-f125-11ee-9caa-cd5d09945def',
      source: 'okta-systemlog',
      kind: 'signin',
      type: 'user.session.start',
      time: Date.UTC(2024, 3, 2, 19, 17, 37, 621), // "2024-04-02 19:17:37.621000000", no zone = UTC
      outcome: 'success',
      ip: '99.108.5.25',
      app: 'Okta Dashboard',
      actor: {
        ids: [
          { kind: 'oktaId', value: '00ubewfku1EX0WCFk697' },
          { kind: 'email', value: 'casey.hill@hey.com' },
        ],
        displayName: 'Casey Hill',
      },
      vendorGeo: { country: 'US', region: 'Georgia', city: 'Atlanta', postalCode: '30350', lat: 33.9794, lon: -84.3459, source: 'vendor' },
      vendorNet: { asn: 7018, org: 'at&t corp.', isp: 'att services inc', isProxy: false },
      vendorRisk: { suspicious: false }, // debugData.threatSuspected "false"
    });
    expect(ev.userAgent).toMatch(/^Mozilla\/5\.0 \(Macintosh;.*Chrome\/123/);
    expect(ev.origin).toEqual({ file: 'test', index: 0 });
  });

  it('a failed user.session.start is audit with outcome failure and the reason kept', () => {
    const ev = parseOk(failed);
    expect(ev.kind).toBe('audit');
    expect(ev.outcome).toBe('failure');
    expect(ev.reason).toBe((failed.outcome as Rec).reason);
  });

  it('reads lower-case top-level keys and a zone-less published as UTC', () => {
    expect(proxyLower.eventtype).toBe('user.session.start'); // the record really is lower-case
    const ev = parseOk(proxyLower);
    expect(ev.type).toBe('user.session.start');
    expect(ev.time).toBe(Date.UTC(2022, 5, 22, 18, 18, 29, 15));
    expect(ev.vendorNet).toEqual({ asn: 701, org: 'verizon', isp: 'verizon', isProxy: true });
    expect(ev.vendorGeo).toMatchObject({ country: 'US', region: 'Ohio', city: 'Springfield' });
    expect(ev.kind).toBe('audit'); // FAILURE
    expect(ev.reason).toBe('FastPass declined phishing attempt');
  });

  it("keeps Okta's behaviour verdict from logOnlySecurityData and maps CHALLENGE", () => {
    const ev = parseOk(behavior);
    expect(ev.outcome).toBe('challenge');
    expect(ev.vendorRisk).toEqual({ level: 'LOW', types: ['New Device', 'New IP'], suspicious: undefined });
  });

  it('reads the Java-map strings debugData.risk and debugData.behaviors too', () => {
    const rec = structuredClone(success);
    const dd = (rec.debugContext as Rec).debugData as Rec;
    Object.assign(dd, { risk: '{reasons=Anomalous Device, level=MEDIUM}', behaviors: '{New Geo-Location=NEGATIVE, New Device=POSITIVE, New IP=POSITIVE, Velocity=NEGATIVE}' });
    expect(parseOk(rec).vendorRisk).toEqual({ level: 'MEDIUM', types: ['New Device', 'New IP'], suspicious: false });
    dd.behaviors = '{New Geo-Location=NEGATIVE, New Device=NEGATIVE}';
    expect(parseOk(rec).vendorRisk?.types).toBeUndefined();
  });

  it('a non-user actor (IP address) is identified by its id only; DENY is a failure', () => {
    const ev = parseOk(threatDeny);
    expect((threatDeny.actor as Rec).type).toBe('IP address');
    expect(ev.actor.ids).toEqual([{ kind: 'oktaId', value: '1.2.3.4' }]);
    expect(ev.outcome).toBe('failure');
    expect(ev.type).toBe('security.threat.detected');
  });

  it('an app principal (PublicClientApp) keeps only its id, not its client id alternateId', () => {
    const ev = parseOk(publicClient);
    expect(ev.actor.ids).toEqual([{ kind: 'oktaId', value: 'okta.1234.' }]);
  });

  it('ignores Panther p_* keys (p_enrichment is Panther’s geo, not Okta’s) and empty contexts', () => {
    expect(impossibleTravel.p_enrichment).toBeDefined();
    const ev = parseOk(impossibleTravel);
    expect(ev.kind).toBe('signin');
    expect(ev.vendorGeo).toBeUndefined();
    expect(ev.vendorNet).toBeUndefined();
    expect(ev.ip).toBe('12.12.12.12');
  });

  it('the Okta developer docs example: device.id is the device id, a user alternateId is an e-mail', () => {
    const [docs] = JSON.parse(readFileSync(fixture('api-logs-page.json'), 'utf8')) as Rec[];
    const ev = parseOk(docs);
    expect(ev).toMatchObject({ id: 'okta:f790999f-fe87-467a-9880-6982a583986c', kind: 'signin', deviceId: 'guob5wtu7rBggkg9G1d7', ip: '12.97.85.90' });
    expect(ev.actor.ids).toContainEqual({ kind: 'email', value: 'admin@example.com' });
    expect(ev.time).toBe(Date.parse('2017-09-30T22:23:07.777Z'));
  });

  it('a login name that is not an e-mail becomes a upn identifier', () => {
    const rec = structuredClone(success);
    (rec.actor as Rec).alternateId = 'chill';
    expect(parseOk(rec).actor.ids[1]).toEqual({ kind: 'upn', value: 'chill' });
  });

  it('Okta’s placeholder actor id "unknown" (failed sign-in of an unknown name) is not an identifier', () => {
    const rec = structuredClone(failed);
    Object.assign(rec.actor as Rec, { id: 'unknown', alternateId: 'user88@abccompany.com', displayName: 'unknown' });
    const ev = parseOk(rec);
    expect(ev.actor).toEqual({ ids: [{ kind: 'email', value: 'user88@abccompany.com' }], displayName: undefined });
    (rec.actor as Rec).alternateId = 'unknown';
    expect(parseErr(rec).field).toBe('actor.id');
  });

  it('null contexts (as the API writes them for a bare sign-in) are absent, not errors', () => {
    const rec = structuredClone(success);
    (rec.client as Rec).geographicalContext = null;
    rec.securityContext = { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null };
    rec.debugContext = { debugData: { deviceFingerprint: 'fp-1', threatSuspected: null } };
    rec.device = null;
    rec.target = null;
    rec.outcome = { result: 'SUCCESS', reason: null };
    const ev = parseOk(rec);
    expect(ev).toMatchObject({ kind: 'signin', deviceId: 'fp-1', vendorGeo: undefined, vendorNet: undefined, vendorRisk: undefined, app: undefined, reason: undefined });
  });

  it('an IP from request.ipChain when client.ipAddress is absent; a non-IP is dropped', () => {
    const rec = structuredClone(success);
    delete (rec.client as Rec).ipAddress;
    expect(parseOk(rec).ip).toBe('99.108.5.25');
    (rec.client as Rec).ipAddress = 'unknown';
    (rec.request as Rec).ipChain = [];
    expect(parseOk(rec).ip).toBeUndefined();
  });
});

describe('okta-systemlog parse: rejections name the field', () => {
  it('the Okta docs example itself has a date that does not exist (September 31)', () => {
    const docs = JSON.parse(readFileSync(fixture('okta-docs-logevent.json'), 'utf8')) as Rec;
    const err = parseErr(docs);
    expect(err.field).toBe('published');
    expect(err.message).toContain('2017-09-31T22:23:07.777Z');
  });

  it('Panther’s stub {"eventType":"logout"} is missing uuid, published and actor', () => {
    expect(Object.keys(logoutStub).filter((k) => !k.startsWith('p_'))).toEqual(['eventType']);
    expect(parseErr(logoutStub)).toEqual({ field: 'uuid', message: 'missing uuid (also missing: published, actor)' });
  });

  it('a "redacted" published is not a timestamp', () => {
    expect(parseErr(redacted)).toMatchObject({ field: 'published' });
  });

  it('missing actor, actor without id, wrong types, non-objects', () => {
    const noActor = structuredClone(success);
    delete noActor.actor;
    expect(parseErr(noActor)).toEqual({ field: 'actor', message: 'missing actor' });
    const noId = structuredClone(success);
    delete (noId.actor as Rec).id;
    expect(parseErr(noId).field).toBe('actor.id');
    const numUuid = { ...success, uuid: 42 };
    expect(parseErr(numUuid)).toEqual({ field: 'uuid', message: 'expected a string, got number' });
    expect(parseErr([success]).field).toBe('(record)');
    expect(parseErr({}).field).toBe('eventType');
  });
});

describe('okta-systemlog against every Okta log in Panther’s rule tests', () => {
  const logs = pantherTests()
    .filter((r) => String(r.RuleID).startsWith('Okta.') || (r.Log as Rec).p_log_type === 'Okta.SystemLog')
    .map((r) => r.Log as Rec);

  it('finds 88 Okta logs and sniffs every one as this format', () => {
    expect(logs).toHaveLength(88);
    expect(logs.filter((l) => !oktaSystemLog.sniff(l, 'ndjson'))).toEqual([]);
  });

  it('accepts 65, rejects 23 (13 without uuid, 8 without a usable published, 2 without eventType)', () => {
    const outs = logs.map((l, index) => ({ l, out: oktaSystemLog.parse(l, { file: PANTHER, index }) }));
    const rejected = outs.filter((o) => o.out.ok === false);
    const byField: Record<string, number> = {};
    for (const { l, out } of rejected) {
      if (out.ok !== false) continue;
      byField[out.field] = (byField[out.field] ?? 0) + 1;
      // every rejection is real: the named field is absent, or (published) not a real timestamp
      const v = out.field === 'eventType' ? (l.eventType ?? l.eventtype) : l[out.field];
      if (out.field === 'published' && typeof v === 'string') expect(Number.isNaN(Date.parse(v))).toBe(true);
      else expect(v).toBeUndefined();
    }
    expect(byField).toEqual({ uuid: 13, published: 8, eventType: 2 });
    expect(outs.length - rejected.length).toBe(65);
  });

  it('counts as sign-ins exactly the accepted user.session.start SUCCESS events', () => {
    let signins = 0;
    let expected = 0;
    for (const l of logs) {
      const out = oktaSystemLog.parse(l, { file: PANTHER });
      if (out.ok !== true) continue;
      const et = l.eventType ?? l.eventtype;
      if (et === 'user.session.start' && (l.outcome as Rec | undefined)?.result === 'SUCCESS') expected++;
      for (const ev of out.items) if (ev.kind === 'signin') signins++;
    }
    expect(expected).toBeGreaterThan(0);
    expect(signins).toBe(expected);
  });
});

describe('okta-systemlog sniff', () => {
  it('does not claim Sentinel Okta_CL rows or non-objects', () => {
    const cl = JSON.parse(oktaClText()) as Rec[];
    expect(cl.filter((r) => oktaSystemLog.sniff(r, 'json-array'))).toHaveLength(0);
    expect(oktaSystemLog.sniff('user.session.start', 'ndjson')).toBe(false);
    expect(oktaSystemLog.sniff([success], 'json-array')).toBe(false);
  });

  it('claims the API page records and its own example', () => {
    const page = JSON.parse(readFileSync(fixture('api-logs-page.json'), 'utf8')) as Rec[];
    expect(page.every((r) => oktaSystemLog.sniff(r, 'json-array'))).toBe(true);
    expect(parseOk(JSON.parse(oktaSystemLog.example)).kind).toBe('signin');
  });
});

function collector(): { events: NormalizedEvent[]; event(e: NormalizedEvent): void; directory(): void } {
  const events: NormalizedEvent[] = [];
  return {
    events,
    event: (e) => void events.push(e),
    directory: () => {
      throw new Error('an event format must not produce directory entries');
    },
  };
}

describe('okta-systemlog through the reader', () => {
  it('NDJSON fixture: detected, 7 accepted, the stub (line 8) and the redacted one (line 9) rejected', async () => {
    const sink = collector();
    const s = await readInputFile(fixture('panther-okta.ndjson'), sink);
    expect(s).toMatchObject({ format: 'okta-systemlog', records: 9, accepted: 7, rejected: 2 });
    expect(s.errors.map((e) => [e.line, e.field])).toEqual([[8, 'uuid'], [9, 'published']]);
    expect(s.errors[0].raw).toContain('"eventType":"logout"');
    expect(sink.events).toHaveLength(7);
    expect(sink.events[0].origin).toEqual({ file: fixture('panther-okta.ndjson'), line: 1, index: undefined });
  });

  it('an API page (JSON array) and the docs example (one object, impossible date)', async () => {
    const sink = collector();
    const page = await readInputFile(fixture('api-logs-page.json'), sink);
    expect(page).toMatchObject({ format: 'okta-systemlog', records: 3, accepted: 3, rejected: 0 });
    expect(sink.events.map((e) => e.origin?.index)).toEqual([0, 1, 2]);
    const one = await readInputFile(fixture('okta-docs-logevent.json'), collector());
    expect(one).toMatchObject({ format: 'okta-systemlog', records: 1, accepted: 0, rejected: 1 });
    expect(one.errors[0].field).toBe('published');
  });

  it('all 88 Panther Okta logs as one NDJSON text: 65 accepted, 23 rejected with line numbers', () => {
    const text = pantherTests()
      .filter((r) => String(r.RuleID).startsWith('Okta.') || (r.Log as Rec).p_log_type === 'Okta.SystemLog')
      .map((r) => JSON.stringify(r.Log))
      .join('\n');
    const sink = collector();
    const s = readInputText('panther-okta.ndjson', text, sink);
    expect(s).toMatchObject({ format: 'okta-systemlog', records: 88, accepted: 65, rejected: 23 });
    expect(s.errors.every((e) => typeof e.line === 'number' && e.line >= 1 && e.line <= 88)).toBe(true);
    expect(sink.events).toHaveLength(65);
  });
});
