import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NormalizedEvent } from '../../core/model.ts';
import { readInputFile, type Sink } from '../reader.ts';
import { entraSentinel } from './format.ts';
import { entraSentinelCsv } from '../entra-sentinel-csv/format.ts';
import { entraDiagnostic } from '../entra-diagnostic/format.ts';
import { entraSignin } from '../entra-signin/format.ts';
import { oktaSentinel } from '../okta-sentinel/format.ts';

type Rec = Record<string, unknown>;
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const lines = (name: string): Rec[] => readFileSync(fixture(name), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Rec);
const signins = lines('signinlogs-adele.ndjson');
const audits = lines('auditlogs-goldensaml.ndjson');
const origin = { file: 'rows.ndjson', line: 1 };

function parseOk(rec: unknown): NormalizedEvent {
  const out = entraSentinel.parse(rec, origin);
  if (out.ok !== true) throw new Error(out.ok === false ? `rejected: ${out.field}: ${out.message}` : `ignored: ${out.reason}`);
  expect(out.items).toHaveLength(1);
  return NormalizedEvent.parse(out.items[0]);
}
/** The same row with its dynamic columns as objects (Sentinel's data export writes them so). */
function withObjects(r: Rec): Rec {
  const o: Rec = { ...r };
  for (const k of ['LocationDetails', 'Status', 'DeviceDetail', 'InitiatedBy', 'AdditionalDetails']) if (typeof o[k] === 'string' && o[k] !== '') o[k] = JSON.parse(o[k] as string);
  return o;
}
function dedupe(): Sink & { events: NormalizedEvent[] } {
  const seen = new Set<string>();
  const events: NormalizedEvent[] = [];
  return {
    events,
    event: (e) => {
      if (seen.has(e.id)) return false;
      seen.add(e.id);
      events.push(e);
      return true;
    },
    directory: () => expect.fail('no directory entries'),
  };
}

describe('entra-sentinel: SigninLogs rows', () => {
  it('gives the same events as the CSV export of the same rows and the Graph API record (only source differs)', () => {
    const csvRows = readFileSync(new URL('../entra-sentinel-csv/fixtures/signinlogs-export.csv', import.meta.url), 'utf8');
    expect(csvRows).toContain('cfb68155-70f5-4e28-b046-0a3a7086c401');
    const graph = (JSON.parse(readFileSync(new URL('../entra-signin/fixtures/graph-signins-page.json', import.meta.url), 'utf8')) as { value: Rec[] }).value;
    const [ok, interrupted] = signins.map(parseOk);
    expect(ok).toMatchObject({
      id: 'entra:cfb68155-70f5-4e28-b046-0a3a7086c401',
      source: 'entra-sentinel',
      kind: 'signin',
      outcome: 'success',
      time: Date.UTC(2021, 3, 28, 14, 8, 45, 221),
      ip: '175.45.176.99',
      interactive: true,
      vendorGeo: { country: 'IL', region: 'Tel Aviv', city: 'Azor' },
      actor: { ids: [{ kind: 'upn', value: 'adelev@m365x816222.onmicrosoft.com' }, { kind: 'entraId', value: '9b117c67-170e-4aed-9702-658b3fddc889' }] },
    });
    expect(interrupted).toMatchObject({ id: 'entra:dffdd8fc-a142-4ddd-8ced-0192613f6901', kind: 'audit', outcome: 'failure', reason: expect.stringMatching(/^50058: /) });
    const g = entraSignin.parse(graph[1], origin);
    if (g.ok !== true) throw new Error('graph record must parse');
    expect(ok.id).toBe(g.items[0].id);
    expect(ok.ip).toBe(g.items[0].ip);
    expect(entraSentinelCsv.sniff(signins[0], 'ndjson')).toBe(false);
  });

  it('reads dynamic columns given as objects exactly as when given as JSON text', () => {
    for (const r of signins) expect({ ...parseOk(withObjects(r)) }).toEqual({ ...parseOk(r) });
    for (const r of audits) expect(parseOk(withObjects(r))).toEqual(parseOk(r));
  });

  it('AADNonInteractiveUserSignInLogs rows are sign-ins of people; service-principal and managed-identity tables are ignored', () => {
    // Same columns as SigninLogs (the real row with its table changed; no public non-interactive JSON rows were found)
    expect(parseOk({ ...signins[0], Type: 'AADNonInteractiveUserSignInLogs', IsInteractive: false }).interactive).toBe(false);
    expect(entraSentinel.parse({ ...signins[0], Type: 'AADServicePrincipalSignInLogs' }, origin)).toEqual({ ok: 'ignored', reason: 'not about a person: Entra service-principal sign-in' });
    expect(entraSentinel.parse({ ...signins[0], Type: 'AADManagedIdentitySignInLogs' }, origin)).toEqual({ ok: 'ignored', reason: 'not about a person: Entra managed-identity sign-in' });
    // without a Type column the Category decides
    const { Type: _t, ...noType } = signins[0];
    expect(parseOk(noType).interactive).toBe(true);
    expect(entraSentinel.parse({ ...noType, Category: 'ServicePrincipalSignInLogs' }, origin)).toMatchObject({ ok: 'ignored' });
  });

  it('rejects with the column named', () => {
    expect(entraSentinel.parse({ ...signins[0], CreatedDateTime: 'soon' }, origin)).toEqual({ ok: false, field: 'CreatedDateTime', message: "not a date: 'soon'" });
    expect(entraSentinel.parse({ ...signins[0], Status: '{"errorCode":' }, origin)).toMatchObject({ ok: false, field: 'Status', message: expect.stringMatching(/^not valid JSON/) });
    expect(entraSentinel.parse({ ...signins[0], ResultType: 'zero', Status: '' }, origin)).toEqual({ ok: false, field: 'ResultType', message: 'not a number: "zero"' });
    expect(entraSentinel.parse({ ...signins[0], UserPrincipalName: '', UserId: '' }, origin)).toMatchObject({ ok: false, field: 'UserPrincipalName' });
    expect(entraSentinel.parse({ TimeGenerated: '2021-01-01T00:00:00Z', Type: 'Heartbeat' }, origin)).toEqual({ ok: false, field: 'Type', message: "not an Entra table: 'Heartbeat'" });
    expect(entraSentinel.parse('row', origin)).toMatchObject({ ok: false, field: '(record)' });
  });
});

describe('entra-sentinel: AuditLogs rows (OTRF Golden SAML dataset)', () => {
  it('maps the audit rows to audit events of the initiating user, with the User-Agent', () => {
    const ev = parseOk(audits[0]);
    expect(ev).toMatchObject({
      id: 'entra:Directory_10065ffb-8199-48bc-8ff5-912cb5b8295a_AUMVX_13992832',
      kind: 'audit',
      type: 'Update application – Certificates and secrets management ',
      outcome: 'success',
      time: Date.UTC(2021, 7, 2, 13, 29, 25, 983),
      app: 'Core Directory',
      userAgent: 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.17763.1971',
      actor: { ids: [{ kind: 'upn', value: 'pgustavo@simulandlabs.com' }, { kind: 'entraId', value: 'aead923d-498b-4f64-a66c-2af91447a8b6' }] },
    });
    const appRow = { ...audits[0], InitiatedBy: '{"app":{"appId":null,"displayName":"Microsoft Azure AD Internal - Jit Provisioning","servicePrincipalId":"x"}}' };
    expect(entraSentinel.parse(appRow, origin)).toEqual({ ok: 'ignored', reason: 'not about a person: Entra audit initiated by an application or service principal' });
  });

  it('through the reader: 4 rows, 3 accepted, 1 repeating the Id of the row before (the dataset expanded one audit into two rows)', async () => {
    const s = await readInputFile(fixture('auditlogs-goldensaml.ndjson'), dedupe());
    expect(s).toMatchObject({ format: 'entra-sentinel', records: 4, accepted: 3, ignored: 1, ignoredReasons: { 'duplicate event id': 1 }, rejected: 0 });
    expect(audits[0].Id).toBe(audits[1].Id);
  });
});

describe('entra-sentinel: detection', () => {
  it('claims Log Analytics rows of the Entra tables only', () => {
    for (const r of [...signins, ...audits]) expect(entraSentinel.sniff(r, 'ndjson')).toBe(true);
    expect(entraSentinel.sniff(signins[0], 'csv')).toBe(false);
    const diag = (JSON.parse(readFileSync(new URL('../entra-diagnostic/fixtures/azure-monitor-records.json', import.meta.url), 'utf8')) as { records: Rec[] }).records;
    for (const r of diag) expect(entraSentinel.sniff(r, 'json-page')).toBe(false);
    const okta = JSON.parse(readFileSync(new URL('../okta-sentinel/fixtures/okta_cl-sample.json', import.meta.url), 'utf8')) as Rec[];
    for (const r of okta) expect(entraSentinel.sniff(r, 'json-array')).toBe(false);
    for (const r of [...signins, ...audits]) {
      expect(entraDiagnostic.sniff(r, 'ndjson')).toBe(false);
      expect(oktaSentinel.sniff(r, 'ndjson')).toBe(false);
    }
    expect(parseOk(JSON.parse(entraSentinel.example))).toMatchObject({ kind: 'signin', ip: '175.45.176.99' });
  });
});
