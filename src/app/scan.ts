// Wires the pipeline for batch scans and HTTP ingest: sources → pipeline (resolve, enrich, detect, score) → report.
import type { Config } from '../core/config.ts';
import { Config as ConfigSchema } from '../core/config.ts';
import type { CalibratedLR, DirectoryEntry, InputSummary, NormalizedEvent } from '../core/model.ts';
import { Pipeline, type PipelineResult } from '../core/pipeline.ts';
import { buildReport } from '../core/report.ts';
import type { Report } from '../core/model.ts';
import { detectors } from '../detectors/registry.ts';
import { openIntel, trustedEgressIndicators, type IntelService } from '../intel/index.ts';
import { listInputFiles, readHead, type Sink } from '../sources/reader.ts';
import { hrCsv } from '../sources/hr-csv/format.ts';
import { readOneFile, unreadableInput } from './read-one.ts';
import { reportFinder, vettingByDirectory } from './vet-join.ts';
import type { VettingReport } from '../core/candidate.ts';
import { PoolStartError, readWithPool, readWorkerCount, type PoolOptions } from './read-pool.ts';

export { unreadableInput };

export interface ScanOptions {
  config?: Config;
  dataDir?: string;
  intel?: IntelService;
  /** Progress callback (stderr in the CLI). */
  onProgress?: (p: { file: string; index: number; files: number; bytesRead: number; totalBytes: number; events: number }) => void;
  /**
   * Threads that read, parse and normalise files while the pipeline runs in this one: 0 reads here. Default: the
   * SLEETWATCH_READ_WORKERS environment variable, else the cores but one (at least 1). The answer is the same.
   */
  readWorkers?: number;
  /** Reader-thread tuning and test hooks (see ./read-pool.ts). */
  pool?: Omit<PoolOptions, 'workers' | 'onProgress'>;
  /** Vetting reports: hired people whose e-mail or phone was a vetted candidate's carry its findings (./vet-join.ts). */
  vetting?: VettingReport[];
}

let sharedIntel: Promise<IntelService> | undefined;
let sharedIntelKey: string | undefined;
/**
 * One intel service per process, data folder and declared trusted egress (the mmdb and catalogues are loaded
 * once). The config's `trustedEgress` entries become allow indicators beside the imported ones.
 */
export function getIntel(dataDir = './.sleetwatch', config?: Config): Promise<IntelService> {
  const egress = config?.trustedEgress ?? [];
  const key = `${dataDir}\0${JSON.stringify(egress)}`;
  if (!sharedIntel || sharedIntelKey !== key) {
    const indicators = trustedEgressIndicators(egress);
    sharedIntel = openIntel({ dataDir, indicators });
    sharedIntelKey = key;
  }
  return sharedIntel;
}

export async function createPipeline(opts: {
  mode: 'batch' | 'stream';
  config?: Config;
  dataDir?: string;
  intel?: IntelService;
  /** Calibrated detectors (effectiveConfig), shown on their risk-breakdown contributions. */
  calibration?: ReadonlyMap<string, CalibratedLR>;
}): Promise<Pipeline> {
  const intel = opts.intel ?? (await getIntel(opts.dataDir, opts.config));
  return new Pipeline({ detectors, intel, config: opts.config ?? ConfigSchema.parse({}), mode: opts.mode, calibration: opts.calibration });
}

/**
 * A cheap guess, from the first bytes only, of whether a file is a directory export (SCIM users or an HR CSV), so
 * that directory files are read first and sign-ins resolve to the claimed people. The real format detection happens
 * once, by content, when the file is read; a wrong guess only changes the order (batch resolution merges a directory
 * entry into a person first seen in sign-ins, by identifier). `json` tells an empty JSON export from unknown text.
 */
async function headGuess(file: string): Promise<{ directory: boolean; json: boolean; empty: boolean }> {
  try {
    const head = (await readHead(file, 65_536)).toString('utf8'); // unpacked when the file is gzip
    const first = head.replace(/^\uFEFF/, '').trimStart();
    const json = first.startsWith('{') || first.startsWith('[');
    const empty = first === '';
    if (head.includes('urn:ietf:params:scim:schemas:core:2.0:User') || head.includes('urn:ietf:params:scim:api:messages:2.0:ListResponse'))
      return { directory: true, json, empty };
    // Device records tie hosts to their users (Intune managed devices, Defender DeviceInfo): read them with the
    // directory, before the endpoint telemetry that names only a host.
    if ((head.includes('"enrolledDateTime"') && head.includes('"managedDeviceOwnerType"')) || head.includes('AdvancedHunting-DeviceInfo') || /\bLoggedOnUsers\b/.test(head.slice(0, 4096)))
      return { directory: true, json, empty };
    if (json || empty) return { directory: false, json, empty };
    const headerLine = first.split(/\r?\n/, 1)[0] ?? '';
    const header = headerLine.split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
    return { directory: hrCsv.sniff(Object.fromEntries(header.map((h) => [h, ''])), 'csv'), json, empty };
  } catch {
    return { directory: false, json: false, empty: false };
  }
}

/**
 * Read files and folders, each once: likely directory exports first, then the rest. Each event goes to `onEvent`,
 * each directory entry to `onDirectory`. `onEvent` returns false for an event whose id it has seen before (the
 * pipeline's add() does): the record is then counted as a duplicate of its input. A file that cannot be read at all
 * is kept as an 'unreadable' input.
 */
export async function readPaths(
  paths: string[],
  onDirectory: (e: DirectoryEntry) => void,
  onEvent: (e: NormalizedEvent) => unknown,
  opts: Pick<ScanOptions, 'onProgress' | 'readWorkers' | 'pool'> = {},
): Promise<InputSummary[]> {
  const files = await listInputFiles(paths);
  const guessed: { file: string; directory: boolean; json: boolean; empty: boolean }[] = [];
  for (const file of files) guessed.push({ file, ...(await headGuess(file)) });
  const order = [...guessed.filter((g) => g.directory), ...guessed.filter((g) => !g.directory)];
  const workers = readWorkerCount(opts.readWorkers);
  if (workers > 0 && order.length > 0) {
    try {
      return await readWithPool(order, onDirectory, onEvent, { ...opts.pool, workers, onProgress: opts.onProgress });
    } catch (e) {
      if (!(e instanceof PoolStartError) || opts.pool?.fallback === false) throw e;
      // no reader thread could start, and nothing was read yet: read here (same answer, one core)
      process.emitWarning(`${e.message}; reading in the main thread`, 'SleetwatchReadWorkers');
    }
  }
  const inputs: InputSummary[] = [];
  let events = 0;
  const sink: Sink = {
    event: (ev) => {
      events++;
      return onEvent(ev);
    },
    directory: onDirectory,
  };
  for (const [index, g] of order.entries()) {
    const onProgress = (bytesRead: number, totalBytes: number) =>
      opts.onProgress?.({ file: g.file, index, files: order.length, bytesRead, totalBytes, events });
    inputs.push(await readOneFile(g, sink, onProgress));
  }
  return inputs;
}

/**
 * Load everything into memory (for evaluation, tests and `scan --store`): each event id once, repeats counted as
 * duplicates. Read in this thread unless `readWorkers` says otherwise (nothing runs beside the reading here).
 */
export async function loadInputs(
  paths: string[],
  opts: Pick<ScanOptions, 'onProgress' | 'readWorkers' | 'pool'> = {},
): Promise<{ events: NormalizedEvent[]; directory: DirectoryEntry[]; inputs: InputSummary[] }> {
  const events: NormalizedEvent[] = [];
  const directory: DirectoryEntry[] = [];
  const seen = new Set<string>();
  const inputs = await readPaths(
    paths,
    (d) => directory.push(d),
    (e) => {
      if (seen.has(e.id)) return false;
      seen.add(e.id);
      events.push(e);
      return true;
    },
    { ...opts, readWorkers: opts.readWorkers ?? 0 },
  );
  return { events, directory, inputs };
}

/** The batch scan: files → report. Needs no database. */
export async function scanPaths(paths: string[], opts: ScanOptions = {}): Promise<{ report: Report; result: PipelineResult; inputs: InputSummary[] }> {
  const pipeline = await createPipeline({ mode: 'batch', config: opts.config, dataDir: opts.dataDir, intel: opts.intel });
  const directory: DirectoryEntry[] = [];
  const inputs = await readPaths(
    paths,
    (d) => {
      directory.push(d);
      pipeline.addDirectory([d]);
    },
    (e) => pipeline.add(e),
    opts,
  );
  if (opts.vetting?.length) pipeline.setVetting(await vettingByDirectory(directory, reportFinder(opts.vetting)));
  const result = pipeline.finish();
  return { report: buildReport(result, inputs, new Date()), result, inputs };
}
