// The detector contract. Each detector is a folder in src/detectors/<name>/ with definition.ts (declarative),
// detector.ts (pure logic), README.md and tests; all are listed in the one registry (src/detectors/registry.ts).
// The wrapper (src/core/run-detectors.ts) does the cross-cutting work: state, params, suppression, timing, errors.
import type { z } from 'zod';
import type { Located } from './locate.ts';
import type { SharedConfig } from './config.ts';
import type { Address, DirectoryEntry, EnrichedEvent, Evidence, Finding, IpIntel, NetClass, Place, Severity } from './model.ts';

export type Stage = 'vet' | 'monitor' | 'respond';
export type DataNeed = 'signin' | 'audit' | 'directory' | 'ip-intel' | 'peers' | 'endpoint' | 'usage';

export interface DetectorDefinition<P extends z.ZodType = z.ZodType> {
  /** kebab-case, stable: used in config, suppressions and reports. */
  id: string;
  title: string;
  description: string;
  stage: Stage;
  /** The published indicator this implements, with where it was published. */
  indicator: { text: string; reference: string };
  needs: DataNeed[];
  /** Default severity of its findings (a finding may raise or lower it, e.g. North Korea is critical). */
  severity: Severity;
  /** zod object whose every field has a default: `params.parse({})` gives the defaults. */
  params: P;
  /**
   * Version of the per-person state this detector keeps (default 1). Raise it when the state's shape or meaning
   * changes: stored states of another version are then rebuilt from the event log, never read.
   */
  stateVersion?: number;
  /** Legitimate situations that can raise its findings, for analysts (and the README). */
  knownFalsePositives?: string[];
}

/** What the detector may know about the person besides their events. */
export interface PersonContext {
  personId: string;
  displayName?: string;
  directory?: DirectoryEntry;
  /** The claimed home, geocoded (country/region/city with coordinates when known). */
  home?: Place;
  /** Account creation / hire time (epoch ms) when the directory gives it. */
  hired?: number;
  /** Time of the person's first and last event seen (epoch ms). */
  firstEvent?: number;
  lastEvent?: number;
  events: number;
}

/** Read-only view over everyone, for detectors that compare a person with colleagues. */
export interface Population {
  readonly size: number;
  people(): Iterable<PersonContext>;
  person(personId: string): PersonContext | undefined;
  /** Distinct people who signed in from this IP (successful or not). */
  peopleOnIp(ip: string): ReadonlySet<string>;
  /** Another person's state for a detector (after all events were observed). */
  stateOf<S>(detectorId: string, personId: string): S | undefined;
  /** Intel for an IP seen in the data (cached). */
  intel(ip: string): IpIntel | undefined;
  /** Where an IP seen in the data is: the local database's and the vendor's opinions combined (core/locate.ts). */
  locate(ip: string): Located | undefined;
  /** Settings every detector shares (config `shared`: one knob for each notion). */
  readonly shared: SharedConfig;
  /**
   * An index over everyone that each person contributes entries to (group key → one value per person), e.g. who used
   * which IP or which department hours. `of` must read only that person's own context and states. A stream pipeline
   * keeps it across evaluation rounds and recomputes only the entries of people whose state or directory entry
   * changed; members of a group are listed in person-id order.
   */
  index<T extends { pid: string }>(key: string, of: (person: PersonContext) => Iterable<readonly [string, T]>): PersonIndex<T>;
  /** Distinct people seen on the IP's network prefix (/24 for IPv4, /48 for IPv6). */
  peopleOnPrefix(ip: string): ReadonlySet<string>;
  /** Geocode an address (offline gazetteer). */
  geocode(addr: Address): Place | undefined;
}

/** See Population.index. */
export interface PersonIndex<T> {
  /** Members of a group in person-id order, or undefined when it has none. */
  get(group: string): readonly T[] | undefined;
}

/** A finding as a detector returns it; the wrapper fills in `detector`. */
export type FindingDraft = Omit<Finding, 'detector'>;

export interface Detector<P extends z.ZodType = z.ZodType, S = unknown> {
  definition: DetectorDefinition<P>;
  /**
   * Fresh per-person state. It must be a plain JSON-serialisable value (it is persisted between streaming
   * batches) and bounded in size: keep summaries and a few evidence samples, never every event.
   */
  init(): S;
  /** Update the state with one of the person's events. Batch mode delivers each person's events in time order. */
  observe?(state: S, ev: EnrichedEvent, ctx: PersonContext, params: z.infer<P>): void;
  /** Findings for the person, from their state, context and the population. Return [] when nothing is wrong. */
  evaluate(state: S, ctx: PersonContext, params: z.infer<P>, pop: Population): FindingDraft[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDetector = Detector<any, any>;

/** Helper so each detector.ts is type-checked against its definition's params. */
export function defineDetector<P extends z.ZodType, S>(d: Detector<P, S>): Detector<P, S> {
  return d;
}

/** Evidence for one event, with the network class and place of its IP; used by every detector. */
export function eventEvidence(ev: EnrichedEvent, label: string): Evidence {
  const intel = ev.intel;
  const network: Evidence['network'] = intel
    ? { class: intel.netClass as NetClass, asn: intel.asn, org: intel.asOrg, provider: intel.provider }
    : undefined;
  return {
    type: 'event',
    label,
    eventId: ev.id,
    time: new Date(ev.time).toISOString(),
    ip: ev.ip,
    network,
    place: intel?.geo,
    vendorPlace: ev.vendorGeo,
    ...(ev.loc?.disputed ? { disputed: true, opinions: [...ev.loc.opinions] } : {}),
  };
}
