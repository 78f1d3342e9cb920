#!/usr/bin/env node
// Entry point for `npx sleetwatch`: runs the compiled CLI in dist/ (built by `npm install` / `npm run build`; no
// TypeScript compiler at run time).
// `sleetwatch … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
let cli;
try {
  cli = await import('../dist/cli/main.js');
} catch (e) {
  if (e?.code === 'ERR_MODULE_NOT_FOUND' && /dist[\\/]cli[\\/]main\.js/.test(String(e.message))) {
    process.stderr.write('sleetwatch: not built (dist/cli/main.js is missing): run `npm run build` in the package folder\n');
    process.exit(1);
  }
  throw e;
}
process.exitCode = await cli.main(process.argv.slice(2));
