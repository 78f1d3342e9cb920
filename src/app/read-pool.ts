// Reading in worker threads while the pipeline runs in the main thread (issue 8). Each reader thread
// (./read-worker.ts) reads one file at a time with the ordinary reader and posts its events and directory entries in
// chunks; the main thread feeds them to the sink in the order a single-threaded read would (the given file order,
// record order within a file), so the pipeline sees exactly the same sequence. Duplicates are decided in the main
// thread (the sink's answer), and each file's summary is fixed up as the reader would have counted them: a record
// whose every event repeats a seen id is ignored as DUPLICATE instead of accepted, its reason placed among the
// others by where it first occurred (the reader names only the first MAX_REASONS reasons).
// A thread that dies leaves its file as an 'unreadable' input and is replaced; the threads end with the read.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DirectoryEntry, InputSummary, NormalizedEvent } from '../core/model.ts';
import { DUPLICATE, MAX_REASONS, OTHER_REASONS } from '../sources/reader.ts';
import { unreadableInput, type FileGuess } from './read-one.ts';
import type { ChunkMessage, DoneMessage, ReadRequest, ReadWorkerData, WorkerMessage } from './read-worker.ts';

/** Environment variable giving the number of reader threads (0: read in the main thread). */
export const READ_WORKERS_ENV = 'SLEETWATCH_READ_WORKERS';

/**
 * Reader threads to use: the option, else the environment variable, else the cores but two when there are at least
 * three (0 below). Handing events across threads costs ~16 µs each (structured clone both ways), more than the
 * parsing it moves off the main thread overlaps, so on 2 cores a reader thread made a scan slower (14.7 s → 19.1 s,
 * 1,500 people); with more cores several files are read in parallel.
 */
export function readWorkerCount(option?: number): number {
  if (option !== undefined) return Math.max(0, Math.floor(option));
  const env = process.env[READ_WORKERS_ENV];
  if (env !== undefined && env.trim() !== '') {
    const n = Number(env);
    if (Number.isInteger(n) && n >= 0) return n;
  }
  return defaultReadWorkers(availableParallelism());
}

/** The default for a machine with this many cores: none below three, then the cores but two. */
export const defaultReadWorkers = (cores: number): number => (cores >= 3 ? cores - 2 : 0);

export interface PoolOptions {
  workers: number;
  onProgress?: (p: { file: string; index: number; files: number; bytesRead: number; totalBytes: number; events: number }) => void;
  /** How chunks cross threads: structured clone of the objects (default) or a JSON string parsed here. */
  transfer?: 'clone' | 'json';
  /** Items per chunk. */
  chunkItems?: number;
  /** Messages a thread may be ahead of the main thread before it waits. */
  window?: number;
  /** Files asked of each thread ahead of the one it reads (default 2). */
  ahead?: number;
  /** When no thread can start: read in the main thread (default, with a process warning), or false: throw. */
  fallback?: boolean;
  /** Tests only: a reader thread exits when asked for a file whose path ends so. */
  crashOn?: string;
}

/** Thrown when no reader thread could be started at all (the caller reads in the main thread instead). */
export class PoolStartError extends Error {}

/**
 * The worker's entry: compiled JavaScript as is (`read-worker.js` beside this module); from the TypeScript sources
 * (tests, scripts), `read-worker-source.mjs`, which registers the TypeScript loader in the new thread first.
 */
function workerEntry(): { entry: URL | string; eval: boolean } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { entry: new URL('./read-worker-source.mjs', here), eval: false };
  return { entry: new URL('./read-worker.js', here), eval: false };
}

interface Thread {
  worker: Worker;
  consumed: Int32Array;
  ready: boolean;
  /** Indexes (in the file order) of the files it was asked to read and has not finished, the first being read. */
  tasks: number[];
  error: Error | undefined;
  closing: boolean;
}

interface Task {
  guess: FileGuess;
  queue: { msg: ChunkMessage | DoneMessage; from: Thread | undefined }[];
}

/** Merge `dup` duplicate records (the first at record `first`) into a summary as the reader would have counted them. */
export function addDuplicates(summary: InputSummary, dup: number, first: number, firstIgnored: Map<string, number>): void {
  summary.accepted -= dup;
  summary.ignored += dup;
  let other = 0;
  const named: { reason: string; count: number; at: number }[] = [];
  for (const [reason, count] of Object.entries(summary.ignoredReasons)) {
    if (reason === OTHER_REASONS) other += count;
    else named.push({ reason, count, at: firstIgnored.get(reason) ?? Number.MAX_SAFE_INTEGER });
  }
  named.push({ reason: DUPLICATE, count: dup, at: first });
  named.sort((a, b) => a.at - b.at);
  const out: Record<string, number> = {};
  for (let i = 0; i < named.length; i++) {
    if (i < MAX_REASONS) out[named[i].reason] = named[i].count;
    else other += named[i].count;
  }
  if (other > 0) out[OTHER_REASONS] = other;
  summary.ignoredReasons = out;
}

/**
 * Read the files (already in reading order) in `opts.workers` threads; events and directory entries reach the
 * callbacks in the main thread in file and record order. `onEvent` returns false for a repeated event id.
 */
export async function readWithPool(
  order: FileGuess[],
  onDirectory: (e: DirectoryEntry) => void,
  onEvent: (e: NormalizedEvent) => unknown,
  opts: PoolOptions,
): Promise<InputSummary[]> {
  const inputs: InputSummary[] = [];
  if (order.length === 0) return inputs;
  const size = Math.max(1, Math.min(opts.workers, order.length));
  const entry = workerEntry();
  const transfer = opts.transfer ?? 'clone';
  const tasks: Task[] = order.map((guess) => ({ guess, queue: [] }));
  const threads = new Set<Thread>();
  let next = 0; // next file to hand out
  let current = 0; // file being fed to the sink
  let events = 0;
  // state of the file being fed
  let groupRec = -1;
  let groupFresh = true;
  let dup = 0;
  let firstDup = 0;

  let settle!: { resolve: () => void; reject: (e: unknown) => void };
  const finished = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  let failed = false;
  const fail = (e: unknown): void => {
    if (failed) return;
    failed = true;
    settle.reject(e);
  };

  const closeGroup = (): void => {
    if (groupRec >= 0 && !groupFresh) {
      if (dup === 0) firstDup = groupRec;
      dup++;
    }
    groupRec = -1;
    groupFresh = true;
  };

  const feed = (m: ChunkMessage): void => {
    const items = (typeof m.items === 'string' ? JSON.parse(m.items) : m.items) as (NormalizedEvent | DirectoryEntry)[];
    const recs = m.recs;
    for (let i = 0; i < items.length; i++) {
      const r = recs[i];
      if (r < 0) {
        onDirectory(items[i] as DirectoryEntry);
        continue;
      }
      if (r !== groupRec) {
        closeGroup();
        groupRec = r;
        groupFresh = false;
      }
      events++;
      if (onEvent(items[i] as NormalizedEvent) !== false) groupFresh = true;
    }
    if (opts.onProgress && m.totalBytes > 0)
      opts.onProgress({ file: order[current].file, index: current, files: order.length, bytesRead: m.bytesRead, totalBytes: m.totalBytes, events });
  };

  const finish = (m: DoneMessage): void => {
    closeGroup();
    const summary = m.summary;
    if (dup > 0 && summary.format !== 'unreadable') addDuplicates(summary, dup, firstDup, new Map(m.firstIgnored));
    inputs.push(summary);
    dup = 0;
    firstDup = 0;
  };

  /** Feed whatever has arrived for the current file, and the following files' when they are complete in turn. */
  const drain = (): void => {
    try {
      while (current < tasks.length) {
        const task = tasks[current];
        const item = task.queue.shift();
        if (!item) return;
        if (item.from) {
          Atomics.add(item.from.consumed, 0, 1);
          Atomics.notify(item.from.consumed, 0);
        }
        if (item.msg.type === 'chunk') feed(item.msg);
        else {
          finish(item.msg);
          task.queue.length = 0;
          current++;
        }
      }
      settle.resolve();
    } catch (e) {
      fail(e);
    }
  };

  /** Give a thread one more file (or the given one again after a crash). */
  const assign = (t: Thread, seq?: number): void => {
    if (seq === undefined) {
      if (next >= tasks.length) return;
      seq = next++;
    }
    t.tasks.push(seq);
    const g = tasks[seq].guess;
    t.worker.postMessage({ type: 'read', seq, file: g.file, json: g.json, empty: g.empty } satisfies ReadRequest);
  };

  let someoneReady = false;
  const spawn = (): Thread => {
    const consumed = new SharedArrayBuffer(4);
    const workerData: ReadWorkerData = { consumed, window: opts.window ?? 8, chunkItems: opts.chunkItems ?? 2000, transfer, crashOn: opts.crashOn };
    const worker = new Worker(entry.entry, { eval: entry.eval, workerData });
    const t: Thread = { worker, consumed: new Int32Array(consumed), ready: false, tasks: [], error: undefined, closing: false };
    threads.add(t);
    worker.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'ready') {
        t.ready = someoneReady = true;
        return;
      }
      tasks[msg.seq].queue.push({ msg, from: t });
      if (msg.type === 'done') {
        t.tasks.shift();
        assign(t);
      }
      if (msg.seq === current) drain();
    });
    worker.on('error', (e) => (t.error = e));
    worker.on('exit', (code) => {
      threads.delete(t);
      if (t.closing || failed) return;
      if (!someoneReady) {
        // not one thread could start (no loader, no memory...): let the caller read in this thread
        return fail(new PoolStartError(`reader thread could not start: ${t.error?.message ?? `exit code ${code}`}`));
      }
      const [seq, ...rest] = t.tasks;
      t.tasks = [];
      if (seq !== undefined) {
        const why = t.error ? t.error.message : `exit code ${code}`;
        const file = tasks[seq].guess.file;
        const summary = unreadableInput(file, new Error(`${file}: the reader thread stopped while reading it (${why})`));
        tasks[seq].queue.push({ msg: { type: 'done', seq, summary, firstIgnored: [] }, from: undefined });
      }
      // a replacement reads the files this one had not started, and goes on with the rest
      if (rest.length > 0 || next < tasks.length) {
        const r = spawn();
        for (const k of rest) assign(r, k);
        for (let i = rest.length; i < ahead; i++) assign(r);
      }
      if (seq === current) drain();
    });
    return t;
  };

  // Each thread has `ahead` files asked for, so that it never waits for the main thread to hand out the next one.
  const ahead = Math.max(1, opts.ahead ?? 2);
  for (let i = 0; i < size; i++) {
    const t = spawn();
    for (let k = 0; k < ahead; k++) assign(t);
  }
  try {
    await finished;
  } finally {
    for (const t of threads) {
      t.closing = true;
      await t.worker.terminate();
    }
  }
  return inputs;
}
