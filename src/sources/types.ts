// The contract of an input format. Each format is a folder src/sources/<format>/ exporting one SourceFormat;
// all are listed in src/sources/index.ts. `sniff` and `parse` are pure (by content, never by file name);
// the reader (src/sources/reader.ts) does the I/O: container detection, streaming, line numbers.
import type { CandidateRecord } from '../core/candidate.ts';
import type { DirectoryEntry, NormalizedEvent, Origin } from '../core/model.ts';

/** How records are packed in a file. */
export type Container =
  | 'json-array' // [ {...}, {...} ]
  | 'json-page' // one object holding an array: Graph {"value":[...]}, Azure Monitor {"records":[...]}, SCIM {"Resources":[...]}, Google {"items":[...]}
  | 'json-object' // a single record object
  | 'ndjson' // one JSON object per line
  | 'csv'; // header row + rows; cells may hold multi-line JSON

/**
 * Outcome of parsing one record: zero or more items (a Google activity may hold several events); a valid record that
 * is not about a person, ignored with a reason (a short fixed phrase, counted per input: never put record data in
 * it); or a rejection of a malformed record naming the field.
 */
export type ParseOutcome<T> =
  | { ok: true; items: T[] }
  | { ok: 'ignored'; reason: string }
  | { ok: false; field: string; message: string };

/** The reason prefix of every "not about a person" outcome. */
export const NOT_A_PERSON = 'not about a person: ';

/** A valid record that is not about a person (service principal, system job, API key...). */
export const notAPerson = (what: string): { ok: 'ignored'; reason: string } => ({ ok: 'ignored', reason: NOT_A_PERSON + what });

interface FormatBase {
  /** Stable id, e.g. 'entra-signin', 'okta-systemlog', 'scim-users'. */
  id: string;
  title: string;
  /** Containers this format is found in. */
  containers: Container[];
  /** A short, real-looking example of one record, shown by `sleetwatch formats`. */
  example: string;
  /** True when this record (one of the first of a file, already JSON-parsed or a CSV row object) is of this format. */
  sniff(record: unknown, container: Container): boolean;
}

export interface EventFormat extends FormatBase {
  produces: 'events';
  parse(record: unknown, origin: Origin): ParseOutcome<NormalizedEvent>;
}

export interface DirectoryFormat extends FormatBase {
  produces: 'directory';
  parse(record: unknown, origin: Origin): ParseOutcome<DirectoryEntry>;
}

/** Candidates for vetting: resumes, ATS exports, interview/verification records, GitHub exports. */
export interface CandidateFormat extends FormatBase {
  produces: 'candidates';
  parse(record: unknown, origin: Origin): ParseOutcome<CandidateRecord>;
}

export type SourceFormat = EventFormat | DirectoryFormat | CandidateFormat;
