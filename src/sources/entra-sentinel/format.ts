// Microsoft Sentinel / Log Analytics query results of the Entra tables as JSON or NDJSON: one flat row per record,
// the table's own column names (`TimeGenerated`, `UserPrincipalName`, `IPAddress`, `LocationDetails`, `Status`,
// `ResultType`, `InitiatedBy`...), dynamic columns as objects or as JSON text, numbers and booleans as values or text.
// Tables: SigninLogs, AADNonInteractiveUserSignInLogs (sign-ins of people), AADServicePrincipalSignInLogs and
// AADManagedIdentitySignInLogs (valid, about no person: ignored), AuditLogs, AADUserRiskEvents, AADRiskyUsers.
// Columns are mapped onto Graph property names with the CSV export's column map (../entra-sentinel-csv/columns.ts)
// and go through the shared Entra mappings (../entra-signin/), so ids match the Graph API and diagnostic records.
import type { NormalizedEvent, Origin } from '../../core/model.ts';
import type { EventFormat, ParseOutcome } from '../types.ts';
import { parseUsOrIsoUtc } from '../timestamps.ts';
import { buildSignin, timeOf, type FallbackResult, type GraphSignIn } from '../entra-signin/normalize.ts';
import { buildAudit } from '../entra-signin/audit.ts';
import { buildRiskDetection, buildRiskyUser } from '../entra-signin/risk.ts';
import {
  AUDIT_COLUMNS,
  columnOf,
  fieldOf,
  isFail,
  resultTypeOf,
  RISK_COLUMNS,
  RISKY_USER_COLUMNS,
  SIGNIN_COLUMNS,
  toGraph,
  type ColumnMap,
  type Fail,
} from '../entra-sentinel-csv/columns.ts';

const SOURCE = 'entra-sentinel';
type Rec = Record<string, unknown>;
type Table = 'signin' | 'audit' | 'risk' | 'riskyUser';

const isRecord = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Log Analytics table (the `Type` column) → what its rows are. */
const TABLES: Record<string, { table: Table; interactive?: boolean; principal?: 'servicePrincipal' | 'managedIdentity' }> = {
  SigninLogs: { table: 'signin', interactive: true },
  AADNonInteractiveUserSignInLogs: { table: 'signin', interactive: false },
  AADServicePrincipalSignInLogs: { table: 'signin', principal: 'servicePrincipal' },
  AADManagedIdentitySignInLogs: { table: 'signin', principal: 'managedIdentity' },
  AuditLogs: { table: 'audit' },
  AADUserRiskEvents: { table: 'risk' },
  AADRiskyUsers: { table: 'riskyUser' },
};
/** The sign-in `Category` column, for rows whose `Type` was projected away. */
const SIGNIN_CATEGORY: Record<string, { interactive?: boolean; principal?: 'servicePrincipal' | 'managedIdentity' }> = {
  SignInLogs: { interactive: true },
  NonInteractiveUserSignInLogs: { interactive: false },
  ServicePrincipalSignInLogs: { principal: 'servicePrincipal' },
  ManagedIdentitySignInLogs: { principal: 'managedIdentity' },
};

/** What a row is: by `Type`, else by `Category`, else by the columns it has. */
function kindOf(r: Rec): { table: Table; interactive?: boolean; principal?: 'servicePrincipal' | 'managedIdentity' } | undefined {
  const type = r.Type;
  if (typeof type === 'string' && Object.hasOwn(TABLES, type)) return TABLES[type];
  const cat = r.Category;
  if (typeof cat === 'string' && Object.hasOwn(SIGNIN_CATEGORY, cat)) return { table: 'signin', ...SIGNIN_CATEGORY[cat] };
  if ('InitiatedBy' in r && ('ActivityDateTime' in r || 'ActivityDisplayName' in r)) return { table: 'audit' };
  if ('RiskEventType' in r && 'UserPrincipalName' in r) return { table: 'risk' };
  if ('RiskLastUpdatedDateTime' in r && 'UserPrincipalName' in r) return { table: 'riskyUser' };
  if ('UserPrincipalName' in r && 'ResultType' in r && ('CreatedDateTime' in r || 'IPAddress' in r)) return { table: 'signin' };
  return undefined;
}

function timeFor(r: Rec, prop: string, columns: ColumnMap): number | Fail {
  const col = columnOf(r, prop, columns);
  return timeOf(r[col], col, parseUsOrIsoUtc);
}

function signin(r: Rec, origin: Origin, interactive: boolean | undefined, principal: 'servicePrincipal' | 'managedIdentity' | undefined): ParseOutcome<NormalizedEvent> {
  const g = toGraph(r, SIGNIN_COLUMNS);
  if (isFail(g)) return g;
  const time = timeFor(r, 'createdDateTime', SIGNIN_COLUMNS);
  if (typeof time !== 'number') return time;
  const rt = resultTypeOf(r);
  if (typeof rt === 'object') return rt;
  const result: FallbackResult | undefined = rt === undefined ? undefined : { code: rt, success: rt === 0, reason: str(r.ResultDescription) };
  return buildSignin(g as GraphSignIn, {
    source: SOURCE,
    origin,
    time,
    field: fieldOf(r, SIGNIN_COLUMNS),
    record: r,
    result,
    interactive,
    country: str(r.Location),
    principal,
  });
}

function audit(r: Rec, origin: Origin): ParseOutcome<NormalizedEvent> {
  const g = toGraph(r, AUDIT_COLUMNS);
  if (isFail(g)) return g;
  const time = timeFor(r, 'activityDateTime', AUDIT_COLUMNS);
  if (typeof time !== 'number') return time;
  return buildAudit(g, { source: SOURCE, origin, time, field: fieldOf(r, AUDIT_COLUMNS), record: r });
}

function risk(r: Rec, origin: Origin, users: boolean): ParseOutcome<NormalizedEvent> {
  const columns = users ? RISKY_USER_COLUMNS : RISK_COLUMNS;
  const g = toGraph(r, columns);
  if (isFail(g)) return g;
  const time = timeFor(r, users ? 'riskLastUpdatedDateTime' : 'activityDateTime', columns);
  if (typeof time !== 'number') return time;
  const ctx = { source: SOURCE, origin, time, field: fieldOf(r, columns), record: r };
  return users ? buildRiskyUser(g, ctx) : buildRiskDetection(g, ctx);
}

export const entraSentinel: EventFormat = {
  id: SOURCE,
  title: 'Microsoft Entra ID tables of Microsoft Sentinel / Log Analytics as JSON or NDJSON rows (SigninLogs, AADNonInteractiveUserSignInLogs, AADServicePrincipalSignInLogs, AuditLogs, AADUserRiskEvents, AADRiskyUsers)',
  produces: 'events',
  containers: ['json-array', 'ndjson', 'json-page', 'json-object'],
  example: JSON.stringify({
    TimeGenerated: '2021-04-28T14:08:45.221Z',
    Type: 'SigninLogs',
    Category: 'SignInLogs',
    ResultType: '0',
    Id: 'cfb68155-70f5-4e28-b046-0a3a7086c401',
    CreatedDateTime: '2021-04-28T14:08:45.221Z',
    UserPrincipalName: 'adelev@m365x816222.onmicrosoft.com',
    UserId: '9b117c67-170e-4aed-9702-658b3fddc889',
    AppDisplayName: 'Azure Portal',
    IPAddress: '175.45.176.99',
    IsInteractive: 'TRUE',
    Status: '{"errorCode":0}',
    LocationDetails: { city: 'Azor', state: 'Tel Aviv', countryOrRegion: 'IL' },
  }),

  sniff(record, container) {
    if (container === 'csv' || !isRecord(record)) return false;
    // Log Analytics rows: PascalCase columns, never the diagnostic envelope (`properties`) or Graph's camelCase
    if ('properties' in record || 'createdDateTime' in record) return false;
    if (!('TimeGenerated' in record || 'CreatedDateTime' in record || 'ActivityDateTime' in record)) return false;
    return kindOf(record) !== undefined;
  },

  parse(record, origin) {
    if (!isRecord(record)) return { ok: false, field: '(record)', message: 'not a JSON object (a Log Analytics row)' };
    const k = kindOf(record);
    if (k === undefined) {
      const type = str(record.Type);
      return {
        ok: false,
        field: 'Type',
        message: type !== undefined ? `not an Entra table: '${type.slice(0, 80)}'` : 'missing (and the columns name no Entra table)',
      };
    }
    switch (k.table) {
      case 'signin':
        return signin(record, origin, k.interactive, k.principal);
      case 'audit':
        return audit(record, origin);
      case 'risk':
        return risk(record, origin, false);
      case 'riskyUser':
        return risk(record, origin, true);
    }
  },
};
