// Per-person summary of catalogued tools seen on their devices (the `tools` the pipeline attaches to endpoint records,
// see src/intel/endpoint-tools.ts), the enrolment time of each of their devices (the laptop's arrival) and the days
// with successful sign-ins through VPN / hosting / Tor networks. Shared by remote-access-tool and farm-tools.
import type { PersonContext, Population } from '../../core/detector.ts';
import type { EnrichedEvent, Evidence, ToolHit } from '../../core/model.ts';
import { deptKey } from './department.ts';

const DAY = 86_400_000;
/** Distinct anonymised sign-in days kept (the most recent). */
const MAX_DAYS = 400;
/** Tools kept per person (first seen first). */
const MAX_TOOLS = 40;
const MAX_HOSTS = 8;

export interface Sighting {
  tool: string;
  name: string;
  category: string;
  /** first and last time seen, and how many records showed it */
  t0: number;
  t1: number;
  n: number;
  /** the first record: its event id, host and how it was seen */
  id: string;
  host?: string;
  via?: string;
  publisher?: string;
  version?: string;
  path?: string;
  file?: string;
  installed?: number;
  usb?: string;
  hit: Pick<ToolHit, 'field' | 'observed' | 'matched' | 'how' | 'confidence' | 'reason'>;
  /** distinct hosts it was seen on */
  hosts: string[];
}

export interface ToolState {
  /** host (first label, lower case) → earliest enrolment time */
  enrolled: Record<string, number>;
  tools: Record<string, Sighting>;
  /** UTC day numbers with a successful sign-in through a VPN, hosting or Tor network, ascending */
  anonDays: number[];
}

export const initToolState = (): ToolState => ({ enrolled: {}, tools: {}, anonDays: [] });

export const hostKey = (h: string): string => {
  const v = h.trim().toLowerCase();
  const dot = v.indexOf('.');
  return dot > 0 ? v.slice(0, dot) : v;
};

const ANON = new Set(['vpn', 'hosting', 'tor']);

/** Update the summary with one event; `want` picks the tool categories the detector follows. */
export function observeTools(st: ToolState, ev: EnrichedEvent, want: (category: string) => boolean): void {
  if (ev.kind === 'signin') {
    if (ev.outcome !== 'success' || !ev.intel || !ANON.has(ev.intel.netClass)) return;
    const day = Math.floor(ev.time / DAY);
    const d = st.anonDays;
    if (d.length > 0 && d[d.length - 1] === day) return;
    if (d.length === 0 || d[d.length - 1] < day) d.push(day);
    else if (!d.includes(day)) {
      d.push(day);
      d.sort((a, b) => a - b);
    }
    if (d.length > MAX_DAYS) d.splice(0, d.length - MAX_DAYS);
    return;
  }
  if (ev.kind === 'device') {
    const t = ev.device?.enrolled;
    const h = ev.host ?? ev.device?.name;
    if (t === undefined || h === undefined) return;
    const k = hostKey(h);
    if (st.enrolled[k] === undefined || t < st.enrolled[k]) {
      if (st.enrolled[k] === undefined && Object.keys(st.enrolled).length >= MAX_HOSTS) return;
      st.enrolled[k] = t;
    }
    return;
  }
  if (!ev.tools) return;
  for (const hit of ev.tools) {
    if (!want(hit.category)) continue;
    const s = st.tools[hit.tool];
    const host = ev.host === undefined ? undefined : hostKey(ev.host);
    if (s) {
      s.n++;
      if (ev.time < s.t0) s.t0 = ev.time;
      if (ev.time > s.t1) s.t1 = ev.time;
      if (host !== undefined && !s.hosts.includes(host) && s.hosts.length < MAX_HOSTS) s.hosts.push(host);
      if (s.hit.confidence === 'low' && hit.confidence === 'high') s.hit = pickHit(hit);
      continue;
    }
    if (Object.keys(st.tools).length >= MAX_TOOLS) continue;
    const sw = ev.software;
    const usb = ev.usb;
    st.tools[hit.tool] = {
      tool: hit.tool,
      name: hit.name,
      category: hit.category,
      t0: ev.time,
      t1: ev.time,
      n: 1,
      id: ev.id,
      ...(host !== undefined ? { host } : {}),
      ...(sw ? { via: sw.via } : ev.kind === 'usb' ? { via: 'usb' } : ev.kind === 'network' ? { via: 'network' } : {}),
      ...(sw?.publisher !== undefined ? { publisher: sw.publisher } : {}),
      ...(sw?.version !== undefined ? { version: sw.version } : {}),
      ...(sw?.path !== undefined ? { path: sw.path } : {}),
      ...(sw?.file !== undefined ? { file: sw.file } : {}),
      ...(sw?.installed !== undefined ? { installed: sw.installed } : {}),
      ...(usb ? { usb: [usb.vendorId && usb.productId ? `${usb.vendorId}:${usb.productId}` : undefined, usb.vendor, usb.product].filter(Boolean).join(' ') } : {}),
      hit: pickHit(hit),
      hosts: host !== undefined ? [host] : [],
    };
  }
}

function pickHit(h: ToolHit): Sighting['hit'] {
  return { field: h.field, observed: h.observed, matched: h.matched, how: h.how, confidence: h.confidence, ...(h.reason !== undefined ? { reason: h.reason } : {}) };
}

/** When the tool arrived: its install time when the inventory says, else when it was first seen. */
export const arrival = (s: Sighting): number => (s.installed !== undefined && s.installed <= s.t0 ? s.installed : s.t0);

/** The enrolment time of the device the tool was seen on, else of the person's earliest device; undefined: none known. */
export function enrolmentFor(st: ToolState, s: Sighting): { t: number; host: string } | undefined {
  for (const h of s.hosts) if (st.enrolled[h] !== undefined) return { t: st.enrolled[h], host: h };
  let best: { t: number; host: string } | undefined;
  for (const [host, t] of Object.entries(st.enrolled)) if (!best || t < best.t) best = { t, host };
  return best;
}

/** Anonymised sign-in days within `window` days of `t` (either side). */
export function anonDaysNear(st: ToolState, t: number, window: number): number[] {
  const day = Math.floor(t / DAY);
  return st.anonDays.filter((d) => Math.abs(d - day) <= window);
}

export const days = (ms: number): number => ms / DAY;
export const isoOf = (t: number): string => new Date(t).toISOString();
export const dayIso = (d: number): string => isoOf(d * DAY).slice(0, 10);

/** One sighting as evidence an analyst can verify on the host. */
export function sightingEvidence(s: Sighting, label: string): Evidence {
  const what = [
    s.via ? `seen via ${s.via}` : undefined,
    s.file ? `file ${s.file}` : undefined,
    s.path ? `path ${s.path}` : undefined,
    s.publisher ? `publisher ${s.publisher}` : undefined,
    s.version ? `version ${s.version}` : undefined,
    s.installed !== undefined ? `installed ${isoOf(s.installed)}` : undefined,
    s.usb ? `USB ${s.usb}` : undefined,
    s.hosts.length ? `on ${s.hosts.join(', ')}` : undefined,
    `${s.n} record(s), ${isoOf(s.t0).slice(0, 10)} to ${isoOf(s.t1).slice(0, 10)}`,
    `matched ${s.hit.field} "${s.hit.observed}" to catalog ${s.hit.how} "${s.hit.matched}"${s.hit.confidence === 'low' ? ` (weak match: ${s.hit.reason ?? 'ambiguous key'})` : ''}`,
  ].filter(Boolean);
  return { type: 'event', label: `${label}: ${s.name} (${s.category}); ${what.join('; ')}`, eventId: s.id, time: isoOf(s.t0) };
}

/**
 * The other members of the person's department with the tools each has (catalog ids), from the detector's states
 * through an index the pipeline keeps across rounds; [] without a department.
 */
export function departmentPeers(pop: Population, detectorId: string, ctx: PersonContext): { pid: string; tools: string[] }[] {
  const k = deptKey(ctx.directory?.department);
  if (!k) return [];
  const index = pop.index(`${detectorId}/departments`, (person) => {
    const dk = deptKey(person.directory?.department);
    if (!dk) return [];
    const st = pop.stateOf<ToolState>(detectorId, person.personId);
    return [[dk, { pid: person.personId, tools: st ? Object.keys(st.tools) : [] }] as const];
  });
  return (index.get(k) ?? []).filter((x) => x.pid !== ctx.personId);
}
