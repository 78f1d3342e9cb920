// Okta LogEvent → NormalizedEvent pieces shared by the API format (okta-systemlog) and the Sentinel Okta_CL
// format (okta-sentinel), so the same event read from either gives the same normalised event (id `okta:${uuid}`).
import type { EventKind, Identifier, NormalizedEvent, Outcome, Place } from '../../core/model.ts';
import { notAPerson, type ParseOutcome } from '../types.ts';
import { countryIso2 } from '../common/country.ts';
import { isObj, looksLikeEmail, str, type Obj } from './values.ts';

export const OKTA_SIGNIN_TYPE = 'user.session.start';

/** Okta outcome.result → Outcome: SUCCESS → success, FAILURE / DENY → failure, CHALLENGE → challenge, else unknown. */
export function oktaOutcome(result: string | undefined): Outcome {
  switch (result) {
    case 'SUCCESS': return 'success';
    case 'FAILURE': case 'DENY': return 'failure';
    case 'CHALLENGE': return 'challenge';
    case undefined: return 'unknown';
    default: {
      const u = result.toUpperCase();
      return u === result ? 'unknown' : oktaOutcome(u);
    }
  }
}

/** Only a successful user.session.start is a sign-in; everything else (failed sign-ins too) is kept as audit. */
export function oktaKind(eventType: string, outcome: Outcome): EventKind {
  return eventType === OKTA_SIGNIN_TYPE && outcome === 'success' ? 'signin' : 'audit';
}

const NOT_AN_ID = new Set(['unknown', 'Unknown', 'UNKNOWN', 'null']);

/**
 * Okta's own background jobs (imports, system policy evaluation, scheduled deactivations) act as a SystemPrincipal
 * ("Okta System", alternateId system@okta.com): valid events about no person, ignored with this reason.
 */
export const IGNORE_SYSTEM_PRINCIPAL = notAPerson('Okta SystemPrincipal');
export const isSystemPrincipal = (type: string | undefined): boolean => type === 'SystemPrincipal';

/**
 * Identifiers of the actor: actor.id (oktaId); for a User also alternateId, as an e-mail when it looks like one,
 * else as a login name (upn). System / app principals and IP-address actors keep only their id: their alternateId
 * ("system@okta.com", a client id) names no person. Okta writes id "unknown" for a failed sign-in of a name it
 * does not know; that placeholder is no identifier (it would merge every such actor into one person), so such an
 * actor is named by alternateId alone. Empty when nothing identifies the actor.
 */
export function oktaActorIds(id: string, type: string | undefined, alternateId: string | undefined): Identifier[] {
  const ids: Identifier[] = [];
  if (!NOT_AN_ID.has(id)) ids.push({ kind: 'oktaId', value: id });
  if (type === 'User' && alternateId !== undefined && !NOT_AN_ID.has(alternateId)) {
    ids.push({ kind: looksLikeEmail(alternateId) ? 'email' : 'upn', value: alternateId });
  }
  return ids;
}

/** Rejection for an actor whose id is a placeholder and whose alternateId names no one. */
export function unidentifiedActor(idField: string, id: string): ParseOutcome<never> {
  return { ok: false, field: idField, message: `actor has no identifier: id is ${JSON.stringify(id)} and there is no usable alternateId` };
}

export function oktaDisplayName(v: string | undefined): string | undefined {
  return v === undefined || NOT_AN_ID.has(v) ? undefined : v;
}

export function oktaUserAgent(v: string | undefined): string | undefined {
  return v === undefined || NOT_AN_ID.has(v) ? undefined : v;
}

/** Okta's own geolocation of the client IP (client.geographicalContext). Country names become ISO-2. */
export function oktaPlace(
  city: string | undefined,
  state: string | undefined,
  country: string | undefined,
  postalCode: string | undefined,
  lat: number | undefined,
  lon: number | undefined,
): Place | undefined {
  if (city === undefined && state === undefined && country === undefined && lat === undefined) return undefined;
  const iso = country === undefined ? undefined : countryIso2(country);
  const hasPoint = lat !== undefined && lon !== undefined;
  return {
    country: iso,
    region: state,
    city,
    postalCode,
    lat: hasPoint ? lat : undefined,
    lon: hasPoint ? lon : undefined,
    accuracyKm: city !== undefined ? 50 : state !== undefined ? 250 : 1000,
    source: 'vendor',
  };
}

export function oktaNet(
  asn: number | undefined,
  org: string | undefined,
  isp: string | undefined,
  isProxy: boolean | undefined,
): NormalizedEvent['vendorNet'] {
  if (asn === undefined && org === undefined && isp === undefined && isProxy === undefined) return undefined;
  return { asn, org, isp, isProxy };
}

export function oktaRisk(
  suspicious: boolean | undefined,
  level: string | undefined,
  types: string[] | undefined,
): NormalizedEvent['vendorRisk'] {
  if (suspicious === undefined && level === undefined && types === undefined) return undefined;
  return { level, types, suspicious };
}

// "{reasons=Anomalous Device, level=MEDIUM}" (Okta's Java-map rendering of debugData.risk)
const MAP_LEVEL = /(?:^|[{,\s])level=([A-Za-z]+)/;
/** Names judged POSITIVE in Okta's Java-map rendering "{New Geo-Location=NEGATIVE, New Device=POSITIVE}". */
function positiveBehaviors(map: string): string[] | undefined {
  if (!map.includes('=POSITIVE')) return undefined; // the usual case: every behaviour NEGATIVE
  let out: string[] | undefined;
  for (const part of map.replace(/^\{|\}$/g, '').split(',')) {
    const eq = part.lastIndexOf('=');
    if (eq > 0 && part.slice(eq + 1).trim() === 'POSITIVE') (out ??= []).push(part.slice(0, eq).trim());
  }
  return out;
}

/** Okta's risk verdict from debugData: logOnlySecurityData (JSON string or object), or the risk / behaviors maps. */
export function oktaDebugRisk(debugData: Obj): { level?: string; types?: string[] } | undefined {
  let sec: unknown = debugData.logOnlySecurityData;
  if (typeof sec === 'string') {
    try {
      sec = JSON.parse(sec);
    } catch {
      sec = undefined;
    }
  }
  let level: string | undefined;
  let types: string[] | undefined;
  if (isObj(sec)) {
    if (isObj(sec.risk)) level = str(sec.risk.level);
    if (isObj(sec.behaviors)) {
      for (const [name, verdict] of Object.entries(sec.behaviors)) if (verdict === 'POSITIVE') (types ??= []).push(name);
    }
  }
  const risk = str(debugData.risk);
  if (level === undefined && risk !== undefined) level = MAP_LEVEL.exec(risk)?.[1];
  const behaviors = str(debugData.behaviors);
  if (types === undefined && behaviors !== undefined) types = positiveBehaviors(behaviors);
  return level === undefined && types === undefined ? undefined : { level, types };
}

/** displayName of the first AppInstance target: the application signed in to. */
export function oktaApp(targets: unknown): string | undefined {
  if (!Array.isArray(targets)) return undefined;
  for (const t of targets) if (isObj(t) && t.type === 'AppInstance') return str(t.displayName) ?? str(t.alternateId);
  return undefined;
}

/** Rejection naming the first missing required field, listing any others that are missing too. */
export function missing(fields: string[]): ParseOutcome<never> {
  const more = fields.length > 1 ? ` (also missing: ${fields.slice(1).join(', ')})` : '';
  return { ok: false, field: fields[0], message: `missing ${fields[0]}${more}` };
}
