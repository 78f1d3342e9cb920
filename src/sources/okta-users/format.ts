// Okta users (`GET /api/v1/users`): one User → one DirectoryEntry. Resource:
// https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/listUsers
// The profile holds Okta's base attributes (login, email, secondEmail, employeeNumber, department, title, timezone...).
import type { DirectoryEntry, Identifier, Origin } from '../../core/model.ts';
import type { DirectoryFormat, ParseOutcome } from '../types.ts';
import { isObj, MAX_PHONE_CHARS, str } from '../okta-systemlog/values.ts';
import { parseIsoUtc } from '../timestamps.ts';
import { checkTimeZone } from '../scim-users/timezone.ts';

const SOURCE = 'okta-users';
type Reject = { ok: false; field: string; message: string };
const reject = (field: string, message: string): Reject => ({ ok: false, field, message });

/** Okta user statuses of an account that can sign in (the others: STAGED, DEPROVISIONED, SUSPENDED...). */
const ACTIVE = new Set(['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY']);

function parse(record: unknown, origin: Origin): ParseOutcome<DirectoryEntry> {
  if (!isObj(record)) return reject('(record)', 'expected a JSON object (an Okta user)');
  if (typeof record.id !== 'string' || record.id === '') return reject('id', 'missing id');
  const p = record.profile;
  if (!isObj(p)) return reject('profile', 'missing profile object');
  for (const k of ['login', 'email', 'secondEmail', 'employeeNumber', 'mobilePhone', 'primaryPhone', 'timezone'] as const) {
    const v = p[k];
    if (v !== undefined && v !== null && typeof v !== 'string') return reject(`profile.${k}`, `expected a string, got ${typeof v}`);
  }
  const login = str(p.login);
  if (login === undefined) return reject('profile.login', 'missing login');
  let created: number | undefined;
  if (record.created !== undefined && record.created !== null) {
    created = typeof record.created === 'string' ? parseIsoUtc(record.created) : undefined;
    if (created === undefined) return reject('created', `not an ISO 8601 date-time: ${JSON.stringify(record.created).slice(0, 60)}`);
  }
  const timezone = str(p.timezone);
  if (timezone !== undefined && !checkTimeZone(timezone)) return reject('profile.timezone', `not an IANA time zone: ${JSON.stringify(timezone).slice(0, 60)}`);
  const phones: { value: string; type?: string }[] = [];
  for (const [k, type] of [['mobilePhone', 'mobile'], ['primaryPhone', 'work']] as const) {
    const v = str(p[k])?.trim();
    if (!v) continue;
    if (v.length > MAX_PHONE_CHARS) return reject(`profile.${k}`, `${v.length} characters: not a phone number`);
    phones.push({ value: v, type });
  }
  const email = str(p.email)?.trim();
  const second = str(p.secondEmail)?.trim();
  const employeeNumber = str(p.employeeNumber)?.trim();
  const ids: Identifier[] = [{ kind: 'oktaId', value: record.id }, { kind: 'upn', value: login }];
  if (email) ids.push({ kind: 'email', value: email });
  if (employeeNumber) ids.push({ kind: 'employeeId', value: employeeNumber });
  const given = str(p.firstName);
  const family = str(p.lastName);
  const status = str(record.status);
  const entry: DirectoryEntry = {
    id: `okta:${record.id}`,
    source: SOURCE,
    ids,
    displayName: str(p.displayName) ?? ([given, family].filter(Boolean).join(' ') || undefined),
    givenName: given,
    familyName: family,
    // secondEmail is the recovery address the user gave: a claim, never an identifier.
    emails: [...(email ? [{ value: email, type: 'work', primary: true }] : []), ...(second ? [{ value: second, type: 'other' }] : [])],
    phones,
    timezone,
    department: str(p.department),
    title: str(p.title),
    manager: str(p.manager),
    userType: str(p.userType),
    organization: str(p.organization),
    created,
    active: status === undefined ? undefined : ACTIVE.has(status),
    origin,
  };
  return { ok: true, items: [entry] };
}

function sniff(record: unknown): boolean {
  if (!isObj(record) || typeof record.id !== 'string' || !isObj(record.profile)) return false;
  return typeof record.profile.login === 'string' && typeof record.status === 'string' && ('credentials' in record || '_links' in record || 'statusChanged' in record);
}

export const oktaUsers: DirectoryFormat = {
  id: SOURCE,
  title: 'Okta users (GET /api/v1/users)',
  produces: 'directory',
  containers: ['json-array', 'ndjson', 'json-object'],
  example: JSON.stringify({
    id: '00u1f96ECLNVOKVMUSEA',
    status: 'ACTIVE',
    created: '2013-12-12T16:14:22.000Z',
    statusChanged: '2013-12-12T16:14:22.000Z',
    profile: { firstName: 'Isaac', lastName: 'Brock', email: 'isaac.brock@example.com', login: 'isaac.brock@example.com', mobilePhone: '555-415-1337', employeeNumber: '1042', department: 'Engineering' },
    credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
  }),
  sniff,
  parse,
};
