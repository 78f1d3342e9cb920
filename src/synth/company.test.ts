// The synthetic company: deterministic, in formats the real readers accept without a single rejection, with real
// addresses that the product's own intel classifies as each story says under either geo source, a true place for
// each address that the vendors' location fields carry, and the database error of GEO_ERROR.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryEntry, NormalizedEvent } from '../core/model.ts';
import { loadInputs } from '../app/scan.ts';
import { openIntel, type IntelService } from '../intel/index.ts';
import { TEAMS_HEADER } from './collab.ts';
import { generateCompany } from './company.ts';
import { COMPANY_FOLDERS, readableFolders } from './eval.ts';
import { GEO_ERROR } from './ip-pools.ts';
import type { Truth } from './truth.ts';
import { utcToLocal } from './tz.ts';
import { km } from './world.ts';

const SEED = 5;
const PEOPLE = 120;
const DAYS = 30;
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'sw-synth-'));
  dirs.push(d);
  return d;
};

let intel: IntelService;
let intels: { geolite2: IntelService; dbip: IntelService };
let dirA: string;
let truth: Truth;
let files: string[];
let events: NormalizedEvent[];
let directory: DirectoryEntry[];
let inputs: Awaited<ReturnType<typeof loadInputs>>['inputs'];
const byUpn = new Map<string, NormalizedEvent[]>();

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out.sort();
}

beforeAll(async () => {
  intels = { geolite2: await openIntel({ dataDir: tmp(), geoSource: 'geolite2' }), dbip: await openIntel({ dataDir: tmp(), geoSource: 'dbip' }) };
  intel = intels.geolite2;
  dirA = tmp();
  ({ truth, files } = await generateCompany({ seed: SEED, outDir: dirA, people: PEOPLE, days: DAYS, intels }));
  ({ events, directory, inputs } = await loadInputs(readableFolders().read.map((f) => join(dirA, f))));
  for (const ev of events) {
    const upn = ev.actor.ids.find((i) => i.kind === 'upn' || i.kind === 'email')?.value.toLowerCase() ?? '';
    let l = byUpn.get(upn);
    if (!l) byUpn.set(upn, (l = []));
    l.push(ev);
  }
}, 180_000);

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const signIns = (upn: string): NormalizedEvent[] => (byUpn.get(upn.toLowerCase()) ?? []).filter((e) => e.kind === 'signin');
const people = (category: string): string[] => truth.hardNegatives.find((h) => h.category === category)?.upns ?? [];
const planted = (pattern: string) => truth.planted.filter((p) => p.pattern === pattern);
const dir = (upn: string): DirectoryEntry => {
  const d = directory.find((e) => e.ids.some((i) => i.value.toLowerCase() === upn.toLowerCase()));
  if (!d) throw new Error(`no directory entry for ${upn}`);
  return d;
};

describe('generateCompany', () => {
  it('is deterministic for a seed and differs between seeds', async () => {
    const dirB = tmp();
    const b = await generateCompany({ seed: SEED, outDir: dirB, people: PEOPLE, days: DAYS, intels });
    const relA = listFiles(dirA).map((f) => relative(dirA, f));
    expect(b.files.map((f) => relative(dirB, f)).sort()).toEqual(relA);
    for (const rel of relA) expect(readFileSync(join(dirB, rel), 'utf8'), rel).toBe(readFileSync(join(dirA, rel), 'utf8'));
    const other = await generateCompany({ seed: SEED + 1, outDir: tmp(), people: 60, days: 21, intels });
    expect(other.truth.planted.map((p) => p.upn)).not.toEqual(truth.planted.map((p) => p.upn));
  }, 120_000);

  it('writes files every real reader accepts, with no rejected record', () => {
    const rels = files.map((f) => relative(dirA, f));
    for (const f of ['directory/users.scim.json', 'okta/system-log-0001.json', 'intune/managedDevices-0001.json']) expect(rels).toContain(f);
    for (const folder of ['defender/', 'osquery/', 'teams/']) expect(rels.some((r) => r.startsWith(folder)), folder).toBe(true);
    const { read } = readableFolders();
    expect(inputs.length).toBe(rels.filter((r) => read.includes(r.split('/')[0])).length); // truth.json is no input
    const formatOf = new Map(COMPANY_FOLDERS.map(([folder, fmt]) => [folder, fmt]));
    for (const i of inputs) {
      expect(i.errors, i.path).toEqual([]);
      expect(i.rejected, i.path).toBe(0);
      const rel = relative(dirA, i.path);
      // Weekly inventory exports repeat what is still installed (one event per host, program and version) and osquery's
      // differential log removes the old version of an updated app: those records are counted as ignored, nothing else.
      if (rel.startsWith('defender/DeviceTvm') || rel.startsWith('osquery/')) expect(i.accepted + i.ignored, rel).toBe(i.records);
      else expect(i.accepted, rel).toBe(i.records);
      expect(i.format, rel).toBe(formatOf.get(rel.split('/')[0]));
    }
    expect(directory.length).toBe(truth.people);
    expect(events.filter((e) => e.source === 'entra-signin').length).toBe(truth.counts.entraSignIns);
    const oktaRecords = inputs.filter((i) => i.format === 'okta-systemlog').reduce((n, i) => n + i.records, 0);
    expect(oktaRecords).toBe(truth.counts.oktaEvents);
  });

  it('pages Graph sign-ins like the API: at most 1000, newest first, nextLink on all but the last page', () => {
    const pages = files.filter((f) => relative(dirA, f).startsWith('entra/')).sort();
    expect(pages.length).toBe(Math.ceil(truth.counts.entraSignIns / 1000));
    let prev = Infinity;
    pages.forEach((f, i) => {
      const page = JSON.parse(readFileSync(f, 'utf8')) as { '@odata.context': string; value: { createdDateTime: string }[]; '@odata.nextLink'?: string };
      expect(page['@odata.context']).toMatch(/\$metadata#auditLogs\/signIns$/);
      expect(page.value.length).toBeLessThanOrEqual(1000);
      expect(Boolean(page['@odata.nextLink'])).toBe(i < pages.length - 1);
      for (const v of page.value) {
        const t = Date.parse(v.createdDateTime);
        expect(t).toBeLessThanOrEqual(prev);
        prev = t;
      }
    });
    const oktaFiles = files.filter((f) => relative(dirA, f).startsWith('okta/')).sort();
    const okta = oktaFiles.flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as { published: string }[]);
    expect(oktaFiles.slice(0, -1).every((f) => (JSON.parse(readFileSync(f, 'utf8')) as unknown[]).length === 1000)).toBe(true);
    for (let i = 1; i < okta.length; i++) expect(Date.parse(okta[i].published)).toBeGreaterThanOrEqual(Date.parse(okta[i - 1].published));
  });

  it('gives every person the directory claims the detectors check', () => {
    for (const d of directory) {
      expect(d.homeAddress?.street, d.id).toBeTruthy();
      expect(d.homeAddress?.locality, d.id).toBeTruthy();
      expect(d.homeAddress?.country, d.id).toMatch(/^[A-Z]{2}$/);
      expect(() => new Intl.DateTimeFormat('en-US', { timeZone: d.timezone }), `${d.id} ${d.timezone}`).not.toThrow();
      expect(d.timezone, d.id).toMatch(/^[A-Z][a-z]+(\/[A-Za-z_-]+)+$/);
      expect(d.phones.length, d.id).toBe(1);
      expect(['Employee', 'Contractor']).toContain(d.userType);
      expect(d.created, d.id).toBeTypeOf('number');
      for (const i of Object.values(intels)) expect(i.geocode(d.homeAddress!), `${d.id} (${i.geoSource})`).toBeDefined();
    }
  });

  it('uses real addresses that the intel classifies as each story says, under either geo source, where the story says', () => {
    type Intel = NonNullable<ReturnType<IntelService['lookupIp']>>;
    type Net = Truth['networks'][number];
    const expectations: Record<string, (i: Intel, n: Net) => boolean> = {
      sase: (i) => i.netClass === 'sase',
      kp: (i) => i.risks.some((r) => r.tag === 'kp'),
      'cn-leak': (i, n) => i.risks.some((r) => r.tag === 'cn') && i.geo?.country === 'CN' && n.region === 'Liaoning',
      'contractor-cn': (i) => i.risks.some((r) => r.tag === 'cn'),
      'travel-china': (i, n) => i.risks.some((r) => r.tag === 'cn') && n.region === 'Shanghai',
      ru: (i) => i.risks.some((r) => r.tag === 'ru') && i.geo?.country === 'RU',
      hosting: (i) => i.netClass === 'hosting' && i.risks.length === 0,
      relay: (i) => i.netClass === 'relay',
      'personal-vpn': (i) => i.netClass === 'vpn',
      'vpn-astrill-like': (i, n) => i.netClass === 'vpn' && i.geo?.country === 'US' && n.country === 'US',
      'laptop-farm': (i) => i.netClass === 'residential' && i.geo?.country === 'US',
      'wrong-state-line': (i, n) => i.netClass === 'residential' && i.geo?.region === 'Florida' && n.region === 'Florida',
      mobile: (i) => i.netClass === 'mobile',
      'kr-seoul': (i, n) => i.netClass === 'residential' && i.geo?.country === 'KR' && n.region === 'Seoul',
      'de-berlin': (i, n) => i.netClass === 'residential' && i.geo?.country === 'DE' && n.city === 'Berlin',
      'in-bengaluru': (i, n) => (i.netClass === 'residential' || i.netClass === 'mobile') && i.geo?.country === 'IN' && n.city === 'Bengaluru',
      'household-line': (i) => i.netClass === 'residential',
      'coworking-space': (i) => i.netClass === 'residential' || i.netClass === 'business',
    };
    const roles = new Set(truth.networks.map((n) => n.role));
    for (const must of ['sase', 'kp', 'cn-leak', 'ru', 'hosting', 'relay', 'personal-vpn', 'laptop-farm', 'wrong-state-line', 'vpn-astrill-like']) expect(roles, must).toContain(must);
    const vendorPlace = new Map(events.filter((e) => e.vendorGeo).map((e) => [e.ip!, e.vendorGeo!]));
    let checked = 0;
    for (const n of truth.networks) {
      const check = expectations[n.role];
      if (!check) continue;
      for (const i of Object.values(intels)) {
        const x = i.lookupIp(n.ip);
        expect(x, n.ip).toBeDefined();
        expect(check(x!, n), `${n.role} ${n.ip} (${i.geoSource}): ${JSON.stringify({ cls: x!.netClass, geo: x!.geo, risks: x!.risks })}`).toBe(true);
        // The stories' lines are ordinary ones: each database places them near their true place (the vendor's),
        // CGNAT and co-working neighbours of an ordinary line a little further. North Korea is the exception
        // (GeoLite2 knows only the country; Microsoft says Tel Aviv).
        const v = vendorPlace.get(n.ip);
        if (n.role !== 'kp' && v) expect(km(x!.geo!, v), `${n.role} ${n.ip} (${i.geoSource}) vs the vendor's ${v.city}`).toBeLessThanOrEqual(2 * GEO_ERROR.agreeKm);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('writes each sign-in\'s true place into the vendor fields (Microsoft\'s Tel Aviv for North Korea excepted)', () => {
    const truthOf = new Map<string, { country: string; region?: string; city?: string }>();
    for (const n of truth.networks) truthOf.set(n.ip, n);
    for (const p of truth.placement.people) for (const l of p.lines) truthOf.set(l.ip, l.truth);
    let checked = 0;
    for (const e of events) {
      if (e.kind !== 'signin') continue;
      expect(e.vendorGeo, e.id).toBeDefined();
      if (e.ip!.startsWith('175.45.17')) {
        if (e.source === 'entra-signin') expect(e.vendorGeo).toMatchObject({ country: 'IL', city: 'Azor' });
        else expect(e.vendorGeo?.country).toBe('KP');
        continue;
      }
      const t = truthOf.get(e.ip!);
      if (!t) continue;
      expect({ country: e.vendorGeo!.country, region: e.vendorGeo!.region, city: e.vendorGeo!.city }, `${e.id} ${e.ip}`).toEqual({ country: t.country, region: t.region, city: t.city });
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('misplaces about 15% of ordinary home lines in one database by 100-3,000 km, and records it in truth.json', () => {
    const misplaced = people('misplaced-home-line');
    const ordinary = truth.hardNegatives.filter((h) => !/^regional-office/.test(h.category)).flatMap((h) => h.upns);
    expect(misplaced.length).toBeGreaterThanOrEqual(Math.round(0.1 * (PEOPLE - 13 - 15)));
    expect(misplaced.length).toBeLessThanOrEqual(Math.round(0.25 * PEOPLE));
    expect(ordinary.length).toBeGreaterThan(0);
    const lines = new Map(truth.placement.people.map((p) => [p.upn.toLowerCase(), p.lines]));
    // (people behind the SASE or quiet ones may not sign in from home at all in a month)
    const withHome = misplaced.filter((u) => (lines.get(u.toLowerCase()) ?? []).some((l) => l.roles.includes('home') || l.roles.includes('phone-home')));
    expect(withHome.length).toBeGreaterThanOrEqual(0.6 * misplaced.length);
    for (const u of withHome) {
      const home = lines.get(u.toLowerCase())!.find((l) => l.roles.includes('home') || l.roles.includes('phone-home'))!;
      const kms = [home!.geolite2.km ?? Infinity, home!.dbip.km ?? Infinity].sort((a, b) => a - b);
      expect(kms[0], u).toBeLessThanOrEqual(GEO_ERROR.agreeKm);
      expect(kms[1], u).toBeGreaterThanOrEqual(GEO_ERROR.misplacedKm[0] - GEO_ERROR.agreeKm);
      // the claimed home follows the truth: the vendor's place for the home line is the claimed city
      const e = signIns(u).find((x) => x.ip === home!.ip)!;
      for (const i of Object.values(intels)) expect(km(i.geocode(dir(u).homeAddress!)!, e.vendorGeo!), `${u} (${i.geoSource})`).toBeLessThanOrEqual(60);
    }
    // under each database, some sign-ins are placed more than 100 km from where they are
    for (const db of ['geolite2', 'dbip'] as const) expect(truth.placement.misplacedSignIns[db].over100km, db).toBeGreaterThan(0);
    expect(truth.placement.model.misplacedHomeShare).toBe(GEO_ERROR.misplacedHomeShare);
  });

  it('gives about a fifth of home workers a second home line in their metro, used for a fifth to a third of laptop home sign-ins', () => {
    const second = people('second-home-line');
    const homeWorkers = directory.length - truth.planted.length - people('sase').length;
    expect(second.length).toBeGreaterThanOrEqual(Math.round(0.1 * homeWorkers));
    let onLine = 0;
    let all = 0;
    let seen = 0;
    const elsewhere = new Set(truth.hardNegatives.filter((h) => ['family-visit', 'traveller-domestic', 'traveller-europe', 'traveller-china'].includes(h.category)).flatMap((h) => h.upns));
    for (const u of second.filter((x) => !elsewhere.has(x))) {
      const ev = signIns(u).filter((e) => e.vendorGeo && !/iPhone|Android/.test(e.userAgent ?? ''));
      const byIp = new Map<string, number>();
      for (const e of ev) if (intel.lookupIp(e.ip!)?.netClass === 'residential') byIp.set(e.ip!, (byIp.get(e.ip!) ?? 0) + 1);
      const [home, line] = [...byIp].sort((a, b) => b[1] - a[1]);
      if (!home) continue;
      all += home[1] + (line?.[1] ?? 0);
      if (!line) continue; // a quiet person may not have used it yet
      seen++;
      onLine += line[1];
      // the vendor places both lines at home, whatever the databases say
      const place = (ip: string) => ev.find((e) => e.ip === ip)!.vendorGeo!;
      expect(place(line[0]).city, u).toBe(place(home[0]).city);
    }
    expect(seen).toBeGreaterThanOrEqual(0.7 * second.length);
    expect(onLine / all).toBeGreaterThan(0.12);
    expect(onLine / all).toBeLessThan(0.4);
  });

  it('reads nothing from outside the repository (no shared folder beside it, no path of this machine)', () => {
    const root = join(import.meta.dirname, '..', '..');
    for (const f of [...readdirSync(join(root, 'src/synth')).map((x) => join(root, 'src/synth', x)), ...readdirSync(join(root, 'bench')).map((x) => join(root, 'bench', x))]) {
      if (!f.endsWith('.ts') || f.endsWith('company.test.ts')) continue;
      const text = readFileSync(f, 'utf8');
      const outside = ['..', 'shared'].join('/'); // spelled apart so this file does not match itself in repository checks
      const machine = ['', 'work', ''].join('/');
      expect(text.includes(outside) || text.includes(machine) || text.includes('sharedDataDir'), f).toBe(false);
    }
  });

  it('plants a laptop farm: three claimed states, one residential address in a fourth', () => {
    const farm = planted('laptop-farm');
    expect(farm.length).toBe(3);
    const ips = new Set(farm.flatMap((p) => signIns(p.upn).map((e) => e.ip)));
    expect(ips.size).toBe(1);
    for (const i of Object.values(intels)) {
      const farmIntel = i.lookupIp([...ips][0]!)!;
      expect(farmIntel.netClass).toBe('residential');
      const claimed = farm.map((p) => i.geocode(dir(p.upn).homeAddress!)!.region);
      expect(new Set(claimed).size).toBe(3);
      expect(claimed).not.toContain(farmIntel.geo?.region);
    }
    for (const p of farm) expect(signIns(p.upn).length).toBeGreaterThan(10);
  });

  it('plants the subtle one: claims Texas, Florida broadband, 19:00-04:00 Central', () => {
    const [p] = planted('wrong-state-foreign-hours');
    expect(intel.geocode(dir(p.upn).homeAddress!)?.region).toBe('Texas');
    const ev = signIns(p.upn);
    expect(ev.length).toBeGreaterThan(20);
    for (const e of ev) {
      expect(e.vendorGeo?.region).toBe('Florida');
      for (const i of Object.values(intels)) expect(i.lookupIp(e.ip!)!.geo?.region).toBe('Florida');
      const h = utcToLocal(e.time, 'America/Chicago').hour;
      expect(h >= 18.5 || h < 4.6, `${new Date(e.time).toISOString()} is ${h.toFixed(2)} Central`).toBe(true);
    }
  });

  it('plants North Korean, Russian and Chinese sign-ins between ordinary ones, early in the tenure', () => {
    for (const [pattern, tag] of [['north-korea-ip', 'kp'], ['russia-ip', 'ru'], ['vpn-with-cn-leaks', 'cn']] as const) {
      const [p] = planted(pattern);
      const ev = signIns(p.upn).sort((a, b) => a.time - b.time);
      const risky = ev.filter((e) => intel.lookupIp(e.ip!)!.risks.some((r) => r.tag === tag));
      expect(risky.length, pattern).toBeGreaterThan(0);
      expect(risky.length / ev.length, pattern).toBeLessThan(0.3);
      expect(risky[0].time - ev[0].time, pattern).toBeLessThan(7 * 86_400_000);
    }
  });

  it('plants two identities sharing one phone and one street address, written differently', () => {
    const pair = planted('shared-phone-and-address');
    expect(pair.length).toBe(2);
    const [a, b] = pair.map((p) => dir(p.upn));
    const digits = (s: string) => s.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');
    expect(digits(a.phones[0].value)).toBe(digits(b.phones[0].value));
    expect(a.phones[0].value).not.toBe(b.phones[0].value);
    expect(a.homeAddress!.street).not.toBe(b.homeAddress!.street);
    expect(a.homeAddress!.street!.match(/^\d+/)![0]).toBe(b.homeAddress!.street!.match(/^\d+/)![0]);
  });

  it('hires every planted person inside the window, and they sign in only after hire', () => {
    expect(truth.planted.length).toBeGreaterThanOrEqual(10);
    expect(truth.planted.length).toBeLessThanOrEqual(14);
    const start = Date.parse(`${truth.start}T00:00:00Z`);
    for (const p of truth.planted) {
      const created = dir(p.upn).created!;
      expect(created, p.upn).toBeGreaterThanOrEqual(start);
      const ev = signIns(p.upn);
      expect(ev.length, p.upn).toBeGreaterThan(5);
      expect(Math.min(...ev.map((e) => e.time)), p.upn).toBeGreaterThanOrEqual(created - 12 * 3_600_000);
    }
    expect(planted('contractor-from-china').every((p) => dir(p.upn).userType === 'Contractor')).toBe(true);
    expect(planted('hosting-only').every((p) => signIns(p.upn).every((e) => intel.lookupIp(e.ip!)!.netClass === 'hosting'))).toBe(true);
  });

  it('has honest hard negatives in realistic numbers', () => {
    const sase = people('sase').length / truth.people;
    expect(sase).toBeGreaterThan(0.25);
    expect(sase).toBeLessThan(0.35);
    const pvpn = people('personal-vpn');
    expect(pvpn.length).toBeGreaterThanOrEqual(3);
    let vpn = 0;
    let all = 0;
    for (const u of pvpn) {
      const ev = signIns(u);
      all += ev.length;
      vpn += ev.filter((e) => intel.lookupIp(e.ip!)!.netClass === 'vpn').length;
    }
    expect(vpn).toBeGreaterThan(0);
    expect(vpn / all).toBeLessThanOrEqual(0.1);
    for (const c of ['night-shift', 'regional-office-seoul', 'regional-office-berlin', 'regional-office-bengaluru', 'new-hire', 'quiet', 'apple-private-relay', 'moved-in-state', 'phone-only', 'coworking', 'household', 'traveller-china', 'traveller-europe', 'family-visit', 'hotspot']) {
      expect(people(c).length, c).toBeGreaterThan(0);
    }
    const night = people('night-shift').flatMap((u) => signIns(u).map((e) => utcToLocal(e.time, dir(u).timezone!).hour));
    expect(night.filter((h) => h >= 20.5 || h < 8).length / night.length).toBeGreaterThan(0.9);
    for (const [cat, tz, cc] of [['regional-office-seoul', 'Asia/Seoul', 'KR'], ['regional-office-berlin', 'Europe/Berlin', 'DE'], ['regional-office-bengaluru', 'Asia/Kolkata', 'IN']] as const) {
      for (const u of people(cat)) {
        expect(dir(u).timezone, u).toBe(tz);
        expect(dir(u).homeAddress?.country, u).toBe(cc);
      }
    }
    const china = people('traveller-china')[0];
    const cn = signIns(china).filter((e) => intel.lookupIp(e.ip!)!.risks.some((r) => r.tag === 'cn'));
    expect(cn.length).toBeGreaterThan(2);
    expect(new Set(cn.map((e) => Math.floor(e.time / 86_400_000))).size).toBeLessThanOrEqual(5);
    const cw = people('coworking');
    const shared = cw.map((u) => new Set(signIns(u).map((e) => e.ip)));
    const common = [...shared[0]].filter((ip) => shared.every((s) => s.has(ip)));
    expect(common.length).toBe(1);
    expect(new Set(cw.map((u) => dir(u).homeAddress!.locality)).size).toBe(1);
  });

  it('gives every person one company laptop in Intune, with the Entra device id their sign-ins carry', () => {
    const pages = files.filter((f) => relative(dirA, f).startsWith('intune/')).map((f) => JSON.parse(readFileSync(f, 'utf8')) as { '@odata.context': string; value: Record<string, string>[] });
    const devices = pages.flatMap((p) => p.value);
    expect(pages[0]['@odata.context']).toBe('https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices');
    expect(devices.length).toBe(truth.people);
    expect(truth.counts.managedDevices).toBe(truth.people);
    expect(new Set(devices.map((d) => d.userPrincipalName.toLowerCase())).size).toBe(truth.people);
    const start = Date.parse(`${truth.start}T00:00:00Z`);
    let carried = 0;
    let entra = 0;
    for (const d of devices) {
      expect(d['@odata.type']).toBe('#microsoft.graph.managedDevice');
      expect(['Windows', 'macOS']).toContain(d.operatingSystem);
      expect(d.deviceName).toMatch(d.operatingSystem === 'Windows' ? /^CONTOSO-LT-\d{5}$/ : /^CONTOSO-MBP-\d{5}$/);
      expect(d.serialNumber.length).toBeGreaterThanOrEqual(7);
      const enrolled = Date.parse(d.enrolledDateTime);
      const created = dir(d.userPrincipalName).created!;
      if (created >= start) {
        // the laptop is enrolled when first switched on: before its first sign-in, within days of the hire
        expect(enrolled, d.userPrincipalName).toBeGreaterThanOrEqual(created - 86_400_000);
        expect(enrolled, d.userPrincipalName).toBeLessThanOrEqual(created + 5 * 86_400_000);
      } else expect(enrolled, d.userPrincipalName).toBeLessThan(start);
      if (!d.userPrincipalName.endsWith('@contoso.com')) continue; // Okta sign-ins carry Okta's device fingerprint
      entra++;
      if (signIns(d.userPrincipalName).some((e) => e.deviceId === d.azureADDeviceId)) carried++;
    }
    expect(carried).toBeGreaterThan(entra * 0.9); // phone-only people sign in from their phones
  });

  it('writes Defender advanced hunting exports for the Windows laptops and osquery results for the Macs, bounded per day', () => {
    const intune = files.filter((f) => relative(dirA, f).startsWith('intune/')).flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as { value: Record<string, string>[] }).value);
    const windows = new Set(intune.filter((d) => d.operatingSystem === 'Windows').map((d) => d.deviceName.toLowerCase()));
    const macs = new Set(intune.filter((d) => d.operatingSystem === 'macOS').map((d) => d.deviceName));
    const csvOf = (prefix: string) =>
      files.filter((f) => relative(dirA, f).startsWith(`defender/${prefix}-`)).flatMap((f) => parseCsv(readFileSync(f, 'utf8'), { columns: true }) as Record<string, string>[]);
    const info = csvOf('DeviceInfo');
    expect(Object.keys(info[0])).toEqual(expect.arrayContaining(['Timestamp', 'DeviceId', 'DeviceName', 'AadDeviceId', 'LoggedOnUsers', 'OSPlatform', 'OnboardingStatus']));
    expect(new Set(info.map((r) => r.DeviceName))).toEqual(windows);
    const tvm = csvOf('DeviceTvmSoftwareInventory');
    expect(Object.keys(tvm[0])).toEqual(expect.arrayContaining(['DeviceId', 'DeviceName', 'SoftwareVendor', 'SoftwareName', 'SoftwareVersion', 'Timestamp']));
    // ordinary churn: browsers and Teams update during the window
    const edge = new Set(tvm.filter((r) => r.SoftwareName === 'edge').map((r) => r.SoftwareVersion));
    expect(edge.size).toBeGreaterThan(1);
    const proc = csvOf('DeviceProcessEvents');
    expect(Object.keys(proc[0])).toEqual(expect.arrayContaining(['Timestamp', 'DeviceId', 'DeviceName', 'ActionType', 'FileName', 'FolderPath', 'ProcessVersionInfoCompanyName', 'ProcessVersionInfoProductName', 'ReportId']));
    const perHostDay = new Map<string, number>();
    for (const r of proc) {
      expect(windows.has(r.DeviceName), r.DeviceName).toBe(true);
      const k = `${r.DeviceName}|${r.Timestamp.slice(0, 10)}`;
      perHostDay.set(k, (perHostDay.get(k) ?? 0) + 1);
    }
    expect(Math.max(...perHostDay.values())).toBeLessThanOrEqual(10);
    const osq = files.filter((f) => relative(dirA, f).startsWith('osquery/')).flatMap((f) => readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { name: string; hostIdentifier: string; unixTime: number; columns: Record<string, string>; action: string }));
    expect(osq.length).toBe(truth.counts.osqueryRows);
    for (const r of osq) expect(macs.has(r.hostIdentifier), r.hostIdentifier).toBe(true);
    expect(new Set(osq.map((r) => r.name))).toEqual(new Set(['pack_it-compliance_apps', 'pack_it-compliance_processes', 'pack_it-compliance_usb_devices']));
    expect(proc.length + info.length + tvm.length + csvOf('DeviceEvents').length).toBe(truth.counts.defenderRows);
    // bounded: a few rows per laptop and day
    expect((truth.counts.defenderRows + truth.counts.osqueryRows) / (truth.people * truth.days)).toBeLessThan(8);
  });

  it('plants remote-control tools, the Astrill client, PiKVMs and keep-awake tools on the planted workers\' laptops', () => {
    const intune = files.filter((f) => relative(dirA, f).startsWith('intune/')).flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as { value: Record<string, string>[] }).value);
    const device = (upn: string) => intune.find((d) => d.userPrincipalName === upn)!;
    const proc = files.filter((f) => /defender\/DeviceProcessEvents-/.test(relative(dirA, f))).flatMap((f) => parseCsv(readFileSync(f, 'utf8'), { columns: true }) as Record<string, string>[]);
    const pnp = files.filter((f) => /defender\/DeviceEvents-/.test(relative(dirA, f))).flatMap((f) => parseCsv(readFileSync(f, 'utf8'), { columns: true }) as Record<string, string>[]);
    const osq = files.filter((f) => relative(dirA, f).startsWith('osquery/')).flatMap((f) => readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { name: string; hostIdentifier: string; unixTime: number; columns: Record<string, string> }));
    /** times a program (Windows file name / Mac executable) ran on the person's laptop */
    const runs = (upn: string, winFile: string, macExe: string): number[] => {
      const d = device(upn);
      if (d.operatingSystem === 'Windows') return proc.filter((r) => r.DeviceName === d.deviceName.toLowerCase() && r.FileName === winFile).map((r) => Date.parse(r.Timestamp));
      return osq.filter((r) => r.hostIdentifier === d.deviceName && r.name.endsWith('processes') && r.columns.name === macExe).map((r) => r.unixTime * 1000);
    };
    const usb = (upn: string): string[] => {
      const d = device(upn);
      if (d.operatingSystem === 'Windows') return pnp.filter((r) => r.DeviceName === d.deviceName.toLowerCase()).map((r) => (JSON.parse(r.AdditionalFields) as { DeviceId: string }).DeviceId);
      return osq.filter((r) => r.hostIdentifier === d.deviceName && r.name.endsWith('usb_devices')).map((r) => `USB\\VID_${r.columns.vendor_id.toUpperCase()}&PID_${r.columns.model_id.toUpperCase()}\\${r.columns.serial}`);
    };
    const DAY = 86_400_000;
    const days = (ts: number[]) => new Set(ts.map((t) => Math.floor(t / DAY)));
    const enrolled = (upn: string) => Date.parse(device(upn).enrolledDateTime);

    const [rmm] = planted('rmm-after-enrolment');
    expect(rmm).toBeDefined();
    const any = runs(rmm.upn, 'AnyDesk.exe', 'AnyDesk');
    expect(Math.min(...any) - enrolled(rmm.upn)).toBeGreaterThan(1 * DAY);
    expect(Math.min(...any) - enrolled(rmm.upn)).toBeLessThan(5 * DAY);
    const laptopDays = days(signIns(rmm.upn).filter((e) => e.outcome === 'success' && e.deviceId === device(rmm.upn).azureADDeviceId && e.time >= Math.min(...any)).map((e) => e.time));
    expect(days(any).size).toBeGreaterThanOrEqual(laptopDays.size - 1); // every day the laptop is used
    // ordinary sign-ins: home broadband, no VPN or foreign address
    expect(signIns(rmm.upn).every((e) => ['residential', 'mobile'].includes(intel.lookupIp(e.ip!)!.netClass))).toBe(true);

    const [vpn] = planted('vpn-with-cn-leaks');
    const vAny = runs(vpn.upn, 'AnyDesk.exe', 'AnyDesk');
    expect(Math.min(...vAny) - enrolled(vpn.upn)).toBeLessThan(4 * DAY);
    expect(runs(vpn.upn, 'astrill.exe', 'Astrill').length).toBeGreaterThan(3);
    const vpnDays = days(signIns(vpn.upn).filter((e) => intel.lookupIp(e.ip!)!.netClass === 'vpn').map((e) => e.time));
    expect(vpnDays.has(Math.floor(Math.min(...vAny) / DAY))).toBe(true);

    const [two] = planted('concurrent-operators');
    expect(runs(two.upn, 'AnyDesk.exe', 'AnyDesk').length).toBeGreaterThan(0);
    expect(runs(two.upn, 'TeamViewer.exe', 'TeamViewer').length).toBeGreaterThan(0);

    const farm = planted('laptop-farm');
    expect(farm.length).toBe(3);
    for (const f of farm) {
      expect(usb(f.upn), f.upn).toContain('USB\\VID_1D6B&PID_0104\\CAFEBABE');
      expect(runs(f.upn, 'caffeine64.exe', 'Caffeine').length, f.upn).toBeGreaterThan(3);
    }
    // nobody else has a PiKVM, AnyDesk, TeamViewer or Astrill
    const plantedUpns = new Set(truth.planted.map((p) => p.upn));
    for (const d of intune) {
      if (plantedUpns.has(d.userPrincipalName)) continue;
      expect(usb(d.userPrincipalName).some((u) => u.includes('VID_1D6B')), d.userPrincipalName).toBe(false);
      for (const [w, m] of [['AnyDesk.exe', 'AnyDesk'], ['TeamViewer.exe', 'TeamViewer'], ['astrill.exe', 'Astrill']]) expect(runs(d.userPrincipalName, w, m).length, d.userPrincipalName).toBe(0);
    }
    // the IT department's ScreenConnect, the personal VPN users' clients
    for (const u of people('it-support-rmm')) {
      expect(dir(u).department).toBe('IT');
      expect(runs(u, 'ScreenConnect.WindowsClient.exe', 'ScreenConnect Client').length, u).toBeGreaterThan(0);
    }
    expect(people('it-support-rmm').length).toBeGreaterThanOrEqual(5);
    expect(people('it-support-rmm').some((u) => dir(u).created! >= Date.parse(`${truth.start}T00:00:00Z`))).toBe(true);
    expect([...people('personal-vpn-client')].sort()).toEqual([...people('personal-vpn')].sort());
    expect(truth.endpoint.filter((e) => e.usb.length > 0).map((e) => e.upn).sort()).toEqual(farm.map((f) => f.upn).sort());
  });

  it('writes weekly Teams user-activity reports (D30) with the documented header, silent camera-off planted workers and honest quiet people', () => {
    const shared = join(process.cwd(), 'src/sources/teams-activity/schemas/teams_user_activity_user_detail_header.csv');
    if (existsSync(shared)) expect(TEAMS_HEADER.join(',')).toBe(readFileSync(shared, 'utf8').replace(/^\uFEFF/, '').trim());
    const reports = files.filter((f) => relative(dirA, f).startsWith('teams/')).sort();
    expect(reports.length).toBe(Math.floor(DAYS / 7));
    const last = readFileSync(reports[reports.length - 1], 'utf8');
    expect(last.startsWith('\uFEFF' + TEAMS_HEADER.join(','))).toBe(true);
    const rows = parseCsv(last.slice(1), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(truth.people);
    const row = (upn: string) => rows.find((r) => r['User Principal Name'] === upn)!;
    const chat = (r: Record<string, string>) => Number(r['Team Chat Message Count']) + Number(r['Private Chat Message Count']);
    const eng = rows.filter((r) => dir(r['User Principal Name']).department === 'Engineering' && dir(r['User Principal Name']).created! < Date.parse(`${truth.start}T00:00:00Z`));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const engChat = median(eng.map(chat));
    for (const p of [...planted('laptop-farm'), ...planted('rmm-after-enrolment')]) {
      const r = row(p.upn);
      expect(chat(r), p.upn).toBeLessThanOrEqual(3);
      expect(Number(r['Call Count']), p.upn).toBe(0);
      expect(Number(r['Meeting Count']), p.upn).toBeGreaterThan(0);
      expect(Number(r['Video Duration In Seconds']), p.upn).toBe(0);
      expect(Number(r['Audio Duration In Seconds']), p.upn).toBeGreaterThan(0);
    }
    for (const u of people('camera-off-team')) expect(Number(row(u)['Video Duration In Seconds']), u).toBe(0);
    expect(people('camera-off-team').sort()).toEqual(people('night-shift').sort());
    for (const u of people('quiet-in-chat')) {
      expect(chat(row(u)), u).toBeLessThan(engChat * 0.2);
      expect(Number(row(u)['Video Duration In Seconds']), u).toBeGreaterThan(0);
    }
    expect(engChat).toBeGreaterThan(100);
    expect(people('camera-shy').length).toBeGreaterThan(0);
    const usage = events.filter((e) => e.kind === 'usage');
    if (readableFolders().read.includes('teams')) expect(usage.length).toBe(truth.counts.teamsRows);
  });

  it('gives the product device, software, USB and usage records through the real readers (once they are in this build)', () => {
    const { read } = readableFolders();
    const kinds = (k: string) => events.filter((e) => e.kind === k);
    if (read.includes('intune')) expect(kinds('device').filter((e) => e.source === 'intune-devices').length).toBe(truth.people);
    if (read.includes('defender')) {
      const anydesk = kinds('software').filter((e) => e.source === 'defender-hunting' && e.software?.file === 'AnyDesk.exe');
      expect(anydesk.length).toBeGreaterThan(0);
      expect(kinds('usb').some((e) => e.usb?.vendorId === '1d6b' && e.usb?.serial === 'CAFEBABE') || !truth.endpoint.some((d) => d.os === 'Windows' && d.usb.length > 0)).toBe(true);
    }
    if (read.includes('osquery')) expect(kinds('software').some((e) => e.source === 'osquery-results')).toBe(true);
  });

  it('places people where they claim to live (the vendor puts their usual home broadband in the claimed city)', () => {
    const elsewhere = truth.hardNegatives.filter((h) => ['moved-in-state', 'phone-only'].includes(h.category)).flatMap((h) => h.upns);
    const special = new Set([...truth.planted.map((p) => p.upn), ...elsewhere].map((u) => u.toLowerCase()));
    let checked = 0;
    for (const d of directory) {
      const upn = d.ids.find((i) => i.kind === 'upn')?.value.toLowerCase();
      if (!upn || special.has(upn)) continue;
      const counts = new Map<string, number>();
      for (const e of signIns(upn)) if (intel.lookupIp(e.ip!)?.netClass === 'residential') counts.set(e.ip!, (counts.get(e.ip!) ?? 0) + 1);
      const top = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
      if (!top) continue;
      const home = intel.geocode(d.homeAddress!)!;
      const at = signIns(upn).find((e) => e.ip === top)!.vendorGeo!;
      expect(km(home, at), `${upn}: ${JSON.stringify(d.homeAddress)} vs ${top} ${at.city}, ${at.region}`).toBeLessThanOrEqual(60);
      checked++;
    }
    expect(checked).toBeGreaterThan(PEOPLE * 0.75);
  });
});
