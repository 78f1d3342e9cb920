// Shared infrastructure as a STIX 2.1 bundle (OASIS STIX Version 2.1, 10 June 2021): the IP addresses, personal
// e-mail addresses and phone numbers the shared-infrastructure detector found behind several people. Per shared value:
//   indicator (pattern "[ipv4-addr:value = '…']", pattern_type stix) —indicates→ infrastructure
//   indicator —based-on→ observed-data (first/last observed, number_observed, object_refs → the SCO)
//   infrastructure —consists-of→ the SCO (ipv4-addr, ipv6-addr, email-addr)
// all created by one identity (sleetwatch). Ids are deterministic UUIDv5: SCOs with the namespace and ID-contributing
// property ("value") the specification fixes (§2.9), the rest with sleetwatch's own namespace, so the same findings
// always give the same bundle. Phones have no STIX cyber-observable: they are an indicator on the custom object type
// x-sleetwatch-phone-number (no SCO). E-mail addresses and phones are personal data: only an identified export has them.
import { createHash } from 'node:crypto';
import type { StoredPerson } from '../../store/types.ts';
import { emailKey, phoneKey } from '../../detectors/shared-infrastructure/normalise.ts';

/** RFC 4122 §4.3 name-based UUID, version 5 (SHA-1). */
export function uuidv5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** STIX 2.1 §2.9: the namespace of deterministic SCO ids. */
export const SCO_NAMESPACE = '00abedb4-aa42-50b8-b6c6-d1ebb80d21f6';
/** sleetwatch's namespace for its SDO and SRO ids (uuidv5 of the DNS namespace and "sleetwatch.stix"). */
export const SLEETWATCH_NAMESPACE = uuidv5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'sleetwatch.stix');

type Kind = 'ipv4-addr' | 'ipv6-addr' | 'email-addr' | 'phone';

interface Shared {
  kind: Kind;
  /** The detector's comparison key (one mailbox or phone line however it is spelled). */
  key: string;
  /** Every spelling seen, sorted. */
  values: string[];
  people: Set<string>;
  first: string;
  last: string;
}

/** A STIX pattern string literal: backslash and quote escaped (§9.3). */
const lit = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** One observation expression matching any of the spellings. */
export function patternOf(kind: Kind, values: readonly string[]): string {
  const type = kind === 'phone' ? 'x-sleetwatch-phone-number' : kind;
  return `[${values.map((v) => `${type}:value = ${lit(v)}`).join(' OR ')}]`;
}

const DETECTOR = 'shared-infrastructure';

/** The shared values of these people's shared-infrastructure findings (values with at least two people). */
export function sharedValues(people: readonly StoredPerson[], opts: { identities: boolean }): { shared: Shared[]; withheld: number } {
  const byKey = new Map<string, Shared>();
  const withheldKeys = new Set<string>();
  const add = (kind: Kind, value: string, pids: string[], first: string, last: string) => {
    const norm = kind === 'email-addr' ? emailKey(value) : kind === 'phone' ? phoneKey(value) : value;
    if (!norm) return;
    const key = `${kind}\n${norm}`;
    if ((kind === 'email-addr' || kind === 'phone') && !opts.identities) {
      withheldKeys.add(key);
      return;
    }
    const s = byKey.get(key) ?? { kind, key: norm, values: [], people: new Set<string>(), first, last };
    const spelled = kind === 'email-addr' ? value.trim().toLowerCase() : value.trim();
    if (!s.values.includes(spelled)) s.values = [...s.values, spelled].sort();
    for (const p of pids) s.people.add(p);
    if (first < s.first) s.first = first;
    if (last > s.last) s.last = last;
    byKey.set(key, s);
  };
  for (const p of people) {
    for (const f of p.findings) {
      if (f.detector !== DETECTOR) continue;
      const peers = f.evidence.filter((e) => e.type === 'peer' && e.personId).map((e) => e.personId!);
      const pids = [p.personId, ...peers];
      const ipEvent = f.evidence.find((e) => e.type === 'event' && e.ip);
      if (ipEvent?.ip) {
        // A shared-IP finding (device findings carry no IP; directory findings start with the person's own value).
        add(ipEvent.ip.includes(':') ? 'ipv6-addr' : 'ipv4-addr', ipEvent.ip, pids, f.firstSeen, f.lastSeen);
        continue;
      }
      const mine = f.evidence.find((e) => e.type === 'directory' && typeof e.value === 'string');
      if (!mine || typeof mine.value !== 'string') continue;
      if (/personal e-mail$/.test(mine.label)) add('email-addr', mine.value, pids, f.firstSeen, f.lastSeen);
      else if (/phone number$/.test(mine.label)) add('phone', mine.value, pids, f.firstSeen, f.lastSeen);
    }
  }
  const shared = [...byKey.values()].filter((s) => s.people.size >= 2).sort((a, b) => (a.kind + a.key < b.kind + b.key ? -1 : 1));
  return { shared, withheld: withheldKeys.size };
}

const iso = (s: string): string => {
  const t = Date.parse(s);
  return new Date(Number.isNaN(t) ? 0 : t).toISOString();
};

export function toStixBundle(people: readonly StoredPerson[], opts: { identities: boolean }): { bundle: Record<string, unknown>; withheld: number } {
  const { shared, withheld } = sharedValues(people, opts);
  const sdo = (type: string, name: string): string => `${type}--${uuidv5(SLEETWATCH_NAMESPACE, `${type}|${name}`)}`;
  const identityId = sdo('identity', 'sleetwatch');
  const epoch = shared.length ? shared.map((s) => iso(s.first)).sort()[0] : '1970-01-01T00:00:00.000Z';
  const objects: Record<string, unknown>[] = [
    { type: 'identity', spec_version: '2.1', id: identityId, created: epoch, modified: epoch, name: 'sleetwatch', identity_class: 'system', description: 'sleetwatch: finds fraudulent remote IT workers' },
  ];
  const common = (created: string, modified: string) => ({ spec_version: '2.1', created, modified, created_by_ref: identityId });
  for (const s of shared) {
    const created = iso(s.first);
    const modified = iso(s.last) > created ? iso(s.last) : created;
    const what = s.kind === 'phone' ? 'phone number' : s.kind === 'email-addr' ? 'personal e-mail address' : 'IP address';
    const pattern = patternOf(s.kind, s.values);
    const indicatorId = sdo('indicator', pattern);
    const infraId = sdo('infrastructure', `${s.kind}|${s.key}`);
    const rel = (type: string, source: string, target: string) => ({
      type: 'relationship',
      id: sdo('relationship', `${type}|${source}|${target}`),
      ...common(created, modified),
      relationship_type: type,
      source_ref: source,
      target_ref: target,
    });
    objects.push(
      {
        type: 'indicator',
        id: indicatorId,
        ...common(created, modified),
        name: `Shared ${what}`,
        description: `One ${what} used by ${s.people.size} different people (sleetwatch shared-infrastructure detector): a laptop farm or one operator behind several identities.`,
        indicator_types: ['anomalous-activity'],
        pattern,
        pattern_type: 'stix',
        pattern_version: '2.1',
        valid_from: created,
      },
      {
        type: 'infrastructure',
        id: infraId,
        ...common(created, modified),
        name: `Shared ${what} (${s.people.size} people)`,
        infrastructure_types: ['unknown'],
        first_seen: created,
        last_seen: modified,
      },
      rel('indicates', indicatorId, infraId),
    );
    if (s.kind !== 'phone') {
      const scoIds = s.values.map((v) => `${s.kind}--${uuidv5(SCO_NAMESPACE, JSON.stringify({ value: v }))}`);
      const obsId = sdo('observed-data', `${s.kind}|${s.key}`);
      objects.push(
        ...s.values.map((v, i) => ({ type: s.kind, spec_version: '2.1', id: scoIds[i], value: v })),
        { type: 'observed-data', id: obsId, ...common(created, modified), first_observed: created, last_observed: modified, number_observed: s.people.size, object_refs: scoIds },
        rel('based-on', indicatorId, obsId),
        ...scoIds.map((id) => rel('consists-of', infraId, id)),
      );
    }
  }
  const bundleId = `bundle--${uuidv5(SLEETWATCH_NAMESPACE, objects.map((o) => o.id as string).sort().join('\n'))}`;
  return { bundle: { type: 'bundle', id: bundleId, objects }, withheld };
}
