// Google Workspace Admin SDK Reports API activities (`activities.list`, any applicationName: login, saml, drive,
// admin, token...): a page {"kind":"admin#reports#activities","items":[...]}, an array (as Microsoft Sentinel
// stores them), NDJSON, or one activity flattened to a single event (Panther 'GSuite.ActivityEvent':
// name/type/parameters at top level, parameters as an object). One NormalizedEvent per event. See README.md.
import type { Identifier, NormalizedEvent, Origin, Outcome } from '../../core/model.ts';
import { iso } from '../../core/model.ts';
import { fnv1a64 } from '../../core/hash.ts';
import { notAPerson, type EventFormat, type ParseOutcome } from '../types.ts';
import { implausibleMessage, implausibleTime, parseIsoUtc } from '../timestamps.ts';
import { badIp, ipOf } from '../common/ip.ts';

const SOURCE = 'gworkspace';
type Rec = Record<string, unknown>;

const isRecord = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * One event parameter. The API gives a list of {name, value | boolValue | intValue | multiValue | ...};
 * flattened exports give an object {name: value}.
 */
function param(params: unknown, name: string): unknown {
  if (Array.isArray(params)) {
    for (const p of params) {
      if (!isRecord(p) || p.name !== name) continue;
      if (p.value !== undefined) return p.value;
      if (p.boolValue !== undefined) return p.boolValue;
      if (p.intValue !== undefined) return p.intValue;
      if (p.multiValue !== undefined) return p.multiValue;
      return p.multiIntValue ?? p.messageValue ?? p.multiMessageValue;
    }
    return undefined;
  }
  return isRecord(params) ? params[name] : undefined;
}

function boolParam(params: unknown, name: string): boolean | undefined {
  const v = param(params, name);
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** Outcome of a login-application event; other applications' events state none. */
function outcomeOf(name: string, params: unknown): { outcome: Outcome; reason?: string } {
  if (name === 'login_success') return { outcome: 'success' };
  if (name === 'login_failure') {
    const why = str(param(params, 'login_failure_type'));
    return why !== undefined ? { outcome: 'failure', reason: why } : { outcome: 'failure' };
  }
  const challenge = str(param(params, 'login_challenge_status'));
  if (challenge !== undefined) {
    const c = challenge.toLowerCase();
    if (c.includes('pass')) return { outcome: 'success' };
    if (c.includes('fail')) return { outcome: 'failure', reason: `challenge ${challenge}` };
  }
  return { outcome: 'unknown' };
}

const IGNORE_KEY = notAPerson('Google activity by an API key (callerType KEY)');

interface GwsEvent {
  name?: unknown;
  type?: unknown;
  parameters?: unknown;
}

function build(ip: string | undefined, time: number, ids: Identifier[], e: GwsEvent, id: string, app: string | undefined, origin: Origin): NormalizedEvent {
  const name = e.name as string;
  const { outcome, reason } = outcomeOf(name, e.parameters);
  const suspicious = boolParam(e.parameters, 'is_suspicious');
  // Every field, in the order the other formats use (see entra-signin/normalize.ts): one hidden class for all events.
  const ev: NormalizedEvent = {
    id,
    source: SOURCE,
    kind: name === 'login_success' ? 'signin' : 'audit',
    type: name,
    time,
    actor: { ids, displayName: undefined },
    outcome,
    reason,
    ip,
    userAgent: undefined,
    deviceId: undefined,
    app: str(param(e.parameters, 'application_name')) ?? app,
    interactive: undefined,
    vendorGeo: undefined,
    vendorNet: undefined,
    vendorRisk: suspicious !== undefined ? { suspicious } : undefined,
    origin,
  };
  return ev;
}

export const gworkspaceLogin: EventFormat = {
  id: SOURCE,
  title: 'Google Workspace Reports API activities (login, saml, drive, admin, token...)',
  produces: 'events',
  containers: ['json-page', 'json-array', 'ndjson', 'json-object'],
  example: JSON.stringify({
    kind: 'admin#reports#activity',
    id: { time: '2020-11-09T22:47:35.492Z', uniqueQualifier: '580457398125', applicationName: 'login', customerId: 'C015t6bdl' },
    actor: { email: 'user7@company.com', profileId: '106497629058682804316' },
    ipAddress: '52.52.52.52',
    events: [{ type: 'login', name: 'login_success', parameters: [{ name: 'is_suspicious', boolValue: false }] }],
  }),

  sniff(record) {
    if (!isRecord(record)) return false;
    if (record.kind === 'admin#reports#activity') return true;
    return isRecord(record.id) && typeof record.id.applicationName === 'string';
  },

  parse(record, origin): ParseOutcome<NormalizedEvent> {
    if (!isRecord(record)) return { ok: false, field: '(record)', message: 'not a JSON object' };
    const id = record.id;
    if (!isRecord(id)) return { ok: false, field: 'id', message: id === undefined ? 'missing' : 'not an object' };
    const rawTime = id.time;
    if (rawTime === undefined || rawTime === null || rawTime === '') return { ok: false, field: 'id.time', message: 'missing' };
    const time = typeof rawTime === 'string' ? parseIsoUtc(rawTime) : undefined;
    if (time === undefined) return { ok: false, field: 'id.time', message: `not a date: ${JSON.stringify(rawTime).slice(0, 60)}` };
    const implausible = implausibleTime(time);
    if (implausible !== undefined) return { ok: false, field: 'id.time', message: implausibleMessage(rawTime as string, implausible) };

    const actor = isRecord(record.actor) ? record.actor : undefined;
    // An API key / service account acting (callerType KEY) is a valid activity about no person.
    if (actor !== undefined && actor.callerType === 'KEY') return IGNORE_KEY;
    const email = actor ? str(actor.email) : undefined;
    const profileId = actor ? str(actor.profileId) : undefined;
    if (email === undefined && profileId === undefined) {
      const caller = actor ? str(actor.callerType) : undefined;
      return {
        ok: false,
        field: 'actor.email',
        message: actor === undefined ? 'missing (no actor)' : `missing (no actor.email or actor.profileId${caller ? `; callerType ${caller}` : ''})`,
      };
    }
    const ids: Identifier[] = [];
    if (email !== undefined) ids.push({ kind: 'email', value: email });
    if (profileId !== undefined) ids.push({ kind: 'googleId', value: profileId });

    const ip = ipOf(record.ipAddress, 'ipAddress');
    if (badIp(ip)) return ip;
    const app = str(id.applicationName);
    const uq = id.uniqueQualifier;
    const qualifier = typeof uq === 'string' || typeof uq === 'number' ? String(uq) : `h${fnv1a64(JSON.stringify(record))}`;
    const baseId = `gws:${iso(time)}:${qualifier}`;

    let events: GwsEvent[];
    if (Array.isArray(record.events)) events = record.events as GwsEvent[];
    else if (typeof record.name === 'string') events = [record as GwsEvent];
    else return { ok: false, field: 'events', message: 'missing (no events array and no event name)' };
    if (events.length === 0) return { ok: false, field: 'events', message: 'empty: the activity has no events' };

    const items: NormalizedEvent[] = [];
    let seen: Map<string, number> | undefined;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      if (!isRecord(e) || typeof e.name !== 'string' || e.name === '')
        return { ok: false, field: Array.isArray(record.events) ? `events[${i}].name` : 'name', message: 'missing' };
      // Id per event: its name, plus '#n' for the n-th repeat of a name in the activity (see README: ids).
      let suffix = '';
      if (events.length > 1) {
        seen ??= new Map();
        const n = seen.get(e.name) ?? 0;
        seen.set(e.name, n + 1);
        if (n > 0) suffix = `#${n}`;
      }
      items.push(build(ip, time, ids, e, `${baseId}:${e.name}${suffix}`, app, origin));
    }
    return { ok: true, items };
  },
};
