// One collector = one stream of one vendor API (Graph sign-ins, Okta System Log, Google login activities, a user
// directory...). A pass walks its pages from the checkpoint and hands each page, with the checkpoint that holds after
// it, to the sink; the sink makes both durable together. Two kinds:
// - `events`: a time window from the checkpoint's `since` minus the overlap; the pass's newest event time becomes the
//   next `since` only when the pass ends (Graph and Google list newest first, so a mid-pass checkpoint keeps the next
//   page link instead and a restart resumes there). Events seen twice are dropped by the store's event-id log.
// - `snapshot`: a full listing (users, managed devices) at most every `snapshotSeconds`.
import type { CollectorStore } from '../../store/collector-types.ts';
import { CollectorHttpError, httpRequest, jsonOf, type HttpOptions } from './http.ts';
import type { AuthProvider } from './auth.ts';
import type { Checkpoint, CollectorSink } from './sink.ts';

export interface PageOf {
  records: unknown[];
  /** The next page's URL; undefined on the last page. */
  next?: string;
}

export interface StreamDef {
  /** Collector id: `graph-signins`, `okta-logs`, `google-login`, `google-users`… */
  id: string;
  vendor: 'graph' | 'okta' | 'google';
  /** src/sources format id the records are read with. */
  format: string;
  kind: 'events' | 'snapshot';
  /**
   * `desc`: the API lists newest first (Graph, Google). A pass then holds its pages (up to maxBuffered records) and
   * commits them oldest first: events committed newest first would each be "late" for the pipeline, which rebuilds
   * a person's state from the event log for every late event.
   */
  order?: 'asc' | 'desc';
  /** The first page of a pass; `from` is the window start (ISO) of an events stream. */
  firstUrl(from: string | undefined): string;
  /** The records and next link of one answer. */
  page(body: unknown, headers: Headers, url: string): PageOf;
  /** Event time (epoch ms) of a record of an events stream. */
  timeOf?(record: unknown): number | undefined;
  auth: AuthProvider;
  /** Extra request headers (no secret). */
  headers?: Record<string, string>;
  /** Milliseconds to wait before the next request, from a successful answer's rate-limit headers (Okta). */
  pace?(headers: Headers, now: number): number;
}

export interface StreamSettings {
  overlapMs: number;
  lookbackMs: number;
  /** Seconds between two full listings of a snapshot stream. */
  snapshotSeconds: number;
  maxPages: number;
  /** Records a newest-first pass holds to commit them oldest first; beyond, it commits page by page. */
  maxBuffered: number;
  /** Records per committed part when held records are flushed. */
  pageSize: number;
  http: HttpOptions;
  now?: () => number;
}

export interface PassResult {
  id: string;
  pages: number;
  records: number;
  fresh: number;
  alreadyIngested: number;
  rejected: number;
  /** true when the pass reached the end of the stream (false: stopped at maxPages, continues next time) */
  complete: boolean;
  skipped?: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The link must stay on the API's own origin: a token is never sent elsewhere, whatever a page or checkpoint says. */
function sameOrigin(next: string, base: string, id: string): string {
  let a: URL;
  try {
    a = new URL(next);
  } catch {
    throw new Error(`${id}: the next-page link is not a URL`);
  }
  if (a.origin !== new URL(base).origin) throw new Error(`${id}: the next-page link points to ${a.origin}, not the configured ${new URL(base).origin}`);
  return a.toString();
}

/** GET one page with the stream's credentials; a 401 renews the token once. */
async function fetchPage(def: StreamDef, url: string, http: HttpOptions): Promise<{ body: unknown; headers: Headers }> {
  for (let attempt = 0; ; attempt++) {
    const auth = await def.auth.header();
    try {
      const res = await httpRequest(url, { headers: { accept: 'application/json', ...def.headers, authorization: auth } }, http);
      return { body: jsonOf(res, url), headers: res.headers };
    } catch (e) {
      if (e instanceof CollectorHttpError && e.status === 401 && attempt === 0) {
        def.auth.invalidate();
        continue;
      }
      throw e;
    }
  }
}

/** One pass of a stream from its stored checkpoint. */
export async function runPass(def: StreamDef, s: StreamSettings, store: CollectorStore, sink: CollectorSink, opts: { force?: boolean } = {}): Promise<PassResult> {
  const now = s.now ?? Date.now;
  const state = await store.get(def.id);
  const cp = (state?.checkpoint ?? {}) as Checkpoint & { syncedAt?: string };
  const result: PassResult = { id: def.id, pages: 0, records: 0, fresh: 0, alreadyIngested: 0, rejected: 0, complete: false };
  if (def.kind === 'snapshot' && !opts.force && cp.next === undefined && cp.syncedAt && now() - Date.parse(cp.syncedAt) < s.snapshotSeconds * 1000) {
    return { ...result, complete: true, skipped: 'listed recently' };
  }
  const started = now();
  const since = def.kind === 'events' ? (cp.since ?? iso(started - s.lookbackMs)) : undefined;
  let high = cp.high ? Date.parse(cp.high) : since ? Date.parse(since) : 0;
  const fresh = () => def.firstUrl(since === undefined ? undefined : iso(Date.parse(since) - s.overlapMs));
  let url = fresh();
  let resumed = false;
  if (cp.next) {
    url = sameOrigin(cp.next, url, def.id);
    resumed = true;
  }
  let wait = 0;
  // Pages held by a newest-first pass (see StreamDef.order), committed oldest first when the pass ends.
  let held: { records: unknown[]; times: (number | undefined)[] } | undefined = def.order === 'desc' && def.kind === 'events' ? { records: [], times: [] } : undefined;
  const write = async (records: unknown[], checkpoint: Checkpoint & { syncedAt?: string }, newest: number | undefined): Promise<void> => {
    const out = await sink.write({
      collector: def.id,
      page: { format: def.format, name: `collect:${def.id}/${iso(started)}#${++writes}`, records },
      checkpoint,
      newestEventAt: newest,
      fetchedAt: new Date(now()),
    });
    result.fresh += out.fresh;
    result.alreadyIngested += out.alreadyIngested;
    result.rejected += out.rejected;
  };
  let writes = 0;
  /** The held records, oldest first, in page-sized parts; only the last part carries `last` (the pass's end). */
  const flush = async (last: Checkpoint): Promise<void> => {
    const h = held!;
    const order = h.records.map((_, i) => i).sort((x, y) => (h.times[x] ?? 0) - (h.times[y] ?? 0));
    const part = Math.max(1, s.pageSize);
    if (order.length === 0) await write([], last, undefined);
    for (let i = 0; i < order.length; i += part) {
      const idx = order.slice(i, i + part);
      const newest = idx.reduce<number | undefined>((m, j) => (h.times[j] !== undefined && (m === undefined || h.times[j]! > m) ? h.times[j] : m), undefined);
      // A crash between parts leaves the window start as it was: the re-read is dropped by the event-id dedup.
      await write(idx.map((j) => h.records[j]), i + part >= order.length ? last : { since, high: iso(high) }, newest);
    }
    held = { records: [], times: [] };
  };
  while (result.pages < s.maxPages) {
    if (wait > 0) await (s.http.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms))))(wait);
    let got: { body: unknown; headers: Headers };
    try {
      got = await fetchPage(def, url, s.http);
    } catch (e) {
      // A stored next link the API no longer honours (expired skip token): restart the window; overlaps are deduplicated.
      if (resumed && e instanceof CollectorHttpError && (e.status === 400 || e.status === 404 || e.status === 410)) {
        resumed = false;
        url = fresh();
        continue;
      }
      throw e;
    }
    resumed = false;
    const page = def.page(got.body, got.headers, url);
    const next = page.next === undefined ? undefined : sameOrigin(page.next, url, def.id);
    const times = def.timeOf ? page.records.map((r) => def.timeOf!(r)) : [];
    let newest: number | undefined;
    for (const t of times) if (t !== undefined && Number.isFinite(t) && t <= now() + 86_400_000 && (newest === undefined || t > newest)) newest = t;
    if (newest !== undefined && newest > high) high = newest;
    const done = next === undefined;
    const checkpoint: Checkpoint & { syncedAt?: string } =
      def.kind === 'events' ? (done ? { since: iso(high) } : { since, next, high: iso(high) }) : done ? { syncedAt: iso(started) } : { next };
    result.pages++;
    result.records += page.records.length;
    if (held) {
      held.records.push(...page.records);
      held.times.push(...times);
      // Too many to hold: commit what is held (oldest first) with the next link, and go on page by page.
      if (done || held.records.length >= s.maxBuffered) await flush(checkpoint);
      if (!done && held.records.length === 0 && result.records >= s.maxBuffered) held = undefined;
    } else await write(page.records, checkpoint, newest);
    if (done) {
      result.complete = true;
      break;
    }
    url = next;
    wait = def.pace ? def.pace(got.headers, now()) : 0;
  }
  if (held && !result.complete && held.records.length > 0) await flush({ since, next: url, high: iso(high) });
  return result;
}
