// The synthetic company: deterministic, in formats the real readers accept without a single rejection, and with
// real addresses that the product's own intel classifies as each story says.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryEntry, NormalizedEvent } from '../core/model.ts';
import { loadInputs } from '../app/scan.ts';
import { openIntel, type IntelService } from '../intel/index.ts';
import { generateCompany } from './company.ts';
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
  intel = await openIntel({ dataDir: tmp() });
  dirA = tmp();
  ({ truth, files } = await generateCompany({ seed: SEED, outDir: dirA, people: PEOPLE, days: DAYS, intel }));
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
    const b = await generateCompany({ seed: SEED, outDir: dirB, people: PEOPLE, days: DAYS, intel });
    const relA = listFiles(dirA).map((f) => relative(dirA, f));
    expect(b.files.map((f) => relative(dirB, f)).sort()).toEqual(relA);
    for (const rel of relA) expect(readFileSync(join(dirB, rel), 'utf8'), rel).toBe(readFileSync(join(dirA, rel), 'utf8'));
    const other = await generateCompany({ seed: SEED + 1, outDir: tmp(), people: 60, days: 21, intel });
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
      expect(intel.geocode(d.homeAddress!), d.id).toBeDefined();
    }
  });

  it('uses real addresses that the intel classifies as each story says', () => {
    const expectations: Record<string, (i: NonNullable<ReturnType<IntelService['lookupIp']>>) => boolean> = {
      sase: (i) => i.netClass === 'sase',
      kp: (i) => i.risks.some((r) => r.tag === 'kp'),
      'cn-leak': (i) => i.risks.some((r) => r.tag === 'cn') && i.geo?.country === 'CN',
      'contractor-cn': (i) => i.risks.some((r) => r.tag === 'cn'),
      'travel-china': (i) => i.risks.some((r) => r.tag === 'cn'),
      ru: (i) => i.risks.some((r) => r.tag === 'ru') && i.geo?.country === 'RU',
      hosting: (i) => i.netClass === 'hosting' && i.risks.length === 0,
      relay: (i) => i.netClass === 'relay',
      'personal-vpn': (i) => i.netClass === 'vpn',
      'vpn-astrill-like': (i) => i.netClass === 'vpn' && i.geo?.country === 'US',
      'laptop-farm': (i) => i.netClass === 'residential' && i.geo?.country === 'US',
      'wrong-state-line': (i) => i.netClass === 'residential' && i.geo?.region === 'Florida',
      mobile: (i) => i.netClass === 'mobile',
      'regional-seoul': (i) => i.netClass === 'residential' && i.geo?.country === 'KR',
      'de-berlin': (i) => i.netClass === 'residential' && i.geo?.city === 'Berlin',
      'in-bengaluru': (i) => (i.netClass === 'residential' || i.netClass === 'mobile') && i.geo?.country === 'IN',
      'household-line': (i) => i.netClass === 'residential',
      'coworking-space': (i) => i.netClass === 'residential' || i.netClass === 'business',
    };
    const roles = new Set(truth.networks.map((n) => n.role));
    for (const must of ['sase', 'kp', 'cn-leak', 'ru', 'hosting', 'relay', 'personal-vpn', 'laptop-farm', 'wrong-state-line', 'vpn-astrill-like']) expect(roles, must).toContain(must);
    let checked = 0;
    for (const n of truth.networks) {
      const check = expectations[n.role];
      if (!check) continue;
      const i = intel.lookupIp(n.ip);
      expect(i, n.ip).toBeDefined();
      expect(check(i!), `${n.role} ${n.ip}: ${JSON.stringify({ cls: i!.netClass, geo: i!.geo, risks: i!.risks })}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('plants a laptop farm: three claimed states, one residential address in a fourth', () => {
    const farm = planted('laptop-farm');
    expect(farm.length).toBe(3);
    const ips = new Set(farm.flatMap((p) => signIns(p.upn).map((e) => e.ip)));
    expect(ips.size).toBe(1);
    const farmIntel = intel.lookupIp([...ips][0]!)!;
    expect(farmIntel.netClass).toBe('residential');
    const claimed = farm.map((p) => intel.geocode(dir(p.upn).homeAddress!)!.region);
    expect(new Set(claimed).size).toBe(3);
    expect(claimed).not.toContain(farmIntel.geo?.region);
    for (const p of farm) expect(signIns(p.upn).length).toBeGreaterThan(10);
  });

  it('plants the subtle one: claims Texas, Florida broadband, 19:00-04:00 Central', () => {
    const [p] = planted('wrong-state-foreign-hours');
    expect(intel.geocode(dir(p.upn).homeAddress!)?.region).toBe('Texas');
    const ev = signIns(p.upn);
    expect(ev.length).toBeGreaterThan(20);
    for (const e of ev) {
      expect(intel.lookupIp(e.ip!)!.geo?.region).toBe('Florida');
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

  it('places people where they claim to live (their usual home broadband is in the claimed city)', () => {
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
      const at = intel.lookupIp(top)!.geo!;
      expect(km(home, at), `${upn}: ${JSON.stringify(d.homeAddress)} vs ${top} ${at.city}, ${at.region}`).toBeLessThanOrEqual(60);
      checked++;
    }
    expect(checked).toBeGreaterThan(PEOPLE * 0.75);
  });
});
