// The web UI's build: web/ → dist/web (run by scripts/build.mjs, i.e. at `npm install` and `npm run build`).
// Everything is bundled (no CDN): React, d3-geo and the Natural Earth map (world-atlas) ship inside dist/web.
// No inline script or style is emitted, so the server's CSP can stay `script-src 'self'; style-src 'self'`.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // the polyfill would be an inline <script>; every browser the UI supports has modulepreload
    modulePreload: { polyfill: false },
    // keep every asset a file (an inlined data: URL font or image is fine under the CSP, but files cache better)
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
    reportCompressedSize: false,
  },
});
