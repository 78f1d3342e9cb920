import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readInputFile } from '../reader.ts';
import { DirectoryEntry } from '../../core/model.ts';
import { SCIM_ENTERPRISE_SCHEMA, scimUsers } from './format.ts';

type Rec = Record<string, unknown>;
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const json = (name: string): unknown => JSON.parse(readFileSync(fixture(name), 'utf8'));
const rfcUser = json('rfc7643-enterprise-user.json') as Rec;
const awsPage = json('aws-identity-center-listusers.json') as { Resources: Rec[] };
const [awsFull] = json('aws-identity-center-user-full.json') as Rec[];
const [entraQueried, entraCreateRequest, entraDisabled, oktaCreated] = readFileSync(fixture('idp-scim-examples.ndjson'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Rec);

function parseOk(rec: unknown): DirectoryEntry {
  const out = scimUsers.parse(rec, { file: 'test', index: 0 });
  if (out.ok !== true) throw new Error(out.ok === false ? `rejected: ${out.field}: ${out.message}` : `ignored: ${out.reason}`);
  expect(out.items).toHaveLength(1);
  return DirectoryEntry.parse(out.items[0]); // the contract's own schema
}
function parseErr(rec: unknown): { field: string; message: string } {
  const out = scimUsers.parse(rec, { file: 'test', index: 0 });
  if (out.ok !== false) throw new Error('expected a rejection');
  return { field: out.field, message: out.message };
}

describe('scim-users: RFC 7643 §8.3 enterprise user (Babs Jensen)', () => {
  const e = parseOk(rfcUser);

  it('identifiers: scim id, externalId, userName, the work e-mail, employeeNumber', () => {
    expect(e.id).toBe('scim:2819c223-7f76-453a-919d-413861904646');
    expect(e.source).toBe('scim-users');
    expect(e.ids).toEqual([
      { kind: 'scimId', value: '2819c223-7f76-453a-919d-413861904646' },
      { kind: 'externalId', value: '701984' },
      { kind: 'upn', value: 'bjensen@example.com' },
      { kind: 'email', value: 'bjensen@example.com' },
      { kind: 'employeeId', value: '701984' },
    ]);
  });

  it('the home e-mail is a claim in emails, never an identifier', () => {
    expect(e.emails).toContainEqual({ value: 'babs@jensen.org', type: 'home', primary: undefined });
    expect(e.ids.some((i) => i.value === 'babs@jensen.org')).toBe(false);
  });

  it('home address (type home, not the primary work one), country USA → US', () => {
    expect(e.homeAddress).toEqual({
      street: '456 Hollywood Blvd',
      locality: 'Hollywood',
      region: 'CA',
      postalCode: '91608',
      country: 'US',
      formatted: '456 Hollywood Blvd\nHollywood, CA 91608 USA',
    });
  });

  it('names, phones, job facts, enterprise extension, creation time', () => {
    expect(e).toMatchObject({
      displayName: 'Babs Jensen',
      givenName: 'Barbara',
      familyName: 'Jensen',
      timezone: 'America/Los_Angeles',
      userType: 'Employee',
      title: 'Tour Guide',
      department: 'Tour Operations',
      organization: 'Universal Studios',
      manager: 'John Smith',
      active: true,
      created: Date.UTC(2010, 0, 23, 4, 56, 22),
    });
    expect(e.phones).toEqual([
      { value: '555-555-5555', type: 'work' },
      { value: '555-555-4444', type: 'mobile' },
    ]);
  });
});

describe('scim-users: IdP and cloud samples', () => {
  it('AWS IAM Identity Center ListUsers: all 5 resources, inactive, manager by id when no name', () => {
    const entries = awsPage.Resources.map(parseOk);
    expect(entries.map((x) => x.id)).toEqual(awsPage.Resources.map((r) => `scim:${r.id as string}`));
    expect(entries.every((x) => x.active === false)).toBe(true);
    expect(entries[0]).toMatchObject({ manager: '9067729b3d-ee533c18-538a-4cd3-a572-63fb863ed734', created: Date.UTC(2020, 6, 22, 22, 32, 58) });
    expect(entries[2].manager).toBeUndefined(); // tzhang has no enterprise extension
    expect(entries[2].ids.map((i) => i.kind)).toEqual(['scimId', 'externalId', 'upn', 'email']);
  });

  it('AWS full user: the only address is primary work → it is the claimed address; employeeNumber → employeeId', () => {
    const x = parseOk(awsFull);
    expect(x.homeAddress).toMatchObject({ street: '100 Universal City Plaza', country: 'US' });
    expect(x.ids).toContainEqual({ kind: 'employeeId', value: 'employeeNumber_XftxVGp61hDs6Dugey2R' });
    expect(x).toMatchObject({ title: 'Tour Guide', userType: 'Employee', timezone: 'America/Los_Angeles', department: 'Tour Operations' });
  });

  it('Entra ID: a queried user; a create request without id (entry id from userName); a disabled user', () => {
    expect(parseOk(entraQueried)).toMatchObject({ id: 'scim:2441309d85324e7793ae', created: Date.parse('2018-03-27T19:59:26.000Z'), active: true });
    const created = parseOk(entraCreateRequest);
    expect(created.id).toBe('scim:Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1');
    expect(created.ids.map((i) => i.kind)).toEqual(['externalId', 'upn', 'email']);
    expect(created.created).toBeUndefined();
    const disabled = parseOk(entraDisabled);
    expect(disabled).toMatchObject({ active: false, displayName: 'Larry Harris', homeAddress: { country: 'ML' } });
  });

  it('Okta: externalId (the Okta user id) is kept as externalId', () => {
    expect(parseOk(oktaCreated).ids).toContainEqual({ kind: 'externalId', value: '00ujl29u0le5T6Aj10h7' });
  });

  it('sniff claims every sample resource and the format example', () => {
    const all = [rfcUser, ...awsPage.Resources, awsFull, entraQueried, entraCreateRequest, entraDisabled, oktaCreated];
    expect(all.every((r) => scimUsers.sniff(r, 'json-page'))).toBe(true);
    expect(parseOk(JSON.parse(scimUsers.example)).homeAddress?.country).toBe('US');
  });
});

describe('scim-users: e-mail typing', () => {
  const withEmails = (emails: unknown[]): DirectoryEntry => parseOk({ ...rfcUser, emails });
  it('untyped primary is an identifier; untyped non-primary, home and other are not', () => {
    const e = withEmails([
      { value: 'a@corp.example', primary: true },
      { value: 'b@corp.example' },
      { value: 'c@gmail.example', type: 'other' },
      { value: 'd@gmail.example', type: 'home', primary: true },
    ]);
    expect(e.ids.filter((i) => i.kind === 'email').map((i) => i.value)).toEqual(['a@corp.example']);
    expect(e.emails.map((x) => x.value)).toEqual(['a@corp.example', 'b@corp.example', 'c@gmail.example', 'd@gmail.example']);
  });
  it('"primary": "true" as a string (as some IdPs send it) counts', () => {
    expect(withEmails([{ value: 'a@corp.example', primary: 'true' }]).ids).toContainEqual({ kind: 'email', value: 'a@corp.example' });
  });
});

describe('scim-users: rejections name the attribute', () => {
  it('userName missing or not a string', () => {
    const { userName: _drop, ...noUser } = rfcUser;
    expect(parseErr(noUser)).toEqual({ field: 'userName', message: 'missing userName' });
    expect(parseErr({ ...rfcUser, userName: 7 })).toEqual({ field: 'userName', message: 'expected a string, got number' });
  });
  it('a Group resource is not a User', () => {
    const err = parseErr({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'e9e30dba', displayName: 'Tour Guides' });
    expect(err.field).toBe('schemas');
  });
  it('multi-valued attributes: not an array, an item not an object, an item without value', () => {
    expect(parseErr({ ...rfcUser, emails: 'bjensen@example.com' }).field).toBe('emails');
    expect(parseErr({ ...rfcUser, phoneNumbers: ['555-555-4444'] }).field).toBe('phoneNumbers[0]');
    expect(parseErr({ ...rfcUser, emails: [{ type: 'work' }] })).toEqual({ field: 'emails[0].value', message: 'missing value' });
  });
  it('meta.created not a date-time, an unknown time zone, a numeric employeeNumber', () => {
    expect(parseErr({ ...rfcUser, meta: { created: '23/01/2010' } }).field).toBe('meta.created');
    expect(parseErr({ ...rfcUser, timezone: 'Mars/Olympus_Mons' })).toEqual({ field: 'timezone', message: 'not an IANA time zone: "Mars/Olympus_Mons"' });
    expect(parseErr({ ...rfcUser, [SCIM_ENTERPRISE_SCHEMA]: { employeeNumber: 701984 } }).field).toBe(`${SCIM_ENTERPRISE_SCHEMA}:employeeNumber`);
    expect(parseErr(null).field).toBe('(record)');
  });
  it('sniff refuses sign-in events and ListResponse envelopes', () => {
    expect(scimUsers.sniff({ userPrincipalName: 'a@b.c', createdDateTime: '2024-01-01T00:00:00Z' }, 'json-array')).toBe(false);
    expect(scimUsers.sniff(awsPage, 'json-object')).toBe(false);
    expect(scimUsers.sniff({ eventType: 'user.session.start', actor: { alternateId: 'a@b.c' } }, 'ndjson')).toBe(false);
  });
});

describe('scim-users through the reader', () => {
  const read = async (name: string): Promise<{ summary: Awaited<ReturnType<typeof readInputFile>>; entries: DirectoryEntry[] }> => {
    const entries: DirectoryEntry[] = [];
    const summary = await readInputFile(fixture(name), { event: () => expect.fail('no events'), directory: (d) => entries.push(d) });
    return { summary, entries };
  };

  it('a ListResponse page (Resources unwrapped), one resource, NDJSON, an array', async () => {
    const page = await read('aws-identity-center-listusers.json');
    expect(page.summary).toMatchObject({ format: 'scim-users', records: 5, accepted: 5, rejected: 0 });
    expect(page.entries.map((e) => e.origin?.index)).toEqual([0, 1, 2, 3, 4]);
    expect((await read('rfc7643-enterprise-user.json')).summary).toMatchObject({ format: 'scim-users', accepted: 1 });
    const nd = await read('idp-scim-examples.ndjson');
    expect(nd.summary).toMatchObject({ format: 'scim-users', records: 4, accepted: 4 });
    expect(nd.entries.map((e) => e.origin?.line)).toEqual([1, 2, 3, 4]);
    expect((await read('aws-identity-center-user-full.json')).summary).toMatchObject({ format: 'scim-users', accepted: 1 });
  });
});

describe('scim-users: a lone User and a partial ListResponse', () => {
  const read = async (name: string) => {
    const entries: DirectoryEntry[] = [];
    const summary = await readInputFile(fixture(name), { event: () => expect.fail('no events'), directory: (d) => entries.push(d) });
    return { summary, entries };
  };

  it('the minimal User representation of RFC 7643 §8.1, alone in a file, and as NDJSON of such users', async () => {
    const one = await read('rfc7643-minimal-user.json');
    expect(one.summary).toMatchObject({ format: 'scim-users', records: 1, accepted: 1, ignored: 0, rejected: 0 });
    expect(one.entries[0]).toMatchObject({
      id: 'scim:2819c223-7f76-453a-919d-413861904646',
      ids: [{ kind: 'scimId', value: '2819c223-7f76-453a-919d-413861904646' }, { kind: 'upn', value: 'bjensen@example.com' }],
      created: Date.UTC(2010, 0, 23, 4, 56, 22),
    });
    const minimal = json('rfc7643-minimal-user.json');
    const p = join(mkdtempSync(join(tmpdir(), 'sw-scim-')), 'users.ndjson');
    writeFileSync(p, [minimal, { ...(minimal as Rec), id: 'c75ad752-64ae-4823-840d-ffa80929976c', userName: 'jsmith@example.com' }].map((u) => JSON.stringify(u)).join('\n'));
    expect((await readInputFile(p, { event: () => {}, directory: () => {} })).accepted).toBe(2);
  });

  it('a ListResponse asked for attributes=userName (RFC 7644 §3.4.2): resources with only id and userName', async () => {
    const page = await read('rfc7644-listresponse-attributes-username.json');
    expect(page.summary).toMatchObject({ format: 'scim-users', records: 2, accepted: 2, ignored: 0, rejected: 0 });
    expect(page.entries.map((e) => e.ids)).toEqual([
      [{ kind: 'scimId', value: '2819c223-7f76-453a-919d-413861904646' }, { kind: 'upn', value: 'bjensen' }],
      [{ kind: 'scimId', value: 'c75ad752-64ae-4823-840d-ffa80929976c' }, { kind: 'upn', value: 'jsmith' }],
    ]);
    // such minimal records are claimed only outside CSV, and only with nothing but SCIM's core attributes
    expect(scimUsers.sniff({ id: '1', userName: 'a' }, 'csv')).toBe(false);
    expect(scimUsers.sniff({ id: '1', userName: 'a', eventType: 'x' }, 'json-page')).toBe(false);
  });
});
