// Layer rules (run by `npm run lint`). Data flows one way:
//   sources → core ← detectors ; intel → core ; store → core ; app wires them ; server/cli use app.
// core is pure: no node: built-ins, no I/O packages (zod only). Tests (*.test.ts) may cross layers.
const notTest = '\\.test\\.ts$|/conformance\\.ts$|/fixtures/';
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core imports only src/core and zod: no node: built-ins, no I/O libraries, no other layer.',
      severity: 'error',
      from: { path: '^src/core/', pathNot: notTest },
      to: { pathNot: '^src/core/|node_modules/zod/' },
    },
    {
      name: 'detectors-pure',
      comment: 'detectors import only core, detectors and zod (pure logic over events and state).',
      severity: 'error',
      from: { path: '^src/detectors/', pathNot: notTest },
      to: { pathNot: '^src/core/|^src/detectors/|node_modules/zod/' },
    },
    {
      name: 'vetting-pure',
      comment: 'vetting checks and their wrapper import only core, vetting and zod (pure logic over enriched candidates).',
      severity: 'error',
      from: { path: '^src/vetting/', pathNot: notTest },
      to: { pathNot: '^src/core/|^src/vetting/|node_modules/zod/' },
    },
    {
      name: 'sources-direction',
      comment: 'sources may use core and parsing libraries, never detectors, intel, store, app, server, cli.',
      severity: 'error',
      from: { path: '^src/sources/', pathNot: notTest },
      to: { path: '^src/(detectors|intel|store|app|server|cli|synth)/' },
    },
    {
      name: 'intel-direction',
      severity: 'error',
      from: { path: '^src/intel/', pathNot: notTest },
      to: { path: '^src/(detectors|sources|store|app|server|cli|synth)/' },
    },
    {
      name: 'store-direction',
      severity: 'error',
      from: { path: '^src/store/', pathNot: notTest },
      to: { path: '^src/(detectors|sources|intel|app|server|cli|synth)/' },
    },
    {
      name: 'stream-direction',
      comment: 'the record stream (src/stream) is transport only: core (hashing) and the NATS client, no other layer.',
      severity: 'error',
      from: { path: '^src/stream/', pathNot: notTest },
      to: { path: '^src/(detectors|sources|intel|store|vetting|app|server|cli|synth)/' },
    },
    {
      name: 'app-not-ui',
      comment: 'app wires the pipeline; it never imports the server or the CLI.',
      severity: 'error',
      from: { path: '^src/app/', pathNot: notTest },
      to: { path: '^src/(server|cli)/' },
    },
    {
      name: 'server-through-app',
      comment: 'the HTTP server reaches sources/intel/detectors only through app.',
      severity: 'error',
      from: { path: '^src/server/', pathNot: notTest },
      to: { path: '^src/(sources|intel|detectors|cli|synth)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
