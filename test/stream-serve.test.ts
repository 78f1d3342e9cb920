// `serve` in the scale-out mode (config key `stream` with a real NATS JetStream): POST /api/ingest reads the file as
// always, records its run, publishes its events to the stream and answers `queued`; nothing is committed by the
// server itself (the workers do it). Real Okta records (src/server/fixtures/okta_cl_sample.json, see its README).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { startServer } from '../src/cli/main.ts';
import { Config } from '../src/core/config.ts';
import { openJetStream } from '../src/stream/jetstream.ts';
import { dropStream } from './nats.ts';

const NATS = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const tag = `swt_serve_${process.pid}_${Date.now().toString(36)}`;
const dir = mkdtempSync(join(tmpdir(), 'sw-stream-serve-'));

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropStream(NATS, tag);
});

it('POST /api/ingest publishes to the stream and answers queued; a re-post is all duplicates', async () => {
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const config = Config.parse({ stream: { url: NATS, name: tag, subjectPrefix: tag, partitions: 4 } });
  const prev = process.env.NATS_URL;
  delete process.env.NATS_URL; // the config's URL is the one used
  const server = await startServer({ dataDir: join(dir, 'data'), host: '127.0.0.1', port: 0, config, demoToken: true });
  try {
    const body = readFileSync(join(import.meta.dirname, '../src/server/fixtures/okta_cl_sample.json'));
    const post = () =>
      fetch(`${server.url}/api/ingest?name=okta.json`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body }).then(
        async (r) => ({ status: r.status, json: (await r.json()) as { queued?: number; alreadyIngested: number; updated: unknown[]; inputs: { accepted: number }[] } }),
      );
    const first = await post();
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ queued: 4, alreadyIngested: 0, updated: [] });
    expect(first.json.inputs[0].accepted).toBe(4);
    const people = await fetch(`${server.url}/api/people`, { headers: { authorization: `Bearer ${server.token}` } }).then((r) => r.json());
    expect(people).toEqual([]); // not committed here
    const again = await post();
    expect(again.json).toMatchObject({ queued: 0, alreadyIngested: 4 });
    const s = await openJetStream({ servers: NATS, name: tag, subjectPrefix: tag, partitions: 4, duplicateWindowMs: 3_600_000, ackWaitMs: 30_000 });
    let pending = 0;
    for (let p = 0; p < 4; p++) pending += await s.pending(p);
    await s.close();
    expect(pending).toBe(4);
  } finally {
    await server.close();
    if (prev !== undefined) process.env.NATS_URL = prev;
    vi.restoreAllMocks();
  }
}, 120_000);
