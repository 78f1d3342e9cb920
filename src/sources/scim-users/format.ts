// SCIM 2.0 User resources (RFC 7643 §4.1, enterprise extension §4.3): a ListResponse page ({"Resources":[...]}),
// an array, NDJSON or one resource. One User → one DirectoryEntry: the identity claims the person made to HR / IT.
import type { Address, DirectoryEntry, Identifier, Origin } from '../../core/model.ts';
import type { Container, DirectoryFormat, ParseOutcome } from '../types.ts';
import { postalAddress } from '../common/address.ts';
import { bool, isObj, MAX_PHONE_CHARS, str, type Obj } from '../okta-systemlog/values.ts';
import { parseIsoUtc } from '../timestamps.ts';
import { checkTimeZone } from './timezone.ts';

const SOURCE = 'scim-users';
export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

type Reject = { ok: false; field: string; message: string };
const reject = (field: string, message: string): Reject => ({ ok: false, field, message });

/** Multi-valued complex attribute (emails, phoneNumbers, addresses): an array of objects, or a rejection. */
function multi(rec: Obj, attr: string): Obj[] | Reject {
  const v = rec[attr];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return reject(attr, `expected an array, got ${typeof v}`);
  for (let i = 0; i < v.length; i++) if (!isObj(v[i])) return reject(`${attr}[${i}]`, 'expected an object');
  return v as Obj[];
}

/** The `value` of each item, which must be a non-empty string. */
function values(items: Obj[], attr: string): Reject | undefined {
  for (let i = 0; i < items.length; i++) {
    if (typeof items[i].value !== 'string' || (items[i].value as string).trim() === '') return reject(`${attr}[${i}].value`, 'missing value');
  }
  return undefined;
}

const lower = (v: unknown): string | undefined => (typeof v === 'string' ? v.toLowerCase() : undefined);

/** Work e-mails identify the person; home / other ones are claims (fraud rings share personal addresses). */
function isWorkEmail(e: Obj): boolean {
  const type = lower(e.type);
  return type === 'work' || (bool(e.primary) === true && type !== 'home' && type !== 'other');
}

/** The claimed home: addresses[type eq "home"], else the primary address. */
function homeAddress(items: Obj[]): Address | undefined {
  const a = items.find((x) => lower(x.type) === 'home') ?? items.find((x) => bool(x.primary) === true);
  if (!a) return undefined;
  const country = str(a.country)?.trim();
  return postalAddress(a, country);
}

function parse(record: unknown, origin: Origin): ParseOutcome<DirectoryEntry> {
  if (!isObj(record)) return reject('(record)', 'expected a JSON object (a SCIM User resource)');
  const schemas = record.schemas;
  if (Array.isArray(schemas) && schemas.length > 0 && !schemas.includes(SCIM_USER_SCHEMA)) {
    return reject('schemas', `not a SCIM User resource (schemas: ${schemas.map(String).join(', ')})`);
  }
  const userName = record.userName;
  if (userName === undefined || userName === null || userName === '') return reject('userName', 'missing userName');
  if (typeof userName !== 'string') return reject('userName', `expected a string, got ${typeof userName}`);
  for (const key of ['id', 'externalId'] as const) {
    const v = record[key];
    if (v !== undefined && v !== null && typeof v !== 'string') return reject(key, `expected a string, got ${typeof v}`);
  }
  const id = str(record.id);
  const externalId = str(record.externalId);

  const emails = multi(record, 'emails');
  if (!Array.isArray(emails)) return emails;
  const phones = multi(record, 'phoneNumbers');
  if (!Array.isArray(phones)) return phones;
  const addresses = multi(record, 'addresses');
  if (!Array.isArray(addresses)) return addresses;
  const bad = values(emails, 'emails') ?? values(phones, 'phoneNumbers');
  if (bad) return bad;
  for (let i = 0; i < phones.length; i++) {
    const n = (phones[i].value as string).trim().length;
    if (n > MAX_PHONE_CHARS) return reject(`phoneNumbers[${i}].value`, `${n} characters: not a phone number (at most ${MAX_PHONE_CHARS})`);
  }

  const ext = record[SCIM_ENTERPRISE_SCHEMA];
  if (ext !== undefined && ext !== null && !isObj(ext)) return reject(SCIM_ENTERPRISE_SCHEMA, 'expected an object');
  const enterprise: Obj = isObj(ext) ? ext : {};
  const employeeNumber = enterprise.employeeNumber;
  if (employeeNumber !== undefined && employeeNumber !== null && typeof employeeNumber !== 'string') {
    return reject(`${SCIM_ENTERPRISE_SCHEMA}:employeeNumber`, `expected a string, got ${typeof employeeNumber}`);
  }

  let created: number | undefined;
  const meta = record.meta;
  const createdRaw = isObj(meta) ? meta.created : undefined;
  if (createdRaw !== undefined && createdRaw !== null) {
    created = typeof createdRaw === 'string' ? parseIsoUtc(createdRaw) : undefined;
    if (created === undefined) return reject('meta.created', `not an ISO 8601 date-time: ${JSON.stringify(createdRaw)}`);
  }
  const timezone = str(record.timezone);
  if (timezone !== undefined && !checkTimeZone(timezone)) return reject('timezone', `not an IANA time zone: ${JSON.stringify(timezone)}`);

  const ids: Identifier[] = [];
  if (id !== undefined) ids.push({ kind: 'scimId', value: id });
  if (externalId !== undefined) ids.push({ kind: 'externalId', value: externalId });
  ids.push({ kind: 'upn', value: userName });
  for (const e of emails) if (isWorkEmail(e)) ids.push({ kind: 'email', value: (e.value as string).trim() });
  if (typeof employeeNumber === 'string' && employeeNumber !== '') ids.push({ kind: 'employeeId', value: employeeNumber });

  const name = isObj(record.name) ? record.name : undefined;
  const givenName = name ? str(name.givenName) : undefined;
  const familyName = name ? str(name.familyName) : undefined;
  const manager = isObj(enterprise.manager) ? (str(enterprise.manager.displayName) ?? str(enterprise.manager.value)) : str(enterprise.manager);

  const entry: DirectoryEntry = {
    id: `scim:${id ?? userName}`,
    source: SOURCE,
    ids,
    displayName: str(record.displayName) ?? (name ? str(name.formatted) : undefined) ?? ([givenName, familyName].filter(Boolean).join(' ') || undefined),
    givenName,
    familyName,
    emails: emails.map((e) => ({ value: (e.value as string).trim(), type: str(e.type), primary: bool(e.primary) })),
    phones: phones.map((p) => ({ value: (p.value as string).trim(), type: str(p.type) })),
    homeAddress: homeAddress(addresses),
    timezone,
    department: str(enterprise.department),
    title: str(record.title),
    manager,
    userType: str(record.userType),
    organization: str(enterprise.organization),
    created,
    active: bool(record.active),
    origin,
  };
  return { ok: true, items: [entry] };
}

/** Attributes a User keeps in a ListResponse asked for `attributes=id,userName` (RFC 7644 §3.4.2.5, §3.9). */
const MINIMAL_KEYS = new Set(['id', 'userName', 'externalId', 'displayName', 'active', 'meta', 'schemas']);

function sniff(record: unknown, container: Container): boolean {
  if (!isObj(record)) return false;
  if (Array.isArray(record.schemas) && record.schemas.includes(SCIM_USER_SCHEMA)) return true;
  if (typeof record.userName !== 'string') return false;
  const meta = record.meta;
  if ((isObj(meta) && meta.resourceType === 'User') || (Array.isArray(record.emails) && isObj(record.name))) return true;
  // A partial ListResponse (`GET /Users?attributes=userName`): each resource holds little more than id and userName.
  if (container === 'csv' || typeof record.id !== 'string') return false;
  for (const k in record) if (!MINIMAL_KEYS.has(k)) return false;
  return true;
}

export const scimUsers: DirectoryFormat = {
  id: SOURCE,
  title: 'SCIM 2.0 Users (RFC 7643, with the enterprise extension)',
  produces: 'directory',
  containers: ['json-page', 'json-array', 'ndjson', 'json-object'],
  example: JSON.stringify({
    schemas: [SCIM_USER_SCHEMA, SCIM_ENTERPRISE_SCHEMA],
    id: '2819c223-7f76-453a-919d-413861904646',
    externalId: '701984',
    userName: 'bjensen@example.com',
    name: { formatted: 'Ms. Barbara J Jensen, III', familyName: 'Jensen', givenName: 'Barbara' },
    displayName: 'Babs Jensen',
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ],
    addresses: [{ type: 'home', streetAddress: '456 Hollywood Blvd', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'USA' }],
    phoneNumbers: [{ value: '555-555-4444', type: 'mobile' }],
    userType: 'Employee',
    title: 'Tour Guide',
    timezone: 'America/Los_Angeles',
    active: true,
    [SCIM_ENTERPRISE_SCHEMA]: { employeeNumber: '701984', organization: 'Universal Studios', department: 'Tour Operations', manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d', displayName: 'John Smith' } },
    meta: { resourceType: 'User', created: '2010-01-23T04:56:22Z' },
  }),
  sniff,
  parse,
};
