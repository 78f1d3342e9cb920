// Microsoft Sentinel / Log Analytics CSV export of the SigninLogs table (and AADNonInteractiveUserSignInLogs):
// one row per sign-in, 'CreatedDateTime [UTC]' in the portal's en-US form ("4/28/2021, 2:08:45.221 PM"), nested
// objects as JSON text in *_dynamic columns. Columns are mapped onto the Graph signIn names and go through the
// shared Entra normaliser, so a sign-in has the same id as from the Graph API or the diagnostic export.
import type { EventFormat } from '../types.ts';
import { parseUsOrIsoUtc } from '../timestamps.ts';
import { buildSignin, timeOf, type FallbackResult, type GraphSignIn } from '../entra-signin/normalize.ts';
import { columnOf, fieldOf, isFail, resultTypeOf, SIGNIN_COLUMNS, toGraph } from './columns.ts';

const SOURCE = 'entra-sentinel-csv';
type Row = Record<string, string | undefined>;

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
    const g = toGraph(record, SIGNIN_COLUMNS);
    if (isFail(g)) return g;
    const timeCol = columnOf(record, 'createdDateTime', SIGNIN_COLUMNS);
    const time = timeOf(record[timeCol], timeCol, parseUsOrIsoUtc);
    if (typeof time !== 'number') return time;
    const rt = resultTypeOf(record);
    if (typeof rt === 'object') return rt;
    const result: FallbackResult | undefined = rt === undefined ? undefined : { code: rt, success: rt === 0, reason: record.ResultDescription || undefined };
    const cat = record.Category;
    return buildSignin(g as GraphSignIn, {
      source: SOURCE,
      origin,
      time,
      field: fieldOf(record, SIGNIN_COLUMNS),
      record,
      result,
      interactive: cat === 'SignInLogs' ? true : cat === 'NonInteractiveUserSignInLogs' ? false : undefined,
      country: record.Location || undefined,
      principal: cat === 'ServicePrincipalSignInLogs' ? 'servicePrincipal' : cat === 'ManagedIdentitySignInLogs' ? 'managedIdentity' : undefined,
    });
  },
};
