// A synthetic company in real vendor formats, for the demo and for measuring the product:
//   directory/users.scim.json   SCIM 2.0 ListResponse (enterprise extension) of every staff member
//   entra/signins-NNNN.json     Microsoft Graph auditLogs/signIns pages, newest first, ≤1000 a page
//   okta/system-log-NNNN.json   Okta System Log (GET /api/v1/logs, ≤1000 a page) of the federated subsidiary, oldest first
//   truth.json                  what was planted and which honest oddities were added (see README.md)
// Deterministic for a seed; every IP is real and classified by the product's own intel as the story needs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openIntel } from '../intel/index.ts';
import { generateActivity } from './activity.ts';
import { graphPage, scimListResponse } from './formats.ts';
import type { IntelLike } from './ip-pools.ts';
import { openGeo } from './netdata.ts';
import { Rng } from './prng.ts';
import { renderEntra, renderOkta, renderScim } from './render.ts';
import { Roster, type Person } from './roster.ts';
import { writeStories } from './stories.ts';
import { TRUTH_SCHEMA, type Truth } from './truth.ts';
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
  /** the intel to classify addresses with (default: openIntel over an empty indicator store) */
  intel?: IntelLike & GeocodeLike;
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

  // The company's addresses are chosen by GeoLite2 places (the evaluated source), whatever SLEETWATCH_GEO says.
  const intel = opts.intel ?? (await openIntel({ dataDir: opts.outDir, geoSource: 'geolite2' }));
  const rng = new Rng(seed);
  const world = new World(rng.fork('world'), await openGeo(), intel);
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
  for (const p of people) {
    const raw = generateActivity({ rng: act, streams: p.streams, homes: p.homes, devices: p.devices, startMs, days });
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

  const truth: Truth = {
    schema: TRUTH_SCHEMA,
    seed,
    start,
    days,
    people: people.length,
    planted: stories.planted,
    hardNegatives: stories.hardNegatives,
    networks: stories.networks,
    counts: { entraSignIns: entra.length, oktaEvents: okta.length, directoryUsers: people.length },
  };
  write('truth.json', truth);
  return { truth, files };
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
