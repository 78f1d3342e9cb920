// The reader thread's entry when sleetwatch runs from its TypeScript sources (tests, scripts): registers tsx's ESM
// loader in this thread, then loads read-worker.ts. `--import tsx` in a worker's execArgv does not reach the worker's
// own imports on Node 20, hence this file. Plain JavaScript and not part of the build: the compiled package starts
// dist/app/read-worker.js directly (see workerEntry in read-pool.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The file URL of tsx's ESM API (its CommonJS build cannot register the ESM loader from a worker). */
function tsxEsmApi() {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  const imp = pkg.exports?.['./esm/api']?.import;
  const rel = typeof imp === 'string' ? imp : imp?.default;
  if (rel) return pathToFileURL(join(dirname(pkgPath), rel)).href;
  return pathToFileURL(require.resolve('tsx/esm/api')).href;
}

const tsx = await import(tsxEsmApi());
tsx.register();
await import(new URL('./read-worker.ts', import.meta.url).href);
