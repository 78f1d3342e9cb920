// The long-running service behind `serve`: a stream-mode pipeline whose per-person detector state and results
// persist in the Store, so HTTP batches (POST /api/ingest) build on everything ingested before.
import type { Config } from '../core/config.ts';
import type { DirectoryEntry, InputSummary, NormalizedEvent, PersonResult } from '../core/model.ts';
import type { PersonSnapshot, Pipeline, PipelineResult } from '../core/pipeline.ts';
import type { PersonSummary, Store } from '../store/types.ts';
import { readInputText } from '../sources/reader.ts';
import { createPipeline, unreadableInput } from './scan.ts';
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

/** Persist a finished pipeline run: the run with its inputs and rejections, people, and detector state. */
export async function persistRun(store: Store, pipeline: Pipeline, result: PipelineResult, inputs: InputSummary[], via: string, startedAt: Date): Promise<string> {
  const runId = newRunId(via, startedAt);
  await store.saveRun({ id: runId, via, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), inputs });
  await store.savePeople(result.people, runId);
  const states: { personId: string; state: Record<string, unknown> }[] = [];
  for (const p of result.people) {
    const snap = pipeline.exportSnapshot(p.personId);
    if (snap) states.push({ personId: p.personId, state: snap as unknown as Record<string, unknown> });
  }
  await store.saveStates(states);
  return runId;
}

const isSnapshot = (v: Record<string, unknown>): v is Record<string, unknown> & PersonSnapshot =>
  typeof v.events === 'number' && typeof v.detectors === 'object' && v.detectors !== null;

export class IngestService {
  private constructor(
    private readonly store: Store,
    private readonly pipeline: Pipeline,
  ) {}

  /** Restore directory claims and detector state of everyone already in the store. */
  static async open(store: Store, opts: { config?: Config; dataDir?: string } = {}): Promise<IngestService> {
    const pipeline = await createPipeline({ mode: 'stream', config: opts.config, dataDir: opts.dataDir });
    const seed = await store.loadPipelineSeed();
    pipeline.addDirectory(seed.flatMap((x) => (x.directory ? [x.directory] : [])));
    for (const x of seed) if (x.state && isSnapshot(x.state)) pipeline.importSnapshot(x.personId, x.state);
    return new IngestService(store, pipeline);
  }

  /** Batches run one at a time (they share the pipeline's state): a batch waits for the one before it. */
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * One HTTP batch, any supported format: same pipeline as `scan`. An unreadable body is an error with statusCode 400
   * (its message names the file and why); a store failure propagates as it is.
   */
  ingest(body: string, opts: { name: string; format?: string }): Promise<IngestResult> {
    const run = this.queue.then(() => this.ingestNow(body, opts));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async ingestNow(body: string, opts: { name: string; format?: string }): Promise<IngestResult> {
    const startedAt = new Date();
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
      await this.store.saveRun({ id: newRunId('api', startedAt), via: 'api', startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), inputs: [failed] });
      // The client's file is at fault: a 400 with this message. Any other error (the store) stays a server error.
      throw Object.assign(e instanceof Error ? e : new Error(String(e)), { statusCode: 400 });
    }
    this.pipeline.addDirectory(directory);
    // Idempotent re-ingest across restarts: only events the store has never seen go through the pipeline.
    const fresh = new Set(await this.store.claimEvents(events.map((e) => e.id)));
    const newEvents = events.filter((e) => fresh.has(e.id));
    newEvents.sort((a, b) => a.time - b.time);
    const touched = new Set<string>();
    for (const ev of newEvents) touched.add(this.pipeline.ingest(ev).personId);
    const result = this.pipeline.evaluate();
    const runId = await persistRun(this.store, this.pipeline, result, [input], 'api', startedAt);
    const at = new Date().toISOString();
    return {
      runId,
      inputs: [input],
      alreadyIngested: events.length - newEvents.length,
      people: result.people.length,
      updated: result.people.filter((p) => touched.has(p.personId)).map((p) => summarise(p, at)),
    };
  }
}
