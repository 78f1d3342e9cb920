// The UI's data end to end on PGlite: real vendor records (SCIM users, Graph sign-ins, an Intune managed device from
// the Graph docs, osquery rows from the documented-schema fixture) through IngestService into the store, then the
// UI routes: the filtered people list with its total and pseudonyms, sign-ins on a map with travel flagged by the
// impossible-travel threshold, hours in the claimed zone against the department's, devices with their tools,
// facets, calibrated likelihood ratios after a verdict, and settings (audited, optimistic, rebuilding the pipeline).
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RespondService } from '../src/app/respond.ts';
import { getIntel } from '../src/app/scan.ts';
import { IngestService } from '../src/app/service.ts';
import { SettingsService, redactSecrets } from '../src/app/settings.ts';
import { createToken } from '../src/app/tokens.ts';
import { UiDataService } from '../src/app/ui-data.ts';
import { defaultConfig } from '../src/core/config.ts';
import { buildServer } from '../src/server/index.ts';
import { pseudonymKey } from '../src/server/pseudonyms.ts';
import { openPGliteStore } from '../src/store/pglite.ts';
import type { SqlStore } from '../src/store/sql-store.ts';
import { IP } from '../src/detectors/common/fixtures/ips.ts';
import { graphSignIn, scimUser } from './testkit.ts';

const HOST = 'DESKTOP-7Q2K9LM'; // the documented-schema osquery rows' host
const ALICE = 'alice.ng@contoso.com';
const BOB = 'bob.ray@contoso.com';
const CAROL = 'carol.fox@contoso.com';
const NOW = Date.parse('2025-01-20T12:00:00Z');
const pseudonymOf = (id: string): string => {
  const h = createHmac('sha256', 'test-pseudonym-key').update(id).digest('hex').toUpperCase();
  return `Person ${h.slice(0, 4)}-${h.slice(4, 8)}`;
};

describe('UI data API', () => {
  let store: SqlStore;
  let server: FastifyInstance;
  let service: IngestService;
  let dataDir: string;
  let token: string;
  let alice: string;
  const get = (url: string, o: Partial<InjectOptions> = {}) => server.inject({ method: 'GET', url, ...o, headers: { authorization: `Bearer ${token}`, ...o.headers } });
  const put = (payload: unknown, headers: Record<string, string> = {}) =>
    server.inject({ method: 'PUT', url: '/api/settings', payload: payload as InjectOptions['payload'], headers: { authorization: `Bearer ${token}`, ...headers } });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sw-ui-'));
    store = (await openPGliteStore('memory://')) as SqlStore;
    const config = defaultConfig();
    service = await IngestService.open(store, { config, dataDir });
    token = (await createToken(store, 'ui-admin', 'admin')).token;
    server = await buildServer({
      store,
      version: 't',
      ingest: (b, o) => service.ingest(b, o),
      respond: new RespondService(store, config, { onSuppressionsChanged: () => service.configChanged() }),
      ui: new UiDataService(store, config, (c) => getIntel(dataDir, c), () => NOW),
      settings: new SettingsService(store, config, { onChanged: () => service.configChanged(), now: () => NOW }),
      pseudonyms: async () => pseudonymOf,
    });
    const users = [
      scimUser({ upn: ALICE, displayName: 'Alice Ng', department: 'Engineering', timezone: 'America/Chicago', created: '2025-01-02T09:00:00Z', home: { street: '1 Main St', locality: 'Houston', region: 'TX', postalCode: '77002', country: 'US' } }),
      scimUser({ upn: BOB, displayName: 'Bob Ray', department: 'engineering ', timezone: 'America/Chicago' }),
      scimUser({ upn: CAROL, displayName: 'Carol Fox', department: 'Finance', timezone: 'America/New_York' }),
    ];
    await service.ingest(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], Resources: users }), { name: 'users.json' });
    const t = (d: number, h: number) => Date.UTC(2025, 0, 6 + d, h); // January: Chicago is UTC-6 all month
    const signins = [
      // Alice: Houston, an hour later Shenyang (impossible), North Korean address space (critical), Houston again.
      graphSignIn({ upn: ALICE, time: t(0, 15), ip: IP.HOUSTON.ip }),
      graphSignIn({ upn: ALICE, time: t(0, 16), ip: IP.SHENYANG.ip }),
      graphSignIn({ upn: ALICE, time: t(1, 3), ip: '175.45.176.10' }),
      graphSignIn({ upn: ALICE, time: t(2, 15), ip: IP.HOUSTON2.ip }),
      // A failed sign-in (the Graph reader keeps it as an audit event) is neither on the map nor a working hour.
      graphSignIn({ upn: ALICE, time: t(2, 20), ip: IP.SHANGHAI.ip, errorCode: 50126 }),
      // Bob works 8:00 in Chicago (14:00 UTC) from home.
      ...[0, 1, 2, 3].map((d) => graphSignIn({ upn: BOB, time: t(d, 14), ip: IP.HOUSTON.ip })),
      graphSignIn({ upn: CAROL, time: t(0, 14), ip: IP.AUSTIN.ip }),
    ];
    await service.ingest(JSON.stringify({ value: signins }), { name: 'signins.json' });
    // An Intune managed device (Microsoft Graph docs example) enrolled for Alice under the osquery host's name.
    const doc = JSON.parse(readFileSync(join(import.meta.dirname, '../src/sources/intune-devices/fixtures/graph-docs-list-manageddevices.json'), 'utf8')) as { value: Record<string, unknown>[] };
    const device = { ...doc.value[0], userPrincipalName: ALICE, userDisplayName: 'Alice Ng', deviceName: HOST, operatingSystem: 'Windows', osVersion: '10.0.22631', enrolledDateTime: '2025-01-03T10:00:00Z', serialNumber: 'B5QJ3J2', azureADDeviceId: '2f0c7c6a-55b1-4d2e-9d4e-1c0f7f0e9a11', userId: '' };
    await service.ingest(JSON.stringify({ value: [device] }), { name: 'devices.json' });
    // The fixture's rows of that host (its other hosts belong to nobody in this directory).
    const osquery = readFileSync(join(import.meta.dirname, '../src/sources/osquery-results/fixtures/documented-schema-rows.ndjson'), 'utf8')
      .split('\n')
      .filter((l) => l.includes(`"hostIdentifier":"${HOST}"`))
      .join('\n');
    await service.ingest(osquery, { name: 'osquery.ndjson' });
    alice = (await store.findPersonByIdentifier(ALICE))!;
    expect(alice).toBeDefined();
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    await store?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists people with a total count, department, hire date, pseudonym and strongest detectors', async () => {
    const res = await get('/api/people?limit=2');
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-total-count']).toBe('3');
    const rows = res.json() as { personId: string; department?: string; hiredAt?: string; pseudonym: string; topDetectors: string[] }[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ personId: alice, department: 'Engineering', hiredAt: '2025-01-02T09:00:00.000Z', pseudonym: pseudonymOf(alice) });
    expect(rows[0].topDetectors).toContain('impossible-travel');
    const eng = await get('/api/people?department=ENGINEERING');
    expect(eng.headers['x-total-count']).toBe('2');
    const fresh = await get('/api/people?newHires=true');
    expect((fresh.json() as { personId: string }[]).map((r) => r.personId)).toEqual([alice]);
    const travel = await get('/api/people?detector=impossible-travel');
    expect((travel.json() as { personId: string }[]).map((r) => r.personId)).toEqual([alice]);
    expect((await get('/api/people?level=bogus')).statusCode).toBe(400);
    expect((await get('/api/people?sort=name')).statusCode).toBe(400);
  });

  it('searches by pseudonym or personId prefix, never by name or e-mail', async () => {
    const p = pseudonymOf(alice);
    for (const q of [p, p.slice(0, 11).toLowerCase(), pseudonymKey(p).slice(0, 5), alice.slice(0, 6)]) {
      const ids = ((await get(`/api/people?q=${encodeURIComponent(q)}`)).json() as { personId: string }[]).map((r) => r.personId);
      expect(ids, q).toContain(alice);
    }
    for (const q of ['Alice', 'alice.ng', ALICE, 'Ng']) {
      const res = await get(`/api/people?q=${encodeURIComponent(q)}`);
      expect(res.json(), q).toEqual([]);
      expect(res.headers['x-total-count']).toBe('0');
    }
  });

  it('puts sign-ins on a map with the claimed home (no street) and flags impossible travel', async () => {
    const res = await get(`/api/people/${encodeURIComponent(ALICE)}/signins`);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.home).toMatchObject({ country: 'US' });
    expect(s.home.label).toMatch(/Houston/);
    expect(s.home.label).not.toMatch(/Main/);
    expect(s.points.map((p: { country?: string }) => p.country)).toEqual(['US', 'CN', 'KP', 'US']);
    expect(s.points.every((p: { outcome: string }) => p.outcome === 'success')).toBe(true);
    expect(s.points[0].networkClass).toBe('residential');
    // Houston → Shenyang in one hour: ~11,800 km, impossible; Shenyang → Houston two days later is not.
    const [first, ...rest] = s.travel;
    expect(first).toMatchObject({ from: { ip: IP.HOUSTON.ip }, to: { ip: IP.SHENYANG.ip }, impossible: true });
    expect(first.km).toBeGreaterThan(10_000);
    expect(first.kmh).toBeGreaterThan(900);
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.every((l: { impossible: boolean }) => !l.impossible)).toBe(true);
    expect((await get('/api/people/nobody@contoso.com/signins')).statusCode).toBe(404);
  });

  it("counts working hours in the claimed zone against the department's", async () => {
    const h = (await get(`/api/people/${alice}/hours`)).json();
    expect(h.zone).toBe('America/Chicago');
    expect(h.zoneFrom).toBe('directory');
    // Successful sign-ins at 15, 16, 03 and 15 UTC: 9, 10, 21 and 9 in Chicago (UTC-6 in January).
    const expected = new Array(24).fill(0);
    for (const x of [9, 10, 21, 9]) expected[x]++;
    expect(h.person).toEqual(expected);
    // Bob (department "engineering ", the same key) signs in at 8:00 Chicago time; Carol is in Finance.
    expect(h.departmentPeople).toBe(1);
    expect(h.department[8]).toBe(4);
    expect(h.department.reduce((a: number, b: number) => a + b, 0)).toBe(4);
  });

  it('lists devices with enrolment and the catalogued tools seen on them', async () => {
    const d = (await get(`/api/people/${alice}/devices`)).json() as { deviceId: string; name?: string; os?: string; enrolledAt?: string; tools: { name: string; category: string; firstSeen: string }[] }[];
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ name: HOST, os: 'Windows 10.0.22631', enrolledAt: '2025-01-03T10:00:00.000Z' });
    const anydesk = d[0].tools.find((t) => /anydesk/i.test(t.name));
    expect(anydesk).toBeDefined();
    expect(anydesk!.firstSeen).toBe('2025-03-10T09:12:44.000Z');
    expect((await get(`/api/people/${(await store.findPersonByIdentifier(BOB))!}/devices`)).json()).toEqual([]);
  });

  it('lists facets', async () => {
    const f = (await get('/api/facets')).json();
    expect(f.departments).toEqual(['Engineering', 'Finance']);
    expect(f.detectors).toContain('impossible-travel');
  });

  it('shows the calibrated likelihood ratio and its verdicts on the risk breakdown after a case is closed', async () => {
    const before = (await get(`/api/people/${alice}`)).json();
    expect(before.riskBreakdown.contributions.every((c: { calibrated?: unknown }) => c.calibrated === undefined)).toBe(true);
    const [c] = await store.respond().listCases({ subject: { kind: 'person', id: alice } });
    expect(c).toBeDefined();
    const closed = await server.inject({
      method: 'POST',
      url: `/api/cases/${c.id}/transition`,
      headers: { authorization: `Bearer ${token}` },
      payload: { to: 'closed', verdict: 'benign', reason: 'travel with a company VPN, confirmed by the manager' },
    });
    expect(closed.statusCode).toBe(200);
    const after = (await get(`/api/people/${alice}`)).json();
    const travel = after.riskBreakdown.contributions.find((x: { detector: string }) => x.detector === 'impossible-travel');
    expect(travel.calibrated).toMatchObject({ verdicts: 1 });
    // A benign verdict lowers the ratio below the prior (within the configured floor).
    expect(travel.calibrated.lr).toBeLessThan(travel.calibrated.priorLR);
    expect(travel.calibrated.lr).toBeGreaterThanOrEqual(defaultConfig().respond.calibration.floor);
  });

  it('reads and changes settings: optimistic, validated, audited, and the pipeline rebuilt with them', async () => {
    const g = await get('/api/settings');
    expect(g.statusCode).toBe(200);
    expect(g.headers.etag).toBe('"0"');
    const view = g.json();
    expect(view).toMatchObject({ version: 0, overlay: {}, connectors: {} });
    expect(view.config.scoring.levels.high).toBe(70);
    expect(Array.isArray(view.outboundAllowList)).toBe(true);
    expect(view.outboundAllowList).toEqual(view.config.outbound.allow); // the one allow-list (config outbound.allow)

    expect((await put({ overlay: { scoring: { levels: { high: 75 } } } })).statusCode).toBe(428);
    const bad = await put({ overlay: { scoring: { levelz: 1 } }, version: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/scoring\.levelz: unknown key \(did you mean levels\?\)/);
    const badDetector = await put({ overlay: { detectors: { 'impossible-travl': { enabled: false } } }, version: 0 });
    expect(badDetector.statusCode).toBe(400);

    const auditBefore = (await store.respond().listAudit({ limit: 10_000 })).length;
    const ok = await put({ overlay: { detectors: { 'impossible-travel': { enabled: false } } } }, { 'if-match': '"0"' });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"1"');
    expect(ok.json()).toMatchObject({ version: 1, updatedBy: 'ui-admin', overlay: { detectors: { 'impossible-travel': { enabled: false } } } });
    expect(ok.json().config.detectors['impossible-travel'].enabled).toBe(false);
    const audit = (await store.respond().listAudit({ limit: 10_000 })).slice(auditBefore);
    const row = audit.find((r) => r.action === 'settings.update');
    expect(row).toMatchObject({ actor: 'ui-admin', subject: 'settings' });
    expect(JSON.parse(row!.detail)).toEqual({ fromVersion: 0, toVersion: 1, changed: ['detectors.impossible-travel.enabled'] });
    expect((await store.respond().verifyAudit()).ok).toBe(true);

    // The pipeline was rebuilt with the detector off: nobody has an impossible-travel finding any more (and the total
    // counted before, kept for its batch version, is counted again).
    const off = await get('/api/people?detector=impossible-travel');
    expect(off.json()).toEqual([]);
    expect(off.headers['x-total-count']).toBe('0');

    const stale = await put({ overlay: {}, version: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.headers.etag).toBe('"1"');
    expect(stale.json().message).toMatch(/changed since version 0 \(now 1, by ui-admin\)/);
    const back = await put({ overlay: {}, version: 1 });
    expect(back.statusCode).toBe(200);
    const on = await get('/api/people?detector=impossible-travel');
    expect(on.json()).toHaveLength(1);
    expect(on.headers['x-total-count']).toBe('1');
  });

  it('never shows secrets in settings', () => {
    const v = redactSecrets({ connectors: { okta: { baseUrl: 'https://u:p@x.okta.com/api?token=1', apiToken: 'abc', apiTokenEnv: 'OKTA_TOKEN', clientSecret: 's' } } });
    expect(v).toEqual({ connectors: { okta: { baseUrl: 'https://********@x.okta.com/api?********', apiToken: '********', apiTokenEnv: 'OKTA_TOKEN', clientSecret: '********' } } });
  });
});
