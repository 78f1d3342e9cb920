// Reading one Microsoft Defender XDR advanced-hunting row whatever shape carried it: a portal / API export row
// (JSON values: strings, numbers, null, objects), a CSV row (every cell text), a Log Analytics (Sentinel) export
// (time columns named "Timestamp [UTC]"), a `union` of tables (KQL renames clashing columns "ReportId_long",
// "AdditionalFields_string"), or a Streaming API record's `properties`. Pure.
import { domainOf } from '../common/url.ts';
import type { Obj } from '../okta-systemlog/values.ts';

/** KQL `union` suffixes a column whose type differs between the tables (ReportId_long, AdditionalFields_string). */
const SUFFIXES = ['', '_string', '_long', '_dynamic', '_int', '_real', '_bool', '_guid'];

/** The raw value of a column (under its own name or a union-suffixed one): the first that is neither null nor "". */
export function raw(r: Obj, name: string): unknown {
  for (const s of SUFFIXES) {
    const v = r[s.length === 0 ? name : name + s];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

/** True when the row has the column at all (even empty): tells the tables apart. */
export function has(r: Obj, name: string): boolean {
  return name in r || `${name}_string` in r;
}

/** A column as text: strings trimmed (blank is absent), numbers and booleans written out, objects as JSON text. */
export function col(r: Obj, name: string): string | undefined {
  const v = raw(r, name);
  if (typeof v === 'string') {
    const t = v.trim();
    return t.length === 0 || t === 'null' ? undefined : t;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

/** A column holding JSON (AdditionalFields, LoggedOnUsers): the object / array as given, or its JSON text parsed. */
export function jsonCol(r: Obj, name: string): unknown {
  const v = raw(r, name);
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (t.length < 2 || (t[0] !== '{' && t[0] !== '[')) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

/** A whole number column (RemotePort): a number or numeric text. */
export function intCol(r: Obj, name: string): number | undefined {
  const v = raw(r, name);
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim().length > 0 ? Number(v) : NaN;
  return Number.isInteger(n) ? n : undefined;
}

/**
 * ReportId as text, the same from every shape. It is a 64-bit integer; DeviceInfo's run to 18 digits, past what a
 * JSON reader keeps exactly (639199803770463703 is read as 639199803770463700), while a CSV cell keeps every digit.
 * Such text goes through the same double rounding, so the id is the same whichever shape carried the row.
 */
export function reportIdOf(r: Obj): string | undefined {
  const v = raw(r, 'ReportId');
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  if (t.length === 0) return undefined;
  if (/^-?\d+$/.test(t) && t.length > 15) return String(Number(t));
  return t;
}

/** The time column of a row and its header: "Timestamp", or the Log Analytics export's "Timestamp [UTC]". */
export function timeColumn(r: Obj, name: string): { column: string; value: string } | { column: string; local: true } | undefined {
  const v = col(r, name);
  if (v !== undefined) return { column: name, value: v };
  const utc = `${name} [UTC]`;
  const u = r[utc];
  if (typeof u === 'string' && u.trim().length > 0) return { column: utc, value: u.trim() };
  const local = `${name} [Local Time]`;
  if (typeof r[local] === 'string' && (r[local] as string).trim().length > 0) return { column: local, local: true };
  return undefined;
}


export { domainOf };
