// The catalog against its sources: every tool of LOLRMM, the Microsoft hunting list and Splunk's lookup must be
// matched by its own names, file names and domains (issue 9). The sources are read from the copies in
// fixtures/upstream (see its PROVENANCE.md), parsed here independently of the build script.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readRemoteAccessCatalog, remoteAccessMatcher, type RemoteAccessObservation } from './index.ts';

const fixture = (f: string): string => fileURLToPath(new URL(`./fixtures/upstream/${f}`, import.meta.url));
const csv = (f: string): Record<string, string>[] => parse(readFileSync(fixture(f)), { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true });

interface SourceTool { source: string; name: string; observations: RemoteAccessObservation[] }

/** A concrete host for a domain pattern: globs and regex fragments filled in, port dropped. */
function concreteHost(pattern: string): string | undefined {
  let d = pattern.trim().toLowerCase().replace(/^\*\s+\./, '*.');
  if (!d || d === 'user_managed' || d.startsWith('<') || d.includes(' ')) return undefined;
  d = d.replace(/\[[^\]]*\]\{(\d+)\}/g, (_m, n: string) => 'a'.repeat(Number(n))).replace(/\\\./g, '.').replace(/:\d+$/, '');
  d = d.replace(/^\*\./, 'x1.').replace(/^\*/, 'x1.').replace(/\*/g, 'x1');
  return d;
}
/** A concrete file name for a file-name glob. */
const concreteFile = (f: string): string => f.trim().replace(/\*/g, '1');

function sourceTools(): SourceTool[] {
  const tools = new Map<string, SourceTool>();
  const get = (source: string, name: string): SourceTool => {
    const k = `${source}\0${name.trim()}`;
    let t = tools.get(k);
    if (!t) tools.set(k, (t = { source, name: name.trim(), observations: [{ name }] }));
    return t;
  };
  type Pe = { Filename?: string; OriginalFileName?: string } | null;
  const lolrmm = JSON.parse(readFileSync(fixture('rmm_tools.slim.json'), 'utf8')) as {
    Name: string; Details: { PEMetadata?: Pe | Pe[]; InstallationPaths?: string[] }; Artifacts?: { Network?: { Domains?: string[] }[] };
  }[];
  for (const r of lolrmm) {
    const t = get('LOLRMM rmm_tools.json', r.Name);
    const pe = r.Details.PEMetadata;
    for (const p of pe == null ? [] : Array.isArray(pe) ? pe : [pe]) {
      if (p?.Filename) t.observations.push({ executable: concreteFile(p.Filename) });
      if (p?.OriginalFileName) t.observations.push({ originalFileName: concreteFile(p.OriginalFileName) });
    }
    for (const p of r.Details.InstallationPaths ?? []) t.observations.push({ path: p });
    for (const n of r.Artifacts?.Network ?? []) for (const d of n.Domains ?? []) {
      const h = concreteHost(d);
      if (h) t.observations.push({ domain: h });
    }
  }
  for (const r of csv('rmm_domains.csv')) {
    const h = concreteHost(r.URI);
    const t = get('LOLRMM rmm_domains.csv', r.RMM_Tool);
    if (h) t.observations.push({ domain: `${h}:443` });
  }
  for (const r of csv('jischell_RMM_SummaryNetworkURI.csv')) {
    const h = concreteHost(r.URI);
    const t = get('Microsoft jischell_RMM_SummaryNetworkURI.csv', r.RMM_Tool);
    if (h) t.observations.push({ domain: h });
  }
  for (const r of csv('splunk_remote_access_software.csv')) {
    const t = get('Splunk remote_access_software', r.description);
    if (r.remote_utility) t.observations.push({ executable: concreteFile(r.remote_utility) });
    const h = r.remote_domain ? concreteHost(r.remote_domain) : undefined;
    if (h) t.observations.push({ domain: `https://${h}/` });
  }
  return [...tools.values()];
}

describe('remote-access catalog vs its sources', () => {
  const matcher = remoteAccessMatcher();
  const all = sourceTools();
  const ownTool = (name: string) => (m: { tool: { name: string; names?: string[] } }): boolean => [m.tool.name, ...(m.tool.names ?? [])].includes(name);

  it('reads every source', () => {
    const per = new Map<string, number>();
    for (const t of all) per.set(t.source, (per.get(t.source) ?? 0) + 1);
    expect(Object.fromEntries(per)).toMatchInlineSnapshot(`
      {
        "LOLRMM rmm_domains.csv": 208,
        "LOLRMM rmm_tools.json": 313,
        "Microsoft jischell_RMM_SummaryNetworkURI.csv": 62,
        "Splunk remote_access_software": 185,
      }
    `);
  });

  it('lists every tool of the three sources the catalog does not match by its own names, files or domains: none', () => {
    const unmatched: string[] = [];
    for (const t of all) {
      const hit = t.observations.some((o) => matcher.match(o).some(ownTool(t.name)));
      if (!hit) unmatched.push(`${t.source}: ${t.name}`);
    }
    expect(unmatched).toEqual([]);
  });

  it('matches every file name and domain of every source row to its tool, except the values it documents as skipped', () => {
    const c = readRemoteAccessCatalog();
    const norm = (v: string): string => v.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/$/, '').replace(/:\d+$/, '');
    const explained = new Set([
      ...matcher.skipped.map((x) => norm(x.value)),
      ...c.dropped.domains.map((x) => norm(x.value)),
      ...c.dropped.paths.map((x) => norm(x.value)),
    ]);
    const unexplained: string[] = [];
    let total = 0;
    let skipped = 0;
    for (const t of all) {
      for (const o of t.observations.slice(1)) {
        total++;
        if (matcher.match(o).some(ownTool(t.name))) continue;
        const v = Object.values(o)[0] as string;
        if (explained.has(norm(v))) skipped++;
        else unexplained.push(`${t.source}: ${t.name} ${JSON.stringify(o)}`);
      }
    }
    expect(unexplained).toEqual([]);
    expect(total).toBeGreaterThan(3500);
    // generic file names (setup.exe, agent.exe, rdp.exe...), shared platforms (github.com), placeholders
    expect(skipped).toBeLessThan(100);
  });

  it('records the sources it was built from, with the same bytes as the copies here', () => {
    const c = readRemoteAccessCatalog();
    for (const f of ['rmm_domains.csv', 'jischell_RMM_SummaryNetworkURI.csv', 'splunk_remote_access_software.csv']) {
      const rec = Object.values(c.sources).flatMap((s) => s.files).find((x) => x.file === f);
      expect(rec?.sha256, f).toBe(createHash('sha256').update(readFileSync(fixture(f))).digest('hex'));
    }
    const curated = readFileSync(fileURLToPath(new URL('../../../data/remote-access/curated.json', import.meta.url)));
    expect(c.curated.sha256, 'catalog.json is older than curated.json: run scripts/build-remote-access-catalog.mjs').toBe(createHash('sha256').update(curated).digest('hex'));
    expect(c.stats.tools).toBe(c.tools.length);
    expect(c.stats.toolsPerSource.curated).toBeGreaterThanOrEqual(25);
    for (const t of c.tools) expect(t.sources.length, t.id).toBeGreaterThan(0);
  });

  it('gives every curated entry a reference URL', () => {
    const curated = JSON.parse(readFileSync(fileURLToPath(new URL('../../../data/remote-access/curated.json', import.meta.url)), 'utf8')) as {
      tools: { name: string; reference: string }[];
    };
    for (const t of curated.tools) expect(t.reference, t.name).toMatch(/^https:\/\//);
    const c = readRemoteAccessCatalog();
    const astrill = c.tools.find((t) => t.id === 'astrill-vpn');
    expect(astrill?.category).toBe('vpn');
    expect(c.tools.filter((t) => t.category === 'ip-kvm').map((t) => t.id).sort()).toEqual(['jetkvm', 'pikvm', 'tinypilot']);
  });
});
