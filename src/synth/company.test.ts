// The synthetic company: deterministic, in formats the real readers accept without a single rejection, with real
// addresses that the product's own intel classifies as each story says under either geo source, a true place for
// each address that the vendors' location fields carry, and the database error of GEO_ERROR.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryEntry, NormalizedEvent } from '../core/model.ts';
import { loadInputs } from '../app/scan.ts';
import { openIntel, type IntelService } from '../intel/index.ts';
import { generateCompany } from './company.ts';
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
  ({ events, directory, inputs } = await loadInputs([join(dirA, 'directory'), join(dirA, 'entra'), join(dirA, 'okta')]));
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
    expect(files.map((f) => relative(dirA, f))).toContain('directory/users.scim.json');
    expect(files.map((f) => relative(dirA, f))).toContain('okta/system-log-0001.json');
    expect(inputs.length).toBe(files.length - 1); // all but truth.json
    for (const i of inputs) {
      expect(i.errors, i.path).toEqual([]);
      expect(i.rejected, i.path).toBe(0);
      expect(i.accepted, i.path).toBe(i.records);
      const rel = relative(dirA, i.path);
      const fmt = rel.startsWith('directory/') ? 'scim-users' : rel.startsWith('entra/') ? 'entra-signin' : 'okta-systemlog';
      expect(i.format, rel).toBe(fmt);
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
