// Microsoft Graph `GET /auditLogs/signIns` records (signIn resource): a Graph page {"value":[...]}, a plain
// array, or NDJSON of signIn objects. See README.md for the field mapping.
import type { EventFormat } from '../types.ts';
import { parseIsoUtc } from '../timestamps.ts';
import { buildSignin, timeOf, type GraphSignIn } from './normalize.ts';

const SOURCE = 'entra-signin';
const graphField = (path: string): string => path;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export const entraSignin: EventFormat = {
  id: SOURCE,
  title: 'Microsoft Entra ID sign-ins (Microsoft Graph auditLogs/signIns)',
  produces: 'events',
  containers: ['json-page', 'json-array', 'ndjson', 'json-object'],
  example: JSON.stringify({
    id: 'cfb68155-70f5-4e28-b046-0a3a7086c401',
    createdDateTime: '2021-04-28T14:08:45.2213421Z',
    userDisplayName: 'Adele Vance',
    userPrincipalName: 'adelev@m365x816222.onmicrosoft.com',
    userId: '9b117c67-170e-4aed-9702-658b3fddc889',
    appDisplayName: 'Azure Portal',
    ipAddress: '175.45.176.99',
    isInteractive: true,
    status: { errorCode: 0 },
    location: { city: 'Azor', state: 'Tel Aviv', countryOrRegion: 'IL' },
  }),

  sniff(record) {
    if (!isRecord(record) || 'properties' in record) return false;
    return (
      typeof record.createdDateTime === 'string' &&
      ('userPrincipalName' in record || 'userId' in record || 'servicePrincipalId' in record) &&
      ('status' in record || 'ipAddress' in record || 'appDisplayName' in record)
    );
  },

  parse(record, origin) {
    if (!isRecord(record)) return { ok: false, field: '(record)', message: 'not a JSON object' };
    const time = timeOf(record.createdDateTime, 'createdDateTime', parseIsoUtc);
    if (typeof time !== 'number') return time;
    return buildSignin(record as GraphSignIn, { source: SOURCE, origin, time, field: graphField, record });
  },
};
