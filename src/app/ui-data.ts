// What the web UI shows of one person beyond the stored result: sign-ins on a map with the travel between them,
// working hours in the claimed zone against the department's, and devices with the tools seen on them. Built from
// what the store holds (the event log, detector state, the directory entry) with the same enrichment the detectors
// used: intel's lookup and the claimed-home geocoder (IntelPort), core/locate.ts to combine opinions, and the
// detectors' own fix and zone rules (location-fix.ts, working-hours/zones.ts), so the map and the findings agree.
import type { Config } from '../core/config.ts';
import type { EnrichedEvent, NetClass, NormalizedEvent, Place } from '../core/model.ts';
import { locate, vendorPoint } from '../core/locate.ts';
import type { IntelPort } from '../core/pipeline.ts';
import { identifierKey } from '../core/model.ts';
import { countedFix, fixKm, separationKm, type Fix } from '../detectors/common/location-fix.ts';
import { definition as travelDefinition } from '../detectors/impossible-travel/definition.ts';
import { claimedZone, zoneOffsetHours } from '../detectors/working-hours/zones.ts';
import type { PeopleFilter, PersonListRow, Store } from '../store/types.ts';
import { withOverlay } from './settings.ts';

/** Most recent sign-ins put on the map (a person's whole history can be tens of thousands). */
export const MAX_POINTS = 5000;
/** Filters whose total count is kept (the most recent ones). */
export const TOTALS_KEPT = 200;
/** Longest the facets are served from a previous batch version. */
export const FACETS_MAX_AGE_MS = 60_000;
const DAY = 86_400_000;
/** Colleagues whose working hours make the department's (highest risk first: a bounded, stable sample). */
export const DEPARTMENT_SAMPLE = 1000;

export interface SigninPoint {
  at: string;
  ip: string;
  lat: number;
  lon: number;
  country?: string;
  city?: string;
  networkClass: NetClass;
  /** Radius (km) holding the true place under every opinion. */
  accuracyKm: number;
  outcome: NormalizedEvent['outcome'];
  /** The opinions about the place disagree beyond their uncertainties. */
  disputed: boolean;
}

export interface TravelEnd {
  at: string;
  ip: string;
  lat: number;
  lon: number;
}

export interface TravelLine {
  from: TravelEnd;
  to: TravelEnd;
  /** Distance between the two fixes' centres. */
  km: number;
  /** Speed over the distance beyond both fixes' uncertainty; null when both are at the same instant. */
  kmh: number | null;
  /** Beyond impossible-travel's maxSpeedKmh, at least its minSeparationKm apart (the detector's own test). */
  impossible: boolean;
}

export interface Signins {
  home?: { lat: number; lon: number; label: string; country?: string };
  points: SigninPoint[];
  travel: TravelLine[];
  /** Sign-ins of the person not on the map (older than the newest MAX_POINTS). */
  truncated: number;
}

export interface Hours {
  /** Sign-ins per local clock hour (0-23) in the person's claimed zone. */
  person: number[];
  /** Colleagues' sign-ins per local clock hour, each in their own claimed zone (the working-hours detector's state). */
  department: number[];
  /** The claimed zone (IANA), or 'UTC' when none can be derived. */
  zone: string;
  /** Where the zone came from: the directory's time zone, the claimed home, or none (hours in UTC). */
  zoneFrom: 'directory' | 'home' | 'none';
  /** Colleagues behind `department`. */
  departmentPeople: number;
}

export interface DeviceTool {
  name: string;
  category: string;
  firstSeen: string;
  confidence: 'high' | 'low';
}

export interface Device {
  deviceId: string;
  name?: string;
  os?: string;
  enrolledAt?: string;
  tools: DeviceTool[];
}

const iso = (ms: number): string => new Date(ms).toISOString();
const isSignin = (e: NormalizedEvent): boolean => e.kind === 'signin';
/** As the working-hours detector counts: successful, interactive (missing counts as interactive) sign-ins. */
const isPresence = (e: NormalizedEvent): boolean => e.kind === 'signin' && e.outcome === 'success' && e.interactive !== false;

const HOST_KINDS = new Set(['hostname', 'aadDeviceId', 'intuneDeviceId', 'mdeDeviceId', 'hostUuid', 'serialNumber']);

/** The device an endpoint or device record is about: its host name (first label), else another device id. */
function deviceKey(e: NormalizedEvent): string | undefined {
  const host = e.actor.ids.find((i) => i.kind === 'hostname');
  if (host) return identifierKey(host);
  const other = e.actor.ids.find((i) => HOST_KINDS.has(i.kind));
  if (other) return identifierKey(other);
  if (e.deviceId) return `device:${e.deviceId.toLowerCase()}`;
  return e.device?.name ? `hostname:${e.device.name.toLowerCase().split('.')[0]}` : undefined;
}

export class UiDataService {
  private cached: { version: number; config: Config } | undefined;

  constructor(
    private readonly store: Store,
    /** The file's config (the stored settings overlay is merged over it per request). */
    private readonly fileConfig: Config,
    /**
     * IP and place intelligence for a config: the same the pipeline uses (scan.ts getIntel, which keeps one per data
     * folder and trusted egress), opened on first use.
     */
    private readonly intel: (config: Config) => Promise<IntelPort>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The config with the stored settings overlay (re-read when the settings version changes). */
  async config(): Promise<Config> {
    const s = await this.store.getSettings();
    if (this.cached?.version !== s.version) this.cached = { version: s.version, config: withOverlay(this.fileConfig, s.overlay) };
    return this.cached.config;
  }

  private async port(): Promise<IntelPort> {
    return this.intel(await this.config());
  }

  /**
   * A page of the people list. `newHires`: hired within the config's new-hire window (scoring.newHireDays), the
   * window in which the risk prior is boosted.
   */
  async people(filter: Omit<PeopleFilter, 'hiredSince'> & { newHires?: boolean }): Promise<{ people: PersonListRow[]; total: number }> {
    const { newHires, ...rest } = filter;
    // The window is counted in whole days so the filter (and its cached total) is stable through the day.
    const hiredSince = newHires ? Math.floor(this.now() / DAY) * DAY - (await this.config()).scoring.newHireDays * DAY : undefined;
    const f: PeopleFilter = { ...rest, ...(hiredSince !== undefined ? { hiredSince } : {}) };
    const [people, total] = await Promise.all([this.store.listPeoplePage(f), this.total(f)]);
    return { people, total };
  }

  /**
   * The count of a filter, kept while the store's batch version stays the same: paging through one filter costs one
   * count per batch, not one per page (a count is a scan of the matching rows; a page stops at its size).
   */
  private async total(f: PeopleFilter): Promise<number> {
    const { limit: _l, offset: _o, sort: _s, ...where } = f;
    const key = JSON.stringify(where);
    const version = await this.store.currentVersion();
    const had = this.totals.get(key);
    if (had && had.version === version) return had.total;
    const total = await this.store.countPeople(where);
    if (this.totals.size >= TOTALS_KEPT) this.totals.delete(this.totals.keys().next().value!);
    this.totals.set(key, { version, total });
    return total;
  }
  private readonly totals = new Map<string, { version: number; total: number }>();

  /**
   * Departments and detectors change rarely but every batch moves the version: the facets are recomputed when the
   * version moved and FACETS_MAX_AGE_MS passed (a new department shows within a minute).
   */
  async facets(): Promise<{ departments: string[]; detectors: string[] }> {
    const version = await this.store.currentVersion();
    const f = this.facetsCache;
    if (f && (f.version === version || this.now() - f.at < FACETS_MAX_AGE_MS)) return f.value;
    const value = await this.store.peopleFacets();
    this.facetsCache = { version, at: this.now(), value };
    return value;
  }
  private facetsCache: { version: number; at: number; value: { departments: string[]; detectors: string[] } } | undefined;

  async signins(personId: string): Promise<Signins> {
    const [config, port, { events }, person] = await Promise.all([this.config(), this.port(), this.store.eventsOf([personId]), this.store.getPerson(personId)]);
    const all = events.map((e) => e.event).filter(isSignin);
    const truncated = Math.max(0, all.length - MAX_POINTS);
    const signins = all.slice(truncated);
    // The IP's earliest vendor place stands in for events that carry none (the pipeline borrows it across people;
    // here across this person's own sign-ins, which is what the store holds for them).
    const vendorOfIp = new Map<string, Place>();
    for (const e of all) if (e.ip && e.vendorGeo && !vendorOfIp.has(e.ip)) vendorOfIp.set(e.ip, e.vendorGeo);
    const geocode = (a: Parameters<IntelPort['geocode']>[0]) => port.geocode(a);
    const params = travelDefinition.params.parse(config.detectors['impossible-travel']?.params ?? {});
    const counters = { n: 0, skip: 0, loc: 0 };
    const points: SigninPoint[] = [];
    const travel: TravelLine[] = [];
    let last: Fix | undefined;
    for (const e of signins) {
      if (!e.ip) continue;
      const intel = port.lookupIp(e.ip);
      const vendor = e.vendorGeo ?? vendorOfIp.get(e.ip);
      const loc = locate(intel?.geo, vendor ? vendorPoint(vendor, geocode) : undefined, intel?.geoSecond);
      if (!loc) continue;
      const best = loc.best ?? intel?.geo ?? vendor;
      points.push({
        at: iso(e.time),
        ip: e.ip,
        lat: loc.lat,
        lon: loc.lon,
        ...(best?.country ? { country: best.country } : {}),
        ...(best?.city ? { city: best.city } : {}),
        networkClass: intel?.netClass ?? 'unknown',
        accuracyKm: Math.round(loc.accuracyKm),
        outcome: e.outcome,
        disputed: loc.disputed,
      });
      const ev: EnrichedEvent = { ...e, personId, intel, loc };
      const fix = countedFix(counters, ev, params);
      if (!fix) continue;
      if (last) {
        const km = fixKm(last, fix);
        if (km >= 1) {
          const sep = separationKm(last, fix, km);
          const dt = Math.abs(fix.t - last.t);
          const speed = dt === 0 ? null : sep / (dt / 3_600_000);
          travel.push({
            from: { at: iso(last.t), ip: last.ip, lat: last.la, lon: last.lo },
            to: { at: iso(fix.t), ip: fix.ip, lat: fix.la, lon: fix.lo },
            km: Math.round(km),
            kmh: speed === null ? null : Math.round(speed),
            impossible: sep >= params.minSeparationKm && (speed === null || speed > params.maxSpeedKmh),
          });
        }
      }
      last = fix;
    }
    const addr = person?.directory?.homeAddress;
    const h = addr ? port.geocode(addr) : undefined;
    // The label names the place, never the street (the claimed-home street identifies the person).
    const label = h ? [h.city ?? addr?.locality, h.region ?? addr?.region, h.country ?? addr?.country].filter(Boolean).join(', ') : '';
    return {
      ...(h && h.lat !== undefined && h.lon !== undefined ? { home: { lat: h.lat, lon: h.lon, label, ...(h.country ? { country: h.country } : {}) } } : {}),
      points,
      travel,
      truncated,
    };
  }

  async hours(personId: string): Promise<Hours> {
    const [{ events }, person, port] = await Promise.all([this.store.eventsOf([personId]), this.store.getPerson(personId), this.port()]);
    const dir = person?.directory;
    const addr = dir?.homeAddress;
    const home = addr ? port.geocode(addr) : undefined;
    // The working-hours detector's rule: the directory's zone, else the claimed home's country (and state).
    const z = claimedZone(dir?.timezone, home?.country ?? addr?.country, home?.region ?? addr?.region);
    const zone = z?.tz ?? 'UTC';
    const personHours = new Array<number>(24).fill(0);
    for (const { event: e } of events) {
      if (!isPresence(e)) continue;
      const utc = (((e.time / 3_600_000) % 24) + 24) % 24;
      const local = (((utc + (z ? zoneOffsetHours(e.time, zone) : 0)) % 24) + 24) % 24;
      personHours[Math.floor(local) % 24]++;
    }
    const department = new Array<number>(24).fill(0);
    let departmentPeople = 0;
    if (dir?.department) {
      for (const { personId: pid, state } of await this.store.departmentStates(dir.department, DEPARTMENT_SAMPLE + 1)) {
        if (pid === personId || departmentPeople >= DEPARTMENT_SAMPLE) continue;
        const h = ((state.detectors as Record<string, unknown> | undefined)?.['working-hours'] as { h?: unknown } | undefined)?.h;
        if (!Array.isArray(h) || h.length !== 24) continue;
        departmentPeople++;
        h.forEach((n, i) => {
          if (typeof n === 'number' && Number.isFinite(n)) department[i] += n;
        });
      }
    }
    return { person: personHours, department, zone, zoneFrom: z?.from ?? 'none', departmentPeople };
  }

  async devices(personId: string): Promise<Device[]> {
    const [{ events }, port] = await Promise.all([this.store.eventsOf([personId]), this.port()]);
    const byKey = new Map<string, Device & { tools: DeviceTool[]; seen: Map<string, DeviceTool> }>();
    const deviceOf = (key: string, e: NormalizedEvent) => {
      let d = byKey.get(key);
      if (!d) {
        const id = e.deviceId ?? e.actor.ids.find((i) => HOST_KINDS.has(i.kind) && i.kind !== 'hostname')?.value ?? key.slice(key.indexOf(':') + 1);
        d = { deviceId: id, tools: [], seen: new Map() };
        byKey.set(key, d);
      }
      return d;
    };
    for (const { event: e } of events) {
      if (e.kind !== 'device' && e.kind !== 'software' && e.kind !== 'network' && e.kind !== 'usb') continue;
      const key = deviceKey(e);
      if (!key) continue;
      const d = deviceOf(key, e);
      const host = e.actor.ids.find((i) => i.kind === 'hostname')?.value;
      if (e.kind === 'device') {
        const f = e.device;
        d.name = f?.name ?? host ?? d.name;
        const os = [f?.os, f?.osVersion].filter(Boolean).join(' ');
        if (os) d.os = os;
        if (f?.enrolled !== undefined && Number.isFinite(f.enrolled)) d.enrolledAt = iso(f.enrolled);
        continue;
      }
      d.name ??= host;
      for (const hit of port.tools?.(e) ?? []) {
        const had = d.seen.get(hit.tool);
        if (had && Date.parse(had.firstSeen) <= e.time) {
          if (hit.confidence === 'high') had.confidence = 'high';
          continue;
        }
        const t: DeviceTool = { name: hit.name, category: hit.category, firstSeen: iso(e.time), confidence: had?.confidence === 'high' ? 'high' : hit.confidence };
        d.seen.set(hit.tool, t);
      }
    }
    return [...byKey.values()]
      .map(({ seen, ...d }) => ({ ...d, tools: [...seen.values()].sort((a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.name.localeCompare(b.name)) }))
      .sort((a, b) => (a.name ?? a.deviceId).localeCompare(b.name ?? b.deviceId));
  }
}
