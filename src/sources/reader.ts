// Reads input files (the I/O side of src/sources): finds how records are packed (container), which format they
// are (each format's pure sniff(), by content only), and feeds every record through the format's parse().
// NDJSON is streamed line by line from Buffers (files may be GBs); JSON documents are read whole; CSV is streamed
// through csv-parse (./csv.ts). A record a format rejects is counted and kept (capped) in the summary, and the read
// goes on; a file that cannot be read at all (truncated JSON, unknown format) is an InputError naming file and offset.
// Every record ends up accepted, ignored (valid but not about a person, or only repeating event ids the sink has
// already seen) or rejected: accepted + ignored + rejected = records.
// A gzip-compressed file (magic bytes 1f 8b, whatever its name) is unpacked on the fly (node:zlib), so offsets and
// lines are those of the unpacked text. Binary data is refused by its first bytes, and no message ever echoes more
// than a short escaped excerpt of a file's content (./excerpt.ts).
// Resume documents are the one binary input: a PDF ("%PDF-") or a DOCX (a ZIP whose central directory holds
// word/document.xml) is read to text (./resume-document/extract.ts) and given to the resume-document format as one
// record; an encrypted, broken or oversized document is an InputError saying so.
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { constants as bufferConstants } from 'node:buffer';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { CandidateRecord } from '../core/candidate.ts';
import type { DirectoryEntry, InputSummary, NormalizedEvent, Origin, RejectedRecord } from '../core/model.ts';
import { formatById, formats } from './index.ts';
import { readCsvStream, readCsvText } from './csv.ts';
import { binaryKind, bytesExcerpt, excerpt, printable } from './excerpt.ts';
import { describeIndex, jsonErrorIndex } from './json-error.ts';
import { splitJson } from './json-split.ts';
import type { Container, SourceFormat } from './types.ts';
import { normalizeIp } from './common/ip.ts';
import { hasLongString, lastItemHadLongString, MAX_FIELD_CHARS, oversizedField, sanitizeItem, safeText } from './sanitize.ts';
import { implausibleHire, implausibleTime } from './timestamps.ts';
import { DocumentError, MAX_DOCUMENT_BYTES, documentKind, documentText, type DocumentKind } from './resume-document/extract.ts';
import { resumeDocument, type DocumentRecord } from './resume-document/format.ts';
import { isZip } from './resume-document/zip.ts';

export interface Sink {
  /**
   * One event. Return `false` when its id was seen before in this scan or batch (the pipeline's seen-set decides):
   * the record is then counted as a duplicate. Any other return value counts the event as new.
   */
  event(ev: NormalizedEvent, record: number): unknown;
  directory(entry: DirectoryEntry): void;
  /** Candidate records (vetting formats). A sink without it makes such a file an InputError naming the format. */
  candidate?(record: CandidateRecord): void;
  /**
   * Optional: told of every ignored record with its reason and its 1-based record number in the file (the number
   * events are also given with), so that a reader in another thread can have its duplicate counts fixed up exactly
   * where the sink's answers are known (src/app/read-pool.ts).
   */
  ignored?(reason: string, record: number): void;
}

/** Reason of a candidate record read by `scan` (a sink without candidate()). */
export const VETTING_INPUT = "vetting input: read it with 'sleetwatch vet'";
/** Reason of a record whose every event repeats an event id already read. */
export const DUPLICATE = 'duplicate event id';
/** Distinct ignore reasons kept per input; further ones are counted under OTHER_REASONS. */
export const MAX_REASONS = 50;
export const OTHER_REASONS = '(other reasons)';

export interface ReadOptions {
  /** Format id to use instead of detecting it (see `formats` in src/sources/index.ts). */
  format?: string;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export class InputError extends Error {
  constructor(
    message: string,
    public file: string,
    public offset?: number,
    public tried?: string[],
  ) {
    super(`${file}: ${printable(message)}`);
    this.name = 'InputError';
  }
}

/** Records looked at before giving up on detecting the format. */
const SNIFF_RECORDS = 5;
/** Rejected records kept per file; more are counted, not kept. */
export const MAX_ERRORS = 10_000;
const RAW_CHARS = 500;
/**
 * Largest record the reader accepts on one NDJSON line (16 MB; real records are 1-20 KB): a longer line is rejected as
 * "record too large" with its line number and the first characters of it, and is never held whole in memory.
 */
export const MAX_RECORD_BYTES = 16 << 20;
/** Nesting depth reported as the cause when a record breaks its format's parser (real records nest < 10 levels). */
const MAX_NESTING = 1000;

const isoOrNumber = (t: number): string => {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? String(t) : d.toISOString();
};
const CHUNK = 1 << 20;
/** Arrays that make an object a page of records: Graph, Azure Monitor, SCIM ListResponse, Google Reports. */
const PAGE_KEYS = ['value', 'records', 'Resources', 'items', 'Results', 'results'];
/** Summary.format of an input that holds no record at all. */
export const NO_RECORDS = 'none';

type Pending = { v: unknown; line: number | undefined; index: number | undefined; raw: string | undefined };

/** Counts, keeps rejections, decides the format from the first records and feeds the rest to it. */
class Collector {
  readonly summary: InputSummary;
  container: Container = 'json-object';
  /** Set in sniff-only mode once the format is known: the readers stop. */
  stopped = false;
  /**
   * True while the records come from JSON text holding no \u, \b or \f escape: their strings can hold no control
   * character or lone surrogate, so the gate only checks lengths (see hasLongString).
   */
  escapeFree = false;
  private fmt: SourceFormat | undefined;
  /** False when the sink says the event repeats an id it has seen. */
  private emit: (item: NormalizedEvent | DirectoryEntry | CandidateRecord) => unknown = () => true;
  private reasons = 0;
  /** The reading time: event times more than a day after it are implausible. */
  private readonly now = Date.now();
  private pending: Pending[] = [];
  private overflow = 0;
  /** Set when every record is ignored with this reason (candidate files read without a candidate sink). */
  private notHere: string | undefined;

  constructor(
    private readonly file: string,
    private readonly sink: Sink | undefined,
    forced: SourceFormat | undefined,
    private readonly sniffOnly = false,
  ) {
    this.summary = { path: file, format: NO_RECORDS, records: 0, accepted: 0, ignored: 0, ignoredReasons: {}, rejected: 0, errors: [] };
    if (forced) this.decide(forced);
  }

  get format(): SourceFormat | undefined {
    return this.fmt;
  }

  /** One record as read from the container (a parsed JSON value or a CSV row object). */
  rec(v: unknown, line: number | undefined, index: number | undefined, raw: string | undefined): void {
    const f = this.fmt;
    if (f === undefined) return this.undecided(v, line, index, raw);
    this.summary.records++;
    if (this.notHere !== undefined) return this.ignore(this.notHere);
    const origin: Origin = { file: this.file, line, index };
    let out: ReturnType<SourceFormat['parse']>;
    try {
      out = f.parse(v, origin);
    } catch (e) {
      // A format's parse is pure and total by contract; a record that still breaks it (nested thousands deep past
      // the stack, or a bug) is rejected with its position instead of making the whole file unreadable.
      return this.keep(line, index, '(record)', unparseable(v, e), raw ?? stringify(v));
    }
    if (out.ok === true) {
      const items = out.items;
      const bad = this.guard(items, f.produces === 'events');
      if (bad !== undefined) return this.keep(line, index, bad.field, bad.message, raw ?? stringify(v));
      let fresh = items.length === 0; // a valid record with nothing to emit is still accepted
      for (let i = 0; i < items.length; i++) if (this.emit(items[i]) !== false) fresh = true;
      if (fresh) this.summary.accepted++;
      else this.ignore(DUPLICATE);
    } else if (out.ok === false) {
      // rejections are rare: worth saying when the record is also absurdly deep (its raw text cannot be printed)
      const deep = raw === undefined && depthOf(v, MAX_NESTING) >= MAX_NESTING ? ` (record nested more than ${MAX_NESTING} levels deep)` : '';
      this.keep(line, index, out.field, out.message + deep, raw ?? stringify(v));
    }
    else this.ignore(out.reason);
  }

  /**
   * The last gate before the sink, whatever the format: every string is made storage- and message-safe (./sanitize.ts),
   * and an event whose IP is not a normalised address or whose time is implausible is refused (each format already
   * checks its own fields by name; this keeps a format that forgets from letting such a value through).
   */
  private guard(items: (NormalizedEvent | DirectoryEntry | CandidateRecord)[], events: boolean): { field: string; message: string } | undefined {
    for (let i = 0; i < items.length; i++) {
      const long = this.escapeFree ? hasLongString(items[i]) : (sanitizeItem(items[i]), lastItemHadLongString());
      if (long) {
        const field = oversizedField(items[i]) ?? '(record)';
        return { field, message: `value too long: more than ${MAX_FIELD_CHARS.toLocaleString('en-US')} characters (real fields are under 2 KB)` };
      }
      if ((items[i] as CandidateRecord).key !== undefined && (items[i] as NormalizedEvent).kind === undefined) continue;
      if (!events) {
        const created = (items[i] as DirectoryEntry).created;
        const why = created === undefined ? undefined : implausibleHire(created, this.now);
        if (why !== undefined) return { field: 'created', message: `not a plausible account-creation or hire date: ${isoOrNumber(created!)} is ${why}` };
        continue;
      }
      const ev = items[i] as NormalizedEvent;
      if (ev.ip !== undefined && normalizeIp(ev.ip) !== ev.ip) return { field: 'ip', message: `not a normalised IP address: ${excerpt(ev.ip, 60)}` };
      const why = implausibleTime(ev.time, this.now);
      if (why !== undefined) return { field: 'time', message: `not a plausible event time: ${ev.time} is ${why}` };
    }
    return undefined;
  }

  private ignore(reason: string): void {
    this.sink?.ignored?.(reason, this.summary.records);
    this.summary.ignored++;
    const r = this.summary.ignoredReasons;
    if (Object.hasOwn(r, reason)) r[reason]++;
    else if (this.reasons < MAX_REASONS) {
      r[reason] = 1;
      this.reasons++;
    } else r[OTHER_REASONS] = (r[OTHER_REASONS] ?? 0) + 1;
  }

  /** A record the container itself could not yield (a line that is not JSON, a malformed CSV row). */
  reject(line: number | undefined, index: number | undefined, field: string, message: string, raw: string): void {
    this.summary.records++;
    this.keep(line, index, field, message, raw);
  }

  private keep(line: number | undefined, index: number | undefined, field: string, message: string, raw: string): void {
    this.summary.rejected++;
    if (this.summary.errors.length >= MAX_ERRORS) {
      this.overflow++;
      return;
    }
    const e: RejectedRecord = {
      field: safeText(field),
      message: safeText(printable(message)),
      raw: safeText(raw.length > RAW_CHARS ? raw.slice(0, RAW_CHARS) : raw),
    };
    if (line !== undefined) e.line = line;
    if (index !== undefined) e.index = index;
    this.summary.errors.push(e);
  }

  private undecided(v: unknown, line: number | undefined, index: number | undefined, raw: string | undefined): void {
    this.pending.push({ v, line, index, raw });
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const f of formats) {
        let hit = false;
        try {
          hit = f.sniff(v, this.container);
        } catch {
          hit = false;
        }
        if (hit) return this.decide(f);
      }
    }
    if (this.pending.length >= SNIFF_RECORDS) this.unknown();
  }

  private decide(f: SourceFormat): void {
    this.fmt = f;
    this.summary.format = f.id;
    const sink = this.sink;
    if (sink) {
      // Candidates in a monitoring read (`scan` of a folder that also holds the applicant pool): each record is a valid
      // record that is not for this reader, ignored with the reason, never an unreadable input.
      if (f.produces === 'candidates' && !sink.candidate) this.notHere = VETTING_INPUT;
      this.emit =
        f.produces === 'events'
          ? (x) => sink.event(x as NormalizedEvent, this.summary.records)
          : f.produces === 'candidates'
            ? (x) => {
                sink.candidate!(x as CandidateRecord);
                return true;
              }
            : (x) => {
                sink.directory(x as DirectoryEntry);
                return true;
              };
    }
    if (this.sniffOnly) {
      this.stopped = true;
      return;
    }
    const pending = this.pending;
    this.pending = [];
    for (const p of pending) this.rec(p.v, p.line, p.index, p.raw);
  }

  private unknown(): never {
    const first = this.pending.find((p) => p.v !== null && typeof p.v === 'object' && !Array.isArray(p.v))?.v;
    const hint = first
      ? `; first record's keys: ${excerpt(Object.keys(first).slice(0, 12).map((k) => excerpt(k, 40)).join(', '), 300)}`
      : `; first record is ${describe(this.pending[0]?.v)}`;
    const tried = formats.map((f) => f.id);
    throw new InputError(
      `unknown format (${this.container}): no format recognises the first ${this.pending.length} record(s) (formats tried: ${tried.join(', ')})${hint}`,
      this.file,
      undefined,
      tried,
    );
  }

  finish(): InputSummary {
    if (!this.fmt) {
      if (this.pending.length > 0) this.unknown();
      if (this.summary.rejected > 0) {
        const e = this.summary.errors[0];
        throw new InputError(`no record could be read (${this.summary.rejected} rejected); first: ${where(e)}${e.message}`, this.file);
      }
    }
    const errors = this.summary.errors;
    errors.sort((a, b) => (a.line ?? a.index ?? 0) - (b.line ?? b.index ?? 0));
    if (this.overflow > 0)
      errors.push({ field: '(errors)', message: `${this.overflow} more rejected records not listed (only the first ${MAX_ERRORS} are kept)` });
    return this.summary;
  }
}

const where = (e: RejectedRecord): string => (e.line !== undefined ? `line ${e.line}: ` : e.index !== undefined ? `index ${e.index}: ` : '');

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

function stringify(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    try {
      return String(v);
    } catch {
      return `(${describe(v)} too deeply nested to print)`;
    }
  }
}

/** Nesting depth of a JSON value, counted without recursion, up to `limit`. */
function depthOf(v: unknown, limit: number): number {
  let level: unknown[] = [v];
  let depth = 0;
  while (level.length > 0 && depth <= limit) {
    const next: unknown[] = [];
    for (const x of level) {
      if (x === null || typeof x !== 'object') continue;
      for (const c of Array.isArray(x) ? x : Object.values(x as object)) if (c !== null && typeof c === 'object') next.push(c);
    }
    if (next.length === 0) break;
    level = next;
    depth++;
  }
  return depth;
}

/** Why a record made its format's parse throw. */
function unparseable(v: unknown, e: unknown): string {
  const deep = depthOf(v, MAX_NESTING);
  if (deep >= MAX_NESTING) return `record nested more than ${MAX_NESTING} levels deep: not processed`;
  return `record could not be processed: ${e instanceof Error ? e.message : String(e)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// NDJSON: Buffer chunks → lines (memchr via indexOf) → JSON.parse. Byte offsets are exact, lines are 1-based.

class NdjsonScanner {
  /**
   * The start of a line that continues in a later chunk: its pieces, concatenated once when its newline arrives, so
   * assembling a long line is linear in its length (it was one copy per chunk: a 200 MB line took 37 s).
   */
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private carryOffset = 0;
  /** Bytes of a line over MAX_RECORD_BYTES, dropped since it went over (its head is kept in `carry`). */
  private dropped = 0;
  private consumed: number;
  private lineNo = 0;
  /** Array key when every line is a page of records; null when lines are records; undefined until known. */
  private pageKey: string | null | undefined;

  constructor(
    private readonly col: Collector,
    baseOffset = 0,
  ) {
    this.consumed = baseOffset;
  }

  push(chunk: Buffer): void {
    const col = this.col;
    const chunkOffset = this.consumed;
    this.consumed += chunk.length;
    let start = 0;
    if (this.carryBytes > 0) {
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        this.append(chunk);
        return;
      }
      this.append(chunk.subarray(0, nl));
      this.flushCarry();
      start = nl + 1;
    }
    let nl: number;
    while (!col.stopped && (nl = chunk.indexOf(10, start)) !== -1) {
      this.line(chunk, start, nl, chunkOffset + start);
      start = nl + 1;
    }
    if (start < chunk.length && !col.stopped) {
      this.carryOffset = chunkOffset + start;
      this.append(chunk.subarray(start));
    }
  }

  end(): void {
    if (this.carryBytes > 0 && !this.col.stopped) this.flushCarry();
  }

  /** Keep a piece of an unfinished line; past MAX_RECORD_BYTES only count it. */
  private append(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.dropped > 0 || this.carryBytes + piece.length > MAX_RECORD_BYTES) {
      if (this.dropped === 0 && this.carryBytes < RAW_CHARS * 4) {
        // keep enough of the line's head to quote it
        const keep = piece.subarray(0, RAW_CHARS * 4 - this.carryBytes);
        this.carry.push(Buffer.from(keep));
        this.carryBytes += keep.length;
        this.dropped += piece.length - keep.length;
      } else this.dropped += piece.length;
      return;
    }
    this.carry.push(piece);
    this.carryBytes += piece.length;
  }

  private flushCarry(): void {
    const parts = this.carry;
    const bytes = this.carryBytes;
    const dropped = this.dropped;
    this.carry = [];
    this.carryBytes = 0;
    this.dropped = 0;
    const buf = parts.length === 1 ? parts[0] : Buffer.concat(parts, bytes);
    if (dropped > 0) this.tooLarge(buf, bytes + dropped);
    else this.line(buf, 0, buf.length, this.carryOffset);
  }

  private tooLarge(head: Buffer, size: number): void {
    const n = ++this.lineNo;
    const mb = (x: number) => `${(x / (1 << 20)).toFixed(1)} MB`;
    this.col.reject(
      n,
      undefined,
      '(record)',
      `record too large: ${mb(size)} on one line (at most ${mb(MAX_RECORD_BYTES)} per record; split it or export one record per line)`,
      head.toString('utf8', 0, Math.min(head.length, RAW_CHARS)),
    );
  }

  private line(buf: Buffer, s: number, e: number, offset: number): void {
    if (e - s > MAX_RECORD_BYTES) return this.tooLarge(buf.subarray(s, s + RAW_CHARS * 4), e - s);
    const n = ++this.lineNo;
    if (e > s && buf[e - 1] === 13) e--;
    if (e === s) return;
    const text = buf.toString('utf8', s, e);
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (err) {
      if (text.trim() === '') return;
      const at = describeIndex(text, jsonErrorIndex(text, err));
      const msg = err instanceof Error ? err.message : String(err);
      this.col.reject(n, undefined, '(json)', `not valid JSON at byte offset ${offset + at.byteOffset} (column ${at.column}): ${msg}`, text);
      return;
    }
    // Saved API pages, one per line (a Graph page, {"records":[...]}...): decided by the first object line.
    if (this.pageKey === undefined && v !== null && typeof v === 'object' && !Array.isArray(v)) this.pageKey = findPageKey(v as Record<string, unknown>) ?? null;
    const arr = this.pageKey ? (v as Record<string, unknown> | null)?.[this.pageKey] : undefined;
    if (Array.isArray(arr)) for (let i = 0; i < arr.length; i++) this.col.rec(arr[i], n, i, undefined);
    else this.col.rec(v, n, undefined, text);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Whole JSON documents: an array, a page object, or one record.

function findPageKey(doc: Record<string, unknown>): string | undefined {
  for (const k of PAGE_KEYS) if (Array.isArray(doc[k])) return k;
  return undefined;
}

function readJsonDocument(text: string, col: Collector, file: string, bomBytes: number): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const idx = jsonErrorIndex(text, err);
    const at = describeIndex(text, idx);
    const offset = bomBytes + at.byteOffset;
    const what = idx >= text.length ? 'JSON ends early (truncated?)' : 'not valid JSON';
    const msg = err instanceof Error ? err.message : String(err);
    throw new InputError(`${what} at byte offset ${offset} (line ${at.line}, column ${at.column}): ${msg}`, file, offset);
  }
  col.escapeFree = !text.includes('\\u') && !text.includes('\\b') && !text.includes('\\f');
  if (Array.isArray(doc)) {
    col.container = 'json-array';
    for (let i = 0; i < doc.length && !col.stopped; i++) col.rec(doc[i], undefined, i, undefined);
  } else if (doc !== null && typeof doc === 'object') {
    const key = findPageKey(doc as Record<string, unknown>);
    if (key !== undefined) {
      col.container = 'json-page';
      const arr = (doc as Record<string, unknown[]>)[key];
      for (let i = 0; i < arr.length && !col.stopped; i++) col.rec(arr[i], undefined, i, undefined);
    } else {
      col.container = 'json-object';
      col.rec(doc, undefined, undefined, undefined);
    }
  } else {
    throw new InputError(`a JSON input must be an array or an object, not ${describe(doc)}`, file, bomBytes);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Container detection by content: first non-space byte, then structure.

type Kind = 'empty' | 'json' | 'ndjson' | 'csv';

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Kind of a text from its first bytes: `head` holds the start (after any BOM); `complete` when it is everything. */
function classify(head: Buffer, complete: boolean): Kind | 'more' {
  let i = 0;
  while (i < head.length && isWs(head[i])) i++;
  if (i >= head.length) return complete ? 'empty' : 'more';
  const c = head[i];
  if (c === 0x5b) return 'json'; // [
  if (c !== 0x7b) return 'csv'; // not {
  // '{': one object per line (NDJSON), or one JSON document (maybe pretty-printed over many lines).
  const nl = head.indexOf(10, i);
  if (nl === -1) return complete ? 'json' : 'more';
  let e = nl;
  while (e > i && isWs(head[e - 1])) e--;
  let j = nl + 1;
  while (j < head.length && isWs(head[j])) j++;
  if (j >= head.length) return complete ? 'json' : 'more';
  return e - i > 1 && head[e - 1] === 0x7d && head[j] === 0x7b ? 'ndjson' : 'json';
}

const HEAD_LIMIT = 64 << 20;
/** Plain files up to this size are read in one call; larger ones are streamed (NDJSON and CSV of any size). */
const WHOLE_LIMIT = 4 << 20;
/** Bytes looked at to tell binary data from text. */
const BINARY_PROBE = 8192;

/**
 * A local file's first `max` bytes (all of it when smaller) in one synchronous read. Input files are local and
 * mostly in the page cache: a blocking read costs less than the thread-pool round trips of fs/promises, which left
 * the main thread idle for a third of a scan of many API pages.
 */
function readStart(path: string, max: number, spare?: Buffer): { buf: Buffer; size: number } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const want = Math.min(size, max);
    const buf = spare && spare.length >= want ? spare.subarray(0, want) : Buffer.allocUnsafe(want);
    let n = 0;
    while (n < want) {
      const r = readSync(fd, buf, n, want - n, n);
      if (r === 0) break;
      n += r;
    }
    return { buf: n < want ? buf.subarray(0, n) : buf, size };
  } finally {
    closeSync(fd);
  }
}

/**
 * One reusable buffer for whole page-sized files: reading 150 API pages into fresh buffers cost more in page faults
 * than the reads. A read takes it (so two reads in flight never share it) and gives it back once decoded.
 */
let spareBuffer: Buffer | undefined = undefined;
function takeSpare(): Buffer | undefined {
  const b = spareBuffer;
  spareBuffer = undefined;
  return b;
}
function giveBack(buf: Buffer): void {
  const whole = Buffer.from(buf.buffer, 0, buf.buffer.byteLength);
  if (!spareBuffer || spareBuffer.length < whole.length) spareBuffer = whole;
}

/** gzip's magic bytes 1f 8b (the file name does not matter). */
function isGzip(path: string): boolean {
  const { buf } = readStart(path, 2);
  return buf.length === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

interface Content {
  /** The file's bytes, unpacked when it is gzip. */
  stream: Readable;
  /** Bytes of the file (compressed, when gzip) read so far: for progress against the file's size. */
  fileBytes(): number;
  close(): void;
}

/** Stream a file's content; gzip is unpacked on the fly (a concatenation of gzip members too). */
function openContent(path: string, gzip: boolean, end?: number): Content {
  const raw = createReadStream(path, { highWaterMark: CHUNK, end: gzip ? undefined : end });
  if (!gzip) return { stream: raw, fileBytes: () => raw.bytesRead, close: () => raw.destroy() };
  const gz = createGunzip({ chunkSize: 256 << 10 });
  raw.on('error', (e) => gz.destroy(e));
  raw.pipe(gz);
  return {
    stream: gz,
    fileBytes: () => raw.bytesRead,
    close: () => {
      raw.destroy();
      gz.destroy();
    },
  };
}

/** zlib's errors (Z_DATA_ERROR, Z_BUF_ERROR "unexpected end of file") as an InputError; others unchanged. */
function gzipError(e: unknown, file: string): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('Z_'))
    return new InputError(`gzip data is damaged or truncated (${(e as Error).message})`, file);
  return e;
}

/** The first bytes of a file's content (unpacked when gzip), for cheap guesses before the real read. */
export async function readHead(path: string, bytes = 65_536): Promise<Buffer> {
  const start = readStart(path, bytes);
  if (!(start.buf.length >= 2 && start.buf[0] === 0x1f && start.buf[1] === 0x8b)) return start.buf;
  const c = openContent(path, true, bytes - 1);
  const parts: Buffer[] = [];
  let n = 0;
  try {
    for await (const chunk of c.stream as AsyncIterable<Buffer>) {
      parts.push(chunk);
      n += chunk.length;
      if (n >= bytes) break;
    }
  } catch {
    // damaged gzip: the real read reports it
  } finally {
    c.close();
  }
  return Buffer.concat(parts).subarray(0, bytes);
}

/**
 * The container of a file's content, from its start. Chunks are kept in a list and joined only when a decision is
 * possible (the binary probe is full, a line ended, or the content ended), so a one-line document costs one copy,
 * not one per chunk. When the whole content was read to decide (a one-line JSON document), it is returned as
 * `whole`, and the caller parses it without reading the file again.
 */
async function sniffContainer(path: string, gzip: boolean, total: number): Promise<{ kind: Kind; bomBytes: number; whole?: Buffer; spare?: boolean }> {
  if (!gzip && total <= WHOLE_LIMIT) {
    // A plain page-sized file: one read (a stream of 64 KB chunks costs more than the parsing on API pages).
    let buf: Buffer;
    try {
      const spare = takeSpare();
      buf = readStart(path, Number.MAX_SAFE_INTEGER, spare && spare.length >= total ? spare : Buffer.allocUnsafeSlow(Math.max(total, 1))).buf;
    } catch (e) {
      throw new InputError(`cannot read: ${ioReason(e)}`, path);
    }
    const binary = binaryKind(buf);
    if (binary) throw new InputError(`not a text export: ${binary}; it starts with ${bytesExcerpt(buf)}`, path);
    const bomBytes = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    return { kind: classify(buf.subarray(bomBytes), true) as Kind, bomBytes, whole: buf, spare: true };
  }
  const c = openContent(path, gzip);
  const parts: Buffer[] = [];
  let n = 0;
  let probed = false;
  const decide = (complete: boolean): { kind: Kind; bomBytes: number; whole?: Buffer } | undefined => {
    const head = parts.length === 1 ? parts[0] : Buffer.concat(parts, n);
    parts.length = 0;
    parts.push(head);
    if (!probed) {
      if (head.length < BINARY_PROBE && !complete) return undefined;
      probed = true;
      const binary = binaryKind(head);
      if (binary) throw new InputError(`not a text export: ${binary}${gzip ? ' (inside gzip)' : ''}; it starts with ${bytesExcerpt(head)}`, path);
    }
    const bomBytes = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    const kind = classify(head.subarray(bomBytes), complete);
    if (kind === 'more') return undefined;
    return complete ? { kind, bomBytes, whole: head } : { kind, bomBytes };
  };
  try {
    let ended = true;
    for await (const chunk of c.stream as AsyncIterable<Buffer>) {
      parts.push(chunk);
      n += chunk.length;
      if (n >= HEAD_LIMIT) {
        ended = false;
        break;
      }
      if ((!probed && n >= BINARY_PROBE) || chunk.indexOf(10) >= 0) {
        const r = decide(false);
        if (r) return r;
      }
    }
    const r = decide(true)!;
    return ended ? r : { kind: r.kind, bomBytes: r.bomBytes }; // past the limit: not the whole content
  } catch (e) {
    throw gzipError(e, path);
  } finally {
    c.close();
  }
}

/** A whole document's bytes (unpacked when gzip); too large for one buffer is an InputError that says what to do. */
async function readWholeBuffer(path: string, gzip: boolean, total: number): Promise<Buffer> {
  const tooLarge = (size: string) =>
    new InputError(`a JSON document of ${size} is too large to read whole; export it as NDJSON (one record per line)`, path);
  try {
    if (!gzip) {
      if (total > bufferConstants.MAX_LENGTH) throw tooLarge(`${total} bytes`);
      return readStart(path, bufferConstants.MAX_LENGTH).buf;
    }
    const c = openContent(path, true);
    const parts: Buffer[] = [];
    let n = 0;
    try {
      for await (const chunk of c.stream as AsyncIterable<Buffer>) {
        parts.push(chunk);
        n += chunk.length;
        if (n > bufferConstants.MAX_LENGTH) throw tooLarge(`more than ${bufferConstants.MAX_LENGTH} bytes unpacked`);
      }
    } finally {
      c.close();
    }
    return Buffer.concat(parts, n);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_FS_FILE_TOO_LARGE' || e instanceof RangeError) throw tooLarge(`${total} bytes`);
    throw gzipError(e, path);
  }
}

/**
 * A JSON document's records, each decoded and parsed from its own bytes (./json-split.ts) and handed on at once. A
 * record that is not valid JSON is rejected like a broken NDJSON line (byte offset, line, column) and the rest is
 * read. A document whose outer structure is broken (truncated, a missing comma between records, text after the end)
 * is unreadable as a whole: it is parsed whole for the exact message or, past the engine's string limit, named by
 * the byte offset where the split found it broken.
 */
function readJsonBuffer(buf: Buffer, bomBytes: number, col: Collector, file: string): void {
  const end = buf.length;
  const layout = splitJson(buf, bomBytes, end, PAGE_KEYS);
  let bad: number | undefined = 'bad' in layout ? layout.bad : undefined;
  if (!('bad' in layout) && layout.container !== 'json-object') {
    for (let k = 0; k < layout.other.length && bad === undefined; k += 2) {
      try {
        JSON.parse(buf.toString('utf8', layout.other[k], layout.other[k + 1]));
      } catch {
        bad = layout.other[k];
      }
    }
  }
  if (bad !== undefined || 'bad' in layout || layout.container === 'json-object') {
    if (end - bomBytes > bufferConstants.MAX_STRING_LENGTH) {
      const at = bad ?? bomBytes;
      throw new InputError(`not valid JSON near byte offset ${at} (the document is too large to say more: export it as NDJSON)`, file, at);
    }
    return readJsonDocument(buf.toString('utf8', bomBytes), col, file, bomBytes);
  }
  col.escapeFree = buf.indexOf('\\u', bomBytes) < 0 && buf.indexOf('\\b', bomBytes) < 0 && buf.indexOf('\\f', bomBytes) < 0;
  col.container = layout.container;
  const spans = layout.spans;
  // line numbers for messages, counted forward from the last rejected record
  let lineAt = bomBytes;
  let line = 1;
  let lineStart = bomBytes;
  for (let k = 0; k < spans.length && !col.stopped; k += 2) {
    const text = buf.toString('utf8', spans[k], spans[k + 1]);
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (err) {
      const at = describeIndex(text, jsonErrorIndex(text, err));
      const offset = spans[k] + at.byteOffset;
      for (let nl = buf.indexOf(10, lineAt); nl >= 0 && nl < offset; nl = buf.indexOf(10, nl + 1)) {
        line++;
        lineStart = nl + 1;
      }
      lineAt = offset;
      const column = buf.toString('utf8', lineStart, offset).length + 1;
      const msg = err instanceof Error ? err.message : String(err);
      col.reject(undefined, k / 2, '(json)', `not valid JSON at byte offset ${offset} (line ${line}, column ${column}): ${msg}`, text);
      continue;
    }
    col.rec(v, undefined, k / 2, undefined);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Public API

function forcedFormat(id: string | undefined, file: string): SourceFormat | undefined {
  if (id === undefined) return undefined;
  const f = formatById(id);
  if (!f) {
    const ids = formats.map((x) => x.id);
    throw new InputError(`unknown format '${id}' (known: ${ids.join(', ')})`, file, undefined, ids);
  }
  return f;
}

/** "ENOENT (no such file or folder)" */
function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const words: Record<string, string> = { ENOENT: 'no such file or folder', EACCES: 'permission denied', EISDIR: 'a folder' };
  return code ? `${code}${words[code] ? ` (${words[code]})` : ''}` : (e as Error).message;
}

async function fileSize(path: string): Promise<number> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    throw new InputError(`cannot read: ${ioReason(e)}`, path);
  }
  if (!st.isFile()) throw new InputError('not a file', path);
  return st.size;
}

/** Files under the given files and folders: recursive, sorted, without dotfiles or dot-folders inside folders. */
export async function listInputFiles(paths: string[]): Promise<string[]> {
  const out = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const d of entries) {
      if (d.name.startsWith('.')) continue;
      const p = join(dir, d.name);
      if (d.isDirectory()) await walk(p);
      else if (d.isFile()) out.add(p);
      else if (d.isSymbolicLink()) {
        const st = await stat(p).catch(() => undefined);
        if (st?.isFile()) out.add(p);
      }
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch (e) {
      throw new InputError(`cannot read: ${ioReason(e)}`, p);
    }
    if (st.isDirectory()) await walk(p);
    else out.add(p);
  }
  return [...out].sort();
}

async function readFileInto(path: string, col: Collector, total: number, onProgress: ReadOptions['onProgress']): Promise<void> {
  const gzip = isGzip(path);
  const { kind, bomBytes, whole, spare } = await sniffContainer(path, gzip, total);
  if (kind === 'empty') {
    onProgress?.(total, total);
    return;
  }
  if (kind === 'ndjson') {
    col.container = 'ndjson';
    const scanner = new NdjsonScanner(col, bomBytes);
    if (whole) {
      scanner.push(whole.subarray(bomBytes));
      scanner.end();
      if (spare) giveBack(whole);
      onProgress?.(total, total);
      return;
    }
    const c = openContent(path, gzip);
    let skip = bomBytes;
    try {
      for await (let chunk of c.stream as AsyncIterable<Buffer>) {
        if (skip > 0) {
          const n = Math.min(skip, chunk.length);
          chunk = chunk.subarray(n);
          skip -= n;
        }
        scanner.push(chunk);
        onProgress?.(c.fileBytes(), total);
        if (col.stopped) break;
      }
      scanner.end();
    } catch (e) {
      throw gzipError(e, path);
    } finally {
      c.close();
    }
    return;
  }
  if (kind === 'json') {
    const buf = whole ?? (await readWholeBuffer(path, gzip, total));
    onProgress?.(total, total);
    try {
      readJsonBuffer(buf, bomBytes, col, path);
    } finally {
      if (whole && spare) giveBack(whole);
    }
    return;
  }
  col.container = 'csv';
  const c = openContent(path, gzip);
  try {
    await readCsvStream(c.stream, col, () => onProgress?.(c.fileBytes(), total));
  } catch (e) {
    throw csvInputError(gzipError(e, path), path);
  } finally {
    c.close();
  }
}

function csvInputError(e: unknown, file: string): InputError {
  if (e instanceof InputError) return e;
  const err = e as { message?: string; lines?: number };
  return new InputError(`CSV cannot be read${err.lines !== undefined ? ` at line ${err.lines}` : ''}: ${err.message ?? String(e)}`, file);
}

const DOCUMENT_NAMES: Record<DocumentKind, string> = { pdf: 'a PDF document', docx: 'a DOCX document' };

/** A PDF or DOCX resume, recognised by its bytes: its kind and content; undefined for any other file. */
function resumeDocumentOf(path: string, total: number): { kind: DocumentKind; buf: Buffer } | undefined {
  let head: Buffer;
  try {
    head = readStart(path, 8).buf;
  } catch (e) {
    throw new InputError(`cannot read: ${ioReason(e)}`, path);
  }
  const pdf = head.length >= 5 && head.toString('latin1', 0, 5) === '%PDF-';
  if (!pdf && !isZip(head)) return undefined;
  if (total > MAX_DOCUMENT_BYTES) {
    if (!pdf) return undefined; // a large ZIP: refused as binary data below
    throw new InputError(`a PDF document of ${(total / (1 << 20)).toFixed(1)} MB: larger than any resume (at most ${MAX_DOCUMENT_BYTES >> 20} MB)`, path);
  }
  const buf = readStart(path, MAX_DOCUMENT_BYTES).buf;
  const kind = documentKind(buf);
  return kind === 'pdf' || kind === 'docx' ? { kind, buf } : undefined;
}

/** One resume document → its text → one record of the resume-document format (accepted or rejected). */
async function readResumeDocument(path: string, doc: { kind: DocumentKind; buf: Buffer }, sink: Sink): Promise<InputSummary> {
  const col = new Collector(path, sink, resumeDocument);
  if (!sink.candidate) {
    // a monitoring read: the resume is one record ignored as vetting input, without reading it to text
    col.rec({}, undefined, 0, undefined);
    return col.finish();
  }
  let text: string;
  try {
    text = (await documentText(doc.buf, doc.kind)).text;
  } catch (e) {
    if (e instanceof DocumentError) throw new InputError(`${DOCUMENT_NAMES[doc.kind]} that cannot be read: ${e.message}`, path);
    throw e;
  }
  const record: DocumentRecord = { documentKind: doc.kind, documentText: text };
  col.rec(record, undefined, undefined, text.slice(0, RAW_CHARS));
  return col.finish();
}

/** Container and format of a file, from its content (reads only as much as it needs, except whole JSON documents). */
export async function sniffFile(path: string): Promise<{ format: SourceFormat; container: Container }> {
  const total = await fileSize(path);
  if (resumeDocumentOf(path, total)) return { format: resumeDocument, container: 'json-object' };
  const col = new Collector(path, undefined, undefined, true);
  await readFileInto(path, col, total, undefined);
  col.finish();
  const format = col.format;
  if (!format) {
    const tried = formats.map((f) => f.id);
    throw new InputError(`no records to detect a format from (formats tried: ${tried.join(', ')})`, path, undefined, tried);
  }
  return { format, container: col.container };
}

/** Read one file: every record through its format into the sink. Rejected records are counted and listed. */
export async function readInputFile(path: string, sink: Sink, opts: ReadOptions = {}): Promise<InputSummary> {
  const forced = forcedFormat(opts.format, path);
  const total = await fileSize(path);
  const doc = resumeDocumentOf(path, total);
  if (doc) {
    const s = await readResumeDocument(path, doc, sink);
    opts.onProgress?.(total, total);
    return s;
  }
  const col = new Collector(path, sink, forced);
  await readFileInto(path, col, total, opts.onProgress);
  return col.finish();
}

/** Same as readInputFile for text already in memory (an HTTP POST body); `name` stands for the file in messages. */
export function readInputText(name: string, text: string, sink: Sink, opts: ReadOptions = {}): InputSummary {
  const forced = forcedFormat(opts.format, name);
  const col = new Collector(name, sink, forced);
  const bom = text.charCodeAt(0) === 0xfeff;
  const body = bom ? text.slice(1) : text;
  const bomBytes = bom ? 3 : 0;
  const full = Buffer.from(text, 'utf8');
  const buf = full.subarray(bomBytes);
  const kind = classify(buf, true) as Kind;
  if (kind === 'ndjson') {
    col.container = 'ndjson';
    const scanner = new NdjsonScanner(col, bomBytes);
    scanner.push(buf);
    scanner.end();
  } else if (kind === 'json') {
    readJsonBuffer(full, bomBytes, col, name);
  } else if (kind === 'csv') {
    col.container = 'csv';
    try {
      readCsvText(body, col);
    } catch (e) {
      throw csvInputError(e, name);
    }
  }
  opts.onProgress?.(buf.length + bomBytes, buf.length + bomBytes);
  return col.finish();
}
