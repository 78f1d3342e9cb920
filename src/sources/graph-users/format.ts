// Microsoft Graph users (`GET /users` with $select of the employee fields): one user → one DirectoryEntry.
// Resource type: https://learn.microsoft.com/graph/api/resources/user ; employeeHireDate, employeeType, employeeId,
// department, companyName are returned only when $select-ed (the collector asks for them).
import type { DirectoryEntry, Identifier, Origin } from '../../core/model.ts';
import type { DirectoryFormat, ParseOutcome } from '../types.ts';
import { bool, isObj, MAX_PHONE_CHARS, str, type Obj } from '../okta-systemlog/values.ts';
import { parseIsoUtc } from '../timestamps.ts';

const SOURCE = 'graph-users';
type Reject = { ok: false; field: string; message: string };
const reject = (field: string, message: string): Reject => ({ ok: false, field, message });

function date(rec: Obj, key: string): number | undefined | Reject {
  const v = rec[key];
  if (v === undefined || v === null) return undefined;
  const t = typeof v === 'string' ? parseIsoUtc(v) : undefined;
  return t === undefined ? reject(key, `not an ISO 8601 date-time: ${JSON.stringify(v).slice(0, 60)}`) : t;
}

function strings(rec: Obj, key: string): string[] | Reject {
  const v = rec[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return reject(key, `expected an array, got ${typeof v}`);
  const out: string[] = [];
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'string') return reject(`${key}[${i}]`, 'expected a string');
    if ((v[i] as string).trim() !== '') out.push((v[i] as string).trim());
  }
  return out;
}

function parse(record: unknown, origin: Origin): ParseOutcome<DirectoryEntry> {
  if (!isObj(record)) return reject('(record)', 'expected a JSON object (a Graph user)');
  for (const k of ['id', 'userPrincipalName', 'mail', 'employeeId', 'displayName'] as const) {
    const v = record[k];
    if (v !== undefined && v !== null && typeof v !== 'string') return reject(k, `expected a string, got ${typeof v}`);
  }
  const id = str(record.id);
  const upn = str(record.userPrincipalName);
  if (id === undefined && upn === undefined) return reject('id', 'missing id and userPrincipalName');
  const hire = date(record, 'employeeHireDate');
  if (typeof hire === 'object') return hire;
  const createdAt = date(record, 'createdDateTime');
  if (typeof createdAt === 'object') return createdAt;
  const otherMails = strings(record, 'otherMails');
  if (!Array.isArray(otherMails)) return otherMails;
  const business = strings(record, 'businessPhones');
  if (!Array.isArray(business)) return business;
  const mobile = str(record.mobilePhone)?.trim();
  for (const p of [...business, ...(mobile ? [mobile] : [])]) if (p.length > MAX_PHONE_CHARS) return reject('businessPhones', `${p.length} characters: not a phone number`);

  const mail = str(record.mail)?.trim();
  const employeeId = str(record.employeeId)?.trim();
  const ids: Identifier[] = [];
  if (id !== undefined) ids.push({ kind: 'entraId', value: id });
  if (upn !== undefined) ids.push({ kind: 'upn', value: upn });
  if (mail) ids.push({ kind: 'email', value: mail });
  if (employeeId) ids.push({ kind: 'employeeId', value: employeeId });
  const manager = isObj(record.manager) ? (str(record.manager.displayName) ?? str(record.manager.id)) : undefined;
  const entry: DirectoryEntry = {
    id: `graph:${id ?? upn}`,
    source: SOURCE,
    ids,
    displayName: str(record.displayName),
    givenName: str(record.givenName),
    familyName: str(record.surname),
    // otherMails are addresses the user gave (personal ones among them): claims, never identifiers.
    emails: [...(mail ? [{ value: mail, type: 'work', primary: true }] : []), ...otherMails.map((value) => ({ value, type: 'other' }))],
    phones: [...business.map((value) => ({ value, type: 'work' })), ...(mobile ? [{ value: mobile, type: 'mobile' }] : [])],
    department: str(record.department),
    title: str(record.jobTitle),
    manager,
    userType: str(record.employeeType) ?? str(record.userType),
    organization: str(record.companyName),
    // The hire date when HR sets it, else the account's creation (the same "arrival" SCIM meta.created gives).
    created: hire ?? createdAt,
    active: bool(record.accountEnabled),
    origin,
  };
  return { ok: true, items: [entry] };
}

function sniff(record: unknown): boolean {
  if (!isObj(record)) return false;
  if (record['@odata.type'] === '#microsoft.graph.user') return true;
  if (typeof record.userPrincipalName !== 'string' || typeof record.id !== 'string') return false;
  if ('status' in record || 'ipAddress' in record || 'deviceName' in record) return false; // sign-ins, devices
  return 'businessPhones' in record || 'accountEnabled' in record || 'employeeHireDate' in record || 'jobTitle' in record;
}

export const graphUsers: DirectoryFormat = {
  id: SOURCE,
  title: 'Microsoft Graph users (GET /users, with employee fields)',
  produces: 'directory',
  containers: ['json-page', 'json-array', 'ndjson', 'json-object'],
  example: JSON.stringify({
    id: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
    businessPhones: ['+1 425 555 0109'],
    displayName: 'Adele Vance',
    givenName: 'Adele',
    jobTitle: 'Retail Manager',
    mail: 'AdeleV@contoso.com',
    mobilePhone: '+1 425 555 0109',
    officeLocation: '18/2111',
    surname: 'Vance',
    userPrincipalName: 'AdeleV@contoso.com',
    employeeId: '1000042',
    employeeHireDate: '2026-11-02T00:00:00Z',
    department: 'Retail',
    accountEnabled: true,
  }),
  sniff,
  parse,
};
