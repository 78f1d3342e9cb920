// Test support for the hostile-input tests (issue 7): for each event format, real fixture records and where the
// format reads its client IP and its event time, so a test can mutate exactly that field of a real record.
import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';

export type Rec = Record<string, unknown>;
const here = (p: string): string => readFileSync(new URL(`../${p}`, import.meta.url), 'utf8');
const json = (p: string): unknown => JSON.parse(here(p));
const ndjson = (p: string): Rec[] =>
  here(p)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Rec);
const page = (p: string, key: string): Rec[] => (json(p) as Record<string, Rec[]>)[key];
const csv = (p: string): Rec[] => parseCsv(here(p), { columns: true, bom: true }) as Rec[];
const sub = (r: Rec, k: string): Rec => r[k] as Rec;

export interface FieldCase {
  format: string;
  fixture: string;
  records: () => Rec[];
  ipField: string;
  setIp: (r: Rec, ip: string) => void;
  timeField: string;
  setTime: (r: Rec, t: string) => void;
}

export const eventCases: FieldCase[] = [
  {
    format: 'entra-signin',
    fixture: 'entra-signin/fixtures/graph-signins-page.json',
    records: () => page('entra-signin/fixtures/graph-signins-page.json', 'value'),
    ipField: 'ipAddress',
    setIp: (r, v) => void (r.ipAddress = v),
    timeField: 'createdDateTime',
    setTime: (r, v) => void (r.createdDateTime = v),
  },
  {
    format: 'entra-diagnostic',
    fixture: 'entra-diagnostic/fixtures/azure-monitor-records.json',
    records: () => page('entra-diagnostic/fixtures/azure-monitor-records.json', 'records'),
    ipField: 'properties.ipAddress',
    setIp: (r, v) => void (sub(r, 'properties').ipAddress = v),
    timeField: 'properties.createdDateTime',
    setTime: (r, v) => void (sub(r, 'properties').createdDateTime = v),
  },
  {
    format: 'entra-sentinel',
    fixture: 'entra-sentinel/fixtures/signinlogs-adele.ndjson',
    records: () => ndjson('entra-sentinel/fixtures/signinlogs-adele.ndjson'),
    ipField: 'IPAddress',
    setIp: (r, v) => void (r.IPAddress = v),
    timeField: 'CreatedDateTime',
    setTime: (r, v) => void (r.CreatedDateTime = v),
  },
  {
    format: 'entra-sentinel-csv',
    fixture: 'entra-sentinel-csv/fixtures/signinlogs-export.csv',
    records: () => csv('entra-sentinel-csv/fixtures/signinlogs-export.csv'),
    ipField: 'IPAddress',
    setIp: (r, v) => void (r.IPAddress = v),
    timeField: 'CreatedDateTime [UTC]',
    setTime: (r, v) => void (r['CreatedDateTime [UTC]'] = v),
  },
  {
    format: 'entra-graph-audit',
    fixture: 'entra-graph-audit/fixtures/riskdetections-tutorial-atrisk.json',
    records: () => page('entra-graph-audit/fixtures/riskdetections-tutorial-atrisk.json', 'value'),
    ipField: 'ipAddress',
    setIp: (r, v) => void (r.ipAddress = v),
    timeField: 'activityDateTime',
    setTime: (r, v) => void (r.activityDateTime = v),
  },
  {
    format: 'o365-management',
    fixture: 'o365-management/fixtures/management-api-content-blob.json',
    records: () => json('o365-management/fixtures/management-api-content-blob.json') as Rec[],
    ipField: 'ClientIP',
    setIp: (r, v) => void (r.ClientIP = v),
    timeField: 'CreationTime',
    setTime: (r, v) => void (r.CreationTime = v),
  },
  {
    format: 'okta-systemlog',
    fixture: 'okta-systemlog/fixtures/api-logs-page.json',
    records: () => json('okta-systemlog/fixtures/api-logs-page.json') as Rec[],
    ipField: 'client.ipAddress',
    setIp: (r, v) => void (sub(r, 'client').ipAddress = v),
    timeField: 'published',
    setTime: (r, v) => void (r.published = v),
  },
  {
    format: 'okta-sentinel',
    fixture: 'okta-sentinel/fixtures/okta_cl-sample.json',
    records: () => json('okta-sentinel/fixtures/okta_cl-sample.json') as Rec[],
    ipField: 'client_ipAddress',
    setIp: (r, v) => void (r.client_ipAddress = v),
    timeField: 'published_t',
    setTime: (r, v) => void (r.published_t = v),
  },
  {
    format: 'gworkspace',
    fixture: 'gworkspace/fixtures/reports-api-login-page.json',
    records: () => page('gworkspace/fixtures/reports-api-login-page.json', 'items'),
    ipField: 'ipAddress',
    setIp: (r, v) => void (r.ipAddress = v),
    timeField: 'id.time',
    setTime: (r, v) => void (sub(r, 'id').time = v),
  },
];
