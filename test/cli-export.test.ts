// `sleetwatch export` and `sleetwatch notify` from the command line, on an embedded store in a temp folder: ocsf to a
// file, csv and cef to stdout, usage errors for an unknown format and --syslog with another format (exit 2); the
// outbox listed, and `notify deliver` sending the queued alert to a local receiver with its signature.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../src/core/config.ts';
import { alertsFor } from '../src/app/respond.ts';
import { parseCef } from '../src/app/export/cef.ts';
import { verifySignature } from '../src/app/notify/signature.ts';
import { Config } from '../src/core/config.ts';
import { openPGliteStore } from '../src/store/pglite.ts';
import { adele } from '../src/store/fixtures/people.ts';
import { pseudonymiser } from '../src/app/pseudonym.ts';
import { runCli } from './run-cli.ts';

const run = runCli;
afterEach(() => vi.restoreAllMocks());

describe('export command', () => {
  it('ocsf to a file, csv and cef to stdout, pseudonymised; usage errors exit 2', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sw-cli-export-'));
    const store = await openPGliteStore(join(dataDir, 'db'));
    await store.atomic(async (tx) => {
      await tx.savePeople([adele], 'run-1');
      return alertsFor(tx, [adele], new Map(), { config: defaultConfig(), now: Date.parse('2026-03-02T09:00:00Z') });
    });
    // The pseudonym the web UI and the API show for Adele: exports and notifications use the same store key.
    const shown = pseudonymiser(await store.auth().secret('pseudonym'))(adele.personId);
    await store.close();

    const file = join(dataDir, 'out', 'ocsf.json');
    const ocsf = await run('export', 'ocsf', '--out', file, '--data-dir', dataDir);
    expect(ocsf.code, ocsf.err).toBe(0);
    const events = JSON.parse(readFileSync(file, 'utf8')) as { class_uid: number; resources: { uid: string }[] }[];
    expect(events).toHaveLength(adele.findings.length);
    expect(events.every((e) => e.class_uid === 2004 && e.resources[0].uid === adele.personId)).toBe(true);
    expect(JSON.stringify(events)).toContain(shown);

    const csv = await run('export', 'csv', '--data-dir', dataDir);
    expect(csv.code, csv.err).toBe(0);
    expect(csv.out.split('\r\n')).toHaveLength(3); // header, Adele, the empty tail
    expect(csv.out).not.toContain(adele.displayName!);

    const cef = await run('export', 'cef', '--data-dir', dataDir);
    expect(cef.code, cef.err).toBe(0);
    const line = cef.out.trim();
    expect(parseCef(line).header.slice(0, 3)).toEqual(['CEF:0', 'sleetwatch', 'sleetwatch']);
    expect(parseCef(line).ext.duser).toMatch(/^Person [0-9A-Z]{4}-[0-9A-Z]{4}$/);

    expect((await run('export', 'yaml', '--data-dir', dataDir)).code).toBe(2);
    expect((await run('export', 'csv', '--syslog', 'udp://127.0.0.1:514', '--data-dir', dataDir)).code).toBe(2);
  }, 60_000);
});

describe('notify commands', () => {
  it('notify outbox lists the queued alert; notify deliver sends it, signed, and marks it delivered', async () => {
    const got: { headers: Record<string, unknown>; body: string }[] = [];
    const http = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        got.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const dataDir = mkdtempSync(join(tmpdir(), 'sw-cli-notify-'));
    const outbound = { allow: [`http://127.0.0.1:${(http.address() as AddressInfo).port}`] };
    const notifications = {
      channels: [{ type: 'webhook', name: 'siem', url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/hook`, secretEnv: 'SW_CLI_TEST_SECRET' }],
    };
    const configFile = join(dataDir, 'sleetwatch.config.json');
    writeFileSync(configFile, JSON.stringify({ outbound, notifications }));
    process.env.SW_CLI_TEST_SECRET = 'cli-secret';
    try {
      const store = await openPGliteStore(join(dataDir, 'db'));
      await store.atomic(async (tx) => {
        await tx.savePeople([adele], 'run-1');
        return alertsFor(tx, [adele], new Map(), { config: Config.parse({ outbound, notifications }), now: Date.now() });
      });
      await store.close();
      const pending = await run('notify', 'outbox', '--state', 'pending', '--data-dir', dataDir);
      expect(pending.code, pending.err).toBe(0);
      expect(pending.out).toMatch(/\tsiem\talert\.raised\tpending\tattempts 0\t/);
      const sent = await run('notify', 'deliver', '--config', configFile, '--data-dir', dataDir);
      expect(sent.code, sent.err).toBe(0);
      expect(sent.err).toContain('1 notification(s) delivered');
      expect(got).toHaveLength(1);
      expect(verifySignature(String(got[0].headers['x-sleetwatch-signature']), got[0].body, 'cli-secret')).toBe(true);
      expect(got[0].body).not.toContain(adele.displayName!);
      const done = await run('notify', 'outbox', '--state', 'delivered', '--data-dir', dataDir);
      expect(done.out.split('\n').filter(Boolean)).toHaveLength(1);
      expect((await run('notify', 'outbox', '--state', 'lost', '--data-dir', dataDir)).code).toBe(2);
    } finally {
      delete process.env.SW_CLI_TEST_SECRET;
      await new Promise((r) => http.close(r));
    }
  }, 60_000);
});
