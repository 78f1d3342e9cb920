// A plain HR export (CSV: header row + one row per worker), with the column mapping in columns.ts and README.md.
// One row → one DirectoryEntry: the person's identity claims (home, phone, personal e-mail, time zone, hire date).
import type { Address, DirectoryEntry, Identifier, Origin } from '../../core/model.ts';
import type { DirectoryFormat, ParseOutcome } from '../types.ts';
import { countryIso2 } from '../common/country.ts';
import { isObj, looksLikeEmail, MAX_PHONE_CHARS } from '../okta-systemlog/values.ts';
import { checkTimeZone } from '../scim-users/timezone.ts';
import { IDENTITY, columnOf, type Canonical } from './columns.ts';
import { parseHrDate } from './dates.ts';

const SOURCE = 'hr-csv';

interface Cell {
  header: string;
  value: string;
  rank: number;
}
type Row = Partial<Record<Canonical, Cell[]>>;
type Reject = { ok: false; field: string; message: string };
const reject = (field: string, message: string): Reject => ({ ok: false, field, message });

/** The row's cells grouped by canonical column (empty cells left out), each group best alias first. */
function collect(record: Record<string, unknown>): Row {
  const row: Row = {};
  for (const header of Object.keys(record)) {
    const ref = columnOf(header);
    if (!ref) continue;
    const raw = record[header];
    const value = typeof raw === 'string' ? raw.trim() : raw === undefined || raw === null ? '' : String(raw).trim();
    if (value === '') continue;
    const list = (row[ref.canonical] ??= []);
    list.push({ header, value, rank: ref.rank });
    if (list.length > 1) list.sort((a, b) => a.rank - b.rank);
  }
  return row;
}

const first = (row: Row, c: Canonical): Cell | undefined => row[c]?.[0];

/** Type of a phone / personal e-mail from its header: "Mobile Phone" → mobile, "Home Phone" → home. */
function typeFromHeader(header: string): string | undefined {
  const h = header.toLowerCase();
  if (h.includes('mobile') || h.includes('cell')) return 'mobile';
  if (h.includes('home')) return 'home';
  if (h.includes('personal') || h.includes('private')) return 'personal';
  if (h.includes('other') || h.includes('alternate')) return 'other';
  return undefined;
}

const INACTIVE = new Set(['inactive', 'terminated', 'former', 'separated', 'resigned', 'disabled', 'false', 'no']);
const ACTIVE = new Set(['active', 'current', 'employed', 'true', 'yes']);

function parse(record: unknown, origin: Origin): ParseOutcome<DirectoryEntry> {
  if (!isObj(record)) return reject('(record)', 'expected a CSV row');
  const row = collect(record);

  const employeeId = first(row, 'employee_id');
  const upn = first(row, 'upn');
  const email = first(row, 'email');
  if (!employeeId && !upn && !email) {
    const present = Object.keys(record).filter((h) => IDENTITY.has(columnOf(h)?.canonical as Canonical));
    return present.length > 0
      ? reject(present[0], `empty identity: no employee id, UPN or work e-mail in ${present.map((h) => JSON.stringify(h)).join(', ')}`)
      : reject('employee_id', 'no identity column: need employee_id, upn or email (or an alias such as "Employee ID", "Work Email")');
  }
  if (email && !looksLikeEmail(email.value)) return reject(email.header, `not an e-mail address: ${JSON.stringify(email.value)}`);
  for (const p of row.personal_email ?? []) {
    if (!looksLikeEmail(p.value)) return reject(p.header, `not an e-mail address: ${JSON.stringify(p.value)}`);
  }
  for (const p of row.phone ?? []) {
    if (p.value.length > MAX_PHONE_CHARS) return reject(p.header, `${p.value.length} characters: not a phone number (at most ${MAX_PHONE_CHARS})`);
  }
  let created: number | undefined;
  const start = first(row, 'start_date');
  if (start) {
    created = parseHrDate(start.value);
    if (created === undefined) return reject(start.header, `not a date (YYYY-MM-DD, ISO 8601 or M/D/YYYY): ${JSON.stringify(start.value)}`);
  }
  const tz = first(row, 'timezone');
  if (tz && !checkTimeZone(tz.value)) return reject(tz.header, `not an IANA time zone: ${JSON.stringify(tz.value)}`);

  const ids: Identifier[] = [];
  if (employeeId) ids.push({ kind: 'employeeId', value: employeeId.value });
  if (upn) ids.push({ kind: 'upn', value: upn.value });
  if (email) ids.push({ kind: 'email', value: email.value });

  const givenName = first(row, 'first_name')?.value;
  const familyName = first(row, 'last_name')?.value;
  const country = first(row, 'home_country')?.value;
  const address: Address = {
    street: first(row, 'home_street')?.value,
    locality: first(row, 'home_city')?.value,
    region: first(row, 'home_state')?.value,
    postalCode: first(row, 'home_postal_code')?.value,
    country: country === undefined ? undefined : (countryIso2(country) ?? country),
  };
  const status = first(row, 'status')?.value.toLowerCase();

  const entry: DirectoryEntry = {
    id: `hr:${(employeeId ?? upn ?? email)!.value}`,
    source: SOURCE,
    ids,
    displayName: first(row, 'display_name')?.value ?? ([givenName, familyName].filter(Boolean).join(' ') || undefined),
    givenName,
    familyName,
    emails: [
      ...(email ? [{ value: email.value, type: 'work' }] : []),
      ...(row.personal_email ?? []).map((p) => ({ value: p.value, type: typeFromHeader(p.header) ?? 'personal' })),
    ],
    phones: (row.phone ?? []).map((p) => ({ value: p.value, type: typeFromHeader(p.header) })),
    homeAddress: Object.values(address).some((v) => v !== undefined) ? address : undefined,
    timezone: tz?.value,
    department: first(row, 'department')?.value,
    title: first(row, 'title')?.value,
    manager: first(row, 'manager')?.value,
    userType: first(row, 'employment_type')?.value,
    created,
    active: status === undefined ? undefined : INACTIVE.has(status) ? false : ACTIVE.has(status) ? true : undefined,
    origin,
  };
  return { ok: true, items: [entry] };
}

/** An HR export: an identity column and at least two other columns this format reads. */
function sniff(record: unknown, container: string): boolean {
  if (container !== 'csv' || !isObj(record)) return false;
  let identity = false;
  const others = new Set<Canonical>();
  for (const header of Object.keys(record)) {
    const c = columnOf(header)?.canonical;
    if (c === undefined) continue;
    if (IDENTITY.has(c)) identity = true;
    else others.add(c);
  }
  return identity && others.size >= 2;
}

export const hrCsv: DirectoryFormat = {
  id: SOURCE,
  title: 'HR export (CSV: employee id / work e-mail, name, home address, phone, time zone, start date...)',
  produces: 'directory',
  containers: ['csv'],
  example:
    'WorkerID,WorkerStatus,WorkerType,UserID,FirstName,LastName,Email,HireDate,Department,JobTitle,StreetAddress,City,State,PostalCode,Country,Mobile,TimeZone\n' +
    '123456,Active,Employee,bjensen,Barbara,Jensen,bjensen@example.com,2020-01-01,Accounting,AP Specialist,221 Acme Way,New York City,New York,100005,USA,640-983-9015,US/Eastern',
  sniff,
  parse,
};
