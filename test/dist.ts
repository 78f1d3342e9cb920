// The compiled package (dist/, built by `npm install` through the prepare script, or `npm run build`). Tests that run
// bin/sleetwatch.js run dist/: `ensureBuilt()` rebuilds it first when a source file is newer than the last build, so
// they never test stale JavaScript. Several test files may call it at once: one builds, the others wait for it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const ROOT = join(import.meta.dirname, '..');
export const DIST = join(ROOT, 'dist');
/** Written by scripts/build.mjs when a build completes. */
export const BUILT = join(DIST, '.built');
const LOCK = join(ROOT, '.dist-build.lock');

/** Newest modification time of what the build reads: the sources (not tests or fixtures), their assets, the build files. */
function newestInput(): number {
  let newest = 0;
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'fixtures') walk(p);
      } else if (!e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(join(ROOT, 'src'));
  walk(join(ROOT, 'web'));
  for (const f of ['tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs']) newest = Math.max(newest, statSync(join(ROOT, f)).mtimeMs);
  return newest;
}

/** Whether dist/ holds a complete build at least as new as every source file. */
export const distIsCurrent = (): boolean => existsSync(BUILT) && statSync(BUILT).mtimeMs >= newestInput();

/** Build dist/ (scripts/build.mjs, i.e. tsc -p tsconfig.build.json plus the assets) unless it is current. */
export async function ensureBuilt(): Promise<void> {
  for (;;) {
    if (distIsCurrent()) return;
    try {
      mkdirSync(LOCK);
    } catch {
      // Another test file is building; a lock older than 10 minutes is left over from a killed run.
      const lock = statSync(LOCK, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > 600_000) rmSync(LOCK, { recursive: true, force: true });
      await sleep(500);
      continue;
    }
    try {
      if (distIsCurrent()) return;
      const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
      return;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
