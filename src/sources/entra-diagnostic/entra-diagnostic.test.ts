import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedEvent } from '../../core/model.ts';
import { entraDiagnostic } from './format.ts';
import { entraSignin } from '../entra-signin/format.ts';

const fixture = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
const records = (JSON.parse(fixture('./fixtures/azure-monitor-records.json')) as { records: Record<string, unknown>[] }).records;
const ndjson = fixture('./fixtures/signinlogs.ndjson').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const graph = (JSON.parse(fixture('../entra-signin/fixtures/graph-signins-page.json')) as { value: unknown[] }).value;
const origin = { file: 'azure-monitor-records.json', index: 0 };

function parseOk(rec: unknown): NormalizedEvent {
  const out = entraDiagnostic.parse(rec, origin);
  if (out.ok !== true) throw new Error(out.ok === false ? `rejected: ${out.field}: ${out.message}` : `ignored: ${out.reason}`);
  expect(out.items).toHaveLength(1);
  return NormalizedEvent.parse(out.items[0]);
}

describe('entra-diagnostic format', () => {
  it('sniffs every diagnostic record, camelCase or lower-case envelope, and not Graph records', () => {
    for (const r of [...records, ...ndjson]) expect(entraDiagnostic.sniff(r, 'ndjson')).toBe(true);
    for (const r of graph) expect(entraDiagnostic.sniff(r, 'json-page')).toBe(false);
  });

  it('gives the same event as the Graph API record of the same sign-in (only source differs)', () => {
    for (let i = 0; i < 2; i++) {
      const fromDiag = parseOk(records[i]);
      const out = entraSignin.parse(graph[i + 1], origin);
      expect(out.ok).toBe(true);
      if (out.ok !== true) continue;
      expect({ ...fromDiag, source: 'x' }).toEqual({ ...out.items[0], source: 'x' });
    }
  });

  it('maps a Panther high-risk sign-in with no id: envelope fallbacks, risk, geo', () => {
    const ev = parseOk(records[2]);
    expect(ev).toMatchObject({
      kind: 'signin',
      outcome: 'success',
      time: Date.UTC(2025, 0, 15, 14, 23, 10, 123),
      ip: '4.4.4.4',
      actor: { ids: [{ kind: 'upn', value: 'john@justice.org' }, { kind: 'entraId', value: 'user123-456-789' }] },
      vendorGeo: { country: 'RU', city: 'Moscow', region: 'Moscow', lat: 55.7558, lon: 37.6173 },
      vendorRisk: { level: 'high', state: 'atRisk', types: ['unfamiliarFeatures', 'anonymizedIPAddress'] },
    });
    expect(ev.id).toMatch(/^entra:h[0-9a-f]{16}$/);
  });

  it('reads interactivity from the category and the result from resultType when properties lack them', () => {
    const base = ndjson.find((r) => (r.properties as { appDisplayName?: string }).appDisplayName === 'Microsoft Authentication Broker')!;
    const ev = parseOk(base);
    expect(ev).toMatchObject({ kind: 'signin', outcome: 'success', interactive: true, deviceId: 'device-attacker-456', time: Date.UTC(2025, 0, 15, 9, 30, 45, 123) });
    const nonInteractive = { ...base, category: 'NonInteractiveUserSignInLogs', properties: { ...(base.properties as object), isInteractive: undefined } };
    expect(parseOk(nonInteractive).interactive).toBe(false);
    const failed = { ...base, resultType: '50053', resultDescription: 'Account is locked' };
    expect(parseOk(failed)).toMatchObject({ kind: 'audit', outcome: 'failure', reason: '50053: Account is locked' });
    const lockout = ndjson.find((r) => (r.properties as { status?: { errorCode?: number } }).status?.errorCode === 50053)!;
    expect(parseOk(lockout)).toMatchObject({ kind: 'audit', outcome: 'failure', reason: expect.stringMatching(/^50053: The account is locked/) });
  });

  it('maps an audit-log record (MFA policy change) to an audit event', () => {
    const ev = parseOk(records[4]);
    expect(ev).toMatchObject({
      id: 'entra:IPCGraph_123456789',
      kind: 'audit',
      type: 'Update conditional access policy',
      outcome: 'success',
      time: Date.UTC(2024, 10, 27, 3, 31, 26, 708),
      ip: '1.2.3.4',
      app: 'Conditional Access',
      actor: { ids: [{ kind: 'upn', value: 'denethor@lotr.com' }, { kind: 'entraId', value: '123456789b' }] },
    });
  });

  it('ignores service-principal sign-ins, app-initiated audits and unused Entra categories; rejects unknown categories, bad times', () => {
    expect(entraDiagnostic.parse(records[5], origin)).toEqual({ ok: 'ignored', reason: 'not about a person: Entra service-principal sign-in' });
    const appAudit = { ...records[4], properties: { ...(records[4].properties as object), initiatedBy: { app: { displayName: 'Azure AD Cloud Sync' } } } };
    expect(entraDiagnostic.parse(appAudit, origin)).toEqual({ ok: 'ignored', reason: 'not about a person: Entra audit initiated by an application or service principal' });
    expect(entraDiagnostic.parse({ ...records[0], category: 'ProvisioningLogs', properties: { id: 'x' } }, origin)).toEqual({ ok: 'ignored', reason: 'not used: Entra ProvisioningLogs' });
    expect(entraDiagnostic.parse({ ...records[0], category: 'constructor', properties: { id: 'x' } }, origin)).toMatchObject({ ok: false, field: 'category' });
    expect(entraDiagnostic.parse({ ...records[4], properties: { ...(records[4].properties as object), initiatedBy: undefined } }, origin)).toEqual({ ok: false, field: 'properties.initiatedBy', message: 'missing' });
    expect(entraDiagnostic.parse({ ...records[0], properties: { ...(records[0].properties as object), createdDateTime: 'foo' } }, origin)).toEqual({
      ok: false,
      field: 'properties.createdDateTime',
      message: "not a date: 'foo'",
    });
    const broker = ndjson.find((r) => (r.properties as { appDisplayName?: string }).appDisplayName === 'Microsoft Authentication Broker')!;
    expect(entraDiagnostic.parse({ ...broker, time: undefined }, origin)).toEqual({ ok: false, field: 'time', message: 'missing' });
    expect(entraDiagnostic.parse({ ...records[0], properties: 'x' }, origin)).toEqual({ ok: false, field: 'properties', message: 'not an object' });
  });
});

describe('entra-diagnostic: MicrosoftGraphActivityLogs', () => {
  // No public Graph activity record under a licence we can copy was found: this record is built from the field
  // names of Microsoft Learn's MicrosoftGraphActivityLogs reference (properties of the diagnostic export).
  const call = {
    time: '2024-03-07T10:24:44.7930000Z',
    resourceId: '/TENANTS/00000000-0000-0000-0000-000000000000/PROVIDERS/MICROSOFT.AADIAM',
    operationName: 'Microsoft Graph Activity',
    operationVersion: 'v1.0',
    category: 'MicrosoftGraphActivityLogs',
    resultSignature: '200',
    callerIpAddress: '203.0.113.7',
    properties: {
      timeGenerated: '2024-03-07T10:24:44.7930000Z',
      requestId: 'f7839da0-e7d1-4e4f-985a-64937fb0e347',
      requestMethod: 'GET',
      responseStatusCode: 200,
      requestUri: 'https://graph.microsoft.com/v1.0/me/messages',
      userId: '4628e7df-dff3-407c-a08f-75f08c0806dc',
      appId: 'de8bc8b5-d9f9-48b1-a8ad-b748da725064',
      ipAddress: '[2001:db8::7]:50123',
      userAgent: 'Mozilla/5.0',
    },
  };

  it('a delegated call is an audit event of its user; an app-only call is ignored', () => {
    expect(parseOk(call)).toMatchObject({
      id: 'entra:graph:f7839da0-e7d1-4e4f-985a-64937fb0e347',
      kind: 'audit',
      type: 'Microsoft Graph GET',
      outcome: 'success',
      ip: '2001:db8::7',
      actor: { ids: [{ kind: 'entraId', value: '4628e7df-dff3-407c-a08f-75f08c0806dc' }] },
    });
    expect(parseOk({ ...call, properties: { ...call.properties, responseStatusCode: 403 } })).toMatchObject({ outcome: 'failure', reason: 'HTTP 403' });
    const { userId: _u, ...appOnly } = call.properties;
    expect(entraDiagnostic.parse({ ...call, properties: { ...appOnly, servicePrincipalId: 'x' } }, origin)).toEqual({ ok: 'ignored', reason: 'not about a person: Microsoft Graph call by an application' });
    expect(entraDiagnostic.sniff(call, 'ndjson')).toBe(true);
  });
});
