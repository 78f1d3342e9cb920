// A synthetic company in real vendor formats, for the demo and for measuring the product:
//   directory/users.scim.json   SCIM 2.0 ListResponse (enterprise extension) of every staff member
//   entra/signins-NNNN.json     Microsoft Graph auditLogs/signIns pages, newest first, ≤1000 a page
//   okta/system-log-NNNN.json   Okta System Log (GET /api/v1/logs, ≤1000 a page) of the federated subsidiary, oldest first
//   intune/managedDevices-NNNN.json   Graph deviceManagement/managedDevices pages: every person's laptop
//   defender/<Table>-YYYY-MM-DD.csv    Defender advanced hunting exports of the Windows laptops (weekly)
//   osquery/osqueryd.results-*.log     osquery differential results of the Macs (weekly)
//   teams/TeamsUserActivityUserDetail-D30-*.csv   Teams user activity user detail reports (weekly, D30)
//   applicants/                 the vetting pool (applicants.ts): JSON Resumes, Greenhouse candidates, interview records
//   truth.json                  what was planted and which honest oddities were added (see README.md)
// Deterministic for a seed; every IP is real, classified by the product's own intel as the story needs, and has a
// true place of its own that the vendors' location fields carry (the local databases may misplace it: GEO_ERROR).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openIntel } from '../intel/index.ts';
import { generateActivity } from './activity.ts';
import { graphPage, scimListResponse } from './formats.ts';
import { GEO_ERROR, type IntelLike, type NetIp } from './ip-pools.ts';
import { type GeoDbName, GEO_DBS, openGeo } from './netdata.ts';
import { Rng } from './prng.ts';
import { renderEntra, renderOkta, renderScim } from './render.ts';
import { Roster, type Person } from './roster.ts';
import { writeEndpointStories, writeStories } from './stories.ts';
import { generateEndpoints, type LaptopUse } from './endpoint.ts';
import { generateTeams } from './collab.ts';
import { generateApplicants } from './applicants.ts';
import { DAY } from './tz.ts';
import { TRUTH_SCHEMA, type LinePlacement, type PlacementTruth, type Truth } from './truth.ts';
import { World, type GeocodeLike } from './world.ts';

export interface GenerateCompanyOptions {
  seed?: number;
  outDir: string;
  /** head count (default 400) */
  people?: number;
  /** days of sign-ins (default 60) */
  days?: number;
  /** first day, ISO date (default 2026-09-01) */
  start?: string;
  /**
   * The intel to classify addresses with and geocode claimed homes, under each geo source the product can scan with
   * (default: openIntel over an empty indicator store, once per source).
   */
  intels?: Record<GeoDbName, IntelLike & GeocodeLike>;
  /** applicants in the vetting pool written to applicants/ (default 5 per head count, at least 200; 0: none) */
  applicants?: number;
}

export const PAGE_SIZE = 1000;

export async function generateCompany(opts: GenerateCompanyOptions): Promise<{ truth: Truth; files: string[] }> {
  const seed = opts.seed ?? 1;
  const total = opts.people ?? 400;
  const days = opts.days ?? 60;
  const start = opts.start ?? '2026-09-01';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) throw new Error(`generateCompany: start must be an ISO date (YYYY-MM-DD), got "${start}"`);
  if (!(total >= 60)) throw new Error(`generateCompany: people must be at least 60 (the stories need them), got ${total}`);
  if (!(days >= 21)) throw new Error(`generateCompany: days must be at least 21, got ${days}`);
  const startMs = Date.parse(`${start}T00:00:00Z`);

  // Both geo sources, whatever SLEETWATCH_GEO says: each address is described by both databases once, then keeps its
  // own true place.
  const intels = opts.intels ?? { geolite2: await openIntel({ dataDir: opts.outDir, geoSource: 'geolite2' }), dbip: await openIntel({ dataDir: opts.outDir, geoSource: 'dbip' }) };
  const rng = new Rng(seed);
  const world = new World(rng.fork('world'), { geolite2: await openGeo('geolite2'), dbip: await openGeo('dbip') }, intels);
  world.prepareUsHomes(total);
  const roster = new Roster(rng.fork('people'), world, startMs, days);
  const stories = writeStories(roster, world, total);
  const people = roster.people;
  assignEmployeeNumbers(people);
  assignManagers(rng.fork('managers'), people);

  // Sign-ins, rendered per person, then ordered as each vendor's API returns them.
  const entra: { time: number; rec: Record<string, unknown> }[] = [];
  const okta: { time: number; rec: Record<string, unknown> }[] = [];
  const act = rng.fork('activity');
  const out = rng.fork('render');
  // Forked after the identity data's generators: a seed's sign-ins and directory stay what they were.
  const ep = rng.fork('endpoint');
  writeEndpointStories(ep.fork('stories'), people, stories, days);
  reassignItManagers(people);
  const placement = new PlacementTally();
  const use = new Map<Person, LaptopUse>();
  for (const p of people) {
    const raw = generateActivity({ rng: act, streams: p.streams, homes: p.homes, devices: p.devices, startMs, days });
    placement.add(p.upn, raw);
    const u: LaptopUse = { days: new Map() };
    for (const ev of raw) {
      if (ev.errorCode !== 0 || (ev.device !== p.devices.laptop && ev.device !== p.devices.safari)) continue;
      const day = Math.floor((ev.time - startMs) / DAY);
      const t = u.days.get(day);
      if (t === undefined || ev.time < t) u.days.set(day, ev.time);
    }
    use.set(p, u);
    for (const ev of raw) {
      if (p.idp === 'entra') entra.push({ time: ev.time, rec: renderEntra(out, p, ev) });
      else for (const rec of renderOkta(out, p, ev)) okta.push({ time: Date.parse(rec.published as string), rec });
    }
  }
  entra.sort((a, b) => b.time - a.time || String(a.rec.id).localeCompare(String(b.rec.id)));
  okta.sort((a, b) => a.time - b.time || String(a.rec.uuid).localeCompare(String(b.rec.uuid)));

  const files: string[] = [];
  const write = (rel: string, data: unknown): void => {
    const file = join(opts.outDir, rel);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, JSON.stringify(data, null, 1) + '\n');
    files.push(file);
  };
  write('directory/users.scim.json', scimListResponse([...people].sort((a, b) => a.hiredMs - b.hiredMs).map((p) => renderScim(p, people))));
  const pages = Math.max(1, Math.ceil(entra.length / PAGE_SIZE));
  for (let i = 0; i < pages; i++) {
    const value = entra.slice(i * PAGE_SIZE, (i + 1) * PAGE_SIZE).map((x) => x.rec);
    write(`entra/signins-${String(i + 1).padStart(4, '0')}.json`, graphPage(value, i + 1 < pages ? out.hex(40) : undefined));
  }
  // GET /api/v1/logs returns at most 1000 events a page (oldest first, with a Link: next header).
  const oktaPages = Math.ceil(okta.length / PAGE_SIZE);
  for (let i = 0; i < oktaPages; i++) write(`okta/system-log-${String(i + 1).padStart(4, '0')}.json`, okta.slice(i * PAGE_SIZE, (i + 1) * PAGE_SIZE).map((x) => x.rec));

  // Laptops (Intune, Defender, osquery) and Teams reports.
  const endpoint = generateEndpoints({ rng: ep.fork('devices'), people, use, startMs, days });
  const writeText = (rel: string, text: string): void => {
    const file = join(opts.outDir, rel);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
    files.push(file);
  };
  for (const [rel, text] of endpoint.files) writeText(rel, text);
  const teams = generateTeams({ rng: ep.fork('teams'), people, startMs, days });
  for (const [rel, text] of teams.files) writeText(rel, text);

  // The vetting pool (applicants.ts): its own generator and seed stream, cross-checked against this directory's staff.
  const applicantCount = opts.applicants ?? Math.max(200, 5 * total);
  const applicants =
    applicantCount > 0
      ? generateApplicants({
          seed,
          outDir: join(opts.outDir, 'applicants'),
          count: applicantCount,
          now: start,
          truthFile: false,
          employees: people.map((p) => ({ displayName: p.displayName, given: p.given, family: p.family, email: p.upn, department: p.department, phone: p.phones[0]?.value ?? '', country: p.country, phoneDigits: p.phoneDigits, home: p.home })),
        })
      : undefined;
  if (applicants) files.push(...applicants.files);

  const truth: Truth = {
    schema: TRUTH_SCHEMA,
    seed,
    start,
    days,
    people: people.length,
    planted: stories.planted,
    hardNegatives: stories.hardNegatives,
    networks: stories.networks,
    counts: {
      entraSignIns: entra.length,
      oktaEvents: okta.length,
      directoryUsers: people.length,
      managedDevices: endpoint.counts.devices,
      defenderRows: endpoint.counts.defenderRows,
      osqueryRows: endpoint.counts.osqueryRows,
      teamsRows: teams.rows,
    },
    endpoint: endpoint.devices.filter((d) => d.tools.length > 0 || d.usb.length > 0),
    placement: placement.truth(),
    ...(applicants ? { applicants: applicants.truth } : {}),
  };
  write('truth.json', truth);
  return { truth, files };
}

/** Which lines each person signs in from that a local database places away from the truth, and how far. */
class PlacementTally {
  private signIns = 0;
  private readonly over = { geolite2: { over50km: 0, over100km: 0 }, dbip: { over50km: 0, over100km: 0 } };
  private readonly people: PlacementTruth['people'] = [];

  add(upn: string, raw: { ip: NetIp; label: string }[]): void {
    const lines = new Map<string, { ip: NetIp; roles: Set<string>; n: number }>();
    for (const ev of raw) {
      this.signIns++;
      for (const db of GEO_DBS) {
        const d = ev.ip.db[db].km;
        if (d > GEO_ERROR.agreeKm) this.over[db].over50km++;
        if (d > 100) this.over[db].over100km++;
      }
      if (!GEO_DBS.some((db) => ev.ip.db[db].km > GEO_ERROR.agreeKm)) continue;
      let l = lines.get(ev.ip.ip);
      if (!l) lines.set(ev.ip.ip, (l = { ip: ev.ip, roles: new Set(), n: 0 }));
      l.roles.add(ev.label);
      l.n++;
    }
    if (lines.size === 0) return;
    const out: LinePlacement[] = [...lines.values()].map(({ ip, roles, n }) => {
      const dbPlace = (db: GeoDbName) => {
        const d = ip.db[db];
        return { country: d.country, region: d.region, city: d.city, km: Number.isFinite(d.km) ? Math.round(d.km) : null };
      };
      return { ip: ip.ip, roles: [...roles].sort(), signIns: n, truth: { country: ip.country, region: ip.region, city: ip.city }, geolite2: dbPlace('geolite2'), dbip: dbPlace('dbip') };
    });
    this.people.push({ upn, lines: out.sort((a, b) => b.signIns - a.signIns || a.ip.localeCompare(b.ip)) });
  }

  truth(): PlacementTruth {
    return { model: GEO_ERROR, signIns: this.signIns, misplacedSignIns: this.over, people: this.people };
  }
}

/** Staff moved into IT by the endpoint stories report to IT's longest-tenured member. */
function reassignItManagers(people: Person[]): void {
  const it = people.filter((p) => p.department === 'IT').sort((a, b) => a.hiredMs - b.hiredMs || a.n - b.n);
  if (it.length === 0) return;
  for (const p of it) {
    const m = p.managerN !== undefined ? people[p.managerN] : undefined;
    if (p === it[0] || m?.department === 'IT') continue;
    p.managerN = it[0].n;
  }
}

/** Employee numbers follow hire order, as an HR system issues them. */
function assignEmployeeNumbers(people: Person[]): void {
  const byHire = [...people].sort((a, b) => a.hiredMs - b.hiredMs || a.n - b.n);
  byHire.forEach((p, i) => (p.employeeNumber = String(100231 + i * 3)));
}

/** Each person reports to a longer-tenured colleague of the same department (department heads to nobody). */
function assignManagers(rng: Rng, people: Person[]): void {
  const byDept = new Map<string, Person[]>();
  for (const p of people) {
    let l = byDept.get(p.department);
    if (!l) byDept.set(p.department, (l = []));
    l.push(p);
  }
  for (const list of byDept.values()) {
    list.sort((a, b) => a.hiredMs - b.hiredMs || a.n - b.n);
    const managers = list.slice(0, Math.max(1, Math.ceil(list.length / 7)));
    for (const p of list) {
      if (p === managers[0]) continue;
      const m = managers.includes(p) ? managers[0] : rng.pick(managers);
      if (m.hiredMs <= p.hiredMs) p.managerN = m.n;
    }
  }
}
