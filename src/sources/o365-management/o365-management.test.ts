import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NormalizedEvent } from '../../core/model.ts';
import { formats } from '../index.ts';
import { readInputFile, type Sink } from '../reader.ts';
import { o365Management } from './format.ts';

type Rec = Record<string, unknown>;
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const docs = JSON.parse(readFileSync(fixture('management-api-content-blob.json'), 'utf8')) as Rec[];
const panther = readFileSync(fixture('panther-microsoft365.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Rec);
const [officeActivity] = readFileSync(fixture('officeactivity-goldensaml.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Rec);
const [loginFailed, loggedIn, mfaAdd, mfaRemove, inboxRule] = panther;
const origin = { file: 'o365.json', index: 0 };

function parseOk(rec: unknown): NormalizedEvent {
  const out = o365Management.parse(rec, origin);
  if (out.ok !== true) throw new Error(out.ok === false ? `rejected: ${out.field}: ${out.message}` : `ignored: ${out.reason}`);
  return NormalizedEvent.parse(out.items[0]);
}
function dedupe(): Sink {
  const seen = new Set<string>();
  return {
    event: (e) => {
      if (seen.has(e.id)) return false;
      seen.add(e.id);
      return true;
    },
    directory: () => expect.fail('no directory entries'),
  };
}

describe('o365-management: Azure AD sign-ins', () => {
  it('the documented content blob: a failed and a successful password logon, then an admin action', () => {
    const [failed, ok, addUser] = docs.map(parseOk);
    expect(failed).toMatchObject({
      id: 'o365:80c76bd2-9d81-4c57-a97a-accfc3443dca',
      source: 'o365-management',
      kind: 'audit',
      type: 'PasswordLogonInitialAuthUsingPassword',
      outcome: 'failure',
      reason: '-2147217390;PP_E_BAD_PASSWORD;The entered and stored passwords do not match.',
      time: Date.UTC(2015, 5, 29, 20, 3, 19),
      ip: '134.170.188.221',
      actor: { ids: [{ kind: 'upn', value: 'admin@contoso.onmicrosoft.com' }] },
    });
    expect(ok).toMatchObject({ kind: 'signin', outcome: 'success', time: Date.UTC(2015, 5, 29, 20, 3, 34) });
    expect(addUser).toMatchObject({ kind: 'audit', type: 'Add User.', outcome: 'success', app: 'AzureActiveDirectory' });
  });

  it('UserLoginFailed is a failure whatever its ResultStatus; UserLoggedIn a sign-in; the user agent comes from ExtendedProperties', () => {
    expect(loginFailed.ResultStatus).toBe('Success');
    expect(parseOk(loginFailed)).toMatchObject({ kind: 'audit', outcome: 'failure', reason: 'InvalidUserNameOrPassword', app: '123-abc-sfa-321', userAgent: expect.stringMatching(/^Mozilla\/5\.0 \(Macintosh/) });
    expect(parseOk(loggedIn)).toMatchObject({ kind: 'signin', outcome: 'success', ip: '1.2.3.4', time: Date.UTC(2022, 11, 12, 15, 57, 57) });
  });

  it('ClientIP with a port, in brackets, IPv6 or IPv4-mapped: one normalised address', () => {
    expect(inboxRule.clientip).toBe('1.2.3.4:10736'); // Panther's lower-case keys, the port as Exchange writes it
    expect(parseOk(inboxRule)).toMatchObject({ ip: '1.2.3.4', type: 'New-InboxRule', app: 'Exchange', time: Date.UTC(2025, 6, 7, 9, 11, 11) });
    for (const [raw, ip] of [
      ['1.2.3.4:50000', '1.2.3.4'],
      ['[2001:db8::1]:443', '2001:db8::1'],
      ['2001:DB8::1', '2001:db8::1'],
      ['::ffff:134.170.188.221', '134.170.188.221'],
      ['not an address', undefined],
    ] as const) expect(parseOk({ ...docs[1], ClientIP: raw }).ip, raw).toBe(ip);
  });
});

describe('o365-management: not about a person, malformed', () => {
  it('system, application and service-principal actors are ignored with the reason', () => {
    expect(mfaAdd.UserType).toBe(4);
    expect(o365Management.parse(mfaAdd, origin)).toEqual({ ok: 'ignored', reason: 'not about a person: Office 365 system account (UserType System)' });
    expect(o365Management.parse({ ...docs[2], UserType: 6 }, origin)).toEqual({ ok: 'ignored', reason: 'not about a person: Office 365 service principal (UserType ServicePrincipal)' });
    expect(o365Management.parse({ ...docs[2], UserId: 'ServicePrincipal_aa-bb-ccc', UserType: 0 }, origin)).toMatchObject({ ok: 'ignored' });
    expect(o365Management.parse({ ...docs[2], UserId: 'NT AUTHORITY\\SYSTEM (w3wp)', UserType: 0 }, origin)).toMatchObject({ ok: 'ignored' });
  });

  it('rejects a record without id, operation or time, naming the field', () => {
    expect(o365Management.parse({ ...docs[0], Id: undefined, Operation: undefined }, origin)).toEqual({ ok: false, field: 'Id', message: 'missing (also missing: Operation)' });
    expect(o365Management.parse({ ...docs[0], CreationTime: 'June' }, origin)).toEqual({ ok: false, field: 'CreationTime', message: 'not a date: "June"' });
    expect(o365Management.parse({ ...docs[0], UserId: undefined }, origin)).toEqual({ ok: false, field: 'UserId', message: 'missing' });
  });
});

describe('o365-management: Sentinel OfficeActivity rows', () => {
  it('reads the table row of an Exchange MailItemsAccessed (OTRF Golden SAML dataset)', () => {
    expect(parseOk(officeActivity)).toMatchObject({
      id: 'o365:699e0b10-1c53-403e-976f-ce0847a92b44',
      kind: 'audit',
      type: 'MailItemsAccessed',
      outcome: 'success',
      ip: '1.2.3.4',
      app: 'Exchange',
      time: Date.UTC(2021, 7, 2, 13, 32, 7),
      actor: { ids: [{ kind: 'upn', value: 'pgustavo@simulandlabs.com' }] },
    });
  });
});

describe('o365-management through the reader', () => {
  it('Panther\'s five records: 2 accepted, the 2 MFA changes by a system account ignored, 1 repeating an Id', async () => {
    const s = await readInputFile(fixture('panther-microsoft365.ndjson'), dedupe());
    expect(s).toMatchObject({
      format: 'o365-management',
      records: 5,
      accepted: 2,
      ignored: 3,
      ignoredReasons: { 'not about a person: Office 365 system account (UserType System)': 2, 'duplicate event id': 1 },
      rejected: 0,
    });
    expect(loggedIn.Id).toBe(loginFailed.Id); // the rule tests reuse one Id for two records
    expect(mfaRemove.Id).toBe(mfaAdd.Id);
  });

  it('only this format claims the records', () => {
    for (const r of [...docs, ...panther, officeActivity]) expect(formats.filter((f) => f.sniff(r, 'ndjson')).map((f) => f.id)).toEqual(['o365-management']);
    expect(parseOk(JSON.parse(o365Management.example))).toMatchObject({ kind: 'signin', ip: '2001:db8::1' });
  });
});
