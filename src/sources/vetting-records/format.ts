// Interview and verification records (our own documented format, README.md): JSON (one object, an array, NDJSON)
// validated by the zod schema in ./schema.ts, or CSV with flat columns mapped onto the same shape. One record →
// one CandidateRecord whose `ref` names the candidate (e-mail, candidate key or id: src/vetting/merge.ts joins it)
// and which carries `verification` and `sourcing`. Pure.
import type { z } from 'zod';
import type { CandidateRecord, ReferenceCheck, Verification } from '../../core/candidate.ts';
import type { Origin } from '../../core/model.ts';
import type { CandidateFormat, Container, ParseOutcome } from '../types.ts';
import { countryIso2 } from '../common/country.ts';
import { reject, show } from '../common/candidate.ts';
import { isObj, type Obj } from '../okta-systemlog/values.ts';
import { VettingRecordV1 } from './schema.ts';

const SOURCE = 'vetting-records';

/** CSV column → path in the JSON form. References are numbered 1..MAX_REFERENCES. */
export const MAX_REFERENCES = 3;
const FLAT: [column: string, path: (string | number)[], kind: 'text' | 'bool' | 'int'][] = [
  ['candidate', ['candidate'], 'text'],
  ['interviewed_at', ['interviewedAt'], 'text'],
  ['interviewer', ['interviewer'], 'text'],
  ['camera_on', ['cameraOn'], 'bool'],
  ['id_shown_on_camera', ['idShownOnCamera'], 'bool'],
  ['document_check', ['documentCheck'], 'text'],
  ['document_check_provider', ['documentCheckProvider'], 'text'],
  ['recording_file', ['recording', 'file'], 'text'],
  ['recording_sha256', ['recording', 'sha256'], 'text'],
  ['recording_bytes', ['recording', 'bytes'], 'int'],
  ['ship_street', ['shippingAddress', 'street'], 'text'],
  ['ship_city', ['shippingAddress', 'locality'], 'text'],
  ['ship_region', ['shippingAddress', 'region'], 'text'],
  ['ship_postal_code', ['shippingAddress', 'postalCode'], 'text'],
  ['ship_country', ['shippingAddress', 'country'], 'text'],
  ['source_channel', ['sourcing', 'channel'], 'text'],
  ['source_name', ['sourcing', 'name'], 'text'],
  ['referrer', ['sourcing', 'referrer'], 'text'],
  ['notes', ['notes'], 'text'],
];
for (let n = 1; n <= MAX_REFERENCES; n++)
  for (const [k, kind] of [['name', 'text'], ['email', 'text'], ['phone', 'text'], ['company', 'text'], ['channel', 'text'], ['reached', 'bool']] as const)
    FLAT.push([`reference_${n}_${k}`, ['references', n - 1, k], kind]);
export const CSV_COLUMNS = FLAT.map((f) => f[0]);
const BY_COLUMN = new Map(FLAT.map((f) => [f[0], f]));
const COLUMN_OF_PATH = new Map(FLAT.map((f) => [f[1].join('.'), f[0]]));

/** Keys the JSON form and the CSV header spell alike. */
const SHARED = new Set(['candidate', 'interviewer', 'notes']);
const normHeader = (h: string): string => h.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** A CSV row → the JSON form, or a rejection naming the column (booleans and numbers are read here). */
function fromCsv(row: Obj): Obj | { ok: false; field: string; message: string } {
  const out: Obj = {};
  for (const header of Object.keys(row)) {
    if (header.length > 60) continue;
    const f = BY_COLUMN.get(normHeader(header));
    const raw = row[header];
    if (!f || raw === undefined || raw === null) continue;
    const s = String(raw).trim();
    if (s === '') continue;
    let v: unknown = s;
    if (f[2] === 'bool') {
      const l = s.toLowerCase();
      if (['true', 'yes', 'y', '1'].includes(l)) v = true;
      else if (['false', 'no', 'n', '0'].includes(l)) v = false;
      else return reject(header, `not true or false (true/false, yes/no): ${show(s)}`);
    } else if (f[2] === 'int') {
      if (!/^\d{1,15}$/.test(s)) return reject(header, `not a whole number: ${show(s)}`);
      v = Number(s);
    }
    let o: Record<string | number, unknown> = out;
    const path = f[1];
    for (let i = 0; i < path.length - 1; i++) {
      const k = path[i];
      const next = typeof path[i + 1] === 'number' ? [] : {};
      o = (o[k] ??= next) as Record<string | number, unknown>;
    }
    o[path[path.length - 1]] = v;
  }
  // reference columns left empty for reference 1 but filled for 2 leave a hole: drop holes
  if (Array.isArray(out.references)) out.references = out.references.filter((r) => r !== undefined);
  return out;
}

/** null means absent (exports write it for empty fields); removed to a bounded depth before validation. */
function dropNulls(v: unknown, depth = 0): unknown {
  if (depth > 4 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => dropNulls(x, depth + 1));
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = dropNulls(x, depth + 1);
  return out;
}

/** The field a zod issue is about, as the input names it (a CSV column, or the JSON path "references[0].channel"). */
function fieldOf(path: PropertyKey[], csv: boolean): string {
  const dotted = path.map(String).join('.');
  if (csv) {
    const col = COLUMN_OF_PATH.get(dotted);
    if (col) return col;
  }
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s || '(record)';
}

function issueMessage(issue: z.core.$ZodIssue, input: unknown): string {
  let v: unknown = input;
  for (const p of issue.path) v = isObj(v) || Array.isArray(v) ? (v as Record<PropertyKey, unknown>)[p as string] : undefined;
  const got = v === undefined ? 'missing' : show(v);
  return `${issue.message} (${got})`;
}

function parse(record: unknown, origin: Origin): ParseOutcome<CandidateRecord> {
  if (!isObj(record)) return reject('(record)', 'not a JSON object or CSV row (an interview / verification record)');
  // a CSV row: a column of the flat form that is no key of the JSON form (camera_on, reference_1_name...)
  const csv = Object.keys(record).some((k) => !SHARED.has(k) && BY_COLUMN.has(normHeader(k)));
  const input = csv ? fromCsv(record) : dropNulls(record);
  if (isObj(input) && (input as { ok?: unknown }).ok === false) return input as { ok: false; field: string; message: string };
  const r = VettingRecordV1.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    return reject(fieldOf(issue.path, csv), issueMessage(issue, input));
  }
  const v = r.data;
  const verification: Verification = { references: [] };
  if (v.interviewedAt !== undefined) verification.interviewedAt = new Date(v.interviewedAt.length === 10 ? `${v.interviewedAt}T00:00:00Z` : v.interviewedAt).toISOString();
  if (v.interviewer !== undefined) verification.interviewer = v.interviewer;
  if (v.cameraOn !== undefined) verification.cameraOn = v.cameraOn;
  if (v.idShownOnCamera !== undefined) verification.idShownOnCamera = v.idShownOnCamera;
  if (v.documentCheck !== undefined) verification.documentCheck = v.documentCheck;
  if (v.documentCheckProvider !== undefined) verification.documentCheckProvider = v.documentCheckProvider;
  for (const ref of v.references ?? []) {
    const rc: ReferenceCheck = { channel: ref.channel };
    if (ref.name !== undefined) rc.name = ref.name;
    if (ref.email !== undefined) rc.email = ref.email;
    if (ref.phone !== undefined) rc.phone = ref.phone;
    if (ref.company !== undefined) rc.company = ref.company;
    if (ref.reached !== undefined) rc.reached = ref.reached;
    verification.references.push(rc);
  }
  if (v.recording) {
    verification.recording = { file: v.recording.file };
    if (v.recording.sha256 !== undefined) verification.recording.sha256 = v.recording.sha256.toLowerCase();
    if (v.recording.bytes !== undefined) verification.recording.bytes = v.recording.bytes;
  }
  if (v.shippingAddress && Object.keys(v.shippingAddress).length > 0) {
    const a = { ...v.shippingAddress };
    if (a.country !== undefined) a.country = countryIso2(a.country) ?? a.country;
    verification.shippingAddress = a;
  }
  if (v.notes !== undefined && v.notes.trim() !== '') verification.notes = v.notes.trim();

  const ref = v.candidate;
  const rec: CandidateRecord = {
    key: `${SOURCE}:${ref.toLowerCase()}`,
    source: SOURCE,
    ref,
    otherNames: [],
    emails: [],
    phones: [],
    // the shipping address also as an address of the candidate (use: shipping), so reuse across candidates sees it
    addresses: verification.shippingAddress ? [{ ...verification.shippingAddress, use: 'shipping' }] : [],
    profiles: [],
    work: [],
    education: [],
    skills: [],
    jobs: [],
    attachments: verification.recording ? [{ filename: verification.recording.file, type: 'recording', ...(verification.recording.sha256 ? { sha256: verification.recording.sha256 } : {}) }] : [],
    verification,
    origin,
  };
  if (v.sourcing) {
    rec.sourcing = { channel: v.sourcing.channel };
    if (v.sourcing.name !== undefined) rec.sourcing.name = v.sourcing.name;
    if (v.sourcing.referrer !== undefined) rec.sourcing.referrer = v.sourcing.referrer;
  }
  return { ok: true, items: [rec] };
}

const JSON_KEYS = ['interviewedAt', 'cameraOn', 'idShownOnCamera', 'documentCheck', 'references', 'recording', 'shippingAddress'];
const CSV_MARKERS = new Set(['interviewed_at', 'camera_on', 'id_shown_on_camera', 'document_check', 'recording_file', 'ship_street', 'reference_1_channel', 'source_channel']);

/** A `candidate` string next to what only an interview record holds (camera, ID, references, recording, shipping). */
function sniff(record: unknown, container: Container): boolean {
  if (!isObj(record)) return false;
  if (container === 'csv') {
    let candidate = false;
    let marker = false;
    for (const h of Object.keys(record)) {
      const n = normHeader(h);
      if (n === 'candidate') candidate = true;
      else if (CSV_MARKERS.has(n)) marker = true;
    }
    return candidate && marker;
  }
  return typeof record.candidate === 'string' && JSON_KEYS.some((k) => k in record);
}

export const vettingRecords: CandidateFormat = {
  id: SOURCE,
  title: 'Interview and verification records (sleetwatch vetting-record v1: JSON / NDJSON / CSV)',
  produces: 'candidates',
  containers: ['json-object', 'json-array', 'ndjson', 'csv'],
  example: JSON.stringify({
    candidate: 'dana.whitfield@example.com',
    interviewedAt: '2026-10-14T16:00:00Z',
    interviewer: 'Priya Raman',
    cameraOn: true,
    idShownOnCamera: true,
    documentCheck: 'passed',
    references: [{ name: 'Tom Becker', company: 'Northwind', channel: 'phone', reached: true }],
    sourcing: { channel: 'job-board', name: 'LinkedIn' },
  }),
  sniff,
  parse,
};
