// Real negative control (issue 9): osquery output of an ordinary Linux host (fixtures/osquery, see its
// PROVENANCE.md) holds no remote-access tool, so the matcher must find none — with every string value of every
// row tried as a program name, executable, path and host.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { remoteAccessMatcher } from './index.ts';

const FILES = ['osqueryd.results.jsonl', 'osqueryd.snapshots.jsonl'];

function rows(): { query: string; columns: Record<string, unknown> }[] {
  const out: { query: string; columns: Record<string, unknown> }[] = [];
  for (const f of FILES) {
    const text = readFileSync(fileURLToPath(new URL(`./fixtures/osquery/${f}`, import.meta.url)), 'utf8');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as { name: string; columns?: Record<string, unknown>; snapshot?: Record<string, unknown>[]; hostIdentifier?: string; decorations?: Record<string, unknown> };
      const decorations = { hostIdentifier: r.hostIdentifier, ...(r.decorations ?? {}) };
      for (const c of r.snapshot ?? (r.columns ? [r.columns] : [])) out.push({ query: r.name, columns: { ...c, ...decorations } });
    }
  }
  return out;
}

describe('osquery negative control (real output of an ordinary Linux host)', () => {
  const all = rows();

  it('reads the sample', () => {
    expect(all.length).toBeGreaterThan(300);
    const queries = new Set(all.map((r) => r.query));
    expect(queries).toContain('pack_osquery-custom-pack_processes');
    expect(queries).toContain('pack_osquery-snapshots-pack_python_packages');
    expect(queries).toContain('pack_incident-response_shell_history');
  });

  it('finds no remote-access tool, trying every value as every kind of field', () => {
    const m = remoteAccessMatcher();
    const found: string[] = [];
    let tried = 0;
    for (const r of all) {
      for (const [col, v] of Object.entries(r.columns)) {
        if (typeof v !== 'string' || !v || /^-?\d+$/.test(v)) continue;
        const values = [v, ...(col === 'command' || col === 'cmdline' ? v.split(/\s+/) : [])];
        for (const x of values) {
          tried++;
          const ms = m.match({ name: x, product: x, executable: x, path: x, publisher: x, domain: x });
          for (const hit of ms) found.push(`${r.query}.${col} = ${JSON.stringify(x)} → ${hit.tool.id} (${hit.confidence}): ${hit.evidence.map((e) => `${e.field}~${e.catalogValue}`).join(', ')}`);
        }
      }
    }
    expect(tried).toBeGreaterThan(2000);
    expect(found).toEqual([]);
  });
});
