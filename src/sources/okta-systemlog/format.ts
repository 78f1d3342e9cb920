// Okta System Log API events (GET /api/v1/logs LogEvent objects), as a JSON array, NDJSON or one object.
// Also reads the variants SIEMs store: top-level keys in lower case (eventtype, securitycontext, debugcontext,
// authenticationcontext, displaymessage) and `published` as "2022-06-22 18:18:29.015" (UTC, no zone).
import type { NormalizedEvent, Origin } from '../../core/model.ts';
import type { EventFormat, ParseOutcome } from '../types.ts';
import {
  IGNORE_SYSTEM_PRINCIPAL,
  isSystemPrincipal,
  missing,
  unidentifiedActor,
  oktaActorIds,
  oktaApp,
  oktaDebugRisk,
  oktaDisplayName,
  oktaKind,
  oktaNet,
  oktaOutcome,
  oktaPlace,
  oktaRisk,
  oktaUserAgent,
} from './event.ts';
import { bool, isObj, num, str, type Obj } from './values.ts';
import { implausibleMessage, implausibleTime, parseIsoUtc } from '../timestamps.ts';
import { badIp, ipOf } from '../common/ip.ts';

const SOURCE = 'okta-systemlog';

/** Top-level key in its documented camelCase, or the all-lower-case spelling some SIEM pipelines store. */
function pick(r: Obj, camel: string, lower: string): unknown {
  const v = r[camel];
  return v === undefined ? r[lower] : v;
}

const absent = (v: unknown): boolean => v === undefined || v === null || v === '';
const notString = (field: string, v: unknown): ParseOutcome<never> => ({ ok: false, field, message: `expected a string, got ${typeof v}` });

function firstChainIp(request: unknown): string | undefined {
  if (!isObj(request) || !Array.isArray(request.ipChain)) return undefined;
  const first: unknown = request.ipChain[0];
  return isObj(first) ? str(first.ip) : undefined;
}

function parse(record: unknown, origin: Origin): ParseOutcome<NormalizedEvent> {
  if (!isObj(record)) return { ok: false, field: '(record)', message: 'expected a JSON object (an Okta LogEvent)' };
  const eventTypeRaw = pick(record, 'eventType', 'eventtype');
  const actor = record.actor;
  const actorIdRaw = isObj(actor) ? actor.id : undefined;
  if (absent(eventTypeRaw) || absent(record.uuid) || absent(record.published) || absent(actorIdRaw)) {
    const miss: string[] = [];
    if (absent(eventTypeRaw)) miss.push('eventType');
    if (absent(record.uuid)) miss.push('uuid');
    if (absent(record.published)) miss.push('published');
    if (!isObj(actor)) miss.push('actor');
    else if (absent(actorIdRaw)) miss.push('actor.id');
    return missing(miss);
  }
  if (typeof eventTypeRaw !== 'string') return notString('eventType', eventTypeRaw);
  if (typeof record.uuid !== 'string') return notString('uuid', record.uuid);
  if (typeof record.published !== 'string') return notString('published', record.published);
  if (typeof actorIdRaw !== 'string') return notString('actor.id', actorIdRaw);
  const eventType = eventTypeRaw as string;
  const uuid = record.uuid as string;
  const published = record.published as string;
  const time = parseIsoUtc(published);
  if (time === undefined) {
    return { ok: false, field: 'published', message: `not an ISO 8601 timestamp or not a real date: ${JSON.stringify(published.slice(0, 40))}` };
  }
  const implausible = implausibleTime(time);
  if (implausible !== undefined) return { ok: false, field: 'published', message: implausibleMessage(published, implausible) };
  const act = actor as Obj;
  const actorType = str(act.type);
  if (isSystemPrincipal(actorType)) return IGNORE_SYSTEM_PRINCIPAL;
  const ids = oktaActorIds(actorIdRaw as string, actorType, str(act.alternateId));
  if (ids.length === 0) return unidentifiedActor('actor.id', actorIdRaw as string);

  const out = record.outcome;
  const outcome = oktaOutcome(isObj(out) ? str(out.result) : undefined);
  const client = isObj(record.client) ? record.client : undefined;
  const ip = client && str(client.ipAddress) !== undefined ? ipOf(client.ipAddress, 'client.ipAddress') : ipOf(firstChainIp(record.request), 'request.ipChain[0].ip');
  if (badIp(ip)) return ip;
  const ua = client ? client.userAgent : undefined;
  const geo = client ? client.geographicalContext : undefined;
  const point = isObj(geo) ? geo.geolocation : undefined;
  const sec = pick(record, 'securityContext', 'securitycontext');
  const dbg = pick(record, 'debugContext', 'debugcontext');
  const dd = isObj(dbg) && isObj(dbg.debugData) ? dbg.debugData : undefined;
  const risk = dd ? oktaDebugRisk(dd) : undefined;
  const device = record.device;

  const ev: NormalizedEvent = {
    id: `okta:${uuid}`,
    source: SOURCE,
    kind: oktaKind(eventType, outcome),
    type: eventType,
    time,
    actor: {
      ids,
      displayName: oktaDisplayName(str(act.displayName)),
    },
    outcome,
    reason: isObj(out) ? str(out.reason) : undefined,
    ip,
    userAgent: isObj(ua) ? oktaUserAgent(str(ua.rawUserAgent)) : undefined,
    deviceId: (dd ? str(dd.deviceFingerprint) : undefined) ?? (isObj(device) ? str(device.id) : undefined),
    app: oktaApp(record.target),
    interactive: undefined,
    vendorGeo: isObj(geo)
      ? oktaPlace(
          str(geo.city),
          str(geo.state),
          str(geo.country),
          str(geo.postalCode),
          isObj(point) ? num(point.lat) : undefined,
          isObj(point) ? num(point.lon) : undefined,
        )
      : undefined,
    vendorNet: isObj(sec) ? oktaNet(num(sec.asNumber), str(sec.asOrg), str(sec.isp), bool(sec.isProxy)) : undefined,
    vendorRisk: oktaRisk(dd ? bool(dd.threatSuspected) : undefined, risk?.level, risk?.types),
    origin,
  };
  return { ok: true, items: [ev] };
}

function sniff(record: unknown): boolean {
  if (!isObj(record)) return false;
  // Microsoft Sentinel's flattened Okta_CL rows carry typed suffixes (published_t, uuid_g): that is okta-sentinel.
  if ('published_t' in record || 'uuid_g' in record || 'actor_id' in record) return false;
  if (record.p_log_type === 'Okta.SystemLog') return true; // Panther's tag for this exact log type
  if (typeof pick(record, 'eventType', 'eventtype') !== 'string') return false;
  return isObj(record.actor) || typeof record.uuid === 'string' || typeof record.published === 'string';
}

export const oktaSystemLog: EventFormat = {
  id: SOURCE,
  title: 'Okta System Log API events (GET /api/v1/logs)',
  produces: 'events',
  containers: ['json-array', 'ndjson', 'json-object'],
  example: JSON.stringify({
    uuid: 'aac560bd-f125-11ee-9caa-cd5d09945def',
    published: '2024-04-02T19:17:37.621Z',
    eventType: 'user.session.start',
    displayMessage: 'User login to Okta',
    outcome: { result: 'SUCCESS' },
    actor: { id: '00ubewfku1EX0WCFk697', type: 'User', alternateId: 'casey.hill@hey.com', displayName: 'Casey Hill' },
    client: {
      ipAddress: '99.108.5.25',
      userAgent: { rawUserAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 Chrome/123.0.0.0 Safari/537.36', os: 'Mac OS 14.4.1 (Sonoma)', browser: 'CHROME' },
      geographicalContext: { city: 'Atlanta', state: 'Georgia', country: 'United States', postalCode: '30350', geolocation: { lat: 33.9794, lon: -84.3459 } },
    },
    securityContext: { asNumber: 7018, asOrg: 'at&t corp.', isp: 'att services inc', domain: 'sbcglobal.net', isProxy: false },
    debugContext: { debugData: { threatSuspected: 'false' } },
  }),
  sniff,
  parse,
};
