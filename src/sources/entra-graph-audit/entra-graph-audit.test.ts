import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NormalizedEvent } from '../../core/model.ts';
import { readInputFile } from '../reader.ts';
import { entraGraphAudit } from './format.ts';
import { entraDiagnostic } from '../entra-diagnostic/format.ts';
import { entraSignin } from '../entra-signin/format.ts';
import { findingsFor, runScenario } from '../../../test/testkit.ts';
import { detector as vendorRisk } from '../../detectors/vendor-risk/detector.ts';

type Rec = Record<string, unknown>;
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const json = (name: string): Rec => JSON.parse(readFileSync(fixture(name), 'utf8')) as Rec;
const page = (name: string): Rec[] => json(name).value as Rec[];
const origin = { file: 'graph.json', index: 0 };

const [audit] = page('directoryaudits-page.json');
const [systemAudit] = page('directoryaudits-filtered-page.json');
const [atRisk] = page('riskdetections-tutorial-atrisk.json');
const remediated = json('riskdetection-tutorial-remediated.json');
const [dismissedUser] = page('riskyusers-tutorial-dismissed.json');
const [olivia] = page('riskdetections-list.json');

function parseOk(rec: unknown): NormalizedEvent {
  const out = entraGraphAudit.parse(rec, origin);
  if (out.ok !== true) throw new Error(out.ok === false ? `rejected: ${out.field}: ${out.message}` : `ignored: ${out.reason}`);
  expect(out.items).toHaveLength(1);
  return NormalizedEvent.parse(out.items[0]);
}

/** A risk detection as the Azure Monitor diagnostic export writes it (category UserRiskEvents, the riskDetection in properties). */
const userRiskEvent = (detection: Rec): Rec => ({
  time: detection.detectedDateTime,
  resourceId: '/tenants/00000000-0000-0000-0000-000000000000/providers/Microsoft.aadiam',
  operationName: 'User Risk Detection',
  operationVersion: '1.0',
  category: 'UserRiskEvents',
  properties: detection,
});

describe('entra-graph-audit: directoryAudits', () => {
  it('an audit initiated by a user: audit event of that user, same mapping as the diagnostic export', () => {
    expect(parseOk(audit)).toMatchObject({
      id: 'entra:id',
      source: 'entra-graph-audit',
      kind: 'audit',
      type: 'Add member to group',
      outcome: 'success',
      reason: 'Successfully added member to group',
      time: Date.UTC(2018, 0, 9, 21, 20, 2, 721),
      ip: '127.0.0.1',
      app: 'Core Directory',
      actor: { ids: [{ kind: 'upn', value: 'bob@wingtiptoysonline.com' }, { kind: 'entraId', value: '728309ae-1a37-4937-9afe-e35d964db09b' }], displayName: 'Audry Oliver' },
    });
    const diag = entraDiagnostic.parse({ time: audit.activityDateTime, category: 'AuditLogs', operationName: 'Add member to group', properties: audit }, origin);
    if (diag.ok !== true) throw new Error('diagnostic record must parse');
    expect({ ...diag.items[0], source: '' }).toEqual({ ...parseOk(audit), source: '' });
  });

  it('an audit by a system process (user id all zeros, no UPN) or by an app is ignored, not rejected', () => {
    expect(entraGraphAudit.parse(systemAudit, origin)).toEqual({ ok: 'ignored', reason: 'not about a person: Entra audit initiated by no user or application (a system process)' });
    expect(entraGraphAudit.parse({ ...audit, initiatedBy: { user: null, app: { appId: 'x', displayName: 'Azure AD Cloud Sync' } } }, origin)).toMatchObject({ ok: 'ignored' });
    expect(entraGraphAudit.parse({ ...audit, activityDateTime: 'yesterday' }, origin)).toEqual({ ok: false, field: 'activityDateTime', message: "not a date: 'yesterday'" });
    expect(entraGraphAudit.parse({ ...audit, initiatedBy: 'bob' }, origin)).toEqual({ ok: false, field: 'initiatedBy', message: 'not an object' });
  });
});

describe('entra-graph-audit: Identity Protection', () => {
  it('a risk detection on a sign-in stands for that sign-in, with the verdict, IP, Microsoft\'s place and user agent', () => {
    expect(parseOk(atRisk)).toMatchObject({
      id: 'entra:risk:d52a631815aaa527bf642b196715da5cf0f35b6879204ea5b5c99b21bd4c16f4',
      kind: 'signin',
      type: 'User Risk Detection',
      outcome: 'success',
      time: Date.UTC(2020, 10, 3, 20, 51, 34, 624),
      ip: '178.17.170.23',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; rv:78.0) Gecko/20100101 Firefox/78.0',
      vendorGeo: { country: 'MD', city: 'Chisinau', lat: 47.0269, lon: 28.8416 },
      vendorRisk: { level: 'medium', state: 'atRisk', types: ['anonymizedIPAddress'] },
      actor: { ids: [{ kind: 'upn', value: 'MyTestUser1@contoso.com' }, { kind: 'entraId', value: '4628e7df-dff3-407c-a08f-75f08c0806dc' }] },
    });
    expect(parseOk(remediated).vendorRisk).toEqual({ level: 'medium', state: 'remediated', types: ['anonymizedIPAddress'] });
    // the documentation's example address "123.456.7.89" is no IP: dropped, the event kept
    expect(parseOk(olivia)).toMatchObject({ ip: undefined, vendorGeo: { country: 'US', region: 'Washington', city: 'Seattle' } });
    expect(parseOk({ ...atRisk, activity: 'user' })).toMatchObject({ kind: 'audit', outcome: 'unknown' });
  });

  it('a risky-user state is an audit event of the user carrying level and state', () => {
    expect(parseOk(dismissedUser)).toMatchObject({
      id: 'entra:riskyuser:4628e7df-dff3-407c-a08f-75f08c0806dc:1604440133429',
      kind: 'audit',
      type: 'Risky user',
      reason: 'adminDismissedAllRiskForUser',
      vendorRisk: { level: 'none', state: 'dismissed' },
    });
  });

  it('the diagnostic categories UserRiskEvents and RiskyUsers carry the same resources: same events', () => {
    for (const d of [atRisk, remediated, olivia]) {
      const out = entraDiagnostic.parse(userRiskEvent(d), origin);
      if (out.ok !== true) throw new Error('UserRiskEvents record must parse');
      expect({ ...out.items[0], source: '' }).toEqual({ ...parseOk(d), source: '' });
    }
    const ru = entraDiagnostic.parse({ time: dismissedUser.riskLastUpdatedDateTime, category: 'RiskyUsers', properties: dismissedUser }, origin);
    if (ru.ok !== true) throw new Error('RiskyUsers record must parse');
    expect({ ...ru.items[0], source: '' }).toEqual({ ...parseOk(dismissedUser), source: '' });
    // the envelope time of a risk event may be in the US form; the detection's own ISO time wins
    const us = entraDiagnostic.parse({ ...userRiskEvent(atRisk), time: '11/3/2020 8:53:12 PM' }, origin);
    expect(us.ok === true && us.items[0].time).toBe(Date.UTC(2020, 10, 3, 20, 51, 34, 624));
  });

  it('rejects a detection naming no user, with the field', () => {
    expect(entraGraphAudit.parse({ ...atRisk, userPrincipalName: null, userId: null }, origin)).toEqual({
      ok: false,
      field: 'userPrincipalName',
      message: 'missing (no userPrincipalName or userId)',
    });
  });
});

describe('Identity Protection verdicts reach the vendor-risk detector', () => {
  const upn = 'olack@adatum.com';
  // Olivia Lack's detection (Graph docs, List riskDetections): unfamiliarFeatures, medium, remediated as published.
  // No public UserRiskEvents record rated high and still at risk was found; the high verdict is that record with
  // riskLevel and riskState set as Identity Protection writes them for an open high-risk detection.
  const high = { ...olivia, riskLevel: 'high', riskState: 'atRisk', riskDetail: 'none' };

  it('a UserRiskEvents record with riskLevel high, still at risk, gives a vendor-risk finding', async () => {
    const r = await runScenario({ records: [userRiskEvent(high)], detectors: [vendorRisk] });
    const f = findingsFor(r, upn, 'vendor-risk');
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('medium');
    expect(f[0].explanation).toMatch(/Microsoft Entra ID Protection rated 1 of 1 successful sign-ins \(100%\) high risk/);
    expect(f[0].explanation).toMatch(/unfamiliarFeatures/);
    // the same verdict from the Graph API page
    expect(findingsFor(await runScenario({ records: [high], detectors: [vendorRisk] }), upn, 'vendor-risk')).toHaveLength(1);
  });

  it('none when Identity Protection dismissed or remediated the risk (the published record is remediated)', async () => {
    for (const state of ['dismissed', 'remediated']) {
      const r = await runScenario({ records: [userRiskEvent({ ...high, riskState: state })], detectors: [vendorRisk] });
      expect(findingsFor(r, upn, 'vendor-risk'), state).toEqual([]);
    }
    expect(findingsFor(await runScenario({ records: [userRiskEvent(olivia)], detectors: [vendorRisk] }), upn, 'vendor-risk')).toEqual([]);
  });

  it('a risky-user state alone (no sign-in) gives no finding', async () => {
    const r = await runScenario({ records: [{ ...dismissedUser, riskLevel: 'high', riskState: 'atRisk' }], detectors: [vendorRisk] });
    expect(findingsFor(r, 'MyTestUser1@contoso.com', 'vendor-risk')).toEqual([]);
  });
});

describe('entra-graph-audit: detection and reader', () => {
  it('sniffs the three resources and nothing of the other Entra formats', () => {
    for (const r of [audit, systemAudit, atRisk, remediated, dismissedUser, olivia]) {
      expect(entraGraphAudit.sniff(r, 'json-page')).toBe(true);
      expect(entraSignin.sniff(r, 'json-page')).toBe(false);
      expect(entraDiagnostic.sniff(r, 'json-page')).toBe(false);
    }
    const graph = (JSON.parse(readFileSync(new URL('../entra-signin/fixtures/graph-signins-page.json', import.meta.url), 'utf8')) as { value: Rec[] }).value;
    for (const r of graph) expect(entraGraphAudit.sniff(r, 'json-page')).toBe(false);
    expect(parseOk(JSON.parse(entraGraphAudit.example)).kind).toBe('signin');
  });

  it('counts the system-process audit as ignored through the reader', async () => {
    const s = await readInputFile(fixture('directoryaudits-filtered-page.json'), { event: () => true, directory: () => {} });
    expect(s).toMatchObject({
      format: 'entra-graph-audit',
      records: 1,
      accepted: 0,
      ignored: 1,
      ignoredReasons: { 'not about a person: Entra audit initiated by no user or application (a system process)': 1 },
      rejected: 0,
    });
  });
});
