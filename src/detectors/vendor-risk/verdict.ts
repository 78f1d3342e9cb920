// One event's vendor risk verdict: which tier (high / medium / none), whether the risk was cleared, whether it rests
// only on the network, and the vendor's own field names and values for the explanation. Pure; runs once per event,
// so the common case (Entra's "none"/"none", Okta's threatSuspected "false") returns without allocating.
import type { EnrichedEvent } from '../../core/model.ts';

export type Vendor = 'entra' | 'okta' | 'gws' | 'other';

export const VENDOR_NAME: Record<Vendor, string> = {
  entra: 'Microsoft Entra ID Protection',
  okta: 'Okta',
  gws: 'Google Workspace',
  other: 'The identity provider',
};

/** Vendor from the event id prefix (`entra:`, `okta:`, `gws:`; see NormalizedEvent.id). */
export function vendorOf(id: string): Vendor {
  if (id.startsWith('entra:')) return 'entra';
  if (id.startsWith('okta:')) return 'okta';
  if (id.startsWith('gws:')) return 'gws';
  return 'other';
}

// Entra riskLevel: none | low | medium | high | hidden | unknownFutureValue; Okta: LOW | MEDIUM | HIGH.
const LEVEL_TIER: Record<string, number> = { high: 2, HIGH: 2, High: 2, medium: 1, MEDIUM: 1, Medium: 1 };
const NO_LEVEL: Record<string, true> = { none: true, low: true, LOW: true, Low: true, NONE: true };

/** riskState: 1 = counts (atRisk), 2 = confirmed compromised, -1 = cleared (dismissed, remediated, confirmed safe). */
const STATE: Record<string, number> = {
  none: 0,
  atRisk: 1,
  confirmedCompromised: 2,
  dismissed: -1,
  remediated: -1,
  confirmedSafe: -1,
};
const STATE_LOWER: Record<string, number> = Object.fromEntries(Object.entries(STATE).map(([k, v]) => [k.toLowerCase(), v]));

function stateCode(state: string | undefined): number {
  if (state === undefined) return 0;
  const s = STATE[state];
  return s !== undefined ? s : (STATE_LOWER[state.toLowerCase()] ?? 0);
}

function levelTier(level: string | undefined): number {
  if (level === undefined || NO_LEVEL[level]) return 0;
  const t = LEVEL_TIER[level];
  return t !== undefined ? t : (LEVEL_TIER[level.toLowerCase()] ?? 0);
}

export interface Verdict {
  /** 2 = high-risk verdict, 1 = medium-risk verdict */
  tier: 1 | 2;
  /** the vendor cleared the risk (riskState dismissed / remediated / confirmedSafe) */
  cleared: boolean;
  /** rests only on the network (isProxy, anonymous-IP risk types) */
  networkOnly: boolean;
  /** the riskState value when it cleared the risk */
  state?: string;
}

/**
 * The verdict of one event, or undefined when the vendor saw nothing risky. `netTypes` is the set of risk event types
 * that only describe the network.
 */
export function verdictOf(ev: EnrichedEvent, netTypes: ReadonlySet<string>): Verdict | undefined {
  const vr = ev.vendorRisk;
  const proxy = ev.vendorNet !== undefined && ev.vendorNet.isProxy === true;
  if (vr === undefined && !proxy) return undefined;
  const lt = vr ? levelTier(vr.level) : 0;
  const sc = vr ? stateCode(vr.state) : 0;
  const sus = vr !== undefined && vr.suspicious === true;
  const types = vr?.types;
  const hasTypes = types !== undefined && types.length > 0;
  // Risk types without a usable level (a tenant without ID Protection P2 shows level "hidden") still say "risky".
  const levelMissing = vr === undefined || vr.level === undefined || vr.level === 'hidden';
  let tier = lt;
  if (sc === 2) tier = 2;
  if (tier < 1 && (sus || proxy || (hasTypes && levelMissing && vendorOf(ev.id) === 'entra'))) tier = 1;
  if (tier === 0) return undefined;
  let typesOnlyNet = hasTypes;
  if (hasTypes) for (let i = 0; i < types.length; i++) if (!netTypes.has(types[i])) { typesOnlyNet = false; break; }
  const networkOnly = !sus && sc !== 2 && (lt === 0 ? proxy || typesOnlyNet : typesOnlyNet);
  return { tier: tier as 1 | 2, cleared: sc === -1, networkOnly, state: sc === -1 ? vr!.state : undefined };
}

/**
 * The vendor's own field names and values behind a verdict, as short reason keys ("riskLevel=high",
 * "type=anonymizedIPAddress", "threatSuspected", "isProxy", "is_suspicious"). Only called for counted verdicts.
 */
export function reasonKeys(ev: EnrichedEvent): string[] {
  const out: string[] = [];
  const vr = ev.vendorRisk;
  if (vr) {
    if (levelTier(vr.level) > 0) out.push(`level=${vr.level}`);
    const sc = stateCode(vr.state);
    if (sc > 0) out.push(`state=${vr.state}`);
    if (vr.suspicious === true) out.push('suspicious');
    if (vr.types) for (const t of vr.types) out.push(`type=${t}`);
  }
  if (ev.vendorNet?.isProxy === true) out.push('isProxy');
  return out;
}

const FIELD: Record<Vendor, Record<string, string>> = {
  entra: {
    level: 'riskLevelDuringSignIn/riskLevelAggregated (the higher)',
    state: 'riskState',
    type: 'riskEventTypes',
  },
  okta: {
    level: 'debugContext.debugData risk level',
    suspicious: 'debugContext.debugData.threatSuspected',
    isProxy: 'securityContext.isProxy',
    type: 'debugContext.debugData behaviors (POSITIVE)',
  },
  gws: { suspicious: 'is_suspicious' },
  other: {},
};
const GENERIC: Record<string, string> = { level: 'risk level', state: 'risk state', type: 'risk types', isProxy: 'proxy', suspicious: 'suspicious' };

/** The vendor's field name for a reason key's field ('level', 'state', 'type', 'suspicious', 'isProxy'). */
export function fieldName(vendor: Vendor, field: string): string {
  return FIELD[vendor][field] ?? GENERIC[field] ?? field;
}

function split(key: string): [string, string] {
  const eq = key.indexOf('=');
  return eq < 0 ? [key, 'true'] : [key.slice(0, eq), key.slice(eq + 1)];
}

/**
 * Plain-language list of the vendor's fields and values (with counts when given), grouped by field:
 * "riskLevelDuringSignIn/riskLevelAggregated (the higher) = high ×2; riskEventTypes: unfamiliarFeatures ×2, anonymizedIPAddress ×1".
 */
export function describeReasons(vendor: Vendor, counts: [string, number | undefined][]): string {
  const byField = new Map<string, string[]>();
  for (const [key, n] of counts) {
    const [f, v] = split(key);
    const list = byField.get(f) ?? [];
    const times = n === undefined ? '' : ` ×${n}`;
    list.push(f === 'type' ? `${v}${times}` : `${fieldName(vendor, f)} = ${v}${times}`);
    byField.set(f, list);
  }
  const out: string[] = [];
  for (const [f, list] of byField) out.push(f === 'type' ? `${fieldName(vendor, f)}: ${list.join(', ')}` : list.join('; '));
  return out.join('; ');
}
