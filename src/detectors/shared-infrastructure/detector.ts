// shared-infrastructure: laptop farms and identity reuse — one non-corporate IP, one device id, or one phone number,
// personal e-mail or home street address behind several people. See README.md for the algorithm, knobs and LRs.
import type { z } from 'zod';
import { defineDetector, type FindingDraft, type PersonContext, type PersonIndex, type Population } from '../../core/detector.ts';
import type { EnrichedEvent, Evidence, Place } from '../../core/model.ts';
import { isCorporateEgress, placeDistanceKm, placeLabel } from '../common/geo.ts';
import { opinionSource, type Located } from '../../core/locate.ts';
import { dayIndex, isoOf, networkLabel } from '../common/event-sample.ts';
import { addressKey, emailKey, personalEmails, phoneKey } from './normalise.ts';
import { definition } from './definition.ts';

type Params = z.infer<typeof definition.params>;

/** One IP or device a person used: Space-Saving counter (n is an upper bound, n - e a guaranteed count). */
export interface NetEntry {
  k: string;
  n: number;
  e: number;
  d: number;
  ld: number;
  t0: number;
  t1: number;
  /** first event id seen with it (evidence) */
  id: string;
  /** device id is an Okta browser fingerprint (identical browser builds can collide) */
  o?: 1;
}

export interface State {
  ips: NetEntry[];
  devs: NetEntry[];
}

export const MAX_IPS = 6;
export const MAX_DEVS = 3;
/**
 * Networks whose IP can be a home or office. VPN/hosting/Tor/relay exits are shared by strangers by design, and so
 * are mobile carriers' addresses (carrier-grade NAT puts many subscribers, even in different cities, behind one IP).
 */
const LOCAL_CLASSES = new Set(['residential', 'business', 'unknown']);
const NULL_DEVICE = '00000000-0000-0000-0000-000000000000';

function bump(list: NetEntry[], key: string, ev: EnrichedEvent, max: number, okta: boolean): void {
  const day = dayIndex(ev.time);
  for (const x of list) {
    if (x.k !== key) continue;
    x.n++;
    x.t1 = ev.time;
    if (day !== x.ld) {
      x.d++;
      x.ld = day;
    }
    return;
  }
  const fresh: NetEntry = { k: key, n: 1, e: 0, d: 1, ld: day, t0: ev.time, t1: ev.time, id: ev.id };
  if (okta) fresh.o = 1;
  if (list.length < max) {
    list.push(fresh);
    return;
  }
  // Space-Saving: replace the smallest counter (ties: least recently seen); the newcomer inherits its count as error.
  let vi = 0;
  for (let i = 1; i < list.length; i++) {
    const a = list[i], b = list[vi];
    if (a.n < b.n || (a.n === b.n && a.t1 < b.t1)) vi = i;
  }
  fresh.e = list[vi].n;
  fresh.n = list[vi].n + 1;
  list[vi] = fresh;
}

function observe(st: State, ev: EnrichedEvent, _ctx: PersonContext, _p: Params): void {
  if (ev.kind !== 'signin' || ev.outcome !== 'success') return;
  if (ev.ip && ev.intel && LOCAL_CLASSES.has(ev.intel.netClass)) bump(st.ips, ev.ip, ev, MAX_IPS, false);
  const dev = ev.deviceId;
  if (dev && dev !== NULL_DEVICE) bump(st.devs, dev, ev, MAX_DEVS, ev.id.startsWith('okta:'));
}

interface Member {
  pid: string;
  n: number;
  d: number;
  t0: number;
  t1: number;
  id: string;
  o?: 1;
}

interface Indexes {
  ips: PersonIndex<Member>;
  devs: PersonIndex<Member>;
  phone: PersonIndex<{ pid: string; raw: string }>;
  email: PersonIndex<{ pid: string; raw: string }>;
  address: PersonIndex<{ pid: string; raw: string }>;
}

/** Who used which IP and device, and who claims which phone, personal e-mail and address: kept by the pipeline. */
function indexes(pop: Population, p: Params): Indexes {
  const state = (person: PersonContext) => pop.stateOf<State>(definition.id, person.personId);
  return {
    ips: pop.index(`${definition.id}/ips`, (person) => {
      const st = state(person);
      const pid = person.personId;
      return st ? st.ips.filter((x) => x.n - x.e >= p.minSignInsOnIp).map((x) => [x.k, { pid, n: x.n - x.e, d: x.d, t0: x.t0, t1: x.t1, id: x.id }] as const) : [];
    }),
    devs: pop.index(`${definition.id}/devs`, (person) => {
      const st = state(person);
      const pid = person.personId;
      return st ? st.devs.map((x) => [x.k, { pid, n: x.n - x.e, d: x.d, t0: x.t0, t1: x.t1, id: x.id, o: x.o }] as const) : [];
    }),
    phone: pop.index(`${definition.id}/phone`, (person) => {
      const out = new Map<string, { pid: string; raw: string }>();
      for (const ph of person.directory?.phones ?? []) {
        const k = phoneKey(ph.value);
        if (k && !out.has(k)) out.set(k, { pid: person.personId, raw: ph.value });
      }
      return out;
    }),
    email: pop.index(`${definition.id}/email`, (person) => {
      const out = new Map<string, { pid: string; raw: string }>();
      if (person.directory)
        for (const m of personalEmails(person.directory)) {
          const k = emailKey(m);
          if (k && !out.has(k)) out.set(k, { pid: person.personId, raw: m });
        }
      return out;
    }),
    address: pop.index(`${definition.id}/address`, (person) => {
      const a = person.directory?.homeAddress;
      const ak = addressKey(a);
      return ak ? [[ak, { pid: person.personId, raw: formatAddress(a!) }] as const] : [];
    }),
  };
}

function formatAddress(a: NonNullable<PersonContext['directory']>['homeAddress'] & object): string {
  return a.formatted ?? [a.street, a.locality, a.region, a.postalCode, a.country].filter(Boolean).join(', ');
}

type Relation = { kind: 'far' | 'near' | 'unknown'; km?: number };

/** Where a claimed home lies relative to an IP's place. */
function relation(home: Place | undefined, at: Place | undefined, p: Params): Relation {
  if (!home || !at) return { kind: 'unknown' };
  const km = placeDistanceKm(home, at);
  if (km !== undefined) {
    const limit = Math.max(p.farKm, (home.accuracyKm ?? 0) + (at.accuracyKm ?? 0));
    return { kind: km > limit ? 'far' : 'near', km: Math.round(km) };
  }
  if (home.country && at.country && home.country.toUpperCase() !== at.country.toUpperCase()) return { kind: 'far' };
  if (home.region && at.region && home.region.toLowerCase() !== at.region.toLowerCase()) return { kind: 'far' };
  return { kind: 'unknown' };
}

/**
 * Where a claimed home lies relative to every opinion about the IP's place (the vendor's and the database's): near
 * when any opinion is near, far only when all are, so one database misplacing a household's line cannot make it
 * a laptop farm. km: the nearest opinion's distance.
 */
function relationAll(home: Place | undefined, loc: Located | undefined, fallback: Place | undefined, p: Params): Relation {
  const ops = loc?.opinions ?? (fallback ? [fallback] : []);
  let out: Relation = { kind: 'unknown' };
  for (const o of ops) {
    const r = relation(home, o, p);
    if (r.kind === 'near') return r;
    if (r.kind === 'far' && (out.kind !== 'far' || (r.km ?? Infinity) < (out.km ?? Infinity))) out = r;
  }
  return out;
}

/** "Denver, Colorado, US" or, when the opinions disagree, "Denver, Colorado, US (DB-IP) or Austin, Texas, US (the identity provider)". */
function locLabel(loc: Located | undefined, fallback: Place | undefined): string {
  if (loc?.disputed) return loc.opinions.map((o) => `${placeLabel(o)} (${opinionSource(o)})`).join(' or ');
  return placeLabel(loc?.best ?? fallback);
}

const nameOf = (pop: Population, pid: string): string => pop.person(pid)?.displayName ?? pid;

function claimText(home: Place | undefined, rel: Relation): string {
  if (!home) return 'no claimed home';
  return `claims ${placeLabel(home)}${rel.km !== undefined ? ` (${rel.km.toLocaleString('en-US')} km away)` : ''}`;
}

function ipFindings(st: State, ctx: PersonContext, p: Params, pop: Population, idx: Indexes): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const e of st.ips) {
    if (e.n - e.e < p.minSignInsOnIp) continue;
    const group = idx.ips.get(e.k);
    if (!group || group.length < 2) continue;
    const intel = pop.intel(e.k);
    if (isCorporateEgress(intel, e.k, pop)) continue;
    const at = intel?.geo;
    const loc = pop.locate(e.k);
    const members = group.map((m) => {
      const home = pop.person(m.pid)?.home;
      return { ...m, home, rel: relationAll(home, loc, at, p) };
    });
    const far = members.filter((m) => m.rel.kind === 'far');
    const near = members.filter((m) => m.rel.kind === 'near');
    const persistentFar = far.filter((m) => m.d >= p.minFarDays);
    let severity: FindingDraft['severity'] | undefined;
    let lr = 0;
    if (far.length > 0) {
      const high = persistentFar.length > 0 && (group.length >= p.ipGroupMinPeople || far.length >= 2 || persistentFar.some((m) => m.pid === ctx.personId));
      severity = high ? 'high' : 'medium';
      lr = high ? p.ipHighLikelihoodRatio : p.ipMediumLikelihoodRatio;
    } else if (near.length === 0 && group.length >= p.ipGroupMinPeople && intel?.netClass === 'residential') {
      severity = 'medium'; // several accounts on one home connection and no claims to check them against
      lr = p.ipMediumLikelihoodRatio;
    }
    if (!severity) continue;
    const netText = `${intel?.netClass ?? 'unknown'} network ${networkLabel(e.k, pop)}, located in ${locLabel(loc, at)}`;
    const lines = members
      .sort((a, b) => (a.pid === ctx.personId ? -1 : b.pid === ctx.personId ? 1 : b.n - a.n))
      .map((m) => `${m.pid === ctx.personId ? 'this person' : nameOf(pop, m.pid)} (${m.n} sign-ins on ${m.d} days, ${claimText(m.home, m.rel)})`);
    const explanation =
      `${group.length} people signed in from ${e.k} (${netText}): ${lines.join('; ')}. ` +
      (far.length > 0
        ? `${far.length} of them claim(s) homes more than ${p.farKm} km from this IP, ${persistentFar.length} on at least ${p.minFarDays} days ` +
          `(thresholds: 1 far claim; ${p.minFarDays} days for a stay that is not a visit). Several identities working from one home ` +
          `they do not claim is the laptop-farm pattern; a co-working space or household in the city they claim would not be reported.`
        : `None of them has a claimed home to check against; several accounts on one home connection is a published red flag.`);
    const evidence: Evidence[] = [
      {
        type: 'event',
        label: `first of this person's sign-ins from the shared IP`,
        eventId: e.id,
        time: isoOf(e.t0),
        ip: e.k,
        ...(intel ? { network: { class: intel.netClass, asn: intel.asn, org: intel.asOrg, provider: intel.provider }, place: intel.geo } : {}),
        ...(loc?.disputed ? { disputed: true, opinions: [...loc.opinions] } : {}),
      },
    ];
    for (const m of members) {
      if (m.pid === ctx.personId) {
        evidence.push({ type: 'directory', label: `this person ${claimText(m.home, m.rel)}`, place: m.home, value: m.home ? placeLabel(m.home) : 'none' });
        continue;
      }
      evidence.push({
        type: 'peer',
        personId: m.pid,
        label: `${nameOf(pop, m.pid)}: ${m.n} sign-ins on ${m.d} days from ${e.k}; ${claimText(m.home, m.rel)}`,
        place: m.home,
        value: m.n,
      });
    }
    evidence.push(
      { type: 'measure', label: `people signing in from ${e.k}`, value: group.length, threshold: 2, unit: 'people' },
      { type: 'measure', label: `people claiming a home more than ${p.farKm} km away`, value: far.length, threshold: 1, unit: 'people' },
    );
    out.push({
      severity,
      title:
        far.length === 0
          ? 'Several accounts on one home connection'
          : far.some((m) => m.pid === ctx.personId)
            ? 'Several people sign in from one home they do not claim (laptop farm)'
            : "People who claim to live elsewhere sign in from this person's network (laptop-farm host)",
      explanation,
      firstSeen: isoOf(Math.min(...group.map((m) => m.t0))),
      lastSeen: isoOf(Math.max(...group.map((m) => m.t1))),
      evidence,
      likelihoodRatio: lr,
    });
  }
  return out;
}

function deviceFindings(st: State, ctx: PersonContext, p: Params, pop: Population, idx: Indexes): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const e of st.devs) {
    const group = idx.devs.get(e.k);
    if (!group || group.length < 2 || group.length > p.maxDevicePeople) continue;
    const homes = group.map((m) => pop.person(m.pid)?.home);
    let maxKm = 0;
    let far = false;
    for (let i = 0; i < homes.length; i++)
      for (let j = i + 1; j < homes.length; j++) {
        const a = homes[i], b = homes[j];
        if (!a || !b) continue;
        const rel = relation(a, b, p);
        if (rel.kind === 'far') far = true;
        if (rel.km !== undefined) maxKm = Math.max(maxKm, rel.km);
      }
    const fingerprint = e.o === 1;
    if (fingerprint && !far) continue;
    const severity: FindingDraft['severity'] = far && !fingerprint ? 'high' : 'medium';
    const lr = far && !fingerprint ? p.deviceHighLikelihoodRatio : p.deviceMediumLikelihoodRatio;
    const others = group.filter((m) => m.pid !== ctx.personId);
    const kind = fingerprint ? 'Okta browser fingerprint' : 'device id';
    const explanation =
      `The ${kind} ${e.k} signed in as ${group.length} different people (threshold 2; more than ${p.maxDevicePeople} would be a shared workstation): ` +
      group.map((m) => `${m.pid === ctx.personId ? 'this person' : nameOf(pop, m.pid)} (${m.n} sign-ins, ${pop.person(m.pid)?.home ? 'claims ' + placeLabel(pop.person(m.pid)!.home) : 'no claimed home'})`).join('; ') +
      '. ' +
      (far
        ? `Their claimed homes are up to ${maxKm.toLocaleString('en-US')} km apart (threshold ${p.farKm} km): one machine working as several people who claim to live apart.`
        : `Their claimed homes are close together or unknown, so a shared workstation is possible.`) +
      (fingerprint ? ' A browser fingerprint can collide between identical browser builds, so this weighs less than a device id.' : '');
    const evidence: Evidence[] = [
      { type: 'event', label: `first of this person's sign-ins with the shared ${kind}`, eventId: e.id, time: isoOf(e.t0) },
      ...others.map((m): Evidence => ({
        type: 'peer',
        personId: m.pid,
        label: `${nameOf(pop, m.pid)}: ${m.n} sign-ins with ${kind} ${e.k}`,
        place: pop.person(m.pid)?.home,
        value: m.n,
      })),
      { type: 'measure', label: `people using ${kind} ${e.k}`, value: group.length, threshold: 2, unit: 'people' },
      { type: 'measure', label: 'largest distance between their claimed homes', value: maxKm, threshold: p.farKm, unit: 'km' },
    ];
    out.push({
      severity,
      title: `One ${fingerprint ? 'browser' : 'device'} signs in as several people`,
      explanation,
      firstSeen: isoOf(Math.min(...group.map((m) => m.t0))),
      lastSeen: isoOf(Math.max(...group.map((m) => m.t1))),
      evidence,
      likelihoodRatio: lr,
    });
  }
  return out;
}

function directoryFindings(ctx: PersonContext, p: Params, pop: Population, idx: Indexes): FindingDraft[] {
  const dir = ctx.directory;
  if (!dir) return [];
  const out: FindingDraft[] = [];
  const me = ctx.personId;
  const when = (pids: string[]): string => {
    const ts = pids.map((pid) => pop.person(pid)).map((c) => c?.hired ?? c?.firstEvent).filter((t): t is number => t !== undefined);
    return isoOf(ts.length ? Math.min(...ts) : (ctx.firstEvent ?? 0));
  };
  const last = (pids: string[]): string => {
    const ts = pids.map((pid) => pop.person(pid)).map((c) => c?.lastEvent ?? c?.hired).filter((t): t is number => t !== undefined);
    return isoOf(ts.length ? Math.max(...ts) : (ctx.lastEvent ?? 0));
  };
  const peers = (list: readonly { pid: string; raw: string }[], what: string): Evidence[] =>
    list.map((x) => ({
      type: 'peer',
      personId: x.pid,
      label: `${nameOf(pop, x.pid)} lists ${what} "${x.raw}"${pop.person(x.pid)?.home ? `; claims ${placeLabel(pop.person(x.pid)!.home)}` : ''}`,
      value: x.raw,
    }));
  const kinds: { map: PersonIndex<{ pid: string; raw: string }>; keys: string[]; what: string; lr: number }[] = [
    { map: idx.phone, keys: [...new Set(dir.phones.map((x) => phoneKey(x.value)).filter((k): k is string => !!k))], what: 'phone number', lr: p.phoneLikelihoodRatio },
    { map: idx.email, keys: [...new Set(personalEmails(dir).map(emailKey).filter((k): k is string => !!k))], what: 'personal e-mail', lr: p.emailLikelihoodRatio },
  ];
  for (const k of kinds) {
    for (const key of k.keys) {
      const list = k.map.get(key) ?? [];
      const others = list.filter((x) => x.pid !== me);
      if (others.length === 0) continue;
      const mine = list.find((x) => x.pid === me)?.raw ?? key;
      out.push({
        severity: 'high',
        title: `Shares a ${k.what} with ${others.length === 1 ? 'another person' : `${others.length} other people`}`,
        explanation:
          `This person's ${k.what} "${mine}" is also listed for ${others.map((x) => `${nameOf(pop, x.pid)} ("${x.raw}")`).join(', ')} ` +
          `(compared as "${key}"; threshold: 1 other person). Distinct employees do not share a ${k.what}; one facilitator or ` +
          `operator behind several identities does.`,
        firstSeen: when([me, ...others.map((x) => x.pid)]),
        lastSeen: last([me, ...others.map((x) => x.pid)]),
        evidence: [
          { type: 'directory', label: `this person's ${k.what}`, value: mine },
          ...peers(others, k.what),
          { type: 'measure', label: `other people listing this ${k.what}`, value: others.length, threshold: 1, unit: 'people' },
        ],
        likelihoodRatio: k.lr,
      });
    }
  }
  const ak = addressKey(dir.homeAddress);
  if (ak) {
    const list = idx.address.get(ak) ?? [];
    const others = list.filter((x) => x.pid !== me);
    if (others.length > 0) {
      const families = [me, ...others.map((x) => x.pid)].map((pid) => pop.person(pid)?.directory?.familyName?.trim().toLowerCase());
      const household = families.every((f) => !!f && f === families[0]);
      const people = others.length + 1;
      const severity: FindingDraft['severity'] = household ? 'low' : people >= p.addressHighMinPeople ? 'high' : 'medium';
      const lr = household ? p.householdLikelihoodRatio : people >= p.addressHighMinPeople ? p.addressLikelihoodRatio : p.addressPairLikelihoodRatio;
      const mine = list.find((x) => x.pid === me)?.raw ?? ak;
      out.push({
        severity,
        title: `Shares a home address with ${others.length === 1 ? 'another person' : `${others.length} other people`}`,
        explanation:
          `This person's home address "${mine}" is also the home address of ${others.map((x) => `${nameOf(pop, x.pid)} ("${x.raw}")`).join(', ')} ` +
          `(compared as "${ak}"). ` +
          (household
            ? 'They share a family name, so this is most likely one household.'
            : people >= p.addressHighMinPeople
              ? `${people} people at one address (threshold ${p.addressHighMinPeople}) is the pattern of a facilitator's address used for several identities.`
              : `Two people with different family names at one address (threshold ${p.addressHighMinPeople} for high): partners or flatmates are possible; check together with other findings.`),
        firstSeen: when([me, ...others.map((x) => x.pid)]),
        lastSeen: last([me, ...others.map((x) => x.pid)]),
        evidence: [
          { type: 'directory', label: "this person's home address", value: mine, place: ctx.home },
          ...peers(others, 'home address'),
          { type: 'measure', label: 'people listing this home address', value: people, threshold: 3, unit: 'people' },
        ],
        likelihoodRatio: lr,
      });
    }
  }
  return out;
}

function evaluate(st: State, ctx: PersonContext, p: Params, pop: Population): FindingDraft[] {
  const idx = indexes(pop, p);
  return [...ipFindings(st, ctx, p, pop, idx), ...deviceFindings(st, ctx, p, pop, idx), ...directoryFindings(ctx, p, pop, idx)];
}

export const detector = defineDetector({
  definition,
  init: (): State => ({ ips: [], devs: [] }),
  observe,
  evaluate,
});
