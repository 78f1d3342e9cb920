import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readSample } from '../../../test/samples.ts';
import { readInputFile } from '../reader.ts';
import { DirectoryEntry } from '../../core/model.ts';
import { columnOf, normHeader } from './columns.ts';
import { parseHrDate } from './dates.ts';
import { hrCsv } from './format.ts';

type Row = Record<string, string>;
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const rows = (name: string): Row[] => parseCsv(readFileSync(fixture(name), 'utf8'), { columns: true, bom: true }) as Row[];

function parseOk(row: unknown): DirectoryEntry {
  const out = hrCsv.parse(row, { file: 'test', line: 2 });
  if (out.ok !== true) throw new Error(out.ok === false ? `rejected: ${out.field}: ${out.message}` : `ignored: ${out.reason}`);
  expect(out.items).toHaveLength(1);
  return DirectoryEntry.parse(out.items[0]); // the contract's own schema
}
function parseErr(row: unknown): { field: string; message: string } {
  const out = hrCsv.parse(row, { file: 'test', line: 2 });
  if (out.ok !== false) throw new Error('expected a rejection');
  return { field: out.field, message: out.message };
}

describe('hr-csv: Microsoft’s inbound-provisioning worker export (60 columns)', () => {
  const [row] = rows('entra-inbound-worker.csv');
  const e = parseOk(row);

  it('identity: WorkerID, UserID, Email', () => {
    expect(e.id).toBe('hr:123456');
    expect(e.source).toBe('hr-csv');
    expect(e.ids).toEqual([
      { kind: 'employeeId', value: '123456' },
      { kind: 'upn', value: 'bjensen' },
      { kind: 'email', value: 'bjensen@example.com' },
    ]);
  });

  it('claims: home address (TwoLetterCountryCode preferred over Country), mobile only, time zone, hire date', () => {
    expect(e.homeAddress).toEqual({ street: '221 Acme Way', locality: 'New York City', region: 'New York', postalCode: '100005', country: 'US' });
    expect(e.phones).toEqual([{ value: '640-983-9015', type: 'mobile' }]); // OfficePhone is a desk line, not a claim
    expect(e.timezone).toBe('US/Eastern');
    expect(e.created).toBe(Date.UTC(2020, 0, 1)); // StartDate is empty, HireDate wins
  });

  it('names and job facts; WorkerStatus Active → active', () => {
    expect(e).toMatchObject({
      displayName: 'Barbara Jensen', // PreferredName (no FullName column)
      givenName: 'Barbara',
      familyName: 'Jensen',
      department: 'Accounting',
      title: 'AP Specialist',
      manager: '80607',
      userType: 'Employee',
      active: true,
      emails: [{ value: 'bjensen@example.com', type: 'work' }],
    });
  });
});

describe('hr-csv: Microsoft’s sample employee data (quoted, 24 columns)', () => {
  const data = rows('entra-inbound-employees.csv');
  const entries = data.map(parseOk);

  it('every row is accepted, ids from WorkerID, country codes "UK" → GB', () => {
    expect(entries.map((x) => x.id)).toEqual(data.map((r) => `hr:${r.WorkerID}`));
    expect(entries[0].homeAddress).toEqual({ street: '101 Woodgrove Way', locality: 'Frankfurt', postalCode: '79985', country: 'GB', region: undefined });
    expect(entries.map((x) => x.homeAddress?.country)).toEqual(data.map((r) => (r.CountryCode === 'UK' ? 'GB' : r.CountryCode)));
  });

  it('FullName, UserID as upn, Inactive → active false, empty StreetAddress left out', () => {
    expect(entries[3]).toMatchObject({ displayName: 'Annora Jacinda', active: false, ids: [{ kind: 'employeeId', value: '1423' }, { kind: 'upn', value: 'EMP1423' }] });
    expect(entries[7].homeAddress?.street).toBeUndefined();
    expect(entries[7].homeAddress?.locality).toBe('Mumbai');
  });

  it('no phone column is read (OfficePhone is the only one): no phone claims', () => {
    expect(entries.every((x) => x.phones.length === 0)).toBe(true);
  });
});

describe('hr-csv: rejections name the column', () => {
  const [noId, dayFirst, badTz, badMail] = rows('entra-inbound-worker-bad-rows.csv');

  it('no employee id, UPN or work e-mail: names the empty identity column', () => {
    expect(parseErr(noId)).toEqual({ field: 'WorkerID', message: 'empty identity: no employee id, UPN or work e-mail in "WorkerID", "UserID", "Email"' });
  });
  it('a day-first start date is not read as month-first', () => {
    expect(parseErr(dayFirst)).toEqual({ field: 'HireDate', message: 'not a date (YYYY-MM-DD, ISO 8601 or M/D/YYYY): "31/12/2020"' });
  });
  it('a time zone that is not IANA', () => {
    expect(parseErr(badTz)).toEqual({ field: 'TimeZone', message: 'not an IANA time zone: "Eastern Time"' });
  });
  it('a work e-mail that is not an address', () => {
    expect(parseErr(badMail).field).toBe('Email');
  });
  it('a row without any identity column at all', () => {
    expect(parseErr({ 'First Name': 'A', 'Last Name': 'B', Department: 'X' }).field).toBe('employee_id');
    expect(parseErr('a,b').field).toBe('(record)');
  });
});

describe('hr-csv: header aliases', () => {
  it('case-, space- and punctuation-insensitive; # as number; bracketed attribute names', () => {
    const row = {
      'Employee #': 'E-77',
      'Work Email': 'j.doe@corp.example',
      'First Name': 'Jane',
      'Last Name': 'Doe',
      'Personal Email': 'jane.doe.1990@gmail.example',
      'Home Phone': '+1 415 555 0100',
      'Mobile Phone': '+1 415 555 0199',
      'Home Street': '1 Main St',
      'Home City': 'Springfield',
      'Home State': 'Illinois',
      'Home Postal Code': '62701',
      'Home Country': 'United States',
      'Time Zone': 'America/Chicago',
      'Employment Type': 'Contractor',
      'Start Date': '3/4/2024',
    };
    const e = parseOk(row);
    expect(e.id).toBe('hr:E-77');
    expect(e.ids).toEqual([
      { kind: 'employeeId', value: 'E-77' },
      { kind: 'email', value: 'j.doe@corp.example' },
    ]);
    expect(e.emails).toEqual([
      { value: 'j.doe@corp.example', type: 'work' },
      { value: 'jane.doe.1990@gmail.example', type: 'personal' },
    ]);
    expect(e.ids.some((i) => i.value.includes('gmail'))).toBe(false); // a personal address is a claim, not identity
    expect(e.phones).toEqual([
      { value: '+1 415 555 0199', type: 'mobile' },
      { value: '+1 415 555 0100', type: 'home' },
    ]);
    expect(e).toMatchObject({ displayName: 'Jane Doe', userType: 'Contractor', timezone: 'America/Chicago', created: Date.UTC(2024, 2, 4) });
    expect(e.homeAddress).toEqual({ street: '1 Main St', locality: 'Springfield', region: 'Illinois', postalCode: '62701', country: 'US' });
    expect(normHeader('User name [userPrincipalName] Required')).toBe('userprincipalname');
    expect(columnOf('employee_id')?.canonical).toBe('employee_id');
    expect(columnOf('EMPLOYEE ID')?.canonical).toBe('employee_id');
    expect(columnOf('Office Phone')).toBeUndefined();
  });

  it('start dates: ISO date, ISO date-time, M/D/YYYY with a time; rejects impossible days', () => {
    expect(parseHrDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseHrDate('2024-01-15T09:00:00Z')).toBe(Date.UTC(2024, 0, 15, 9));
    expect(parseHrDate('1/15/2024 0:00')).toBe(Date.UTC(2024, 0, 15));
    expect(parseHrDate('2/30/2024')).toBeUndefined();
    expect(parseHrDate('2023-02-29')).toBeUndefined();
    expect(parseHrDate('Jan 15, 2024')).toBeUndefined();
  });
});

describe('hr-csv: sniff', () => {
  it('claims HR exports by header, and its own example', () => {
    expect(hrCsv.sniff(rows('entra-inbound-worker.csv')[0], 'csv')).toBe(true);
    expect(hrCsv.sniff(rows('entra-inbound-employees.csv')[0], 'csv')).toBe(true);
    const [head, line] = hrCsv.example.split('\n');
    const ex = parseCsv(`${head}\n${line}\n`, { columns: true }) as Row[];
    expect(hrCsv.sniff(ex[0], 'csv')).toBe(true);
    expect(parseOk(ex[0]).id).toBe('hr:123456');
  });

  it('refuses JSON containers, the Entra sign-in CSV export and a Teams usage report', () => {
    expect(hrCsv.sniff({ employee_id: '1', department: 'x', title: 'y' }, 'json-array')).toBe(false);
    const entra = parseCsv(readSample('entra/training_lab_sign-in_adelete_EXCERPT.csv'), { columns: true, bom: true }) as Row[];
    expect(entra.length).toBeGreaterThan(0);
    expect(entra.some((r) => hrCsv.sniff(r, 'csv'))).toBe(false);
    const teamsHeader = readSample('schemas/teams_user_activity_user_detail_header.csv').trim().split(',');
    expect(hrCsv.sniff(Object.fromEntries(teamsHeader.map((h) => [h, 'x'])), 'csv')).toBe(false);
  });

  it('needs an identity column and two more known columns', () => {
    expect(hrCsv.sniff({ 'Employee ID': '1', Department: 'x' }, 'csv')).toBe(false);
    expect(hrCsv.sniff({ Department: 'x', Title: 'y', City: 'z' }, 'csv')).toBe(false);
    expect(hrCsv.sniff({ 'Employee ID': '1', Department: 'x', 'Job Title': 'y' }, 'csv')).toBe(true);
  });
});

describe('hr-csv through the reader', () => {
  const read = async (name: string): Promise<{ summary: Awaited<ReturnType<typeof readInputFile>>; entries: DirectoryEntry[] }> => {
    const entries: DirectoryEntry[] = [];
    const summary = await readInputFile(fixture(name), { event: () => expect.fail('no events'), directory: (d) => entries.push(d) });
    return { summary, entries };
  };

  it('detects the Microsoft samples as HR exports and reads every row', async () => {
    const worker = await read('entra-inbound-worker.csv');
    expect(worker.summary).toMatchObject({ format: 'hr-csv', records: 1, accepted: 1, rejected: 0 });
    expect(worker.entries[0].origin).toMatchObject({ line: 2 });
    const employees = await read('entra-inbound-employees.csv');
    expect(employees.summary).toMatchObject({ format: 'hr-csv', records: 8, accepted: 8, rejected: 0 });
  });

  it('bad rows are counted and listed with line and header', async () => {
    const bad = await read('entra-inbound-worker-bad-rows.csv');
    expect(bad.summary).toMatchObject({ format: 'hr-csv', records: 4, accepted: 0, rejected: 4 });
    expect(bad.summary.errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'WorkerID'],
      [3, 'HireDate'],
      [4, 'TimeZone'],
      [5, 'Email'],
    ]);
  });
});
