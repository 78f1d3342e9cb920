// Microsoft Sentinel / Log Analytics CSV export of the SigninLogs table (and AADNonInteractiveUserSignInLogs):
// one row per sign-in, 'CreatedDateTime [UTC]' in the portal's en-US form ("4/28/2021, 2:08:45.221 PM"), nested
// objects as JSON text in *_dynamic columns. Columns are mapped onto the Graph signIn names and go through the
// shared Entra normaliser, so a sign-in has the same id as from the Graph API or the diagnostic export.
import type { EventFormat } from '../types.ts';
import { parseUsOrIsoUtc } from '../timestamps.ts';
import { buildSignin, timeOf, type FallbackResult, type GraphSignIn } from '../entra-signin/normalize.ts';

const SOURCE = 'entra-sentinel-csv';
type Row = Record<string, string | undefined>;

/** Graph property → CSV column (first present wins). Exports name the JSON columns *_dynamic or plain. */
const COLUMNS: Record<string, string[]> = {
  id: ['Id'],
  createdDateTime: ['CreatedDateTime [UTC]', 'CreatedDateTime', 'TimeGenerated [UTC]', 'TimeGenerated'],
  userPrincipalName: ['UserPrincipalName'],
  userId: ['UserId'],
  userDisplayName: ['UserDisplayName'],
  ipAddress: ['IPAddress'],
  location: ['LocationDetails_dynamic', 'LocationDetails', 'LocationDetails_string'],
  status: ['Status_dynamic', 'Status', 'Status_string'],
  deviceDetail: ['DeviceDetail_dynamic', 'DeviceDetail', 'DeviceDetail_string'],
  appDisplayName: ['AppDisplayName'],
  appId: ['AppId'],
  isInteractive: ['IsInteractive'],
  riskLevelDuringSignIn: ['RiskLevelDuringSignIn'],
  riskLevelAggregated: ['RiskLevelAggregated'],
  riskState: ['RiskState'],
  riskEventTypes: ['RiskEventTypes'],
  riskEventTypes_v2: ['RiskEventTypes_V2'],
  userAgent: ['UserAgent'],
  servicePrincipalId: ['ServicePrincipalId'],
  servicePrincipalName: ['ServicePrincipalName'],
};
const JSON_PROPS = new Set(['location', 'status', 'deviceDetail', 'riskEventTypes', 'riskEventTypes_v2']);

/** Column holding a Graph property in this row (the first candidate with a non-empty cell, else the first present). */
function columnOf(row: Row, prop: string): string {
  const cands = COLUMNS[prop];
  if (!cands) return prop;
  let present: string | undefined;
  for (const c of cands) {
    const v = row[c];
    if (v !== undefined && v !== '') return c;
    if (v !== undefined && present === undefined) present = c;
  }
  return present ?? cands[0];
}

const isRow = (v: unknown): v is Row => v !== null && typeof v === 'object' && !Array.isArray(v);

export const entraSentinelCsv: EventFormat = {
  id: SOURCE,
  title: 'Microsoft Entra ID sign-ins exported from Microsoft Sentinel / Log Analytics as CSV (SigninLogs)',
  produces: 'events',
  containers: ['csv'],
  example:
    'TenantId,...,OperationName,...,Category,ResultType,...,CreatedDateTime [UTC],DeviceDetail_dynamic,...,Id,IPAddress,...,LocationDetails_dynamic,...,Status_dynamic,...,UserPrincipalName,...\n' +
    '7c759f10-…,...,Sign-in activity,...,SignInLogs,0,...,"4/28/2021, 2:08:45.221 PM","{""operatingSystem"":""Windows 10"",""browser"":""Edge 90.0.818""}",...,cfb68155-…,175.45.176.99,...,"{""countryOrRegion"":""IL"",""state"":""Tel Aviv"",""city"":""Azor""}",...,"{""errorCode"":0}",...,adelev@m365x816222.onmicrosoft.com,...',

  sniff(record, container) {
    if (container !== 'csv' || !isRow(record)) return false;
    return (
      'UserPrincipalName' in record &&
      'ResultType' in record &&
      ('CreatedDateTime [UTC]' in record || 'TimeGenerated [UTC]' in record || 'CreatedDateTime' in record)
    );
  },

  parse(record, origin) {
    if (!isRow(record)) return { ok: false, field: '(record)', message: 'not a CSV row' };
    const g: Record<string, unknown> = {};
    for (const prop in COLUMNS) {
      const col = columnOf(record, prop);
      const cell = record[col];
      if (cell === undefined || cell === '') continue;
      if (JSON_PROPS.has(prop)) {
        try {
          g[prop] = JSON.parse(cell);
        } catch (e) {
          return { ok: false, field: col, message: `not valid JSON: ${(e as Error).message}` };
        }
      } else if (prop === 'isInteractive') {
        const b = cell.toLowerCase();
        if (b !== 'true' && b !== 'false') return { ok: false, field: col, message: `not a boolean: '${cell}'` };
        g[prop] = b === 'true';
      } else g[prop] = cell;
    }
    const timeCol = columnOf(record, 'createdDateTime');
    const time = timeOf(record[timeCol], timeCol, parseUsOrIsoUtc);
    if (typeof time !== 'number') return time;
    const rt = record.ResultType;
    let result: FallbackResult | undefined;
    if (rt !== undefined && rt !== '') {
      const n = Number(rt);
      if (!Number.isFinite(n)) return { ok: false, field: 'ResultType', message: `not a number: '${rt}'` };
      result = { code: n, success: n === 0, reason: record.ResultDescription || undefined };
    }
    const cat = record.Category;
    return buildSignin(g as GraphSignIn, {
      source: SOURCE,
      origin,
      time,
      field: (path) => {
        const dot = path.indexOf('.');
        const head = dot === -1 ? path : path.slice(0, dot);
        return columnOf(record, head) + (dot === -1 ? '' : path.slice(dot));
      },
      record,
      result,
      interactive: cat === 'SignInLogs' ? true : cat === 'NonInteractiveUserSignInLogs' ? false : undefined,
      country: record.Location || undefined,
    });
  },
};
