// Google Workspace Directory API users (`GET admin/directory/v1/users`): one User → one DirectoryEntry. Resource:
// https://developers.google.com/workspace/admin/directory/reference/rest/v1/users
import type { Address, DirectoryEntry, Identifier, Origin } from '../../core/model.ts';
import type { DirectoryFormat, ParseOutcome } from '../types.ts';
import { postalAddress } from '../common/address.ts';
import { bool, isObj, MAX_PHONE_CHARS, str, type Obj } from '../okta-systemlog/values.ts';
import { parseIsoUtc } from '../timestamps.ts';

const SOURCE = 'gworkspace-users';
type Reject = { ok: false; field: string; message: string };
const reject = (field: string, message: string): Reject => ({ ok: false, field, message });

function list(rec: Obj, key: string): Obj[] | Reject {
  const v = rec[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return reject(key, `expected an array, got ${typeof v}`);
  for (let i = 0; i < v.length; i++) if (!isObj(v[i])) return reject(`${key}[${i}]`, 'expected an object');
  return v as Obj[];
}

/** The address Google types `home` (the claimed home), if any. */
function home(items: Obj[]): Address | undefined {
  const a = items.find((x) => x.type === 'home');
  if (!a) return undefined;
  const country = str(a.countryCode) ?? str(a.country);
  return postalAddress(a, country);
}

function parse(record: unknown, origin: Origin): ParseOutcome<DirectoryEntry> {
  if (!isObj(record)) return reject('(record)', 'expected a JSON object (a Directory API user)');
  if (typeof record.id !== 'string' || record.id === '') return reject('id', 'missing id');
  if (typeof record.primaryEmail !== 'string' || record.primaryEmail.trim() === '') return reject('primaryEmail', 'missing primaryEmail');
  const emails = list(record, 'emails');
  if (!Array.isArray(emails)) return emails;
  const phones = list(record, 'phones');
  if (!Array.isArray(phones)) return phones;
  const addresses = list(record, 'addresses');
  if (!Array.isArray(addresses)) return addresses;
  const orgs = list(record, 'organizations');
  if (!Array.isArray(orgs)) return orgs;
  const externalIds = list(record, 'externalIds');
  if (!Array.isArray(externalIds)) return externalIds;
  const relations = list(record, 'relations');
  if (!Array.isArray(relations)) return relations;
  for (let i = 0; i < phones.length; i++) {
    const v = str(phones[i].value)?.trim();
    if (v === undefined) return reject(`phones[${i}].value`, 'missing value');
    if (v.length > MAX_PHONE_CHARS) return reject(`phones[${i}].value`, `${v.length} characters: not a phone number`);
  }
  let created: number | undefined;
  if (record.creationTime !== undefined && record.creationTime !== null) {
    created = typeof record.creationTime === 'string' ? parseIsoUtc(record.creationTime) : undefined;
    if (created === undefined) return reject('creationTime', `not an ISO 8601 date-time: ${JSON.stringify(record.creationTime).slice(0, 60)}`);
  }
  const primary = record.primaryEmail.trim();
  const ids: Identifier[] = [{ kind: 'googleId', value: record.id }, { kind: 'email', value: primary }];
  const employeeId = externalIds.find((x) => x.type === 'organization');
  if (employeeId && str(employeeId.value)) ids.push({ kind: 'employeeId', value: (employeeId.value as string).trim() });
  const org = orgs.find((o) => bool(o.primary) === true) ?? orgs[0];
  const name = isObj(record.name) ? record.name : {};
  const manager = relations.find((r) => r.type === 'manager');
  const others = emails.filter((e) => typeof e.address === 'string' && e.address.trim() !== '' && e.address.trim().toLowerCase() !== primary.toLowerCase());
  const entry: DirectoryEntry = {
    id: `gws:${record.id}`,
    source: SOURCE,
    ids,
    displayName: str(name.fullName) ?? ([str(name.givenName), str(name.familyName)].filter(Boolean).join(' ') || undefined),
    givenName: str(name.givenName),
    familyName: str(name.familyName),
    // Only the primary address identifies the person; the others (home, aliases) are claims.
    emails: [{ value: primary, type: 'work', primary: true }, ...others.map((e) => ({ value: (e.address as string).trim(), type: str(e.type) ?? 'other' }))],
    phones: phones.map((p) => ({ value: (p.value as string).trim(), type: str(p.type) })),
    homeAddress: home(addresses),
    department: org ? str(org.department) : undefined,
    title: org ? str(org.title) : undefined,
    organization: org ? str(org.name) : undefined,
    manager: manager ? str(manager.value) : undefined,
    created,
    active: !(bool(record.suspended) === true || bool(record.archived) === true),
    origin,
  };
  return { ok: true, items: [entry] };
}

function sniff(record: unknown): boolean {
  if (!isObj(record)) return false;
  if (record.kind === 'admin#directory#user') return true;
  return typeof record.id === 'string' && typeof record.primaryEmail === 'string' && isObj(record.name);
}

export const gworkspaceUsers: DirectoryFormat = {
  id: SOURCE,
  title: 'Google Workspace Directory API users',
  produces: 'directory',
  containers: ['json-page', 'json-array', 'ndjson', 'json-object'],
  example: JSON.stringify({
    kind: 'admin#directory#user',
    id: '100934586123456789012',
    primaryEmail: 'liz@example.com',
    name: { givenName: 'Elizabeth', familyName: 'Smith', fullName: 'Elizabeth Smith' },
    isAdmin: false,
    suspended: false,
    creationTime: '2026-11-02T09:00:00.000Z',
    externalIds: [{ value: '1042', type: 'organization' }],
    organizations: [{ name: 'Example Inc', title: 'Engineer', primary: true, department: 'Engineering' }],
    addresses: [{ type: 'home', locality: 'Austin', region: 'TX', countryCode: 'US' }],
  }),
  sniff,
  parse,
};
