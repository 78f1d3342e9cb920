// `npx sleetwatch` as a user runs it: the package bin through tsx, on the real samples.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/sleetwatch.js');
const SAMPLES = join(ROOT, '../shared/data/samples');

describe('sleetwatch CLI', () => {
  it('formats lists every format with an example', () => {
    const out = execFileSync('node', [BIN, 'formats'], { encoding: 'utf8' });
    for (const id of ['entra-signin', 'entra-diagnostic', 'entra-sentinel-csv', 'okta-systemlog', 'okta-sentinel', 'gworkspace', 'scim-users', 'hr-csv']) expect(out).toContain(id);
    expect(out.match(/example:/g)?.length).toBe(8);
  });

  it('scan prints a ranked table, writes the report and exits 0 on good input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-cli-'));
    const report = join(dir, 'r.json');
    const r = spawnSync('node', [BIN, 'scan', join(SAMPLES, 'entra'), join(SAMPLES, 'okta'), '--report', report, '--data-dir', join(dir, 'data')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1\s+\d+\s+high\s+adelev@m365x816222\.onmicrosoft\.com\s+\[critical\]/);
    expect(r.stderr).toMatch(/okta-sentinel: 593 records, 593 accepted, 0 rejected/);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect(json.schema).toBe('sleetwatch.report/v1');
  });

  it('scan of an unreadable file says so and exits 3', () => {
    const r = spawnSync('node', [BIN, 'scan', join(SAMPLES, 'schemas/teams_user_activity_user_detail_header.csv')], { encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/UNREADABLE/);
  });

  it('unknown command exits 2 with help', () => {
    const r = spawnSync('node', [BIN, 'frobnicate'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Usage:/);
  });
});
