// GET /api/collectors and `sleetwatch collect`: the collectors' lag, health and back-off as the API and the CLI report
// them, against the fakes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJetStream } from '../src/stream/jetstream.ts';
import { collectOnce, collectStatus } from '../src/app/collectors/collect-cli.ts';
import { collectorStatus } from '../src/app/collectors/runner.ts';
import { createToken } from '../src/app/tokens.ts';
import { Config } from '../src/core/config.ts';
import { buildServer } from '../src/server/index.ts';
import { graphSignIn } from './fakes/graph-collect.ts';
import { SECRETS, openKit, type Kit } from './collect-kit.ts';
import { dropStream } from './nats.ts';

let kit: Kit;
let dir: string;
beforeAll(async () => {
  kit = await openKit();
  dir = mkdtempSync(join(tmpdir(), 'sw-collect-api-'));
  for (let i = 0; i < 40; i++) kit.graph.signIns.push(graphSignIn({ n: i, time: Date.now() - 3_600_000 + i * 60_000, upn: `u${i % 4}@contoso.com`, ip: '20.1.2.3' }));
});
afterAll(async () => {
  await kit.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/collectors', () => {
  it('lists each collector with its lag and health; needs a token', async () => {
    const runner = kit.runner({ okta: undefined, google: undefined });
    await runner.runOne('graph-signins', { force: true });
    kit.graph.outage({ status: 503 });
    await kit.runner({ okta: undefined, google: undefined, maxRetries: 0 }).runOne('graph-directory-audits', { force: true });
    kit.graph.heal();
    const server = await buildServer({ store: kit.store, version: 'test', ingest: () => Promise.reject(new Error('unused')), collectors: async () => collectorStatus(await kit.store.collectors().list(), runner, Date.now()) });
    try {
      expect((await server.inject({ url: '/api/collectors' })).statusCode).toBe(401);
      const token = (await createToken(kit.store, 'collect-api', 'analyst')).token;
      const res = await server.inject({ url: '/api/collectors', headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(200);
      const rows = res.json() as { id: string; health: string; lagSeconds?: number; lastError?: string; configured: boolean }[];
      expect(rows.map((r) => r.id)).toEqual(['graph-directory-audits', 'graph-managed-devices', 'graph-noninteractive-signins', 'graph-risk-detections', 'graph-signins', 'graph-users']);
      const s = rows.find((r) => r.id === 'graph-signins')!;
      expect(s.health).toBe('ok');
      expect(s.lagSeconds).toBeGreaterThanOrEqual(20 * 60 - 5);
      const a = rows.find((r) => r.id === 'graph-directory-audits')!;
      expect(a.health).toBe('backing-off');
      expect(a.lastError).toMatch(/HTTP 503/);
      expect(JSON.stringify(rows)).not.toContain(SECRETS.graphSecret);
    } finally {
      await server.close();
    }
  });
});

describe('sleetwatch collect', () => {
  it('--once runs every configured collector and --status reports them; secrets from a file', async () => {
    const secretFile = join(dir, 'okta-token');
    writeFileSync(secretFile, `${SECRETS.oktaToken}\n`);
    const config = Config.parse({
      collectors: {
        okta: { orgUrl: kit.okta.url, auth: { kind: 'ssws', token: { file: secretFile } }, streams: ['logs'] },
      },
    });
    const once = await collectOnce(kit.store, config);
    expect(once.ok).toBe(true);
    expect(once.lines).toEqual(['okta-logs: 1 page, 0 records, 0 new events, 0 already ingested, 0 rejected']);
    const st = await collectStatus(kit.store, config);
    expect(st.lines.find((l) => l.startsWith('okta-logs'))).toMatch(/^okta-logs\s+ok\s+lag -/);
    expect(st.lines.find((l) => l.startsWith('graph-signins'))).toMatch(/^graph-signins\s+ok\s+lag \d+ min\s+events 40/);
    const none = await collectOnce(kit.store, Config.parse({}));
    expect(none).toMatchObject({ ok: false, lines: ['no collector configured (config key "collectors"; see docs/collect.md)'] });
  });
});

/** GET /api/collectors once the schedule's first pass has landed (it starts at once; bounded, no timing asserted). */
async function firstPass(server: { url: string; token?: string }): Promise<{ id: string; events: number; health: string }[]> {
  const get = async () => (await fetch(`${server.url}/api/collectors`, { headers: { authorization: `Bearer ${server.token}` } })).json() as Promise<{ id: string; events: number; health: string }[]>;
  let rows = await get();
  for (let i = 0; i < 100 && !(rows[0]?.events > 0); i++) {
    await new Promise((r) => setTimeout(r, 200));
    rows = await get();
  }
  return rows;
}

describe('serve runs the collectors on their schedule', () => {
  it('pulls without being asked, answers GET /api/collectors, and stops cleanly', async () => {
    const { startServer } = await import('../src/cli/main.ts');
    const dataDir = mkdtempSync(join(tmpdir(), 'sw-collect-serve-'));
    const prev = process.env.SW_TEST_GRAPH_SECRET;
    process.env.SW_TEST_GRAPH_SECRET = SECRETS.graphSecret;
    const config = Config.parse({
      collectors: {
        graph: { tenantId: kit.graph.tenant, clientId: kit.graph.clientId, clientSecret: { env: 'SW_TEST_GRAPH_SECRET' }, tokenUrl: kit.graph.tokenUrl, graphUrl: kit.graph.url, streams: ['signins'], intervalSeconds: 1 },
      },
    });
    const server = await startServer({ dataDir, host: '127.0.0.1', port: 0, config, demoToken: true });
    try {
      const rows = await firstPass(server);
      expect(rows).toMatchObject([{ id: 'graph-signins', events: 40, health: 'ok', configured: true }]);
    } finally {
      await server.close();
      if (prev === undefined) delete process.env.SW_TEST_GRAPH_SECRET;
      else process.env.SW_TEST_GRAPH_SECRET = prev;
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('serve in the scale-out mode', () => {
  it("publishes what its collectors pull to the stream (checkpoint after the acknowledgement) and commits none of it itself", async () => {
    const { startServer } = await import('../src/cli/main.ts');
    const NATS = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
    const tag = `swt_cserve_${process.pid}_${Date.now().toString(36)}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'sw-collect-serve-nats-'));
    const prev = process.env.SW_TEST_GRAPH_SECRET;
    process.env.SW_TEST_GRAPH_SECRET = SECRETS.graphSecret;
    const config = Config.parse({
      stream: { url: NATS, name: tag, subjectPrefix: tag, partitions: 4 },
      collectors: {
        graph: { tenantId: kit.graph.tenant, clientId: kit.graph.clientId, clientSecret: { env: 'SW_TEST_GRAPH_SECRET' }, tokenUrl: kit.graph.tokenUrl, graphUrl: kit.graph.url, streams: ['signins'], intervalSeconds: 1 },
      },
    });
    const server = await startServer({ dataDir, host: '127.0.0.1', port: 0, config, demoToken: true });
    const probe = await openJetStream({ servers: NATS, name: tag, subjectPrefix: tag, partitions: 4, duplicateWindowMs: 3_600_000, ackWaitMs: 30_000 });
    try {
      const rows = await firstPass(server);
      expect(rows).toMatchObject([{ id: 'graph-signins', events: 40, health: 'ok', configured: true }]);
      let queued = 0;
      for (let p = 0; p < 4; p++) queued += await probe.pending(p);
      expect(queued).toBe(40); // on the stream for the workers, each sign-in once (later passes re-read: dropped)
      const people = (await fetch(`${server.url}/api/people`, { headers: { authorization: `Bearer ${server.token}` } })).json() as Promise<unknown[]>;
      expect(await people).toEqual([]); // serve committed none of it
    } finally {
      await server.close();
      await probe.close();
      await dropStream(NATS, tag);
      if (prev === undefined) delete process.env.SW_TEST_GRAPH_SECRET;
      else process.env.SW_TEST_GRAPH_SECRET = prev;
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
