// Shared by the bench scripts: generating (or reusing) a synthetic company, listing its files, counting records.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
export const CLI = join(ROOT, 'bin/sleetwatch.js');

export const fmt = (x: number, digits = 0): string => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
export const verdict = (ok: boolean, below = 'BELOW TARGET'): string => (ok ? 'OK' : below);

/** Files of a generated company, directory exports first, each sub-folder sorted (entra pages are newest first). */
export function inputs(dir: string, subs: string[] = ['directory', 'entra', 'okta']): string[] {
  const out: string[] = [];
  for (const sub of subs) {
    const d = join(dir, sub);
    if (existsSync(d)) for (const f of readdirSync(d).sort()) out.push(join(d, f));
  }
  return out;
}

/** Records in a JSON export: an array, or a page's value / Resources / records / items. */
export function countRecords(file: string): number {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const arr = Array.isArray(doc) ? doc : (doc.value ?? doc.Resources ?? doc.records ?? doc.items ?? [doc]);
  return arr.length;
}

/**
 * A synthetic company (`sleetwatch generate`, seed 7) in a child process. With `reuse` (a folder path from an env var)
 * the folder is generated there if missing and kept; otherwise it is a temp folder that `dispose()` removes.
 */
export function company(people: number, days: number, reuse?: string): { dir: string; generatedMs: number; dispose: () => void } {
  const dir = reuse ?? join(mkdtempSync(join(tmpdir(), 'sw-bench-')), 'company');
  const t0 = performance.now();
  if (!existsSync(join(dir, 'directory'))) {
    execFileSync(
      process.execPath,
      ['--max-old-space-size=12000', CLI, 'generate', '--out', dir, '--people', String(people), '--days', String(days), '--seed', '7'],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
  }
  const generatedMs = performance.now() - t0;
  return {
    dir,
    generatedMs,
    dispose: () => {
      if (reuse) return;
      rmSync(join(dir, '..'), { recursive: true, force: true });
    },
  };
}

/** Parts picked by BENCH_PARTS (comma-separated), or `all`. */
export function partsFromEnv(all: string[], dflt: string[]): Set<string> {
  const raw = process.env.BENCH_PARTS;
  if (!raw) return new Set(dflt);
  const want = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (want.includes('all')) return new Set(all);
  const unknown = want.filter((p) => !all.includes(p));
  if (unknown.length) throw new Error(`BENCH_PARTS: unknown part(s) ${unknown.join(', ')} (known: ${all.join(', ')}, all)`);
  return new Set(want);
}

/** Drop a bench's own PostgreSQL schema (after the run, whatever happened). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
