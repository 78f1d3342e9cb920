#!/usr/bin/env node
// `npm run build` (also run by `npm install` through the prepare script, and before `npm pack`/`npm publish`):
// compiles src/**/*.ts to dist/**/*.js with tsc (tsconfig.build.json), then copies the non-TypeScript files the
// compiled code reads next to itself (the SQL migrations beside dist/store/). Plain JavaScript: needs no tsx.
// Then, for start-up time, it bundles the CLI: dist/bundle/sleetwatch.js is dist/cli/main.js with our own modules and
// the pure-JavaScript ES module packages zod and csv-parse joined into a few files, one per lazily imported command
// part (esbuild code splitting), so that a scan loads ~20 files instead of ~220 (resolving and loading them was a
// sixth of a 2-event scan). bin/sleetwatch.js runs the bundle when it is there, else dist/cli/main.js. Every module
// keeps its own import.meta.url (that of its file in dist/), so paths it finds beside itself (data/, the SQL
// migrations, the reader thread's entry dist/app/read-worker.js, which is not bundled) are unchanged. The bundle is
// minified (whitespace and syntax only: names are kept; for readable stack traces run `node dist/cli/main.js`).
// esbuild comes with the dev dependency tsx; without it the bundle is skipped with a note (the CLI then starts slower).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
/** Folders under src/ whose files the compiled code reads at run time (relative to import.meta.url). */
const ASSET_DIRS = ['store/migrations'];
/** Packages joined into the bundle: ES modules of pure JavaScript, reading no file of their own, many small modules. */
const BUNDLED_PACKAGES = new Set(['zod', 'csv-parse']);


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
await bundle();
await buildWeb();
// When it was built: test/global-setup.ts rebuilds when a source file is newer.
writeFileSync(join(DIST, '.built'), new Date().toISOString() + '\n');
console.error(`sleetwatch build: ${readdirSync(DIST).length} folders in dist/`);

// The web UI (web/, React + Vite) into dist/web, which `serve` answers with. Vite is a dev dependency, present when
// `npm install` runs this through prepare; without it (an install with --omit=dev) the UI is skipped with a note and
// the API still works.
async function buildWeb() {
  let vite;
  try {
    vite = await import(pathToFileURL(createRequire(import.meta.url).resolve('vite')).href);
  } catch {
    console.error('sleetwatch build: vite not found (a dev dependency): the web UI is not built; serve answers the API only');
    return;
  }
  const started = Date.now();
  // A production build whatever the caller's NODE_ENV (the tests run this with NODE_ENV=test, which would make the
  // JSX transform emit development code naming the source files' absolute paths).
  process.env.NODE_ENV = 'production';
  await vite.build({ configFile: join(ROOT, 'web/vite.config.ts'), mode: 'production', logLevel: 'warn' });
  if (!existsSync(join(DIST, 'web/index.html'))) throw new Error('sleetwatch build: vite wrote no dist/web/index.html');
  console.error(`sleetwatch build: web UI built into dist/web/ in ${Date.now() - started} ms`);
}

async function bundle() {
  const BUNDLE = join(DIST, 'bundle');
  let esbuild;
  try {
    // esbuild is a dependency of the dev dependency tsx
    const req = createRequire(import.meta.url);
    let path;
    try {
      path = req.resolve('esbuild');
    } catch {
      path = createRequire(req.resolve('tsx/package.json')).resolve('esbuild');
    }
    esbuild = await import(pathToFileURL(path).href);
  } catch {
    console.error('sleetwatch build: esbuild not found (it comes with the dev dependency tsx): CLI not bundled, it will start slower');
    return;
  }
  const keepMetaUrl = {
    name: 'keep-import-meta-url',
    setup(b) {
      // The bundle's modules sit in dist/bundle/; each keeps the URL of its own file in dist/.
      b.onLoad({ filter: /\.js$/ }, (args) => {
        if (!args.path.startsWith(DIST + sep)) return undefined;
        const js = readFileSync(args.path, 'utf8');
        if (!js.includes('import.meta')) return { contents: js, loader: 'js' };
        const rel = relative(BUNDLE, args.path).split(sep).join('/');
        const url = `new URL(${JSON.stringify(rel)}, import.meta.url).href`;
        const dir = `new URL(${JSON.stringify(relative(BUNDLE, dirname(args.path)).split(sep).join('/') + '/')}, import.meta.url)`;
        return {
          contents: js
            .replaceAll('import.meta.url', url)
            .replaceAll('import.meta.dirname', `require_url_path(${dir})`)
            .replaceAll('import.meta.filename', `require_url_path(new URL(${url}))`),
          loader: 'js',
        };
      });
      // zod's translations of its error messages: sleetwatch only uses the English ones, which zod sets itself
      // (classic/external.js imports locales/en.js directly), so the other ~50 are not bundled (a third of zod)
      b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
        if (!/[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir)) return undefined;
        return { path: join(args.resolveDir, '../locales/index.js'), namespace: 'zod-locales-en' };
      });
      b.onLoad({ filter: /.*/, namespace: 'zod-locales-en' }, (args) => ({
        contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), 'en.js'))};\n`,
        resolveDir: dirname(args.path),
        loader: 'js',
      }));
      // npm packages stay imports unless listed (fastify, the store drivers... load their own files)
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:')) return { path: args.path, external: true };
        const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
        return BUNDLED_PACKAGES.has(name) ? undefined : { path: args.path, external: true };
      });
    },
  };
  const r = await esbuild.build({
    entryPoints: { sleetwatch: join(DIST, 'cli/main.js') },
    outdir: BUNDLE,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunk-[hash]',
    plugins: [keepMetaUrl],
    logLevel: 'error',
    metafile: true,
    minifyWhitespace: true,
    minifySyntax: true,
    banner: { js: "import { fileURLToPath as require_url_path } from 'node:url';" },
  });
  const files = Object.keys(r.metafile.outputs).filter((f) => f.endsWith('.js'));
  const inputs = Object.keys(r.metafile.inputs).length;
  console.error(`sleetwatch build: bundled ${inputs} modules into ${files.length} files in dist/bundle/`);
}
