// Findings as OCSF Detection Finding events (class_uid 2004, category_uid 2 Findings), schema 1.3.0. Attributes follow
// the OCSF schema (https://schema.ocsf.io/1.3.0/classes/detection_finding; source: github.com/ocsf/ocsf-schema
// events/findings/detection_finding.json, finding.json, base_event.json, objects/finding_info.json, evidences.json):
// required by the base event and the Finding class: activity_id, category_uid, class_uid, type_uid (class_uid × 100 +
// activity_id), severity_id, time (epoch ms), metadata {product, version}, finding_info {uid (required), title,
// desc, types, created_time, first_seen_time, last_seen_time, analytic}; recommended: evidences (each with at least
// one of user, src_endpoint, device, data…), resources, status_id. One event per finding of a person.
import { createHash } from 'node:crypto';
import type { Evidence, Finding, Severity } from '../../core/model.ts';
import type { Case } from '../../core/respond.ts';
import type { StoredPerson } from '../../store/types.ts';
import { identifyingStrings, personLabel, scrub, type ExportView } from './view.ts';

export const OCSF_VERSION = '1.3.0';
export const DETECTION_FINDING = 2004;
const CREATE = 1;

/** OCSF severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical. */
export const OCSF_SEVERITY: Record<Severity, { id: number; name: string }> = {
  info: { id: 1, name: 'Informational' },
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
};

/** OCSF finding status_id from the person's case: 1 New (no case or new), 2 In Progress, 3 Suppressed, 4 Resolved. */
function status(c: Case | undefined): { status_id: number; status: string } {
  if (!c || c.state === 'new') return { status_id: 1, status: 'New' };
  if (c.state !== 'closed') return { status_id: 2, status: 'In Progress' };
  return c.verdict === 'true-positive' ? { status_id: 4, status: 'Resolved' } : { status_id: 3, status: 'Suppressed' };
}

const ms = (iso: string | undefined): number | undefined => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? undefined : t;
};

/** Stable finding uid: the person, the detector and what the finding is about (its title and first time). */
export const findingUid = (personId: string, f: Finding): string =>
  'sleetwatch-' + createHash('sha256').update(`${personId}\n${f.detector}\n${f.title}\n${f.firstSeen}`).digest('hex').slice(0, 32);

function evidence(e: Evidence, view: ExportView, scrubbed: (s: string) => string): Record<string, unknown> | undefined {
  const data: Record<string, unknown> = { type: e.type };
  if (e.type === 'peer') {
    if (!e.personId) return undefined;
    // Another person on the same infrastructure: their pseudonym; their name only in the label of an identified export.
    const user = { uid: e.personId, name: view.pseudonym({ kind: 'person', id: e.personId }) };
    return { user, data: { type: 'peer', ...(view.identities ? { label: e.label } : {}), ...(typeof e.value === 'number' ? { value: e.value } : {}) } };
  }
  if (e.type === 'directory' && !view.identities) return undefined; // the person's own claims: personal data
  data.label = view.identities ? e.label : scrubbed(e.label);
  for (const k of ['eventId', 'time', 'threshold', 'unit', 'disputed'] as const) if (e[k] !== undefined) data[k] = e[k];
  if (e.value !== undefined && (view.identities || e.type !== 'directory')) data.value = typeof e.value === 'string' && !view.identities ? scrubbed(e.value) : e.value;
  if (e.network) data.network = e.network;
  const out: Record<string, unknown> = { data };
  if (e.ip) {
    const p = e.place;
    out.src_endpoint = {
      ip: e.ip,
      ...(p ? { location: { ...(p.city ? { city: p.city } : {}), ...(p.country ? { country: p.country } : {}), ...(p.lat !== undefined ? { lat: p.lat, long: p.lon } : {}) } } : {}),
      ...(e.network?.asn !== undefined ? { autonomous_system: { number: e.network.asn, ...(e.network.org ? { name: e.network.org } : {}) } } : {}),
    };
  }
  return out;
}

/** One person's findings as Detection Finding events. */
export function personToOcsf(p: StoredPerson, view: ExportView, opts: { productVersion: string; case?: Case }): Record<string, unknown>[] {
  const label = personLabel(p, view);
  const secrets = identifyingStrings(p);
  const scrubbed = (s: string) => scrub(s, secrets, label);
  const user = view.identities
    ? { uid: p.personId, name: label, ...(p.identifiers.find((i) => i.includes('@')) ? { email_addr: p.identifiers.find((i) => i.includes('@')) } : {}) }
    : { uid: p.personId, name: label };
  const time = ms(p.updatedAt) ?? Date.now();
  return p.findings.map((f) => {
    const sev = OCSF_SEVERITY[f.severity];
    const title = view.identities ? f.title : scrubbed(f.title);
    const evidences = f.evidence.map((e) => evidence(e, view, scrubbed)).filter((e): e is Record<string, unknown> => e !== undefined);
    return {
      activity_id: CREATE,
      activity_name: 'Create',
      category_uid: 2,
      category_name: 'Findings',
      class_uid: DETECTION_FINDING,
      class_name: 'Detection Finding',
      type_uid: DETECTION_FINDING * 100 + CREATE,
      type_name: 'Detection Finding: Create',
      severity_id: sev.id,
      severity: sev.name,
      time,
      ...(ms(f.firstSeen) !== undefined ? { start_time: ms(f.firstSeen) } : {}),
      ...(ms(f.lastSeen) !== undefined ? { end_time: ms(f.lastSeen) } : {}),
      ...status(opts.case),
      is_alert: f.severity === 'high' || f.severity === 'critical',
      message: title,
      risk_score: p.risk,
      finding_info: {
        uid: findingUid(p.personId, f),
        title,
        desc: view.identities ? f.explanation : `${title} (detector ${f.detector}; person ${label}; the explanation names people and is left out of pseudonymised exports)`,
        types: [f.detector],
        created_time: time,
        ...(ms(f.firstSeen) !== undefined ? { first_seen_time: ms(f.firstSeen) } : {}),
        ...(ms(f.lastSeen) !== undefined ? { last_seen_time: ms(f.lastSeen) } : {}),
        analytic: { uid: f.detector, name: f.detector, type_id: 1, type: 'Rule' },
      },
      evidences: [{ user }, ...evidences],
      resources: [{ type: 'User', uid: p.personId, name: label }],
      metadata: {
        version: OCSF_VERSION,
        product: { name: 'sleetwatch', vendor_name: 'sleetwatch project', version: opts.productVersion },
        ...(opts.case ? { correlation_uid: opts.case.id } : {}),
      },
      ...(f.likelihoodRatio !== undefined ? { unmapped: { likelihood_ratio: f.likelihoodRatio } } : {}),
    };
  });
}

export function toOcsf(people: readonly StoredPerson[], cases: ReadonlyMap<string, Case>, view: ExportView, productVersion: string): Record<string, unknown>[] {
  return people.flatMap((p) => personToOcsf(p, view, { productVersion, case: cases.get(p.personId) }));
}
