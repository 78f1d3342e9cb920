// The report as CSV for spreadsheets: RFC 4180 (fields with a comma, quote, CR or LF are quoted, quotes doubled,
// CRLF line ends) and protection against formula injection (OWASP "CSV Injection"): a text cell beginning with
// = + - @ TAB or CR is prefixed with a single quote, so a spreadsheet shows it as text instead of running it.
import type { Case } from '../../core/respond.ts';
import type { StoredPerson } from '../../store/types.ts';
import { identifyingStrings, personLabel, scrub, type ExportView } from './view.ts';

export type Cell = string | number | boolean | undefined | null;

export function csvCell(v: Cell): string {
  if (v === undefined || v === null) return '';
  let s = typeof v === 'string' ? v : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: readonly Cell[]): string => cells.map(csvCell).join(',') + '\r\n';

const SEVERITY_RANK = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;

export const CSV_COLUMNS = ['person_id', 'person', 'level', 'risk', 'findings', 'top_finding', 'detectors', 'first_seen', 'last_seen', 'updated_at', 'case_id', 'case_state'];

/** One row per person with findings, highest risk first. */
export function toCsv(people: readonly StoredPerson[], cases: ReadonlyMap<string, Case>, view: ExportView): string {
  let out = csvLine(CSV_COLUMNS);
  for (const p of people) {
    const label = personLabel(p, view);
    const top = [...p.findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])[0];
    const title = top ? (view.identities ? top.title : scrub(top.title, identifyingStrings(p), label)) : '';
    const c = cases.get(p.personId);
    const first = p.findings.map((f) => f.firstSeen).sort()[0];
    const last = p.findings.map((f) => f.lastSeen).sort().at(-1);
    out += csvLine([p.personId, label, p.level, p.risk, p.findings.length, title, [...new Set(p.findings.map((f) => f.detector))].join('; '), first, last, p.updatedAt, c?.id, c?.state]);
  }
  return out;
}
