// Microsoft Graph audit and Identity Protection pages: `GET /auditLogs/directoryAudits` (directoryAudit),
// `GET /identityProtection/riskDetections` (riskDetection) and `GET /identityProtection/riskyUsers` (riskyUser) —
// a Graph page {"value":[...]}, a plain array, NDJSON or a single resource. Each resource goes through the shared
// Entra mapping (../entra-signin/audit.ts, risk.ts), the same one the diagnostic export and Sentinel rows use.
import type { EventFormat } from '../types.ts';
import { parseIsoUtc } from '../timestamps.ts';
import { timeOf } from '../entra-signin/normalize.ts';
import { buildAudit } from '../entra-signin/audit.ts';
import { buildRiskDetection, buildRiskyUser } from '../entra-signin/risk.ts';

const SOURCE = 'entra-graph-audit';
type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const graphField = (path: string): string => path;

type Resource = 'directoryAudit' | 'riskDetection' | 'riskyUser';

/** Which Graph resource a record is, by its properties (an @odata.type, when present, agrees). */
function resourceOf(r: Rec): Resource | undefined {
  if ('initiatedBy' in r && 'activityDateTime' in r) return 'directoryAudit';
  if ('riskEventType' in r && ('userPrincipalName' in r || 'userId' in r)) return 'riskDetection';
  if ('riskLastUpdatedDateTime' in r && 'riskState' in r) return 'riskyUser';
  return undefined;
}

export const entraGraphAudit: EventFormat = {
  id: SOURCE,
  title: 'Microsoft Graph audit logs and Identity Protection (auditLogs/directoryAudits, identityProtection/riskDetections, riskyUsers)',
  produces: 'events',
  containers: ['json-page', 'json-array', 'ndjson', 'json-object'],
  example: JSON.stringify({
    id: 'd52a631815aaa527bf642b196715da5cf0f35b6879204ea5b5c99b21bd4c16f4',
    requestId: '06f7fd18-b8f1-407d-86a3-f6cbe3a4be00',
    riskEventType: 'anonymizedIPAddress',
    riskState: 'atRisk',
    riskLevel: 'medium',
    activity: 'signin',
    ipAddress: '178.17.170.23',
    activityDateTime: '2020-11-03T20:51:34.6245276Z',
    userId: '4628e7df-dff3-407c-a08f-75f08c0806dc',
    userPrincipalName: 'MyTestUser1@contoso.com',
    location: { city: 'Chisinau', state: 'Chisinau', countryOrRegion: 'MD' },
  }),

  sniff(record) {
    if (!isRecord(record) || 'properties' in record || 'createdDateTime' in record) return false;
    return resourceOf(record) !== undefined;
  },

  parse(record, origin) {
    if (!isRecord(record)) return { ok: false, field: '(record)', message: 'not a JSON object' };
    const res = resourceOf(record);
    const ctx = (time: number) => ({ source: SOURCE, origin, time, field: graphField, record });
    if (res === 'directoryAudit') {
      const time = timeOf(record.activityDateTime, 'activityDateTime', parseIsoUtc);
      return typeof time === 'number' ? buildAudit(record, ctx(time)) : time;
    }
    if (res === 'riskDetection') {
      const own = record.activityDateTime !== undefined && record.activityDateTime !== null ? 'activityDateTime' : 'detectedDateTime';
      const time = timeOf(record[own], own, parseIsoUtc);
      return typeof time === 'number' ? buildRiskDetection(record, ctx(time)) : time;
    }
    if (res === 'riskyUser') {
      const time = timeOf(record.riskLastUpdatedDateTime, 'riskLastUpdatedDateTime', parseIsoUtc);
      return typeof time === 'number' ? buildRiskyUser(record, ctx(time)) : time;
    }
    return { ok: false, field: '(record)', message: 'not a directoryAudit, riskDetection or riskyUser (no initiatedBy, riskEventType or riskLastUpdatedDateTime)' };
  },
};
