// `npx sleetwatch` as a user runs it: the package bin (compiled dist/, rebuilt first when stale), on the real samples.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { IngestService } from '../src/app/service.ts';
import { openStore } from '../src/store/index.ts';
import { ensureBuilt } from './dist.ts';
import { readSample, samplePath } from './samples.ts';
import { formats } from '../src/sources/index.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/sleetwatch.js');

describe('sleetwatch CLI', () => {
  beforeAll(ensureBuilt, 600_000);

  it('formats lists every format with an example', () => {
    const out = execFileSync('node', [BIN, 'formats'], { encoding: 'utf8' });
    const ids = formats.map((f) => f.id);
    for (const id of ['entra-signin', 'okta-systemlog', 'gworkspace', 'scim-users', 'hr-csv', 'teams-activity', 'slack-analytics', 'osquery-results', 'intune-devices', 'defender-hunting'])
      expect(ids).toContain(id);
    for (const id of ids) expect(out).toContain(id);
    expect(out.match(/example:/g)?.length).toBe(ids.length);
  });

  it('scan prints a ranked table, writes the report and exits 0 on good input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-cli-'));
    const report = join(dir, 'r.json');
    const r = spawnSync('node', [BIN, 'scan', samplePath('entra'), samplePath('okta'), '--report', report, '--data-dir', join(dir, 'data')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1\s+\d+\s+high\s+p_[0-9a-f]{12}\s+adelev@m365x816222\.onmicrosoft\.com\s+\[critical\]/);
    expect(r.stderr).toMatch(/okta-sentinel: 593 records, 126 accepted, 467 ignored, 0 rejected/);
    expect(r.stderr).toMatch(/ignored: 361 not about a person: Okta SystemPrincipal; 106 duplicate event id/);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect(json.schema).toBe('sleetwatch.report/v1');
  });

  it('scan of an unreadable file says so and exits 3', () => {
    const r = spawnSync('node', [BIN, 'scan', samplePath('schemas/teams_user_activity_user_detail_header.csv')], { encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/UNREADABLE/);
  });

  it('intel import: an imported CSV indicator becomes a finding with the indicator named; a bad row is rejected by line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-ind-'));
    const csv = join(dir, 'indicators.csv');
    writeFileSync(csv, 'value,type,label\n65.65.65.65,ip,Facilitator laptop farm (case 2026-114)\nnot-an-ip,ip,broken row\n');
    const imp = spawnSync('node', [BIN, 'intel', 'import', csv, '--data-dir', join(dir, 'data')], { encoding: 'utf8' });
    expect(imp.stderr).toMatch(/1 indicators added/);
    expect(imp.stderr).toMatch(/line 3/);
    expect(imp.status).toBe(4); // some rows rejected
    const report = join(dir, 'r.json');
    const r = spawnSync('node', [BIN, 'scan', samplePath('okta'), '--report', report, '--data-dir', join(dir, 'data')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const person = JSON.parse(readFileSync(report, 'utf8')).people.find((p: { identifiers: string[] }) => p.identifiers.includes('user100@abccompany.com'));
    const f = person.findings.find((x: { detector: string; explanation: string }) => x.detector === 'high-risk-network');
    expect(f.explanation).toMatch(/Facilitator laptop farm/);
    expect(f.evidence.some((e: { ip?: string }) => e.ip === '65.65.65.65')).toBe(true);
  });

  it('scan --store persists people, state and event ids: the API continuing from it does not count a re-post twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-store-'));
    const r = spawnSync('node', [BIN, 'scan', samplePath('entra'), '--store', '--data-dir', join(dir, 'data')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/stored run scan-/);
    const store = await openStore({ dataDir: join(dir, 'data') });
    try {
      const [adele] = await store.listPeople({ level: 'high' });
      expect(adele.identifiers.map((x) => x.toLowerCase())).toContain('adelev@m365x816222.onmicrosoft.com');
      const service = await IngestService.open(store, { dataDir: join(dir, 'data') });
      const csv = readSample('entra/training_lab_sign-in_adelete_EXCERPT.csv');
      const res = await service.ingest(csv, { name: 'again.csv' });
      expect(res.updated).toEqual([]);
      const p = await store.getPerson(adele.personId);
      expect(p!.events).toBe(2);
      expect(p!.level).toBe('high');
    } finally {
      await store.close();
    }
  });

  it('unknown command exits 2 naming the commands; --version prints the package version', () => {
    const r = spawnSync('node', [BIN, 'frobnicate'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'frobnicate'; the commands are scan, /);
    expect(r.stderr).toMatch(/sleetwatch --help/);
    const v = spawnSync('node', [BIN, '--version'], { encoding: 'utf8' });
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(`sleetwatch ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}`);
  });
});
