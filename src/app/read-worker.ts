// A reader thread (see ./read-pool.ts): reads one file at a time with the ordinary reader and posts what it yields —
// events, directory entries, the record number of each event, the first record of each ignore reason — in chunks
// to the main thread, which feeds the pipeline in file order. The main thread's `consumed` counter (shared memory)
// holds this thread back when it is more than `window` messages ahead, so memory stays bounded whatever the file.
import { parentPort, workerData } from 'node:worker_threads';
import type { DirectoryEntry, InputSummary, NormalizedEvent } from '../core/model.ts';
import { MAX_REASONS, type Sink } from '../sources/reader.ts';
import { readOneFile, type FileGuess } from './read-one.ts';

export interface ReadRequest extends FileGuess {
  type: 'read';
  seq: number;
}
export interface ChunkMessage {
  type: 'chunk';
  seq: number;
  /** Events and directory entries in reading order (a JSON string of the array in 'json' transfer mode). */
  items: (NormalizedEvent | DirectoryEntry)[] | string;
  /** Per item: the 1-based record number of an event in its file, -1 for a directory entry. */
  recs: number[];
  bytesRead: number;
  totalBytes: number;
}
export interface DoneMessage {
  type: 'done';
  seq: number;
  summary: InputSummary;
  /** Each named ignore reason of the summary with the record number where it first occurred. */
  firstIgnored: [string, number][];
}
export type WorkerMessage = ChunkMessage | DoneMessage | { type: 'ready' };

export interface ReadWorkerData {
  consumed: SharedArrayBuffer;
  window: number;
  chunkItems: number;
  transfer: 'clone' | 'json';
  /** Tests only: exit the thread (as a crash would) when asked to read a file whose path ends so. */
  crashOn?: string;
}

const port = parentPort!;
const data = workerData as ReadWorkerData;
const consumed = new Int32Array(data.consumed);
let posted = 0;

function post(msg: WorkerMessage): void {
  for (;;) {
    const seen = Atomics.load(consumed, 0);
    if (posted - seen < data.window) break;
    Atomics.wait(consumed, 0, seen, 500);
  }
  posted++;
  port.postMessage(msg);
}

async function read(req: ReadRequest): Promise<void> {
  if (data.crashOn !== undefined && req.file.endsWith(data.crashOn)) process.exit(70);
  let items: (NormalizedEvent | DirectoryEntry)[] = [];
  let recs: number[] = [];
  let bytesRead = 0;
  let totalBytes = 0;
  let lastPost = Date.now();
  const flush = (): void => {
    post({ type: 'chunk', seq: req.seq, items: data.transfer === 'json' ? JSON.stringify(items) : items, recs, bytesRead, totalBytes });
    items = [];
    recs = [];
    lastPost = Date.now();
  };
  const firstIgnored = new Map<string, number>();
  const sink: Sink = {
    event: (ev, record) => {
      items.push(ev);
      recs.push(record);
      if (items.length >= data.chunkItems) flush();
      return true; // duplicates are decided by the pipeline in the main thread
    },
    directory: (entry) => {
      items.push(entry);
      recs.push(-1);
      if (items.length >= data.chunkItems) flush();
    },
    ignored: (reason, record) => {
      // the summary names only the first MAX_REASONS distinct reasons
      if (firstIgnored.size < MAX_REASONS && !firstIgnored.has(reason)) firstIgnored.set(reason, record);
    },
  };
  const summary = await readOneFile(req, sink, (b, t) => {
    bytesRead = b;
    totalBytes = t;
    if (Date.now() - lastPost > 250) flush(); // progress, even through records that yield nothing
  });
  if (items.length > 0) flush();
  post({ type: 'done', seq: req.seq, summary, firstIgnored: [...firstIgnored] });
}

// One request at a time (the pool sends the next one after 'done'); a queue keeps that true regardless.
let queue: Promise<void> = Promise.resolve();
port.on('message', (req: ReadRequest) => {
  queue = queue.then(() => read(req));
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
