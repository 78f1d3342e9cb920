// Microsoft Sentinel / Log Analytics columns of the Entra tables → Graph property names, shared by the CSV export
// (this folder) and the JSON / NDJSON query results (../entra-sentinel). The rows then go through the shared Entra
// mappings (../entra-signin/), so a record has the same id whichever container it came in.
//
// A CSV cell is always text; a JSON row holds a dynamic column either as an object / array (Sentinel data export,
// the portal's JSON) or as JSON text (query results printed by `az monitor log-analytics query`, the OTRF exports),
// numbers as numbers or text, booleans as booleans or text. `toGraph` accepts all of these.
type Rec = Record<string, unknown>;

/** Graph property → columns that may hold it (first present and non-empty wins). */
export type ColumnMap = Record<string, string[]>;

/** SigninLogs, AADNonInteractiveUserSignInLogs, AADServicePrincipalSignInLogs, AADManagedIdentitySignInLogs. */
export const SIGNIN_COLUMNS: ColumnMap = {
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

/** AuditLogs (the directoryAudit resource). */
export const AUDIT_COLUMNS: ColumnMap = {
  id: ['Id'],
  activityDateTime: ['ActivityDateTime [UTC]', 'ActivityDateTime', 'TimeGenerated [UTC]', 'TimeGenerated'],
  activityDisplayName: ['ActivityDisplayName'],
  operationName: ['OperationName'],
  category: ['Category'],
  result: ['Result'],
  resultReason: ['ResultReason', 'ResultDescription'],
  initiatedBy: ['InitiatedBy_dynamic', 'InitiatedBy', 'InitiatedBy_string'],
  loggedByService: ['LoggedByService'],
  userAgent: ['UserAgent'],
  additionalDetails: ['AdditionalDetails_dynamic', 'AdditionalDetails', 'AdditionalDetails_string'],
};

/** AADUserRiskEvents (the riskDetection resource). */
export const RISK_COLUMNS: ColumnMap = {
  id: ['Id'],
  activityDateTime: ['ActivityDateTime [UTC]', 'ActivityDateTime', 'DetectedDateTime [UTC]', 'DetectedDateTime', 'TimeGenerated [UTC]', 'TimeGenerated'],
  requestId: ['RequestId'],
  riskEventType: ['RiskEventType'],
  riskState: ['RiskState'],
  riskLevel: ['RiskLevel'],
  riskDetail: ['RiskDetail'],
  activity: ['Activity'],
  ipAddress: ['IpAddress', 'IPAddress'],
  location: ['Location_dynamic', 'Location', 'Location_string'],
  userId: ['UserId'],
  userDisplayName: ['UserDisplayName'],
  userPrincipalName: ['UserPrincipalName'],
  additionalInfo: ['AdditionalInfo_dynamic', 'AdditionalInfo', 'AdditionalInfo_string'],
};

/** AADRiskyUsers (the riskyUser resource). */
export const RISKY_USER_COLUMNS: ColumnMap = {
  id: ['Id'],
  riskLastUpdatedDateTime: ['RiskLastUpdatedDateTime [UTC]', 'RiskLastUpdatedDateTime', 'TimeGenerated [UTC]', 'TimeGenerated'],
  riskState: ['RiskState'],
  riskLevel: ['RiskLevel'],
  riskDetail: ['RiskDetail'],
  userDisplayName: ['UserDisplayName'],
  userPrincipalName: ['UserPrincipalName'],
};

/** Graph properties held as JSON (dynamic columns); additionalInfo stays as it comes (the risk mapping reads either). */
const JSON_PROPS = new Set(['location', 'status', 'deviceDetail', 'riskEventTypes', 'riskEventTypes_v2', 'initiatedBy', 'additionalDetails']);

/** Column holding a Graph property in this row (the first candidate with a non-empty value, else the first present). */
export function columnOf(row: Rec, prop: string, columns: ColumnMap): string {
  const cands = columns[prop];
  if (!cands) return prop;
  let present: string | undefined;
  for (const c of cands) {
    const v = row[c];
    if (v !== undefined && v !== '' && v !== null) return c;
    if (v !== undefined && present === undefined) present = c;
  }
  return present ?? cands[0];
}

/** Error field for a Graph path ('status.errorCode' → 'Status_dynamic.errorCode'). */
export function fieldOf(row: Rec, columns: ColumnMap): (graphPath: string) => string {
  return (path) => {
    const dot = path.indexOf('.');
    const head = dot === -1 ? path : path.slice(0, dot);
    return columnOf(row, head, columns) + (dot === -1 ? '' : path.slice(dot));
  };
}

export type Fail = { ok: false; field: string; message: string };

export const isFail = (v: Record<string, unknown> | Fail): v is Fail => v.ok === false && typeof v.field === 'string';

/** The row as Graph properties (dynamic columns parsed when given as JSON text), or a Fail naming the column. */
export function toGraph(row: Rec, columns: ColumnMap): Rec | Fail {
  const g: Rec = {};
  for (const prop in columns) {
    const col = columnOf(row, prop, columns);
    const cell = row[col];
    if (cell === undefined || cell === '' || cell === null) continue;
    if (JSON_PROPS.has(prop) && typeof cell === 'string') {
      try {
        g[prop] = JSON.parse(cell);
      } catch (e) {
        return { ok: false, field: col, message: `not valid JSON: ${(e as Error).message}` };
      }
    } else if (prop === 'isInteractive' && typeof cell === 'string') {
      const b = cell.toLowerCase();
      if (b !== 'true' && b !== 'false') return { ok: false, field: col, message: `not a boolean: '${cell.slice(0, 40)}'` };
      g[prop] = b === 'true';
    } else g[prop] = cell;
  }
  return g;
}

/** A ResultType cell (0, "0", "50058") as a number, undefined when empty, or a Fail. */
export function resultTypeOf(row: Rec): number | undefined | Fail {
  const rt = row.ResultType;
  if (rt === undefined || rt === null || rt === '') return undefined;
  const n = typeof rt === 'number' ? rt : typeof rt === 'string' ? Number(rt) : NaN;
  if (!Number.isFinite(n)) return { ok: false, field: 'ResultType', message: `not a number: ${JSON.stringify(rt).slice(0, 40)}` };
  return n;
}
