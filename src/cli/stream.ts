// `sleetwatch worker` and `sleetwatch publish`: the scale-out mode's commands (issue 12, docs/scale-out.md).
import { hostname } from 'node:os';

type Values = Record<string, string | boolean | string[] | undefined>;

const err = (s: string) => process.stderr.write(s + '\n');

/** Thrown for a mistake in how a command was called (the CLI prints it with the usage, exit 2). */
export class StreamUsage extends Error {}

async function settings(values: Values) {
  const [{ loadConfig }, { streamSettings }] = await Promise.all([import('../app/config-file.ts'), import('../app/stream.ts')]);
  const config = loadConfig(values.config as string | undefined);
  const s = streamSettings(config);
  if (!s) throw new StreamUsage('no stream configured: set NATS_URL (e.g. nats://127.0.0.1:4222) or the config key stream.url');
  return { config, s };
}

/** Consume the stream until SIGTERM/SIGINT; stats as JSON lines on stdout. */
export async function workerCmd(values: Values): Promise<number> {
  const { config, s } = await settings(values);
  const id = (values.id as string | undefined) ?? `${hostname()}-${process.pid}`;
  if (!/^[A-Za-z0-9._@-]{1,100}$/.test(id)) throw new StreamUsage('--id: 1 to 100 letters, digits, . _ @ -');
  const dataDir = values['data-dir'] as string;
  const statsMs = Number(values['stats-ms'] ?? 5000);
  if (!Number.isInteger(statsMs) || statsMs < 100 || statsMs > 3_600_000) throw new StreamUsage('--stats-ms: 100 to 3600000');
  if (!process.env.DATABASE_URL) err('sleetwatch worker: no DATABASE_URL: using the embedded store, which one process at a time can open (one worker); use PostgreSQL for several');
  const [{ openStore }, { IngestService }, { openEventStream, redactUrl }, { StreamWorker }] = await Promise.all([
    import('../store/index.ts'),
    import('../app/service.ts'),
    import('../app/stream.ts'),
    import('../app/worker.ts'),
  ]);
  // Listen for SIGTERM/SIGINT before starting: a stop asked while the worker is still starting (connecting,
  // migrating, joining) is honoured once it has started, instead of the default action killing it mid-start.
  let requestStop!: () => void;
  const stopAsked = new Promise<void>((resolve) => (requestStop = resolve));
  const onSignal = (): void => requestStop();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  let store: Awaited<ReturnType<typeof openStore>> | undefined;
  let stream;
  try {
    store = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir });
    const service = await IngestService.open(store, { config, dataDir });
    stream = await openEventStream(s, `sleetwatch-worker-${id}`);
    const worker = await StreamWorker.start(stream, service, {
      id,
      config: s,
      statsMs,
      onStats: (x) => process.stdout.write(JSON.stringify({ type: 'stats', at: new Date().toISOString(), ...x }) + '\n'),
      log: err,
    });
    err(`sleetwatch worker ${id} on ${redactUrl(s.url)} (stream ${s.name}, ${s.partitions} partitions); owns ${worker.partitions().join(',') || '(none yet)'}`);
    await stopAsked;
    err(`sleetwatch worker ${id}: stopping (giving back what is not committed)`);
    await worker.stop();
    return 0;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await stream?.close();
    await store?.close();
  }
}

/** Read files as `scan` does and publish their records (directory first) in chunks; report what was new. */
export async function publishCmd(values: Values, positionals: string[]): Promise<number> {
  const { s } = await settings(values);
  const chunk = Number(values['batch-events'] ?? 5000);
  if (!Number.isInteger(chunk) || chunk < 1 || chunk > 1_000_000) throw new StreamUsage('--batch-events: 1 to 1000000');
  const [{ loadInputs }, { openEventStream, redactUrl }, { StreamPublisher }] = await Promise.all([import('../app/scan.ts'), import('../app/stream.ts'), import('../app/stream-publish.ts')]);
  const read = await loadInputs(positionals);
  const stream = await openEventStream(s, 'sleetwatch-publish');
  try {
    const pub = new StreamPublisher(stream);
    let published = 0;
    let duplicates = 0;
    const d = await pub.publish({ events: [], directory: read.directory });
    err(`published ${d.directory} directory entries (${read.directory.length - d.directory} unchanged) to ${redactUrl(s.url)}`);
    for (let i = 0; i < read.events.length; i += chunk) {
      const o = await pub.publish({ events: read.events.slice(i, i + chunk), directory: [] });
      published += o.published;
      duplicates += o.duplicates;
      err(`published ${Math.min(i + chunk, read.events.length)}/${read.events.length} events (${published} new, ${duplicates} already in the stream)`);
    }
    const rejected = read.inputs.reduce((n, x) => n + x.rejected, 0);
    err(`done: ${published} events published, ${duplicates} dropped as duplicates, ${rejected} records rejected by the readers`);
    return 0;
  } finally {
    await stream.close();
  }
}
