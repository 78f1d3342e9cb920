// Exports built from real findings: the shared-infrastructure detector over SCIM users and Graph sign-ins (a laptop
// farm on one Comcast home line, a shared phone, a shared Gmail), stored in PGlite with their alerts. Checked: OCSF
// Detection Finding required fields (schema 1.3.0), pseudonymisation, CEF escaping of hostile strings, RFC 5424
// framing over UDP and TCP (octet counting) to listeners on loopback, STIX 2.1 validity with patterns read back by
// src/intel/stix-pattern.ts, CSV (RFC 4180 read back by csv-parse) and formula injection, and the API routes.
import { createSocket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsFor } from '../src/app/respond.ts';
import { alertToCef, cefHeader, cefValue, parseCef } from '../src/app/export/cef.ts';
import { runExport } from '../src/app/export/cli.ts';
import { csvCell } from '../src/app/export/csv.ts';
import { allAlerts, cefMessages, exportCsv, exportOcsf, exportStix, exportView } from '../src/app/export/index.ts';
import { SCO_NAMESPACE, uuidv5 } from '../src/app/export/stix.ts';
import { octetFrame, parseSyslogUrl, sendSyslog, syslogMessage } from '../src/app/export/syslog.ts';
import { createToken } from '../src/app/tokens.ts';
import { Config } from '../src/core/config.ts';
import type { Alert } from '../src/core/respond.ts';
import { detector } from '../src/detectors/shared-infrastructure/detector.ts';
import { days, IP, utc } from '../src/detectors/common/fixtures/net.ts';
import { parseStixPattern } from '../src/intel/stix-pattern.ts';
import { buildServer } from '../src/server/index.ts';
import { openPGliteStore } from '../src/store/pglite.ts';
import type { SqlStore } from '../src/store/sql-store.ts';
import { graphSignIn, runScenario, scimUser } from './testkit.ts';

const KEY = 'export-test-pseudonym-key';
const env = { SLEETWATCH_PSEUDONYM_KEY: KEY };
const config = Config.parse({ respond: { alertLevel: 'low' } }); // one detector's findings make people low
const FARM = [
  { upn: 'mark.d@contoso.com', displayName: '=HYPERLINK("http://evil.example","Mark D")', home: { locality: 'Austin', region: 'TX' } },
  { upn: 'lena.ro@contoso.com', displayName: 'Lena Rossi', home: { locality: 'New York', region: 'NY' } },
  { upn: 'chris.pa@contoso.com', displayName: 'Chris Park', home: { locality: 'Miami', region: 'FL' } },
];
const PHONE = [
  { upn: 'applicant.one@contoso.com', displayName: 'Ann One', phone: '+1 (512) 555-0147', home: { locality: 'Austin', region: 'TX' } },
  { upn: 'applicant.three@contoso.com', displayName: 'Tom Three', phone: '512.555.0147', home: { locality: 'Denver', region: 'CO' } },
];
const MAIL = [
  { upn: 'dev.alpha@contoso.com', displayName: 'Al Pha', personalEmail: 'J.Smith+jobs@gmail.com' },
  { upn: 'dev.bravo1@contoso.com', displayName: 'Bra Vo', personalEmail: 'jsmith@googlemail.com' },
];
const SECRETS = [...FARM, ...PHONE, ...MAIL].flatMap((u) => [u.upn, u.displayName]).concat(['555-0147', '555.0147', 'J.Smith', 'jsmith@']);

describe('exports from stored findings', () => {
  let store: SqlStore;

  beforeAll(async () => {
    const directory = [...FARM, ...PHONE, ...MAIL].map((u) => scimUser(u));
    const records = FARM.flatMap((x, i) => days('2025-04-07', 10, true).flatMap((d) => [graphSignIn({ upn: x.upn, time: utc(d, 1 + i * 0.1), ip: IP.comcastVallejo }), graphSignIn({ upn: x.upn, time: utc(d, 6 + i * 0.1), ip: IP.comcastVallejo })]));
    const result = await runScenario({ directory, records, detectors: [detector] });
    store = await openPGliteStore('memory://');
    await store.atomic(async (tx) => {
      await tx.savePeople(result.people, 'run-export');
      await alertsFor(tx, result.people, new Map(), { config, now: Date.parse('2025-04-20T10:00:00Z') });
    });
  }, 120_000);
  afterAll(async () => {
    await store?.close();
  });

  const view = () => exportView(config, env);

  it('OCSF: every event is a Detection Finding with the schema-required attributes', async () => {
    const events = await exportOcsf(store, view(), '0.1.0');
    expect(events.length).toBeGreaterThanOrEqual(7);
    const uids = new Set<string>();
    for (const e of events as Record<string, any>[]) {
      // base_event + finding (required): activity_id, category_uid, class_uid, type_uid, severity_id, time, metadata, finding_info
      expect(e).toMatchObject({ class_uid: 2004, category_uid: 2, activity_id: 1, type_uid: 200401 });
      expect([0, 1, 2, 3, 4, 5, 6, 99]).toContain(e.severity_id);
      expect(Number.isInteger(e.time)).toBe(true);
      expect(e.metadata.version).toMatch(/^1\.\d+\.\d+$/);
      expect(e.metadata.product).toMatchObject({ name: 'sleetwatch', vendor_name: expect.any(String), version: '0.1.0' });
      expect(typeof e.finding_info.uid).toBe('string');
      expect(e.finding_info.uid.length).toBeGreaterThan(0);
      uids.add(e.finding_info.uid);
      expect(e.finding_info).toMatchObject({ title: expect.any(String), desc: expect.any(String), types: ['shared-infrastructure'], created_time: expect.any(Number) });
      expect([1, 2, 3, 4, 5, 6]).toContain(e.status_id);
      // evidences: each carries at least one of the attributes the schema's at_least_one constraint lists.
      expect(e.evidences.length).toBeGreaterThan(0);
      for (const ev of e.evidences) expect(Object.keys(ev).some((k) => ['user', 'src_endpoint', 'data', 'device'].includes(k))).toBe(true);
      expect(e.resources[0]).toMatchObject({ type: 'User', uid: expect.stringMatching(/^p_/), name: expect.stringMatching(/^Person [0-9A-Z]{4}-[0-9A-Z]{4}$/) });
    }
    expect(uids.size).toBe(events.length);
    const farm = (events as Record<string, any>[]).find((e) => e.evidences.some((x: any) => x.src_endpoint?.ip === IP.comcastVallejo));
    expect(farm?.evidences.find((x: any) => x.src_endpoint)?.src_endpoint).toMatchObject({ ip: IP.comcastVallejo, autonomous_system: { number: 7922 } });
  });

  it('pseudonymised exports name no one; --identities does', async () => {
    const text = JSON.stringify(await exportOcsf(store, view(), 't')) + (await exportCsv(store, view())) + JSON.stringify((await exportStix(store, view())).bundle);
    for (const s of SECRETS) expect(text.toLowerCase()).not.toContain(s.toLowerCase());
    const named = JSON.stringify(await exportOcsf(store, exportView(config, env, true), 't'));
    expect(named).toContain('lena.ro@contoso.com');
    expect(named).toContain('Lena Rossi');
  });

  it('CSV: RFC 4180 that csv-parse reads back, one row per person, formula cells neutralised', async () => {
    const csv = await exportCsv(store, exportView(config, env, true));
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(7);
    const mark = rows.find((r) => r.person.includes('HYPERLINK'))!;
    expect(mark.person).toBe('\'=HYPERLINK("http://evil.example","Mark D")');
    expect(mark.top_finding).toBe('Several people sign in from one home they do not claim (laptop farm)');
    expect(mark.case_state).toBe('new');
    expect(Number(mark.risk)).toBeGreaterThan(0);
    expect([csvCell('=1+1'), csvCell('+1'), csvCell('-2'), csvCell('@SUM(A1)'), csvCell('\tx'), csvCell('\rx'), csvCell(-5), csvCell('a,"b"'), csvCell('a\nb'), csvCell('plain')]).toEqual([
      "'=1+1", "'+1", "'-2", "'@SUM(A1)", "'\tx", `"'\rx"`, '-5', '"a,""b"""', '"a\nb"', 'plain',
    ]);
  });

  it('STIX 2.1: a valid, deterministic bundle whose patterns the STIX pattern parser reads back', async () => {
    expect(uuidv5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d'); // Python's uuid.uuid5 docs
    // The deterministic SCO id of ipv4-addr 198.51.100.3 (STIX 2.1 §2.9), as Python's uuid.uuid5 computes it.
    expect(uuidv5(SCO_NAMESPACE, '{"value":"198.51.100.3"}')).toBe('2a4c6743-bdf1-5a9a-a94a-ed747591f21e');
    const { bundle, withheld } = await exportStix(store, exportView(config, env, true));
    expect(withheld).toBe(0);
    expect(JSON.stringify((await exportStix(store, exportView(config, env, true))).bundle)).toBe(JSON.stringify(bundle));
    const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
    expect(bundle.id).toMatch(new RegExp(`^bundle--${UUID}$`));
    const objects = bundle.objects as Record<string, any>[];
    const byId = new Map(objects.map((o) => [o.id as string, o]));
    expect(byId.size).toBe(objects.length);
    const TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
    const SCO = new Set(['ipv4-addr', 'ipv6-addr', 'email-addr']);
    const RELS: Record<string, [string, string]> = { indicates: ['indicator', 'infrastructure'], 'based-on': ['indicator', 'observed-data'], 'consists-of': ['infrastructure', '*sco'] };
    for (const o of objects) {
      expect(o.spec_version).toBe('2.1');
      expect(o.id).toMatch(new RegExp(`^${o.type}--${UUID}$`));
      if (SCO.has(o.type)) {
        expect(o.id).toBe(`${o.type}--${uuidv5(SCO_NAMESPACE, JSON.stringify({ value: o.value }))}`);
        continue;
      }
      expect(o.created).toMatch(TS);
      expect(o.modified).toMatch(TS);
      expect(o.modified >= o.created).toBe(true);
      if (o.type !== 'identity') expect(byId.get(o.created_by_ref)?.type).toBe('identity');
      if (o.type === 'relationship') {
        const [s, t] = RELS[o.relationship_type];
        expect(byId.get(o.source_ref)?.type).toBe(s);
        const target = byId.get(o.target_ref)?.type;
        if (t === '*sco') expect(SCO.has(target)).toBe(true);
        else expect(target).toBe(t);
      }
      if (o.type === 'observed-data') {
        expect(o.number_observed).toBeGreaterThanOrEqual(2);
        for (const r of o.object_refs) expect(SCO.has(byId.get(r)?.type)).toBe(true);
      }
      if (o.type === 'infrastructure') expect(o.infrastructure_types).toEqual(['unknown']);
    }
    const indicators = objects.filter((o) => o.type === 'indicator');
    expect(indicators.map((i) => i.pattern).sort()).toEqual([
      "[email-addr:value = 'j.smith+jobs@gmail.com' OR email-addr:value = 'jsmith@googlemail.com']",
      `[ipv4-addr:value = '${IP.comcastVallejo}']`,
      "[x-sleetwatch-phone-number:value = '+1 (512) 555-0147' OR x-sleetwatch-phone-number:value = '512.555.0147']",
    ]);
    for (const i of indicators) {
      expect(i).toMatchObject({ pattern_type: 'stix', pattern_version: '2.1', indicator_types: ['anomalous-activity'] });
      const parsed = parseStixPattern(i.pattern); // throws on a syntax error
      if (i.pattern.startsWith('[ipv4')) expect(parsed.atoms).toEqual([{ kind: 'ip', object: 'ipv4-addr', value: IP.comcastVallejo, text: expect.any(String) }]);
      else expect(parsed.unsupported.length).toBeGreaterThan(0); // parsed, but not IP intel
    }
    const ipObs = objects.find((o) => o.type === 'observed-data' && byId.get(o.object_refs[0])?.type === 'ipv4-addr');
    expect(ipObs?.number_observed).toBe(3);
    // Pseudonymised: the IP only; the e-mail and the phone are withheld.
    const anon = await exportStix(store, view());
    expect(anon.withheld).toBe(2);
    expect((anon.bundle.objects as Record<string, any>[]).filter((o) => o.type === 'indicator').map((o) => o.pattern)).toEqual([`[ipv4-addr:value = '${IP.comcastVallejo}']`]);
  });

  it('API: GET /api/export/ocsf, csv and stix answer pseudonymised exports with their content types', async () => {
    const token = (await createToken(store, 'exporter', 'analyst')).token;
    const server = await buildServer({ store, version: '0.1.0', config, ingest: async () => { throw new Error('unused'); } });
    try {
      const get = (url: string) => server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      const ocsf = await get('/api/export/ocsf');
      expect(ocsf.statusCode).toBe(200);
      expect(ocsf.headers['content-type']).toMatch(/^application\/json/);
      expect((ocsf.json() as unknown[]).length).toBeGreaterThanOrEqual(7);
      const csv = await get('/api/export/csv');
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.body.split('\r\n')[0]).toBe('person_id,person,level,risk,findings,top_finding,detectors,first_seen,last_seen,updated_at,case_id,case_state');
      // The same pseudonyms as the web UI's answers (the store's key, src/server/privacy.ts).
      const people = (await get('/api/people?limit=1000')).json() as { personId: string; pseudonym: string }[];
      const row = csv.body.split('\r\n')[1].split(',');
      expect(people.find((p) => p.personId === row[0])?.pseudonym).toBe(row[1]);
      const stix = await get('/api/export/stix');
      expect(stix.headers['content-type']).toMatch(/^application\/stix\+json; ?version="?2\.1"?/);
      expect(stix.headers['x-withheld-indicators']).toBe('2');
      expect(stix.json()).toMatchObject({ type: 'bundle' });
      for (const body of [ocsf.body, csv.body, stix.body]) for (const s of SECRETS) expect(body.toLowerCase()).not.toContain(s.toLowerCase());
      expect((await server.inject({ method: 'GET', url: '/api/export/csv' })).statusCode).toBe(401);
      const routes = server.printRoutes({ includeHooks: false });
      expect(routes).toContain('ocsf');
    } finally {
      await server.close();
    }
  });

  it('CEF over syslog: UDP datagrams and TCP octet-counted frames reach local listeners, one per alert', async () => {
    const alerts = await allAlerts(store);
    expect(alerts.length).toBe(7);
    const udp = createSocket('udp4');
    const got: string[] = [];
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
    udp.on('message', (m) => got.push(m.toString('utf8')));
    let tcpData = '';
    const tcp: Server = createServer((s) => s.on('data', (d) => (tcpData += d.toString('utf8'))));
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    try {
      const u = await runExport(store, config, 'cef', { version: '0.1.0', syslog: `udp://127.0.0.1:${(udp.address() as AddressInfo).port}`, env });
      expect(u.notes.at(-1)).toMatch(/^7 alert\(s\) sent as CEF over syslog udp:\/\/127\.0\.0\.1:/);
      for (let i = 0; i < 50 && got.length < 7; i++) await new Promise((r) => setTimeout(r, 20));
      expect(got).toHaveLength(7);
      for (const m of got) {
        // <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG; authpriv (10) × 8 + critical (2) = 82 for high alerts
        const f = /^<(\d{1,3})>1 (\S+) (\S+) sleetwatch (\d+) alert - (CEF:0\|.*)$/s.exec(m);
        expect(f).not.toBeNull();
        expect([82, 84, 85]).toContain(Number(f![1]));
        expect(new Date(f![2]).toISOString()).toBe(f![2]);
        expect(parseCef(f![5]).header.slice(0, 3)).toEqual(['CEF:0', 'sleetwatch', 'sleetwatch']);
      }
      await runExport(store, config, 'cef', { version: '0.1.0', syslog: `tcp://127.0.0.1:${(tcp.address() as AddressInfo).port}`, env });
      for (let i = 0; i < 50 && (tcpData.match(/CEF:0/g) ?? []).length < 7; i++) await new Promise((r) => setTimeout(r, 20));
      // Octet counting: MSG-LEN SP MSG, repeated; the lengths are bytes.
      const frames: string[] = [];
      let buf = Buffer.from(tcpData, 'utf8');
      while (buf.length > 0) {
        const sp = buf.indexOf(0x20);
        const len = Number(buf.subarray(0, sp).toString());
        frames.push(buf.subarray(sp + 1, sp + 1 + len).toString('utf8'));
        buf = buf.subarray(sp + 1 + len);
      }
      expect(frames).toHaveLength(7);
      expect(frames.every((f) => /^<\d+>1 /.test(f) && f.includes('CEF:0|sleetwatch|sleetwatch|0.1.0|shared-infrastructure|'))).toBe(true);
    } finally {
      udp.close();
      await new Promise((r) => tcp.close(r));
    }
  });
});

describe('CEF and syslog framing', () => {
  const hostile: Alert = {
    id: 'alert=1|x',
    caseId: 'case\\7\nINJECTED=1',
    subject: { kind: 'person', id: 'p_1' },
    level: 'high',
    previousLevel: 'none',
    risk: 80,
    raisedAt: '2026-03-02T09:00:00.000Z',
    reason: 'r',
    contributions: [{ detector: 'evil|det\\ector=x', likelihoodRatio: 30 }],
  };

  it('escapes | and \\ in the header, \\ = and line breaks in extensions, and reads back unchanged', () => {
    expect(cefHeader('a|b\\c\nd')).toBe('a\\|b\\\\c d');
    expect(cefValue('a=b\\c\r\nd\re|f')).toBe('a\\=b\\\\c\\nd\\re|f');
    const line = alertToCef(hostile, { version: '1|0', subjectLabel: 'Person =|\\\nX' });
    expect(line).not.toMatch(/[\r\n]/);
    const { header, ext } = parseCef(line);
    expect(header).toEqual(['CEF:0', 'sleetwatch', 'sleetwatch', '1|0', 'evil|det\\ector=x', 'Person risk rose to high', '8']);
    expect(ext.externalId).toBe('alert=1|x');
    expect(ext.cs1).toBe('case\\7\nINJECTED=1');
    expect(ext.duser).toBe('Person =|\\\nX');
    expect(ext.INJECTED).toBeUndefined(); // the newline did not start a new key
    expect(ext.msg).toContain('evil|det\\ector=x (LR 30.0)');
    expect(Object.keys(ext).sort()).toEqual(['cat', 'cn1', 'cn1Label', 'cs1', 'cs1Label', 'cs2', 'cs2Label', 'cs3', 'cs3Label', 'duser', 'externalId', 'msg', 'rt']);
  });

  it('UDP messages are cut to the configured size by shortening msg; TCP frames hold line breaks', async () => {
    const long: Alert = { ...hostile, contributions: Array.from({ length: 3 }, (_, i) => ({ detector: `d${i}-${'x'.repeat(300)}`, likelihoodRatio: 10 + i })) };
    const view = exportView(config, env);
    const { syslog } = cefMessages([long], view, { version: '0.1.0', config, maxBytes: 480, hostname: 'host-1' });
    expect(Buffer.byteLength(syslog[0], 'utf8')).toBeLessThanOrEqual(480);
    expect(syslog[0]).toMatch(/CEF:0\|sleetwatch\|sleetwatch\|0\.1\.0\|d2-x+/);
    const short: Alert = { ...hostile, contributions: [{ detector: 'd', likelihoodRatio: 10 }], caseId: 'c'.repeat(400) };
    const cut = cefMessages([short], view, { version: '0.1.0', config, maxBytes: 480, hostname: 'host-1' }).syslog[0];
    expect(Buffer.byteLength(cut, 'utf8')).toBeLessThanOrEqual(480);
    expect(parseCef(cut.slice(cut.indexOf('CEF:0'))).header[4]).toBe('d');
    const m = syslogMessage({ facility: 16, severity: 6, time: new Date('2026-03-02T09:00:00Z'), appName: 'sleet watch\n', msgId: '', hostname: 'h\u00e9st' }, 'line one\nline two é');
    expect(m).toBe('<134>1 2026-03-02T09:00:00.000Z hst sleetwatch ' + process.pid + ' - - line one\nline two é');
    expect(octetFrame('é')).toBe('2 é');
    let data = '';
    const tcp = createServer((s) => s.on('data', (d) => (data += d.toString('utf8'))));
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    try {
      await sendSyslog({ transport: 'tcp', host: '127.0.0.1', port: (tcp.address() as AddressInfo).port }, [m, m], { timeoutMs: 5000 });
      for (let i = 0; i < 50 && data.length < 2 * octetFrame(m).length; i++) await new Promise((r) => setTimeout(r, 20));
      expect(data).toBe(octetFrame(m) + octetFrame(m));
    } finally {
      await new Promise((r) => tcp.close(r));
    }
    expect(parseSyslogUrl('udp://[::1]')).toEqual({ transport: 'udp', host: '::1', port: 514 });
    expect(parseSyslogUrl('tcp://127.0.0.1:6514')).toEqual({ transport: 'tcp', host: '127.0.0.1', port: 6514 });
    expect(() => parseSyslogUrl('http://x')).toThrow(/udp:\/\/ or tcp:\/\//);
  });
});
