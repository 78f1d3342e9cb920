#!/usr/bin/env node
// `npm run build` (also run by `npm install` through the prepare script, and before `npm pack`/`npm publish`):
// compiles src/**/*.ts to dist/**/*.js with tsc (tsconfig.build.json), then copies the non-TypeScript files the
// compiled code reads next to itself (the SQL migrations beside dist/store/). Plain JavaScript: needs no tsx.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
/** Folders under src/ whose files the compiled code reads at run time (relative to import.meta.url). */
const ASSET_DIRS = ['store/migrations'];

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  console.error('sleetwatch build: needs the dev dependency typescript (run npm install without --omit=dev / --production)');
  process.exit(1);
}
rmSync(DIST, { recursive: true, force: true });
const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) {
  console.error(`sleetwatch build: tsc failed (exit ${r.status ?? r.signal})`);
  process.exit(1);
}
for (const d of ASSET_DIRS) {
  const from = join(ROOT, 'src', d);
  if (!existsSync(from)) throw new Error(`sleetwatch build: asset folder ${relative(ROOT, from)} is missing`);
  cpSync(from, join(DIST, d), { recursive: true });
}
// When it was built: test/global-setup.ts rebuilds when a source file is newer.
writeFileSync(join(DIST, '.built'), new Date().toISOString() + '\n');
console.error(`sleetwatch build: ${readdirSync(DIST).length} folders in dist/`);
