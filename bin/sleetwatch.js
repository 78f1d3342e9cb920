#!/usr/bin/env node
// Entry point for `npx sleetwatch`: runs the compiled CLI in dist/ (built by `npm install` / `npm run build`; no
// TypeScript compiler at run time): the bundle dist/bundle/sleetwatch.js (dist/cli/main.js and the modules it
// imports joined into a few files, which starts faster) when the build made one, else ../dist/cli/main.js itself.
// `sleetwatch … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
// Node ≥ 22.1 can keep V8's compiled code between runs; Node 20 has no such API (nothing to do then).
try {
  (await import('node:module')).enableCompileCache?.();
} catch {
  /* a cache that cannot be written only costs speed */
}
let cli;
try {
  cli = await import('../dist/bundle/sleetwatch.js');
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !/dist[\\/]bundle[\\/]sleetwatch\.js/.test(String(e.message))) throw e;
  try {
    cli = await import('../dist/cli/main.js');
  } catch (e2) {
    if (e2?.code === 'ERR_MODULE_NOT_FOUND' && /dist[\\/]cli[\\/]main\.js/.test(String(e2.message))) {
      process.stderr.write('sleetwatch: not built (dist/cli/main.js is missing): run `npm run build` in the package folder\n');
      process.exit(1);
    }
    throw e2;
  }
}
process.exitCode = await cli.main(process.argv.slice(2));
