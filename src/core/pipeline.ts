// The pipeline after parsing: resolve identity → enrich → detect → score. Pure: intel comes in through IntelPort.
// Batch mode buffers each person's events and feeds detectors in time order at finish(); stream mode feeds them
// as they arrive and keeps per-person state (JSON-serialisable) that can be exported and re-imported.
import type { AnyDetector, PersonContext, PersonIndex, Population } from './detector.ts';
import { Config } from './config.ts';
import { fnv1a64 } from './hash.ts';
import type {
  Address,
  CalibratedLR,
  DetectorError,
  DirectoryEntry,
  EnrichedEvent,
  Finding,
  Identifier,
  IpIntel,
  NormalizedEvent,
  PersonResult,
  Place,
  RiskBreakdown,
  ToolHit,
} from './model.ts';
import { identifierKey } from './model.ts';
import { scorePerson } from './scoring.ts';
import { locate, vendorPoint, type Located } from './locate.ts';
import { ipPrefix } from './geo.ts';
import { runEvaluate, runObserve, runObserveAll, type DetectorTiming } from './run-detectors.ts';

export interface IntelPort {
  lookupIp(ip: string): IpIntel | undefined;
  geocode(addr: Address): Place | undefined;
  /** Catalogued tools (remote access, VPN clients, keep-awake, IP-KVM) an endpoint record shows; absent: none known. */
  tools?(ev: NormalizedEvent): ToolHit[] | undefined;
}

const ENDPOINT_KINDS: ReadonlySet<string> = new Set(['software', 'network', 'usb', 'device']);
const HOST_KINDS: ReadonlySet<string> = new Set(['hostname', 'hostUuid', 'mdeDeviceId', 'intuneDeviceId', 'aadDeviceId', 'serialNumber']);

/** The host an endpoint record is about: its hostname, else its first host identifier. */
function hostOf(ev: NormalizedEvent): string | undefined {
  let other: string | undefined;
  for (const id of ev.actor.ids) {
    if (id.kind === 'hostname') return id.value;
    if (other === undefined && HOST_KINDS.has(id.kind)) other = id.value;
  }
  return other ?? ev.device?.name;
}

interface PersonRec {
  ctx: PersonContext;
  /** Last IP / device seen, to skip index updates for the common repeat. */
  lastIp: string | undefined;
  lastIntel: IpIntel | undefined;
  lastDevice: string | undefined;
  /** Last app name and vendor place seen, shared with the next event when equal. */
  lastApp: string | undefined;
  lastPlace: Place | undefined;
  /** identifier values known for the person, lower-cased key → display value */
  ids: Map<string, string>;
  buffer: EnrichedEvent[];
  states: Record<string, unknown>;
  /** detectors that threw for this person (skipped afterwards) */
  failed: Set<string>;
  /** Identifiers registered for the person, as first given (restored from snapshots in stream mode). */
  idents: Identifier[];
  /** Stream mode: time and id of the latest event observed (an earlier one makes the person need a replay). */
  lastT: number;
  lastId: string;
}

/** A person's resumable state (see Pipeline.exportSnapshot). */
export interface PersonSnapshot {
  /** Version of the detector states (Pipeline.stateVersion): states of another version are rebuilt, never read. */
  v?: string;
  detectors: Record<string, unknown>;
  events: number;
  firstEvent?: number;
  lastEvent?: number;
  /** time and id of the latest event observed */
  lastT?: number;
  lastId?: string;
  /** display name and identifiers the person resolved with (for people the directory does not name) */
  name?: string;
  ids?: Identifier[];
}

/** Order in which a person's events are observed, in every mode and any batch split: time, then event id. */
export const eventOrder = (a: { time: number; id: string }, b: { time: number; id: string }): number =>
  a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Largest size of each per-IP cache (intel, locations, shared vendor values) before it is emptied. */
const CACHE_MAX = 200_000;
/** Detector errors kept for the result (a stream pipeline runs for months). */
const ERRORS_MAX = 1000;

export interface PipelineResult {
  people: PersonResult[];
  errors: DetectorError[];
  window: { from: number | null; to: number | null };
  timings: DetectorTiming[];
  stats: { events: number; duplicates: number; people: number; distinctIps: number };
}

const SEED_ORDER: Record<string, number> = {
  mail: 0, entraId: 1, oktaId: 2, googleId: 3, employeeId: 4, scimId: 5, externalId: 6,
};

/**
 * The identity key of an actor or directory entry: its highest-ranked identifier (e-mail/UPN first). New people get
 * their id from it (personIdFor), and the scale-out mode routes records to partitions by it (src/app/stream-records.ts).
 */
export function seedKey(ids: Identifier[]): string {
  let best: string | undefined;
  let bestRank = Infinity;
  for (const id of ids) {
    const key = identifierKey(id);
    const rank = SEED_ORDER[key.slice(0, key.indexOf(':'))] ?? 9;
    if (rank < bestRank) { best = key; bestRank = rank; }
  }
  return best ?? 'unknown';
}

export const personIdFor = (ids: Identifier[]): string => 'p_' + fnv1a64(seedKey(ids)).slice(0, 12);

export class Pipeline {
  readonly config: Config;
  private readonly detectors: AnyDetector[];
  private readonly params = new Map<string, unknown>();
  private readonly keyToPerson = new Map<string, string>();
  /** Identifier exactly as a source gave it (kind → value → person): the resolution fast path. */
  private readonly rawIndex = new Map<string, Map<string, PersonRec>>();
  private readonly persons = new Map<string, PersonRec>();
  private readonly ipIndex = new Map<string, Set<string>>();
  private readonly intelCache = new Map<string, IpIntel | undefined>();
  private readonly toolCache = new Map<string, ToolHit[] | undefined>();
  /** The combined location per IP, for the vendor place it was last computed with (see locateEvent). */
  private readonly locs = new Map<string, { v: Place | undefined; loc: Located | undefined }>();
  /** Vendor places without coordinates, geocoded once (vendor object → place with coordinates, or null). */
  private readonly vendorPoints = new WeakMap<Place, Place | null>();
  /**
   * Event ids already ingested (both modes): re-ingesting a record (same vendor id) changes nothing, and the reader
   * learns through add() that the record was a duplicate. Holds references to the events' own id strings.
   */
  private readonly seen = new Set<string>();
  private duplicates = 0;
  /** Whether the last ingest() took a new event (false: its id was seen before). */
  private lastFresh = false;
  /**
   * The vendor's place of each IP for events that carry none: the place of the earliest event (time, then id) that
   * carries one, so the answer does not depend on the order files or batches arrive in.
   */
  private readonly ipPlace = new Map<string, { t: number; id: string; place: Place }>();
  /**
   * Stream mode. People whose detector state no longer matches their events in (time, id) order: an older event
   * arrived, their directory entry changed, the vendor place their events borrowed changed, or their stored state is
   * of another version. They are not observed further until replay() rebuilds them from the event log.
   */
  private readonly dirty = new Set<string>();
  /** Stream mode: people whose events were observed since takeAffected(). */
  private readonly changed = new Set<string>();
  private directoryChanged = false;
  /** Network prefix (/24, /48) → people (Population.peopleOnPrefix). */
  private readonly prefixIndex = new Map<string, Set<string>>();
  /**
   * Stream mode: per IP, the people with an event from it that carried no vendor place (they borrowed the IP's), or
   * null when unknown (IPs loaded from the store): everyone on the IP. They are replayed when the IP's place changes.
   */
  private readonly borrowers = new Map<string, Set<string> | null>();
  /** Population.index: kept across evaluation rounds, updated for the people in `contribDirty` at each round. */
  private readonly indexes = new Map<string, { idx: IncrementalIndex<{ pid: string }>; of: (p: PersonContext) => Iterable<readonly [string, { pid: string }]> }>();
  /** People whose state, counters or directory entry changed since the last evaluation round. */
  private readonly contribDirty = new Set<string>();
  /**
   * Stream mode: what each person's last evaluation read of the population besides their own record (dependency
   * keys: index groups, other people, people on an IP or prefix, an IP's location; DEP_ALL for the whole
   * population), who read each key, the keys whose value changed since takeAffected(), and the people whose reads
   * are not known (never evaluated, or changed since). See takeAffected.
   */
  private readonly readsOf = new Map<string, string[]>();
  private readonly readers = new Map<string, Set<string>>();
  private readonly changedKeys = new Set<string>();
  private readonly unread = new Set<string>();
  /** The person being evaluated and the keys read so far (stream mode). */
  private reading: Set<string> | undefined;
  /** Vetting findings of hired candidates, by the directory entry id they matched (setVetting). */
  private vetting = new Map<string, Finding[]>();
  /** Everyone's context in person-id order (rebuilt when someone new appears). */
  private sortedPeople: PersonContext[] | undefined;
  /** Version of the detector states this pipeline writes (detector ids and their stateVersion). */
  readonly stateVersion: string;
  private readonly timing = new Map<string, DetectorTiming>();
  private readonly errors: DetectorError[] = [];
  private minTime = Infinity;
  private maxTime = -Infinity;
  private eventCount = 0;

  constructor(
    private readonly opts: {
      detectors: AnyDetector[];
      intel: IntelPort;
      config?: Config;
      mode?: 'batch' | 'stream';
      /**
       * Detectors whose likelihood ratio in `config` was calibrated by case verdicts (src/app/respond.ts
       * effectiveConfig): each risk-breakdown contribution of such a detector says so, with the verdict count.
       */
      calibration?: ReadonlyMap<string, CalibratedLR>;
    },
  ) {
    this.config = opts.config ?? Config.parse({});
    this.detectors = opts.detectors.filter((d) => this.config.detectors[d.definition.id]?.enabled !== false);
    for (const d of this.detectors) {
      const overrides = this.config.detectors[d.definition.id]?.params ?? {};
      this.params.set(d.definition.id, d.definition.params.parse(overrides));
      this.timing.set(d.definition.id, { detector: d.definition.id, observeMs: 0, evaluateMs: 0, errors: 0 });
    }
    this.stateVersion = fnv1a64(this.detectors.map((d) => `${d.definition.id}@${d.definition.stateVersion ?? 1}`).join(',')).slice(0, 12);
  }

  get mode(): 'batch' | 'stream' {
    return this.opts.mode ?? 'batch';
  }

  /** Register directory entries (claims). Entries sharing an identifier merge into one person. */
  addDirectory(entries: Iterable<DirectoryEntry>): void {
    this.rawIndex.clear(); // ownership of identifiers may change; rebuilt lazily by resolve()
    for (const e of entries) {
      let pid = this.findPerson(e.ids);
      const existing = pid !== undefined ? this.persons.get(pid)?.ctx.directory : undefined;
      if (existing && existing.source === e.source && existing.id !== e.id) {
        // Two entries of one directory are two people even when they share an identifier (an externalId reused
        // across domains, say): never merge them; the shared identifier stays with the first.
        pid = personIdFor(e.ids);
        if (this.persons.get(pid)?.ctx.directory) pid = 'p_' + fnv1a64(e.id).slice(0, 12);
      }
      pid ??= personIdFor(e.ids);
      const rec = this.ensurePerson(pid, e.displayName);
      const prev = rec.ctx.directory;
      const merged: DirectoryEntry = prev ? mergeDirectory(prev, e) : e;
      this.directoryChanged = true;
      this.contribDirty.add(pid);
      // Detectors read the claimed home and zone as they observe: a changed entry means observing again.
      if (this.mode === 'stream' && rec.ctx.events > 0 && !sameJson(prev, merged)) this.dirty.add(pid);
      rec.ctx.directory = merged;
      rec.ctx.displayName = merged.displayName ?? rec.ctx.displayName;
      rec.ctx.hired = merged.created ?? rec.ctx.hired;
      if (merged.homeAddress) rec.ctx.home = this.opts.intel.geocode(merged.homeAddress) ?? rec.ctx.home;
      // Only the entry's own identifiers resolve to the person. Personal e-mails and phones are claims, not
      // identity: two applicants sharing one is a finding (shared-infrastructure), never a merge.
      this.register(pid, rec, e.ids);
    }
  }

  private findPerson(ids: Identifier[]): string | undefined {
    for (const id of ids) {
      const p = this.keyToPerson.get(identifierKey(id));
      if (p) return p;
    }
    return undefined;
  }

  private ensurePerson(pid: string, displayName?: string): PersonRec {
    let rec = this.persons.get(pid);
    if (!rec) {
      rec = {
        ctx: { personId: pid, displayName, events: 0 },
        lastIp: undefined,
        lastIntel: undefined,
        lastDevice: undefined,
        lastApp: undefined,
        lastPlace: undefined,
        ids: new Map(),
        buffer: [],
        states: {},
        failed: new Set(),
        idents: [],
        lastT: -Infinity,
        lastId: '',
      };
      this.persons.set(pid, rec);
      this.sortedPeople = undefined;
      this.contribDirty.add(pid);
    }
    return rec;
  }

  private register(pid: string, rec: PersonRec, ids: Identifier[]): void {
    for (const id of ids) {
      const key = identifierKey(id);
      if (!this.keyToPerson.has(key)) {
        this.keyToPerson.set(key, pid);
        rec.idents.push({ kind: id.kind, value: id.value });
      }
      const vkey = id.value.trim().toLowerCase();
      if (!rec.ids.has(vkey)) {
        rec.ids.set(vkey, id.value.trim());
        this.contribDirty.add(pid); // their result lists it (even when it came with an event already ingested)
      }
    }
  }

  /**
   * Person id for an actor, creating a person for an actor not in the directory. Hot path: identifiers seen before
   * exactly as given (same kind and spelling) resolve through one map lookup each, without normalising.
   */
  resolve(ids: Identifier[], displayName?: string): string {
    return this.resolveRec(ids, displayName).ctx.personId;
  }

  private resolveRec(ids: Identifier[], displayName?: string): PersonRec {
    let fast: PersonRec | undefined;
    let allKnown = true;
    for (let i = 0; i < ids.length; i++) {
      const r = this.rawIndex.get(ids[i].kind)?.get(ids[i].value);
      if (r === undefined) allKnown = false;
      else if (fast === undefined) fast = r;
    }
    if (allKnown && fast !== undefined) return fast;
    const pid = this.findPerson(ids) ?? personIdFor(ids);
    const rec = this.ensurePerson(pid, displayName);
    if (!rec.ctx.displayName && displayName) rec.ctx.displayName = displayName;
    this.register(pid, rec, ids);
    // Remember each raw identifier's owner (the owner of its normalised key, which may be another person).
    for (const id of ids) {
      let byValue = this.rawIndex.get(id.kind);
      if (!byValue) this.rawIndex.set(id.kind, (byValue = new Map()));
      const owner = this.keyToPerson.get(identifierKey(id));
      byValue.set(id.value, (owner !== undefined ? this.persons.get(owner) : undefined) ?? rec);
    }
    return rec;
  }

  intel(ip: string): IpIntel | undefined {
    let v = this.intelCache.get(ip);
    if (v === undefined && !this.intelCache.has(ip)) {
      v = this.opts.intel.lookupIp(ip);
      if (this.intelCache.size >= CACHE_MAX) this.intelCache.clear();
      this.intelCache.set(ip, v);
    }
    return v;
  }

  /** Catalogued tools of an endpoint record, cached by what the catalog looks at (hosts repeat the same software). */
  private toolsOf(ev: NormalizedEvent): ToolHit[] | undefined {
    if (ev.kind === 'device' || !this.opts.intel.tools) return undefined;
    // only what the catalog looks at: versions, install times and how the program was seen vary per record
    const sw = ev.software;
    const net = ev.network;
    const key = JSON.stringify([ev.kind, sw?.name, sw?.publisher, sw?.file, sw?.originalFile, sw?.path, sw?.signer, net?.domain, net?.remoteIp, net?.remotePort, ev.usb]);
    let v = this.toolCache.get(key);
    if (v === undefined && !this.toolCache.has(key)) {
      const hits = this.opts.intel.tools(ev);
      v = hits && hits.length > 0 ? hits : undefined;
      if (this.toolCache.size >= CACHE_MAX) this.toolCache.clear();
      this.toolCache.set(key, v);
    }
    return v;
  }

  /**
   * ingest() for the reader's sink: true when the event was new, false when its id had been ingested before (the
   * record is then counted as a duplicate of its input).
   */
  add(ev: NormalizedEvent): boolean {
    this.ingest(ev);
    return this.lastFresh;
  }

  /**
   * Resolve, enrich and either buffer (batch) or observe (stream) one event. Batch mode ignores a repeated event id;
   * stream mode leaves that to its caller (the store's event log says which events are new).
   */
  ingest(ev: NormalizedEvent): EnrichedEvent {
    const rec = this.resolveRec(ev.actor.ids, ev.actor.displayName);
    const enriched = this.enrich(rec, ev);
    if (this.mode === 'batch') {
      // One set of ids: the reader counts a repeated record as a duplicate of its input when it happens.
      if (this.seen.has(ev.id)) {
        this.duplicates++;
        this.lastFresh = false;
        return enriched;
      }
      this.seen.add(ev.id);
    }
    this.lastFresh = true;
    if (ev.deviceId !== undefined) rec.lastDevice = enriched.deviceId;
    this.count(rec, ev.time);
    this.eventCount++;
    if (this.mode === 'batch') rec.buffer.push(enriched);
    else this.observeInOrder(rec, enriched);
    return enriched;
  }

  /** The event with the person, intel and shared vendor values; registers the IP (and its vendor place) in the indexes. */
  private enrich(rec: PersonRec, ev: NormalizedEvent): EnrichedEvent {
    const pid = rec.ctx.personId;
    const ip = ev.ip;
    const sameIp = ip !== undefined && ip === rec.lastIp;
    let intel: IpIntel | undefined;
    if (ip !== undefined) {
      if (sameIp) intel = rec.lastIntel;
      else {
        intel = this.intel(ip);
        let onIp = this.ipIndex.get(ip);
        if (onIp === undefined) this.ipIndex.set(ip, (onIp = new Set()));
        if (!onIp.has(pid)) {
          onIp.add(pid);
          addToIndex(this.prefixIndex, ipPrefix(ip), pid); // a new (person, IP) pair: the prefix may be new too
          if (this.mode === 'stream') this.noteNewPair(ip);
        }
        rec.lastIp = ip;
        rec.lastIntel = intel;
      }
    }
    // Batch buffers hold every event until the end: share repeated values (the person's IP and device strings,
    // the vendor's place and network of an IP) instead of keeping a copy per event, and drop empty risk verdicts.
    const deviceId = ev.deviceId !== undefined && ev.deviceId === rec.lastDevice ? rec.lastDevice : ev.deviceId;
    const vendorGeo = ip !== undefined && ev.vendorGeo !== undefined ? (rec.lastPlace = this.sharedPlace(ip, ev.vendorGeo, sameIp ? rec.lastPlace : undefined)) : ev.vendorGeo;
    if (ip !== undefined && vendorGeo !== undefined) this.notePlace(ip, ev.time, ev.id, vendorGeo);
    return {
      id: ev.id,
      source: ev.source,
      kind: ev.kind,
      type: ev.type,
      time: ev.time,
      outcome: ev.outcome,
      ip: ip === undefined ? undefined : rec.lastIp, // the person's last IP is this one (same string, shared)
      deviceId,
      interactive: ev.interactive,
      app: ev.app === undefined ? undefined : ev.app === rec.lastApp ? rec.lastApp : (rec.lastApp = this.intern(ev.app)),
      vendorGeo,
      vendorNet: ip !== undefined && ev.vendorNet !== undefined ? this.sharedNet(ip, ev.vendorNet) : ev.vendorNet,
      vendorRisk: isEmptyRisk(ev.vendorRisk) ? undefined : ev.vendorRisk,
      device: ev.device,
      software: ev.software,
      network: ev.network,
      usb: ev.usb,
      usage: ev.usage,
      personId: pid,
      intel,
      ...(ENDPOINT_KINDS.has(ev.kind) ? { host: hostOf(ev), tools: this.toolsOf(ev) } : {}),
      loc: undefined, // set before detectors see the event (locateEvent), once every opinion about the IP is known
    };
  }

  private count(rec: PersonRec, t: number): void {
    const ctx = rec.ctx;
    ctx.events++;
    if (ctx.firstEvent === undefined || t < ctx.firstEvent) ctx.firstEvent = t;
    if (ctx.lastEvent === undefined || t > ctx.lastEvent) ctx.lastEvent = t;
    if (t < this.minTime) this.minTime = t;
    if (t > this.maxTime) this.maxTime = t;
  }

  /**
   * Stream mode: observe the event when it is the person's latest in (time, id) order, as a batch scan would;
   * otherwise the person needs a replay from the event log (takeDirty / replay) and is not observed meanwhile.
   */
  private observeInOrder(rec: PersonRec, ev: EnrichedEvent): void {
    const pid = rec.ctx.personId;
    this.changed.add(pid);
    this.contribDirty.add(pid);
    if (this.dirty.has(pid)) return;
    if (ev.time < rec.lastT || (ev.time === rec.lastT && ev.id < rec.lastId)) {
      this.dirty.add(pid);
      return;
    }
    ev.loc = this.locateEvent(ev);
    this.observe(rec, ev);
    rec.lastT = ev.time;
    rec.lastId = ev.id;
  }

  /** Record an IP's vendor place when this event is the earliest carrying one; a changed place re-plays its borrowers. */
  private notePlace(ip: string, t: number, id: string, place: Place, replayBorrowers = true): void {
    const have = this.ipPlace.get(ip);
    if (have !== undefined && (t > have.t || (t === have.t && id >= have.id))) return;
    this.ipPlace.set(ip, { t, id, place });
    if (have !== undefined && samePlace(have.place, place)) return;
    this.locs.delete(ip);
    if (this.mode === 'stream') this.changedKeys.add(DEP_LOC + ip);
    if (this.mode !== 'stream' || !replayBorrowers) return;
    const who = this.borrowers.has(ip) ? (this.borrowers.get(ip) ?? this.ipIndex.get(ip)) : undefined;
    for (const pid of who ?? []) if ((this.persons.get(pid)?.ctx.events ?? 0) > 0) this.dirty.add(pid);
  }

  /**
   * Where the event was made: the local database's place combined with the vendor's (the event's own, else the
   * last one any event from this IP carried, so a Google sign-in from a line Entra located gets Entra's opinion
   * too). Cached per IP while the vendor's place stays the same object (sharedPlace shares equal places).
   */
  private locateEvent(ev: EnrichedEvent): Located | undefined {
    const ip = ev.ip;
    if (ip === undefined) return undefined;
    let vendor = ev.vendorGeo;
    if (vendor === undefined) {
      vendor = this.ipPlace.get(ip)?.place;
      if (this.mode === 'stream') {
        const b = this.borrowers.get(ip);
        if (b === undefined) this.borrowers.set(ip, new Set([ev.personId]));
        else if (b !== null) b.add(ev.personId);
      }
    }
    const have = this.locs.get(ip);
    if (have !== undefined && have.v === vendor) return have.loc;
    const loc = locate(ev.intel?.geo, vendor === undefined ? undefined : this.vendorPoint(vendor), ev.intel?.geoSecond);
    if (this.locs.size >= CACHE_MAX) this.locs.clear();
    this.locs.set(ip, { v: vendor, loc });
    return loc;
  }

  /** The vendor's place with coordinates: as given, or its city/region/country geocoded by the gazetteer. */
  private vendorPoint(v: Place): Place | undefined {
    if (v.lat !== undefined && v.lon !== undefined) return v;
    let p = this.vendorPoints.get(v);
    if (p === undefined) {
      p = vendorPoint(v, (a) => this.opts.intel.geocode(a)) ?? null;
      this.vendorPoints.set(v, p);
    }
    return p ?? undefined;
  }

  /** The combined location of an IP seen in the data (database and vendor opinions), for detectors. */
  locateIp(ip: string): Located | undefined {
    const have = this.locs.get(ip);
    if (have !== undefined) return have.loc;
    const intel = this.intel(ip);
    const vendor = this.ipPlace.get(ip)?.place;
    const loc = locate(intel?.geo, vendor === undefined ? undefined : this.vendorPoint(vendor), intel?.geoSecond);
    if (this.locs.size >= CACHE_MAX) this.locs.clear();
    this.locs.set(ip, { v: vendor, loc });
    return loc;
  }

  private readonly strings = new Map<string, string>();
  private readonly places = new Map<string, Place>();
  private readonly nets = new Map<string, NonNullable<NormalizedEvent['vendorNet']>>();

  private intern(v: string): string {
    const have = this.strings.get(v);
    if (have !== undefined) return have;
    if (this.strings.size < 100_000) this.strings.set(v, v);
    return v;
  }

  /** The vendor's place for an IP, shared between events when it is the same as last time. */
  private sharedPlace(ip: string, g: Place, last: Place | undefined): Place {
    const have = last ?? this.places.get(ip);
    if (have !== undefined && samePlace(have, g)) return have;
    if (this.places.size >= CACHE_MAX) this.places.clear();
    this.places.set(ip, g);
    return g;
  }

  private sharedNet(ip: string, n: NonNullable<NormalizedEvent['vendorNet']>): NonNullable<NormalizedEvent['vendorNet']> {
    const have = this.nets.get(ip);
    if (have !== undefined && have.asn === n.asn && have.org === n.org && have.isp === n.isp && have.isProxy === n.isProxy) return have;
    if (this.nets.size >= CACHE_MAX) this.nets.clear();
    this.nets.set(ip, n);
    return n;
  }

  private pushError(e: DetectorError): void {
    if (this.errors.length < ERRORS_MAX) this.errors.push(e);
  }

  private observe(rec: PersonRec, ev: EnrichedEvent): void {
    for (const d of this.detectors) {
      const id = d.definition.id;
      if (rec.failed.has(id)) continue;
      if (!(id in rec.states)) rec.states[id] = d.init();
      const err = runObserve(d, rec.states[id], ev, rec.ctx, this.params.get(id), this.timing.get(id)!);
      if (err) {
        rec.failed.add(id);
        this.pushError({ detector: id, personId: rec.ctx.personId, message: err });
      }
    }
  }

  /**
   * Feed buffered events (batch mode) in time order (repeated ids never reach the buffers: see the seen-set). Each
   * detector runs over the person's events in one timed loop. Idempotent.
   */
  private drain(): void {
    for (const rec of this.persons.values()) {
      const buf = rec.buffer;
      if (buf.length === 0) continue;
      buf.sort(eventOrder);
      this.contribDirty.add(rec.ctx.personId);
      for (let i = 0; i < buf.length; i++) buf[i].loc = this.locateEvent(buf[i]);
      for (const d of this.detectors) {
        const id = d.definition.id;
        if (rec.failed.has(id)) continue;
        if (!(id in rec.states)) rec.states[id] = d.init();
        const err = runObserveAll(d, rec.states[id], buf, rec.ctx, this.params.get(id), this.timing.get(id)!);
        if (err) {
          rec.failed.add(id);
          this.pushError({ detector: id, personId: rec.ctx.personId, message: err });
        }
      }
      rec.buffer = [];
    }
  }

  private population(): Population {
    const empty: ReadonlySet<string> = new Set();
    const persons = this.persons;
    this.refreshIndexes();
    const everyone = (): PersonContext[] => (this.sortedPeople ??= [...persons.keys()].sort().map((pid) => persons.get(pid)!.ctx));
    // Stream mode records what each evaluation reads (intel, geocoding and shared settings are fixed: not recorded).
    const read = (key: string): void => void this.reading?.add(key);
    return {
      get size() {
        read(DEP_ALL);
        return persons.size;
      },
      // In person-id order: what detectors build from it (colleague lists, their order in explanations) must not
      // depend on the order people arrived in (files, batches, a restart).
      people: () => {
        read(DEP_ALL);
        return everyone();
      },
      person: (pid) => {
        read(DEP_PERSON + pid);
        return persons.get(pid)?.ctx;
      },
      peopleOnIp: (ip) => {
        read(DEP_IP + ip);
        return this.ipIndex.get(ip) ?? empty;
      },
      peopleOnPrefix: (ip) => {
        const k = ipPrefix(ip);
        read(DEP_PREFIX + k);
        return this.prefixIndex.get(k) ?? empty;
      },
      stateOf: <S>(det: string, pid: string) => {
        read(DEP_PERSON + pid);
        return persons.get(pid)?.states[det] as S | undefined;
      },
      intel: (ip) => this.intel(ip),
      locate: (ip) => {
        read(DEP_LOC + ip);
        return this.locateIp(ip);
      },
      shared: this.config.shared,
      index: <T extends { pid: string }>(key: string, of: (p: PersonContext) => Iterable<readonly [string, T]>): PersonIndex<T> => {
        let e = this.indexes.get(key);
        if (!e) {
          e = { idx: new IncrementalIndex(), of };
          const reading = this.reading;
          this.reading = undefined; // building the index reads everyone; what the evaluation reads is its groups
          for (const ctx of everyone()) e.idx.set(ctx.personId, of(ctx));
          this.reading = reading;
          this.indexes.set(key, e);
        }
        const idx = e.idx as unknown as PersonIndex<T>;
        if (this.mode !== 'stream') return idx;
        const prefix = DEP_GROUP + key + '\0';
        return { get: (group) => (read(prefix + group), idx.get(group)) };
      },
      geocode: (a) => this.opts.intel.geocode(a),
    };
  }

  /**
   * Findings from vetting (stage one) of people who were candidates, keyed by their directory entry id: they join the
   * person's findings and risk like a detector's (the check id is the finding's detector). Stream mode: the people whose
   * vetting findings changed are evaluated again at the next round.
   */
  setVetting(byDirectoryId: ReadonlyMap<string, Finding[]>): void {
    const before = this.vetting;
    this.vetting = new Map(byDirectoryId);
    if (this.mode !== 'stream') return;
    for (const rec of this.persons.values()) {
      const id = rec.ctx.directory?.id;
      if (id !== undefined && !sameJson(before.get(id), this.vetting.get(id))) this.unread.add(rec.ctx.personId);
    }
  }

  /** Evaluate every person (or the given ones) and score them. */
  evaluate(only?: Iterable<string>): PipelineResult {
    this.drain();
    const pop = this.population();
    const ids = only ? [...only] : [...this.persons.keys()];
    const people: PersonResult[] = [];
    const stream = this.mode === 'stream';
    for (const pid of ids) {
      const rec = this.persons.get(pid);
      if (!rec) continue;
      const findings: Finding[] = [];
      if (stream) this.reading = new Set();
      for (const d of this.detectors) {
        const id = d.definition.id;
        if (rec.failed.has(id)) continue;
        if (!(id in rec.states)) rec.states[id] = d.init();
        const out = runEvaluate(d, rec.states[id], rec.ctx, this.params.get(id), pop, this.timing.get(id)!, this.config.suppressions, [
          ...rec.ids.values(),
        ]);
        if ('error' in out) this.pushError({ detector: id, personId: pid, message: out.error });
        else findings.push(...out.findings);
      }
      if (stream) {
        this.setReads(pid, this.reading!);
        this.reading = undefined;
      }
      const vetted = rec.ctx.directory ? this.vetting.get(rec.ctx.directory.id) : undefined;
      if (vetted) findings.push(...vetted);
      const score = scorePerson(findings, this.config.scoring, {
        hired: rec.ctx.hired,
        firstEvent: rec.ctx.firstEvent,
        lrOverride: (det) => this.config.detectors[det]?.likelihoodRatio,
      });
      findings.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.firstSeen.localeCompare(b.firstSeen));
      people.push({
        personId: pid,
        displayName: rec.ctx.displayName,
        identifiers: [...rec.ids.values()],
        directory: rec.ctx.directory,
        risk: score.risk,
        level: score.level,
        riskBreakdown: { priorOdds: score.priorOdds, newHire: score.newHire, contributions: this.withCalibration(score.contributions), odds: score.odds, formula: score.formula },
        findings,
        firstEvent: rec.ctx.firstEvent !== undefined ? new Date(rec.ctx.firstEvent).toISOString() : undefined,
        lastEvent: rec.ctx.lastEvent !== undefined ? new Date(rec.ctx.lastEvent).toISOString() : undefined,
        events: rec.ctx.events,
      });
    }
    people.sort((a, b) => b.risk - a.risk || b.findings.length - a.findings.length || a.personId.localeCompare(b.personId));
    return {
      people,
      errors: [...this.errors],
      window: { from: Number.isFinite(this.minTime) ? this.minTime : null, to: Number.isFinite(this.maxTime) ? this.maxTime : null },
      timings: [...this.timing.values()],
      stats: { events: this.eventCount, duplicates: this.duplicates, people: this.persons.size, distinctIps: this.ipIndex.size },
    };
  }

  private withCalibration(cs: RiskBreakdown['contributions']): RiskBreakdown['contributions'] {
    const cal = this.opts.calibration;
    if (!cal || cal.size === 0) return cs;
    return cs.map((c) => {
      const k = cal.get(c.detector);
      return k ? { ...c, calibrated: { lr: k.lr, verdicts: k.verdicts, priorLR: k.priorLR } } : c;
    });
  }

  finish(): PipelineResult {
    return this.evaluate();
  }

  /** Per-person detector state (for persistence in stream mode and for measuring state size). */
  exportState(pid: string): Record<string, unknown> | undefined {
    return this.persons.get(pid)?.states;
  }

  /**
   * Everything needed to resume a person in another process: detector states (with their version), the event
   * counters the context carries (count, first and last event time: the new-hire boost reads firstEvent), the latest
   * event observed, and the name and identifiers the person resolved with. JSON-serialisable.
   */
  exportSnapshot(pid: string): PersonSnapshot | undefined {
    const rec = this.persons.get(pid);
    if (!rec) return undefined;
    const snap: PersonSnapshot = { v: this.stateVersion, detectors: rec.states, events: rec.ctx.events, firstEvent: rec.ctx.firstEvent, lastEvent: rec.ctx.lastEvent };
    if (Number.isFinite(rec.lastT)) {
      snap.lastT = rec.lastT;
      snap.lastId = rec.lastId;
    }
    if (rec.ctx.displayName !== undefined) snap.name = rec.ctx.displayName;
    if (rec.idents.length > 0) snap.ids = rec.idents;
    return snap;
  }

  /**
   * Resume a person from a snapshot. The snapshot is the truth about the person's state (it clears a pending replay),
   * unless its detector states are of another version: they are then dropped and the person waits for a replay
   * from the event log (takeDirty), never read.
   */
  importSnapshot(pid: string, snap: PersonSnapshot): void {
    const rec = this.ensurePerson(pid);
    this.contribDirty.add(pid);
    if (snap.ids?.length) {
      this.rawIndex.clear();
      this.register(pid, rec, snap.ids);
    }
    if (snap.name !== undefined) rec.ctx.displayName = snap.name;
    rec.ctx.events = snap.events;
    rec.ctx.firstEvent = snap.firstEvent ?? undefined;
    rec.ctx.lastEvent = snap.lastEvent ?? undefined;
    rec.lastT = snap.lastT ?? -Infinity;
    rec.lastId = snap.lastId ?? '';
    rec.failed.clear();
    if (snap.v === this.stateVersion) {
      rec.states = { ...snap.detectors };
      this.dirty.delete(pid);
    } else {
      rec.states = {};
      if (snap.events > 0) this.dirty.add(pid);
    }
    if (snap.firstEvent != null && snap.firstEvent < this.minTime) this.minTime = snap.firstEvent;
    if (snap.lastEvent != null && snap.lastEvent > this.maxTime) this.maxTime = snap.lastEvent;
  }

  /**
   * Stream mode: register what the event log says about networks (from the store at start, or what other processes
   * committed): who used each IP, and each IP's earliest vendor place. Authoritative: changes here replay nobody (the
   * processes that logged the events replayed whom they affected); they do make the people who read them affected.
   */
  seedIndexes(x: {
    ipPeople: Iterable<{ ip: string; personId: string }>;
    /** not needed any more (who shares a device is in the detectors' states); accepted for callers passing StoreChanges */
    devicePeople?: Iterable<{ deviceId: string; personId: string }>;
    vendorPlaces: Iterable<{ ip: string; time: number; eventId: string; place: Place }>;
  }): void {
    for (const { ip, personId } of x.ipPeople) {
      if (!(this.ipIndex.get(ip)?.has(personId) ?? false)) this.noteNewPair(ip);
      addToIndex(this.ipIndex, ip, personId);
      addToIndex(this.prefixIndex, ipPrefix(ip), personId);
      this.borrowers.set(ip, null); // who borrowed this IP's place before is not known: everyone on it
    }
    for (const v of x.vendorPlaces) this.notePlace(v.ip, v.time, v.eventId, v.place, false);
  }

  /** Stream mode: the people waiting for a replay (replay() takes them off the list). */
  takeDirty(): string[] {
    return [...this.dirty].sort();
  }

  /** Events counted for a person (observed, waiting for a replay, or carried by a snapshot). */
  eventsOf(pid: string): number {
    return this.persons.get(pid)?.ctx.events ?? 0;
  }

  /**
   * Stream mode: rebuild a person's detector state and counters from all their events (the event log), observed in
   * (time, id) order exactly as a batch scan would.
   */
  replay(pid: string, events: NormalizedEvent[]): void {
    const rec = this.ensurePerson(pid);
    this.contribDirty.add(pid);
    const sorted = [...events].sort(eventOrder);
    for (let round = 0; round < 3; round++) {
      this.dirty.delete(pid);
      rec.states = {};
      rec.failed.clear();
      rec.ctx.events = 0;
      rec.ctx.firstEvent = undefined;
      rec.ctx.lastEvent = undefined;
      rec.lastT = -Infinity;
      rec.lastId = '';
      rec.lastIp = rec.lastIntel = rec.lastDevice = rec.lastApp = rec.lastPlace = undefined;
      for (const ev of sorted) {
        const e = this.enrich(rec, ev);
        if (ev.deviceId !== undefined) rec.lastDevice = e.deviceId;
        this.count(rec, ev.time);
        this.observeInOrder(rec, e);
      }
      if (!this.dirty.has(pid)) break; // a place its own events brought changed under it: once more
    }
    this.dirty.delete(pid);
    this.changed.add(pid);
  }

  /**
   * Stream mode: the people whose result may have changed since the last call: those observed or replayed, those
   * whose state, counters or directory entry changed, those not evaluated since they last changed, and those whose
   * last evaluation read something that changed since (an index group such as a department's hours or the people on
   * an IP, another person's context or state, who is on an IP or network prefix, an IP's location); everyone when
   * directory entries came. A person none of whose reads changed gets the same result again: evaluating them is
   * skipped. `observed`: the people observed or replayed (whose detector state changed).
   */
  takeAffected(): { people: string[]; observed: string[] } {
    this.refreshIndexes();
    let out: Set<string>;
    if (this.directoryChanged) out = new Set(this.persons.keys());
    else {
      out = new Set(this.changed);
      for (const pid of this.unread) out.add(pid);
      if (this.changedKeys.size > 0) for (const pid of this.readers.get(DEP_ALL) ?? []) out.add(pid);
      for (const k of this.changedKeys) for (const pid of this.readers.get(k) ?? []) out.add(pid);
    }
    const observed = [...this.changed].filter((pid) => this.persons.has(pid)).sort();
    this.changed.clear();
    this.changedKeys.clear();
    this.directoryChanged = false;
    return { people: [...out].filter((pid) => this.persons.has(pid)).sort(), observed };
  }

  /** Bring every kept index up to date with the people that changed since the last round (stream: note what changed). */
  private refreshIndexes(): void {
    if (this.contribDirty.size === 0) return;
    const stream = this.mode === 'stream';
    for (const [key, e] of this.indexes) {
      const onChange = stream ? (group: string) => this.changedKeys.add(DEP_GROUP + key + '\0' + group) : undefined;
      for (const pid of this.contribDirty) {
        const ctx = this.persons.get(pid)?.ctx;
        if (ctx) e.idx.set(pid, e.of(ctx), onChange);
      }
    }
    if (stream)
      for (const pid of this.contribDirty) {
        this.changedKeys.add(DEP_PERSON + pid);
        this.unread.add(pid);
      }
    this.contribDirty.clear();
  }

  /** Stream mode: a person's first event from an IP changes who is on the IP and on its prefix. */
  private noteNewPair(ip: string): void {
    this.changedKeys.add(DEP_IP + ip);
    this.changedKeys.add(DEP_PREFIX + ipPrefix(ip));
  }

  /** Stream mode: what a person's evaluation read, replacing what the last one read. */
  private setReads(pid: string, keys: Set<string>): void {
    for (const k of this.readsOf.get(pid) ?? []) this.readers.get(k)?.delete(pid);
    keys.delete(DEP_PERSON + pid); // their own record: a change to it makes them changed anyway
    const list = [...keys];
    for (const k of list) {
      let r = this.readers.get(k);
      if (!r) this.readers.set(k, (r = new Set()));
      r.add(pid);
    }
    this.readsOf.set(pid, list);
    this.unread.delete(pid);
  }

  personIds(): string[] {
    return [...this.persons.keys()];
  }
}

/** Dependency keys of what an evaluation reads of the population (stream mode, see Pipeline.takeAffected). */
const DEP_ALL = '*';
const DEP_PERSON = 'p\0';
const DEP_IP = 'i\0';
const DEP_PREFIX = 'x\0';
const DEP_LOC = 'l\0';
const DEP_GROUP = 'g\0';

/** Deep equality of JSON values, whatever the order of object keys (a stored jsonb entry has its keys reordered). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameJson(x, bb[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const samePlace = (a: Place, b: Place): boolean =>
  a.city === b.city && a.region === b.region && a.country === b.country && a.lat === b.lat && a.lon === b.lon;

/** A vendor risk verdict that says nothing (level and state 'none' or absent, no risk types, not suspicious). */
function isEmptyRisk(r: NormalizedEvent['vendorRisk']): boolean {
  if (r === undefined) return true;
  return (
    (r.level === undefined || r.level === 'none') &&
    (r.state === undefined || r.state === 'none') &&
    (r.types === undefined || r.types.length === 0) &&
    r.suspicious !== true
  );
}

function addToIndex(index: Map<string, Set<string>>, key: string, pid: string): void {
  let s = index.get(key);
  if (!s) index.set(key, (s = new Set()));
  s.add(pid);
}

const SEV = ['critical', 'high', 'medium', 'low', 'info'];
const severityRank = (s: string): number => SEV.indexOf(s);

function mergeDirectory(a: DirectoryEntry, b: DirectoryEntry): DirectoryEntry {
  const uniq = <T>(xs: T[], key: (x: T) => string) => [...new Map(xs.map((x) => [key(x), x])).values()];
  return {
    ...a,
    ...Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined)),
    // by kind and value: a UPN and an e-mail of the same address are two identifiers (identifierKey would fold them)
    ids: uniq([...a.ids, ...b.ids], (id) => `${id.kind}:${id.value.trim().toLowerCase()}`),
    emails: uniq([...a.emails, ...b.emails], (m) => m.value.toLowerCase()),
    phones: uniq([...a.phones, ...b.phones], (p) => p.value),
    homeAddress: b.homeAddress ?? a.homeAddress,
  } as DirectoryEntry;
}

/** Group key → one value per person, updated person by person; each group's members sorted by person id on read. */
class IncrementalIndex<T extends { pid: string }> implements PersonIndex<T> {
  private readonly byPerson = new Map<string, string[]>();
  private readonly groups = new Map<string, Map<string, T>>();
  private readonly sorted = new Map<string, T[]>();

  /** `onChange` hears of each group whose members or values changed. */
  set(pid: string, entries: Iterable<readonly [string, T]>, onChange?: (group: string) => void): void {
    const old = this.byPerson.get(pid);
    const keys: string[] = [];
    const now = new Set<string>();
    for (const [g, v] of entries) {
      if (now.has(g)) {
        this.groups.get(g)!.set(pid, v); // a second value for one group: the last one counts
        this.sorted.delete(g);
        onChange?.(g);
        continue;
      }
      now.add(g);
      keys.push(g);
      let m = this.groups.get(g);
      if (!m) this.groups.set(g, (m = new Map()));
      const had = m.has(pid);
      if (onChange && (!had || !sameJson(m.get(pid), v))) onChange(g);
      m.set(pid, v);
      if (!had) this.sorted.delete(g);
      else {
        // Same members, new value: update the sorted list in place (no re-sort of a large group every round).
        const list = this.sorted.get(g);
        if (list) {
          const i = indexByPid(list, pid);
          if (i >= 0) list[i] = v;
          else this.sorted.delete(g);
        }
      }
    }
    if (old) {
      for (const g of old) {
        if (now.has(g)) continue;
        const m = this.groups.get(g);
        if (m) {
          m.delete(pid);
          if (m.size === 0) this.groups.delete(g);
        }
        this.sorted.delete(g);
        onChange?.(g);
      }
    }
    if (keys.length > 0) this.byPerson.set(pid, keys);
    else this.byPerson.delete(pid);
  }

  get(group: string): readonly T[] | undefined {
    let s = this.sorted.get(group);
    if (s === undefined) {
      const m = this.groups.get(group);
      if (m === undefined) return undefined;
      s = [...m.values()].sort((a, b) => (a.pid < b.pid ? -1 : a.pid > b.pid ? 1 : 0));
      this.sorted.set(group, s);
    }
    return s;
  }
}

/** Position of a person in a list sorted by person id (binary search), or -1. */
function indexByPid(list: readonly { pid: string }[], pid: string): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const p = list[mid].pid;
    if (p === pid) return mid;
    if (p < pid) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
