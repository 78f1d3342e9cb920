// User-imported indicators (IP, CIDR, ASN, Tor exit) from CSV or STIX 2.1 bundles, stored merged and
// de-duplicated in <dataDir>/intel/indicators.json. Parsing is pure; every unusable row or STIX object is
// returned in `rejected` with its line (CSV, 1-based) or index (STIX bundle `objects`, 0-based) and field.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { fnv1a64 } from '../core/hash.ts';
import { parseCidr, rangeKey } from './ip.ts';
import { parseStixPattern, PatternError } from './stix-pattern.ts';

export const IndicatorType = z.enum(['ip', 'cidr', 'asn', 'tor']);
export type IndicatorType = z.infer<typeof IndicatorType>;

export const Indicator = z.object({
  /** 'ind-<hash>' for CSV rows; the STIX id ('indicator--uuid') for STIX (shared by the atoms of one pattern). */
  id: z.string().min(1),
  type: IndicatorType,
  /** Canonical value: an address ('198.51.100.7'), a CIDR ('203.0.113.0/24'), or 'AS131279'. 'tor' holds an address or CIDR. */
  value: z.string().min(1),
  label: z.string(),
  source: z.string().optional(),
  validFrom: z.string().optional(), // ISO 8601
  validUntil: z.string().optional(), // ISO 8601; expired indicators are not loaded
  /**
   * 'allow' declares the company's own trusted egress (corporate VPN, SASE tenant, office): sign-ins from it are
   * class 'corporate', neither anonymising nor a location. Absent or 'alert': a threat indicator (a risk).
   */
  action: z.enum(['alert', 'allow']).optional(),
});
export type Indicator = z.infer<typeof Indicator>;

export interface IndicatorRejection { line?: number; index?: number; field: string; message: string }
export interface IndicatorParse { indicators: Indicator[]; rejected: IndicatorRejection[]; /** STIX objects that are not indicators (identity, relationship...). */ ignored: number }

export const indicatorKey = (i: Pick<Indicator, 'type' | 'value'>): string => `${i.type}:${i.value}`;

/** Normalise a value for a type; a string result is the error message. */
export function canonicalValue(type: IndicatorType, raw: string): string | { error: string } {
  const v = raw.trim();
  if (type === 'asn') {
    const m = /^(?:AS)?\s*(\d{1,10})$/i.exec(v);
    const n = m ? Number(m[1]) : NaN;
    if (!m || n <= 0 || n > 4294967295) return { error: `not an AS number: "${raw}" (expected AS131279 or 131279)` };
    return `AS${n}`;
  }
  const r = parseCidr(v);
  if (typeof r === 'string') return { error: r };
  const key = rangeKey(r);
  const single = r.v === 4 ? r.start === r.end : r.start === r.end;
  if (type === 'ip') {
    if (!single) return { error: `"${raw}" is a range; use type cidr` };
    return key.replace(/\/(32|128)$/, '');
  }
  return single ? key.replace(/\/(32|128)$/, '') : key;
}

/** Guess the type of a CSV value when the type column is empty. */
function inferType(v: string): IndicatorType {
  if (/^AS\s*\d+$/i.test(v.trim()) || /^\d{1,10}$/.test(v.trim())) return 'asn';
  return v.includes('/') ? 'cidr' : 'ip';
}

const VALUE_COLS = ['value', 'indicator', 'ioc', 'ip'];
const LABEL_COLS = ['label', 'description', 'name', 'comment'];

/**
 * Parse indicators from CSV text. Header row required: value|indicator, type (ip|cidr|asn|tor), label|description,
 * optional source, valid_until (rows already expired at `now` are rejected) and action (alert, the default, or
 * allow: the company's own trusted egress).
 */
export function parseIndicatorsCsv(text: string, now = Date.now()): IndicatorParse {
  const out: IndicatorParse = { indicators: [], rejected: [], ignored: 0 };
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      info: true,
      bom: true,
      skip_empty_lines: true,
      trim: true,
      comment: '#',
      comment_no_infix: true,
    }) as typeof rows;
  } catch (e) {
    const err = e as Error & { lines?: number };
    out.rejected.push({ line: err.lines, field: 'csv', message: err.message });
    return out;
  }
  if (rows.length === 0) return out;
  const cols = Object.keys(rows[0].record);
  const valueCol = VALUE_COLS.find((c) => cols.includes(c));
  if (!valueCol) {
    out.rejected.push({ line: 1, field: 'header', message: `no value column: expected one of ${VALUE_COLS.join(', ')}; found ${cols.join(', ')}` });
    return out;
  }
  const labelCol = LABEL_COLS.find((c) => cols.includes(c));
  for (const { record, info } of rows) {
    const line = info.lines;
    const raw = record[valueCol] ?? '';
    if (!raw) { out.rejected.push({ line, field: valueCol, message: 'empty value' }); continue; }
    const typeText = (record.type ?? '').toLowerCase();
    const parsedType = typeText ? IndicatorType.safeParse(typeText) : { success: true as const, data: inferType(raw) };
    if (!parsedType.success) { out.rejected.push({ line, field: 'type', message: `unknown type "${record.type}" (expected ip, cidr, asn or tor)` }); continue; }
    const type = parsedType.data;
    const value = canonicalValue(type, raw);
    if (typeof value !== 'string') { out.rejected.push({ line, field: valueCol, message: value.error }); continue; }
    const label = (labelCol ? record[labelCol] : '') || `${type} ${value}`;
    const action = (record.action ?? '').trim().toLowerCase();
    if (action && action !== 'alert' && action !== 'allow') { out.rejected.push({ line, field: 'action', message: `unknown action "${record.action}" (expected alert or allow)` }); continue; }
    if (action === 'allow' && type === 'tor') { out.rejected.push({ line, field: 'action', message: 'a tor indicator cannot be allow' }); continue; }
    const ind: Indicator = { id: `ind-${fnv1a64(indicatorKey({ type, value })).slice(0, 12)}`, type, value, label };
    if (action === 'allow') ind.action = 'allow';
    if (record.source) ind.source = record.source;
    if (record.valid_until) {
      const t = Date.parse(record.valid_until);
      if (Number.isNaN(t)) { out.rejected.push({ line, field: 'valid_until', message: `not a date: "${record.valid_until}"` }); continue; }
      if (t <= now) { out.rejected.push({ line, field: 'valid_until', message: `expired at ${record.valid_until}` }); continue; }
      ind.validUntil = new Date(t).toISOString();
    }
    out.indicators.push(ind);
  }
  return out;
}

interface StixObject { type?: unknown; id?: unknown; pattern?: unknown; pattern_type?: unknown; name?: unknown; description?: unknown; indicator_types?: unknown; labels?: unknown; valid_from?: unknown; valid_until?: unknown; revoked?: unknown; created_by_ref?: unknown }

/**
 * Parse a STIX 2.1 bundle. Each `indicator` object with pattern_type 'stix' yields one Indicator per IP/ASN
 * comparison in its pattern. An indicator whose indicator_types include 'anonymization' and whose name,
 * description or labels mention Tor yields 'tor' indicators for its addresses; one whose indicator_types include
 * 'benign' is an allow indicator (the company's own egress). `now` decides expiry.
 */
export function parseStixBundle(json: unknown, now = Date.now()): IndicatorParse {
  const out: IndicatorParse = { indicators: [], rejected: [], ignored: 0 };
  const b = json as { type?: unknown; objects?: unknown };
  if (!b || typeof b !== 'object' || b.type !== 'bundle') {
    out.rejected.push({ field: 'type', message: `not a STIX bundle: top-level "type" is ${JSON.stringify((b as { type?: unknown })?.type)}, expected "bundle"` });
    return out;
  }
  if (!Array.isArray(b.objects)) {
    out.rejected.push({ field: 'objects', message: 'bundle has no "objects" array' });
    return out;
  }
  b.objects.forEach((o: StixObject, index) => {
    if (!o || typeof o !== 'object') { out.rejected.push({ index, field: 'objects', message: 'not an object' }); return; }
    if (o.type !== 'indicator') { out.ignored++; return; }
    const reject = (field: string, message: string) => out.rejected.push({ index, field, message });
    if (typeof o.id !== 'string' || !o.id.startsWith('indicator--')) return void reject('id', `missing or malformed id ${JSON.stringify(o.id)}`);
    if (o.revoked === true) return void reject('revoked', `${o.id} is revoked`);
    if (o.pattern_type !== 'stix') return void reject('pattern_type', `${o.id}: pattern_type ${JSON.stringify(o.pattern_type)} not supported (only "stix")`);
    if (typeof o.pattern !== 'string') return void reject('pattern', `${o.id}: missing pattern`);
    let validUntil: string | undefined;
    if (o.valid_until !== undefined) {
      const t = typeof o.valid_until === 'string' ? Date.parse(o.valid_until) : NaN;
      if (Number.isNaN(t)) return void reject('valid_until', `${o.id}: not a timestamp: ${JSON.stringify(o.valid_until)}`);
      if (t <= now) return void reject('valid_until', `${o.id}: expired at ${o.valid_until}`);
      validUntil = new Date(t).toISOString();
    }
    let validFrom: string | undefined;
    if (o.valid_from !== undefined) {
      const t = typeof o.valid_from === 'string' ? Date.parse(o.valid_from) : NaN;
      if (Number.isNaN(t)) return void reject('valid_from', `${o.id}: not a timestamp: ${JSON.stringify(o.valid_from)}`);
      if (validUntil && t >= Date.parse(validUntil)) return void reject('valid_until', `${o.id}: valid_until is not after valid_from`);
      validFrom = new Date(t).toISOString();
    }
    let parsed;
    try {
      parsed = parseStixPattern(o.pattern);
    } catch (e) {
      if (e instanceof PatternError) return void reject('pattern', `${o.id}: ${e.message} in ${o.pattern}`);
      throw e;
    }
    for (const u of parsed.unsupported) reject('pattern', `${o.id}: ${u}`);
    const words = [o.name, o.description, ...(Array.isArray(o.labels) ? o.labels : [])].filter((x) => typeof x === 'string').join(' ');
    const isTor = Array.isArray(o.indicator_types) && o.indicator_types.includes('anonymization') && /\btor\b/i.test(words);
    const isAllow = !isTor && Array.isArray(o.indicator_types) && o.indicator_types.includes('benign');
    const label = (typeof o.name === 'string' && o.name) || (typeof o.description === 'string' && o.description) || o.id;
    const source = typeof o.created_by_ref === 'string' ? o.created_by_ref : undefined;
    for (const a of parsed.atoms) {
      let type: IndicatorType;
      let value: string | { error: string };
      if (a.kind === 'asn') { type = 'asn'; value = `AS${a.value}`; }
      else {
        value = canonicalValue('cidr', a.value);
        const family = typeof value === 'string' && (value.includes(':') ? 'ipv6-addr' : 'ipv4-addr');
        if (typeof value === 'string' && family !== a.object) value = { error: `${a.object} value "${a.value}" is an ${family}` };
        type = isTor ? 'tor' : typeof value === 'string' && value.includes('/') ? 'cidr' : 'ip';
      }
      if (typeof value !== 'string') { reject('pattern', `${o.id}: ${a.text}: ${value.error}`); continue; }
      const ind: Indicator = { id: o.id, type, value, label };
      if (isAllow) ind.action = 'allow';
      if (source) ind.source = source;
      if (validFrom) ind.validFrom = validFrom;
      if (validUntil) ind.validUntil = validUntil;
      out.indicators.push(ind);
    }
  });
  return out;
}

const StoreFile = z.object({ schema: z.literal('sleetwatch.indicators/v1'), indicators: z.array(Indicator) });

export const indicatorStorePath = (dataDir: string): string => join(dataDir, 'intel', 'indicators.json');

/** Read the stored indicators (none when the file does not exist). A damaged file is an error naming the entry. */
export function readIndicatorStore(dataDir: string): Indicator[] {
  const path = indicatorStorePath(dataDir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`);
  }
  const r = StoreFile.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return r.data.indicators;
}

/** Merge `add` into `base` by (type, value): a re-imported indicator replaces the stored one (newer label/expiry). */
export function mergeIndicators(base: Indicator[], add: Indicator[]): { merged: Indicator[]; added: number } {
  const byKey = new Map(base.map((i) => [indicatorKey(i), i]));
  let added = 0;
  for (const i of add) {
    const k = indicatorKey(i);
    if (!byKey.has(k)) added++;
    byKey.set(k, i);
  }
  const merged = [...byKey.values()].sort((a, b) => (indicatorKey(a) < indicatorKey(b) ? -1 : 1));
  return { merged, added };
}

/** Import a CSV or STIX 2.1 JSON file (decided by content) into <dataDir>/intel/indicators.json. */
export async function importIndicators(
  file: string,
  dataDir: string,
): Promise<{ added: number; total: number; rejected: IndicatorRejection[]; ignored: number; format: 'csv' | 'stix' }> {
  const text = readFileSync(file, 'utf8');
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  let parsed: IndicatorParse;
  let format: 'csv' | 'stix';
  if (first === '{' || first === '[') {
    format = 'stix';
    let json: unknown;
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      return { added: 0, total: readIndicatorStore(dataDir).length, rejected: [{ field: 'json', message: `${file}: not valid JSON (${(e as Error).message})` }], ignored: 0, format };
    }
    parsed = parseStixBundle(json);
  } else {
    format = 'csv';
    parsed = parseIndicatorsCsv(text);
  }
  const name = basename(file);
  for (const i of parsed.indicators) i.source ??= name;
  const { merged, added } = mergeIndicators(readIndicatorStore(dataDir), parsed.indicators);
  const path = indicatorStorePath(dataDir);
  mkdirSync(join(dataDir, 'intel'), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ schema: 'sleetwatch.indicators/v1', indicators: merged }, null, 2) + '\n');
  renameSync(tmp, path);
  return { added, total: merged.length, rejected: parsed.rejected, ignored: parsed.ignored, format };
}

/**
 * The company's declared trusted egress (config `trustedEgress`: name + cidr or asn) as allow indicators. A bad
 * entry is an error naming it, e.g. `trustedEgress[2].cidr: not an IP or CIDR: "10.0.0/8"`.
 */
export function trustedEgressIndicators(entries: readonly { name: string; cidr?: string; asn?: number | string }[], where = 'trustedEgress'): Indicator[] {
  return entries.map((e, i) => {
    const field = e.cidr !== undefined ? 'cidr' : 'asn';
    const raw = e.cidr ?? String(e.asn ?? '');
    const value = e.cidr !== undefined ? canonicalValue('cidr', raw) : canonicalValue('asn', raw);
    if (typeof value !== 'string') throw new Error(`${where}[${i}].${field}: ${value.error}`);
    const type: IndicatorType = field === 'asn' ? 'asn' : value.includes('/') ? 'cidr' : 'ip';
    return { id: `egress-${fnv1a64(`${type}:${value}`).slice(0, 12)}`, type, value, label: e.name, source: 'config trustedEgress', action: 'allow' as const };
  });
}
