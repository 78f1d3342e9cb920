// Okta System Log as Microsoft Sentinel stores it: the custom table Okta_CL written by the Okta Single Sign-On
// (Azure Function) data connector. Each LogEvent is flattened into underscore-joined columns
// (client_geographicalContext_city) with Log Analytics type suffixes (_s string, _d double, _b bool, _g guid,
// _t datetime); the string "null" stands for null, "" for absent; request_ipChain and target hold JSON text.
// Normalised exactly like okta-systemlog, with the same event ids (`okta:${uuid}`).
import type { NormalizedEvent, Origin } from '../../core/model.ts';
import type { EventFormat, ParseOutcome } from '../types.ts';
import {
  IGNORE_SYSTEM_PRINCIPAL,
  isSystemPrincipal,
  missing,
  unidentifiedActor,
  oktaActorIds,
  oktaApp,
  oktaDisplayName,
  oktaKind,
  oktaNet,
  oktaOutcome,
  oktaPlace,
  oktaRisk,
  oktaUserAgent,
} from '../okta-systemlog/event.ts';
import { bool, isObj, num, type Obj } from '../okta-systemlog/values.ts';
import { implausibleMessage, implausibleTime, parseIsoUtc } from '../timestamps.ts';
import { badIp, ipOf } from '../common/ip.ts';

const SOURCE = 'okta-sentinel';

/** A cell as a string: "" and "null" (how Log Analytics writes null) are absent; numbers and booleans as text. */
function cell(r: Obj, key: string): string | undefined {
  const v = r[key];
  if (typeof v === 'string') return v.length === 0 || v === 'null' ? undefined : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A cell holding JSON text (request_ipChain, target); malformed JSON counts as absent. */
function jsonCell(r: Obj, key: string): unknown {
  const v = r[key];
  if (typeof v !== 'string') return v ?? undefined;
  if (v.length < 2 || v === '[]' || v === 'null') return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

function firstChainIp(chain: unknown): string | undefined {
  if (!Array.isArray(chain)) return undefined;
  const first: unknown = chain[0];
  return isObj(first) && typeof first.ip === 'string' && first.ip.length > 0 ? first.ip : undefined;
}

function parse(record: unknown, origin: Origin): ParseOutcome<NormalizedEvent> {
  if (!isObj(record)) return { ok: false, field: '(record)', message: 'expected a JSON object (an Okta_CL row)' };
  const eventType = cell(record, 'eventType');
  const uuid = cell(record, 'uuid_g');
  const published = cell(record, 'published_t');
  const actorId = cell(record, 'actor_id');
  if (eventType === undefined || uuid === undefined || published === undefined || actorId === undefined) {
    const miss: string[] = [];
    if (eventType === undefined) miss.push('eventType');
    if (uuid === undefined) miss.push('uuid_g');
    if (published === undefined) miss.push('published_t');
    if (actorId === undefined) miss.push('actor_id');
    return missing(miss);
  }
  const time = parseIsoUtc(published);
  if (time === undefined) {
    return { ok: false, field: 'published_t', message: `not an ISO 8601 timestamp or not a real date: ${JSON.stringify(published.slice(0, 40))}` };
  }
  const implausible = implausibleTime(time);
  if (implausible !== undefined) return { ok: false, field: 'published_t', message: implausibleMessage(published, implausible) };
  const actorType = cell(record, 'actor_type');
  if (isSystemPrincipal(actorType)) return IGNORE_SYSTEM_PRINCIPAL;
  const ids = oktaActorIds(actorId, actorType, cell(record, 'actor_alternateId'));
  if (ids.length === 0) return unidentifiedActor('actor_id', actorId);
  const outcome = oktaOutcome(cell(record, 'outcome_result'));
  const clientIp = cell(record, 'client_ipAddress');
  const ip = clientIp !== undefined ? ipOf(clientIp, 'client_ipAddress') : ipOf(firstChainIp(jsonCell(record, 'request_ipChain')), 'request_ipChain');
  if (badIp(ip)) return ip;
  // target is only worth parsing when it names an application
  const targetText = record.target;
  const app =
    (typeof targetText === 'string' && targetText.includes('AppInstance') ? oktaApp(jsonCell(record, 'target')) : undefined) ??
    cell(record, 'debugContext_debugData_appname');

  const ev: NormalizedEvent = {
    id: `okta:${uuid}`,
    source: SOURCE,
    kind: oktaKind(eventType, outcome),
    type: eventType,
    time,
    actor: {
      ids,
      displayName: oktaDisplayName(cell(record, 'actor_displayName')),
    },
    outcome,
    reason: cell(record, 'outcome_reason'),
    ip,
    userAgent: oktaUserAgent(cell(record, 'client_userAgent_rawUserAgent')),
    deviceId: cell(record, 'debugContext_debugData_deviceFingerprint_g') ?? cell(record, 'device_id'),
    app,
    interactive: undefined,
    vendorGeo: oktaPlace(
      cell(record, 'client_geographicalContext_city'),
      cell(record, 'client_geographicalContext_state'),
      cell(record, 'client_geographicalContext_country'),
      cell(record, 'client_geographicalContext_postalCode'),
      num(cell(record, 'client_geographicalContext_geolocation_lat_d')),
      num(cell(record, 'client_geographicalContext_geolocation_lon_d')),
    ),
    vendorNet: oktaNet(
      num(cell(record, 'securityContext_asNumber_d')),
      cell(record, 'securityContext_asOrg'),
      cell(record, 'securityContext_isp'),
      bool(cell(record, 'securityContext_isProxy_b')),
    ),
    vendorRisk: oktaRisk(bool(cell(record, 'debugContext_debugData_threatSuspected')), undefined, undefined),
    origin,
  };
  return { ok: true, items: [ev] };
}

function sniff(record: unknown): boolean {
  if (!isObj(record) || typeof record.eventType !== 'string') return false;
  return record.Type === 'Okta_CL' || 'uuid_g' in record || 'published_t' in record;
}

export const oktaSentinel: EventFormat = {
  id: SOURCE,
  title: 'Okta System Log in Microsoft Sentinel (Okta_CL table)',
  produces: 'events',
  containers: ['json-array', 'ndjson'],
  example: JSON.stringify({
    TimeGenerated: '2020-05-26T22:20:03.402Z',
    eventType: 'user.session.start',
    outcome_result: 'SUCCESS',
    published_t: '2020-05-26T22:16:19.179Z',
    uuid_g: '861b0c10-9f9e-11ea-8f4c-b9fe37b9e5fa',
    actor_id: '00urjk4znu3BcncfY0h7',
    actor_type: 'User',
    actor_alternateId: 'user100@abccompany.com',
    actor_displayName: 'user 100',
    client_ipAddress: '65.65.65.65',
    client_geographicalContext_city: 'Los Angeles',
    client_geographicalContext_country: 'United States',
    client_geographicalContext_geolocation_lat_d: '34.047',
    securityContext_asNumber_d: '10993',
    securityContext_isProxy_b: 'FALSE',
    debugContext_debugData_threatSuspected: 'FALSE',
    Type: 'Okta_CL',
  }),
  sniff,
  parse,
};
