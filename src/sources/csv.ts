// CSV for the reader: a header row, then rows whose cells may hold multi-line quoted JSON (Sentinel exports).
// csv-parse does the parsing; this reports each row by the line it STARTS on, turns a row with the wrong number of
// fields or a malformed quote into one rejected record, and streams files.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { parse as parseStream, type Info } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';

/** Where rows go (the reader's collector). */
export interface RowTarget {
  readonly stopped: boolean;
  rec(v: unknown, line: number | undefined, index: number | undefined, raw: string | undefined): void;
  reject(line: number | undefined, index: number | undefined, field: string, message: string, raw: string): void;
}

const OPTIONS = {
  columns: true,
  bom: true,
  info: true,
  raw: true,
  relax_column_count: true,
  // a quote inside an unquoted field stays in the value (the format then rejects the value, naming its column):
  // otherwise csv-parse reports every such quote as another malformed row, quadratically in their number
  relax_quotes: true,
  skip_empty_lines: true,
  skip_records_with_error: true,
} as const;

interface Row {
  record: Record<string, string>;
  raw: string;
  info: Info & { error?: { code?: string; record?: unknown[] }; columns?: unknown[] | false };
}

/** Line a raw chunk starts on, given the line it ends on (csv-parse reports the end). */
export function startLine(endLine: number, raw: string): number {
  let s = 0;
  let e = raw.length;
  while (s < e && (raw.charCodeAt(s) === 10 || raw.charCodeAt(s) === 13)) s++;
  while (e > s && (raw.charCodeAt(e - 1) === 10 || raw.charCodeAt(e - 1) === 13)) e--;
  let nl = 0;
  for (let i = raw.indexOf('\n', s); i !== -1 && i < e; i = raw.indexOf('\n', i + 1)) nl++;
  return endLine - nl;
}

function row(target: RowTarget, r: Row): void {
  const line = startLine(r.info.lines, r.raw);
  const raw = r.raw.trim();
  const err = r.info.error;
  if (err && err.code === 'CSV_RECORD_INCONSISTENT_COLUMNS') {
    const header = Array.isArray(r.info.columns) ? r.info.columns.length : '?';
    const got = Array.isArray(err.record) ? err.record.length : Object.keys(r.record).length;
    target.reject(line, undefined, '(csv)', `row has ${got} fields, the header has ${header}`, raw);
    return;
  }
  target.rec(r.record, line, undefined, raw);
}

/** csv-parse skips a malformed row (bad or unclosed quote) and tells us: one rejected record. */
function onSkip(target: RowTarget): (err: { message: string; lines?: number } | undefined, raw: string | undefined) => undefined {
  return (err, raw) => {
    const text = raw ?? '';
    const line = err?.lines !== undefined ? startLine(err.lines, text) : undefined;
    target.reject(line, undefined, '(csv)', err?.message ?? 'malformed row', text.trim());
    return undefined;
  };
}

/** Stream a CSV file into `target`; `onBytes` gets the bytes read so far. Throws csv-parse's fatal errors. */
export async function readCsvFile(path: string, target: RowTarget, onBytes?: (read: number) => void): Promise<void> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  let read = 0;
  await readCsvStream(stream, target, (c) => {
    read += c.length;
    onBytes?.(read);
  });
}

/** Stream CSV bytes (a file, or a file being unpacked) into `target`; `onChunk` sees each chunk. Destroys `input`. */
export async function readCsvStream(input: Readable, target: RowTarget, onChunk?: (chunk: Buffer) => void): Promise<void> {
  const parser = parseStream({ ...OPTIONS, on_skip: onSkip(target) });
  if (onChunk) input.on('data', onChunk);
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  try {
    for await (const r of parser as AsyncIterable<Row>) {
      row(target, r);
      if (target.stopped) break;
    }
  } finally {
    input.destroy();
  }
}

/** Parse CSV text already in memory into `target`. Throws csv-parse's fatal errors. */
export function readCsvText(text: string, target: RowTarget): void {
  const rows = parseSync(text, { ...OPTIONS, on_skip: onSkip(target) }) as unknown as Row[];
  for (const r of rows) row(target, r);
}
