import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { geoPackage } from './geo.ts';
import { refreshIntel } from './index.ts';
import { upstreamPath, UPSTREAM } from '../../test/samples.ts';

const committed = fileURLToPath(new URL('../../data/intel/', import.meta.url));
// The third-party lists refresh reads, committed in data/upstream/ipintel (data/upstream/PROVENANCE.md).
const SHARED = UPSTREAM;

describe('refreshIntel', () => {
  it('rebuilds exactly the committed data/intel catalogue from data/upstream/ipintel, offline', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'sw-refresh-'));
    const r = await refreshIntel({ sharedDir: SHARED, outDir });
    expect(r.rejected).toEqual([]);
    const files = (d: string) => readdirSync(d, { recursive: true }).map(String).filter((f) => f.includes('.') || f.includes('LICENSE')).sort();
    expect(files(outDir)).toEqual(files(committed));
    for (const f of files(outDir)) expect(readFileSync(join(outDir, f), 'utf8'), f).toBe(readFileSync(join(committed, f), 'utf8'));
  });

  it('records every source with repo, commit, licence and count; the lists are sorted CIDRs', async () => {
    const manifest = JSON.parse(readFileSync(join(committed, 'manifest.json'), 'utf8'));
    const byFile = Object.fromEntries(manifest.sources.map((s: { file: string }) => [s.file, s]));
    expect(byFile['ranges/apple-private-relay.txt']).toMatchObject({ repo: 'X4BNet/lists_vpn', commit: '167937a7', licence: 'MIT', cls: 'relay' });
    const apple = readFileSync(upstreamPath('ipintel/x4bnet/input/vpn/ips/apple.txt'), 'utf8').split('\n').filter((l) => l.trim()).length;
    expect(byFile['ranges/apple-private-relay.txt'].entries).toBe(apple);
    expect(byFile['ranges/ipcat-datacenters.txt']).toMatchObject({ repo: 'client9/ipcat', cls: 'hosting' });
    const attribution = readFileSync(join(committed, 'ATTRIBUTION.md'), 'utf8');
    for (const repo of ['X4BNet/lists_vpn @ 167937a7', 'brianhama/bad-asn-list @ cac788be', 'client9/ipcat @ a26c9060']) expect(attribution).toContain(repo);
    // DB-IP (geoSource 'dbip'): CC BY 4.0 attribution with the link, and DBIP-LICENSE quoted word for word
    expect(attribution).toContain('IP Geolocation by DB-IP (https://db-ip.com)');
    const flat = (t: string) => t.replace(/\s+/g, ' ');
    const dbipLicense = readFileSync(join(geoPackage('dbip').dir, 'DBIP-LICENSE'), 'utf8');
    for (const sentence of dbipLicense.split(/(?<=[.:])\s+(?=[A-Z<])/).filter((x) => x.trim())) expect(flat(attribution)).toContain(flat(sentence.trim()));
    for (const lic of ['X4BNet-lists_vpn-LICENSE', 'bad-asn-list-LICENSE', 'ipcat-LICENSE']) expect(readFileSync(join(committed, 'licenses', lic), 'utf8')).toMatch(/MIT License|Permission is hereby granted/);
  });

  it('fails clearly when the shared folder is missing', async () => {
    await expect(refreshIntel({ sharedDir: '/nonexistent', outDir: mkdtempSync(join(tmpdir(), 'sw-refresh-')) })).rejects.toThrow(/ipintel not found/);
  });
});
