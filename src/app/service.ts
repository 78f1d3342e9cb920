// The one ingest path of every stored run: `scan --store`, POST /api/ingest (and later collectors) hand their records
// to IngestService, which runs the stream-mode pipeline and commits each batch in one transaction: the events it logs
// (its exactly-once claims), people, findings, risk history, detector states and the run record. The answer is given
// after the commit; a batch that fails or dies leaves nothing, so posting it again converges to a clean run.
//
// Several processes may share one PostgreSQL database: each batch takes the store-wide ingest turn (beginBatch) and
// first catches up with what other processes committed (changesSince), so no process trusts stale memory.
import type { Config } from '../core/config.ts';
import type { DirectoryEntry, InputSummary, NormalizedEvent, PersonResult } from '../core/model.ts';
import { eventOrder, type PersonSnapshot, type Pipeline, type PipelineResult } from '../core/pipeline.ts';
import type { KeepParts, LoggedEvent, PersonSummary, Store } from '../store/types.ts';
import { readInputText } from '../sources/reader.ts';
import { createPipeline, unreadableInput } from './scan.ts';
import { vettingByDirectory } from './vet-join.ts';
import { alertsFor, appliedCalibration, effectiveConfig, previousLevels } from './respond.ts';
import { defaultConfig } from '../core/config.ts';
import type { Finding } from '../core/model.ts';
import { createHash } from 'node:crypto';
import { fnv1a64 } from '../core/hash.ts';

export interface IngestResult {
  runId: string;
  /** The body as one input: accepted / ignored (with reasons, duplicates within the batch among them) / rejected. */
  inputs: InputSummary[];
  /** Events of this batch the store had already ingested (an earlier batch or scan): not processed again. */
  alreadyIngested: number;
  people: number;
  updated: PersonSummary[];
}

/** What one committed batch did (IngestService.ingestBatch). */
export interface BatchOutcome {
  runId: string;
  version: number;
  /** events new to the store, processed now */
  fresh: number;
  alreadyIngested: number;
  /** people whose events were observed or replayed */
  observed: string[];
  /** people re-evaluated (observed ones and those sharing a network, device or department with them) */
  evaluated: number;
  /** people whose stored result changed and was written */
  written: number;
  /** people rebuilt from the event log (late events, changed directory entries, states of another version) */
  replayed: number;
  /** batches committed in the same transaction (group commit), this one included */
  grouped: number;
  /**
   * where the transaction's time went (ms): event log, pipeline (observe and replays), evaluation, writes, and (a
   * batch that logged its events before taking the ingest turn) waiting for the turn and catching up under it
   */
  ms: { log: number; turn: number; pipeline: number; evaluate: number; write: number };
  updated: PersonResult[];
}

/** A batch for IngestService.ingestBatch: records already read, with the reader's summaries. */
export interface BatchInput {
  events: NormalizedEvent[];
  directory: DirectoryEntry[];
  inputs: InputSummary[];
  /** 'api' | 'scan' | 'stream' …; 'rebuild' with no inputs writes no run record (a scan's earlier parts) */
  via: string;
  startedAt: Date;
  runId?: string;
  /**
   * A collector's checkpoint, saved in this batch's transaction with the count of its fresh events: a crash after the
   * commit never fetches the page again, a crash before it leaves the previous checkpoint (src/app/collectors/).
   */
  checkpoint?: { collector: string; checkpoint: Record<string, unknown>; newestEventAt?: number };
}

/** Most events one transaction takes when batches are grouped (group commit). */
export const GROUP_MAX_EVENTS = 20_000;

export function newRunId(via: string, at = new Date()): string {
  return `${via}-${at.toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${fnv1a64(String(Math.random())).slice(0, 6)}`;
}

export function summarise(p: PersonResult, updatedAt: string): PersonSummary {
  return {
    personId: p.personId,
    displayName: p.displayName,
    risk: p.risk,
    level: p.level,
    findings: p.findings.length,
    topFinding: p.findings[0]?.title,
    identifiers: p.identifiers,
    updatedAt,
  };
}

/** What was last saved of a person (or is known to be stored): hashes of the result and parts, the directory entry. */
interface Saved {
  /** the result without its findings, and the findings (sha1 of their JSON) */
  rest: string;
  findings: string;
  identifiers: string;
  /** the pipeline's directory entry object (replaced, never changed in place, when an entry changes) */
  directory: DirectoryEntry | undefined;
}

const sha1 = (s: string): string => createHash('sha1').update(s).digest('base64');

function savedOf(p: PersonResult): Saved {
  return { rest: sha1(JSON.stringify({ ...p, findings: undefined })), findings: sha1(JSON.stringify(p.findings)), identifiers: p.identifiers.join('\n'), directory: p.directory };
}

/** The parts of a result savePeople may leave as stored (KeepParts). */
function keepOf(prev: Saved | undefined, now: Saved): KeepParts | undefined {
  if (!prev) return undefined;
  const directory = prev.directory === now.directory;
  return { directory, findings: prev.findings === now.findings, identifiers: directory && prev.identifiers === now.identifiers };
}

const isSnapshot = (v: Record<string, unknown>): v is Record<string, unknown> & PersonSnapshot =>
  typeof v.events === 'number' && typeof v.detectors === 'object' && v.detectors !== null;

/**
 * A person whose state must be rebuilt (a late event, a changed directory entry, a state of another version) but
 * whose events were partly ingested before the store kept an event log: refused rather than rebuilt from part of
 * the history. A 409: the store needs re-building from the original exports, not a retry.
 */
function incompleteLog(pid: string, counted: number, logged: number): Error {
  return Object.assign(
    new Error(
      `person ${pid}: ${counted} events are counted but the event log holds ${logged} (the others were ingested before this store kept ` +
        'an event log), so their detector state cannot be rebuilt; scan the original exports into a new store (scan --store with a new --data-dir or database)',
    ),
    { statusCode: 409 },
  );
}

/** A batch's event resolves to another person after a concurrent directory change: run the batch again. */
class ResolutionMoved extends Error {
  constructor(eventId: string) {
    super(`event ${eventId} resolves to another person after directory entries committed meanwhile`);
  }
}

/** Events per transaction when a scan is stored (bounded transactions; a kill between them resumes on re-run). */
export const SCAN_BATCH_EVENTS = 50_000;

export class IngestService {
  private pipeline!: Pipeline;
  /** The config the pipeline runs with (effectiveConfig: file, settings overlay, suppressions, calibration). */
  private config!: Config;
  /** The store version this process's pipeline reflects. */
  private version = 0;
  /** A hash of each person's result as last written or known to be stored (writes skip unchanged people). */
  private readonly saved = new Map<string, Saved>();
  /** Set when a batch failed: the pipeline is rebuilt from the store before the next one. */
  private stale = true;
  /** Batches run one at a time in this process (they share the pipeline). */
  private queue: Promise<unknown> = Promise.resolve();

  /** Time spent catching up with other processes' commits (ms, cumulative): reading the changes, evaluating, in all. */
  readonly catchUpMs = { read: 0, evaluate: 0, total: 0 };

  /** Vetting findings of hired candidates by directory entry id (see ./vet-join.ts), handed to the pipeline. */
  private readonly vetting = new Map<string, Finding[]>();

  private constructor(
    private readonly store: Store,
    private readonly opts: { config?: Config; dataDir?: string },
  ) {}

  /** Open on a store: load everyone's directory entry, detector state and the colleague indexes from it. */
  static async open(store: Store, opts: { config?: Config; dataDir?: string } = {}): Promise<IngestService> {
    const svc = new IngestService(store, opts);
    await svc.serial(() => svc.reload());
    return svc;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Rebuild the pipeline from the store; people whose stored state is of another version are replayed in a batch. */
  private async reload(): Promise<void> {
    // Verdict feedback: stored suppressions and calibrated likelihood ratios join the configured ones.
    const eff = await effectiveConfig(this.store, this.opts.config ?? defaultConfig());
    this.config = eff.config;
    this.pipeline = await createPipeline({ mode: 'stream', config: eff.config, dataDir: this.opts.dataDir, calibration: appliedCalibration(eff.calibration) });
    this.version = 0;
    this.saved.clear();
    await this.catchUp(this.store);
    this.stale = false;
    if (this.pipeline.takeDirty().length > 0) await this.commit([{ events: [], directory: [], inputs: [], via: 'rebuild', startedAt: new Date() }]);
  }

  /** Apply what was committed after this process's version (everything at start). */
  private async catchUp(store: Store): Promise<void> {
    const c0 = performance.now();
    const ch = await store.changesSince(this.version);
    const c1 = performance.now();
    const pl = this.pipeline;
    pl.seedIndexes(ch);
    const entries = ch.people.flatMap((x) => (x.directory ? [x.directory] : []));
    pl.addDirectory(entries);
    await this.updateVetting(store, entries);
    const initial = this.version === 0;
    for (const x of ch.people) {
      if (x.state && isSnapshot(x.state)) pl.importSnapshot(x.personId, x.state);
      this.saved.delete(x.personId); // written by another process (or unknown): compare afresh
    }
    if (!initial) {
      // What the committed batches changed, they evaluated and stored themselves: evaluate the same people here too
      // (the pipeline learns what their results now read) and remember the results as stored, so they are written
      // again only when a later batch changes them. At start everyone is evaluated with the first batch instead.
      const c2 = performance.now();
      for (const p of pl.evaluate(pl.takeAffected().people).people) this.saved.set(p.personId, savedOf(p));
      this.catchUpMs.evaluate += performance.now() - c2;
    }
    this.catchUpMs.read += c1 - c0;
    this.catchUpMs.total += performance.now() - c0;
    this.version = ch.version;
  }

  /**
   * One batch through the pipeline, committed in one transaction (its answer comes after the commit). Batches that
   * arrive while a transaction is being written wait and then go together into the next one (group commit, up to
   * GROUP_MAX_EVENTS events): each still gets its own run record and answer, and the people several of them touch
   * are evaluated and written once.
   */
  ingestBatch(b: BatchInput): Promise<BatchOutcome> {
    return new Promise((resolve, reject) => {
      this.pending.push({ b, resolve, reject });
      void this.pump();
    });
  }

  private readonly pending: { b: BatchInput; resolve: (o: BatchOutcome) => void; reject: (e: unknown) => void }[] = [];
  private pumping = false;

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.pending.length > 0) {
        // Let the event loop read the requests that arrived while the last transaction kept it busy (the pipeline and
        // PGlite run on this thread): they join this group instead of each waiting for a transaction of its own.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const group = [this.pending.shift()!];
        let n = group[0].b.events.length;
        while (this.pending.length > 0 && n + this.pending[0].b.events.length <= GROUP_MAX_EVENTS) {
          n += this.pending[0].b.events.length;
          group.push(this.pending.shift()!);
        }
        try {
          const outs = await this.serial(() => this.commit(group.map((g) => g.b)));
          group.forEach((g, i) => g.resolve(outs[i]));
        } catch (e) {
          if (group.length === 1) group[0].reject(e);
          else {
            // One batch of the group failed it: each on its own, so only the faulty one fails.
            for (const g of group) {
              try {
                g.resolve((await this.serial(() => this.commit([g.b])))[0]);
              } catch (e2) {
                g.reject(e2);
              }
            }
          }
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private async commit(batches: BatchInput[]): Promise<BatchOutcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.commitOnce(batches);
      } catch (e) {
        // Another process committed directory entries while this batch logged its events outside the ingest turn and
        // some of its events now resolve to another person: nothing was committed and the pipeline holds only what
        // the store holds (the catch-up), so the batch is simply run again with the new directory.
        if (e instanceof ResolutionMoved && attempt < 3) continue;
        throw e;
      }
    }
  }

  /**
   * One transaction. A batch of events only (what stream workers commit) logs its events, the exactly-once claim and
   * most of a commit's database work, *before* taking the store-wide ingest turn, unstamped (tx.appendEvents with
   * version 0): several workers write the event log at once and only the pipeline and the writes of results are
   * serialised. Once it holds the turn it catches up with what was committed meanwhile and stamps what its new events
   * tell other processes (tx.indexEvents). A batch with directory entries takes the turn first, as the resolution of
   * its events depends on them.
   */
  private async commitOnce(batches: BatchInput[]): Promise<BatchOutcome[]> {
    if (this.stale) await this.reload();
    const staged = new Map<string, Saved>();
    const early = batches.every((b) => b.directory.length === 0);
    try {
      // What others committed so far, applied outside the turn (they may hold it now): the turn then finds little new.
      if (early && (await this.store.currentVersion()) !== this.version) await this.catchUp(this.store);
      const outs = await this.store.atomic(async (tx) => {
        let version = 0;
        if (!early) {
          version = await tx.beginBatch();
          if (version - 1 !== this.version) await this.catchUp(tx);
        }
        const pl = this.pipeline;
        for (const b of batches) if (b.directory.length > 0) pl.addDirectory(b.directory);
        await this.updateVetting(tx, batches.flatMap((b) => b.directory));
        // Log every batch's events (the exactly-once claim): what is new to the store goes through the pipeline.
        const t0 = performance.now();
        let turnMs = 0;
        const freshOf: NormalizedEvent[][] = [];
        const freshLogged: LoggedEvent[] = [];
        for (const b of batches) {
          const logged = b.events.map((e) => ({ id: e.id, personId: pl.resolve(e.actor.ids, e.actor.displayName), time: e.time, ip: e.ip, deviceId: e.deviceId, event: e }));
          const fresh = new Set(await tx.appendEvents(logged, version));
          freshOf.push(b.events.filter((e) => fresh.has(e.id)));
          if (early) for (const l of logged) if (fresh.has(l.id)) freshLogged.push(l);
          const c = b.checkpoint;
          if (c) await tx.collectors().saveCheckpoint(c.collector, { checkpoint: c.checkpoint, newestEventAt: c.newestEventAt, events: fresh.size, at: new Date() });
        }
        if (early) {
          const tTurn = performance.now();
          version = await tx.beginBatch();
          if (version - 1 !== this.version) {
            await this.catchUp(tx);
            // directory entries or people's identifiers came: the events must still resolve to the people they were logged for
            for (const l of freshLogged) if (pl.resolve(l.event.actor.ids, l.event.actor.displayName) !== l.personId) throw new ResolutionMoved(l.id);
            // The catch-up evaluated people with the identifiers this batch's events gave them and took those results
            // as stored: they are not (yet), so compare this batch's people afresh.
            for (const l of freshLogged) this.saved.delete(l.personId);
          }
          await tx.indexEvents(freshLogged, version);
          turnMs = performance.now() - tTurn;
        }
        const t1 = performance.now();
        const events = freshOf.flat().sort(eventOrder);
        for (const e of events) pl.ingest(e);
        let replayed = 0;
        for (let round = 0; round < 3; round++) {
          const dirty = pl.takeDirty();
          if (dirty.length === 0) break;
          const log = await tx.eventsOf(dirty);
          const byPerson = new Map<string, NormalizedEvent[]>();
          for (const e of log.events) {
            const list = byPerson.get(e.personId);
            if (list) list.push(e.event);
            else byPerson.set(e.personId, [e.event]);
          }
          for (const pid of dirty) {
            const evs = byPerson.get(pid) ?? [];
            if (evs.length < pl.eventsOf(pid)) throw incompleteLog(pid, pl.eventsOf(pid), evs.length);
            pl.replay(pid, evs);
          }
          replayed += dirty.length;
        }
        const t2 = performance.now();
        const { people: affected, observed } = pl.takeAffected();
        const result = pl.evaluate(affected);
        const byId = new Map(result.people.map((p) => [p.personId, p]));
        const keep = new Map<string, KeepParts>();
        const changed = result.people.filter((p) => {
          const h = savedOf(p);
          const prev = this.saved.get(p.personId);
          if (prev && prev.rest === h.rest && prev.findings === h.findings) return false;
          staged.set(p.personId, h);
          const k = keepOf(prev, h);
          if (k) keep.set(p.personId, k);
          return true;
        });
        const t3 = performance.now();
        const runIds = batches.map((b) => b.runId ?? newRunId(b.via, b.startedAt));
        for (const [i, b] of batches.entries()) {
          // a rebuild, a scan's earlier part or a stream worker's commit (its inputs were recorded when published): no run of its own
          if ((b.via === 'rebuild' || b.via === 'stream') && b.inputs.length === 0) continue;
          await tx.saveRun({ id: runIds[i], via: b.via, startedAt: b.startedAt.toISOString(), finishedAt: new Date().toISOString(), inputs: b.inputs });
        }
        // Alerts (and their cases and audit rows) for people whose level rose, in this batch's transaction.
        const before = await previousLevels(tx, changed);
        await tx.savePeople(changed, runIds[runIds.length - 1], version, keep);
        await alertsFor(tx, changed, before, { config: this.config });
        const states: { personId: string; state: Record<string, unknown> }[] = [];
        for (const pid of observed) {
          const snap = pl.exportSnapshot(pid);
          if (snap) states.push({ personId: pid, state: snap as unknown as Record<string, unknown> });
        }
        await tx.saveStates(states, version);
        const ms = { log: t1 - t0 - turnMs, turn: turnMs, pipeline: t2 - t1, evaluate: t3 - t2, write: performance.now() - t3 };
        return batches.map((b, i): BatchOutcome => {
          const mine = [...new Set(freshOf[i].map((e) => pl.resolve(e.actor.ids, e.actor.displayName)))].sort();
          return {
            runId: runIds[i],
            version,
            fresh: freshOf[i].length,
            alreadyIngested: b.events.length - freshOf[i].length,
            observed: mine,
            evaluated: affected.length,
            written: changed.length,
            replayed,
            grouped: batches.length,
            ms,
            updated: mine.flatMap((pid) => byId.get(pid) ?? []),
          };
        });
      });
      this.version = outs[0]?.version ?? this.version;
      for (const [pid, h] of staged) this.saved.set(pid, h);
      return outs;
    } catch (e) {
      // Nothing of the batch was committed, but the pipeline saw it: rebuild from the store before the next one
      // (unless the batch stopped before the pipeline saw it: ResolutionMoved).
      if (!(e instanceof ResolutionMoved)) this.stale = true;
      throw e;
    }
  }

  /** The vetting findings of these directory entries' candidates (none when the store holds no candidate). */
  private async updateVetting(store: Store, entries: DirectoryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    if (this.vetting.size === 0 && (await store.listCandidates({ limit: 1 })).length === 0) return;
    const found = await vettingByDirectory(entries, (keys) => store.candidatesByKeys(keys));
    for (const e of entries) {
      const f = found.get(e.id);
      if (f) this.vetting.set(e.id, f);
      else this.vetting.delete(e.id);
    }
    this.pipeline.setVetting(this.vetting);
  }

  /**
   * Candidates were vetted into the store (`vet --store`, POST /api/candidates): rebuild from the store, so hired
   * people whose candidate findings changed are evaluated and saved again, in one committed batch.
   */
  async vettingChanged(): Promise<void> {
    this.stale = true;
    await this.ingestBatch({ events: [], directory: [], inputs: [], via: 'rebuild', startedAt: new Date() });
  }

  /**
   * Suppressions, verdicts or settings changed (a case closed, a suppression revoked, PUT /api/settings): rebuild with
   * them, re-evaluate, save.
   */
  async configChanged(): Promise<void> {
    this.stale = true;
    await this.ingestBatch({ events: [], directory: [], inputs: [], via: 'rebuild', startedAt: new Date() });
  }

  /** Everyone's current result from this process's pipeline (after catching up with the store). */
  async results(): Promise<PipelineResult> {
    return this.serial(async () => {
      if (this.stale) await this.reload();
      const v = await this.store.currentVersion();
      if (v !== this.version) await this.catchUp(this.store);
      return this.pipeline.evaluate();
    });
  }

  /**
   * One HTTP batch, any supported format: same pipeline as `scan`. An unreadable body is an error with statusCode 400
   * (its message names the file and why); a store failure propagates as it is.
   */
  async ingest(body: string, opts: { name: string; format?: string }): Promise<IngestResult> {
    const startedAt = new Date();
    const { events, directory, input } = await readIngestBody(this.store, body, opts, startedAt);
    const out = await this.ingestBatch({ events, directory, inputs: [input], via: 'api', startedAt });
    const at = new Date().toISOString();
    return {
      runId: out.runId,
      inputs: [input],
      alreadyIngested: out.alreadyIngested,
      people: this.pipeline.personIds().length,
      updated: out.updated.map((p) => summarise(p, at)),
    };
  }

  /**
   * `scan --store`: records read from files, committed in batches of `batchEvents` events in time order (directory
   * entries with the first). The run record is written with the last batch.
   */
  async ingestRead(r: { events: NormalizedEvent[]; directory: DirectoryEntry[]; inputs: InputSummary[] }, via: string, startedAt: Date, batchEvents = SCAN_BATCH_EVENTS): Promise<{ runId: string; fresh: number; alreadyIngested: number; batches: number }> {
    const events = [...r.events].sort(eventOrder);
    const runId = newRunId(via, startedAt);
    let fresh = 0;
    let already = 0;
    let batches = 0;
    for (let i = 0; i === 0 || i < events.length; i += batchEvents) {
      const last = i + batchEvents >= events.length;
      const out = await this.ingestBatch({
        events: events.slice(i, i + batchEvents),
        directory: i === 0 ? r.directory : [],
        inputs: last ? r.inputs : [],
        via: last ? via : 'rebuild', // earlier parts write no run record of their own
        startedAt,
        runId,
      });
      fresh += out.fresh;
      already += out.alreadyIngested;
      batches++;
    }
    return { runId, fresh, alreadyIngested: already, batches };
  }
}

/**
 * An HTTP batch read (any supported format), each event id once. An unreadable body is recorded as a failed run and
 * thrown with statusCode 400 (its message names the file and why); a store failure propagates as it is.
 */
export async function readIngestBody(
  store: Store,
  body: string,
  opts: { name: string; format?: string },
  startedAt: Date,
): Promise<{ events: NormalizedEvent[]; directory: DirectoryEntry[]; input: InputSummary }> {
  const events: NormalizedEvent[] = [];
  const directory: DirectoryEntry[] = [];
  // Ids within this batch (bounded by the body size): a repeated record is counted as a duplicate of the input.
  const ids = new Set<string>();
  const sink = {
    event: (e: NormalizedEvent): boolean => {
      if (ids.has(e.id)) return false;
      ids.add(e.id);
      events.push(e);
      return true;
    },
    directory: (d: DirectoryEntry) => directory.push(d),
  };
  let input: InputSummary;
  try {
    input = readInputText(opts.name, body, sink, { format: opts.format });
    if (input.records === 0 && body.trim() !== '') throw new Error(`${opts.name}: no records found (a header or text with no rows in any supported format)`);
  } catch (e) {
    // The whole body is unreadable: record the failed run (nothing is lost), then report the error.
    const failed = unreadableInput(opts.name, e);
    await store.saveRun({ id: newRunId('api', startedAt), via: 'api', startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), inputs: [failed] });
    // The client's file is at fault: a 400 with this message. Any other error (the store) stays a server error.
    throw Object.assign(e instanceof Error ? e : new Error(String(e)), { statusCode: 400 });
  }
  return { events, directory, input };
}
