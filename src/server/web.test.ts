// The web UI's files (src/server/web.ts) over inject, from a temp build folder: the shell and assets are public with
// their content types and the UI's CSP, client routes fall back to the shell, only files of the build are served
// (no path reaches the file system), and the API beside them still needs credentials.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPGliteStore } from '../store/pglite.ts';
import type { Store } from '../store/types.ts';
import { buildServer } from './server.ts';
import { WEB_CSP } from './web.ts';

let store: Store;
let app: FastifyInstance;
let noUi: FastifyInstance;
const SHELL = '<!doctype html><html lang="en"><head><script type="module" src="/assets/index-abc.js"></script></head><body><div id="root"></div></body></html>';

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'sw-webroot-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), SHELL);
  writeFileSync(join(root, 'assets/index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets/style-abc.css'), 'body{}');
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, 'notes.unknownext'), 'not served: no known type');
  store = await openPGliteStore('memory://');
  const deps = { store, version: 't', ingest: async () => Promise.reject(new Error('unused')) };
  app = await buildServer({ ...deps, webRoot: root });
  noUi = await buildServer({ ...deps, webRoot: mkdtempSync(join(tmpdir(), 'sw-empty-')) });
});
afterAll(async () => {
  await app?.close();
  await noUi?.close();
  await store?.close();
});

const get = (a: FastifyInstance, url: string) => a.inject({ method: 'GET', url, headers: { host: 'localhost' } });

describe('web UI files', () => {
  it('serves the shell without credentials, with the UI CSP and no caching', async () => {
    for (const url of ['/', '/login', '/people', '/people/p_1', '/cases/case-1', '/candidates/x%20y', '/audit', '/settings']) {
      const r = await get(app, url);
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(r.body).toBe(SHELL);
      expect(r.headers['content-security-policy']).toBe(WEB_CSP);
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
    expect(WEB_CSP).toContain("default-src 'self'");
    expect(WEB_CSP).toContain("frame-ancestors 'none'");
    expect(WEB_CSP).not.toContain('unsafe-inline');
  });

  it('serves hashed assets with their types, cached for good; other files by exact name', async () => {
    const js = await get(app, '/assets/index-abc.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get(app, '/assets/style-abc.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get(app, '/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
  });

  it('serves nothing outside the build: unknown assets, traversal, unknown types', async () => {
    for (const url of ['/assets/nope.js', '/assets/..%2findex.html', '/assets/../../package.json', '/assets/%2e%2e/%2e%2e/package.json', '/notes.unknownext']) {
      const r = await get(app, url);
      expect([401, 404], url).toContain(r.statusCode);
      expect(r.body, url).not.toContain('"name": "sleetwatch"');
    }
  });

  it('keeps the API behind credentials, with the API CSP', async () => {
    const r = await get(app, '/api/people');
    expect(r.statusCode).toBe(401);
    expect(r.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect((await get(app, '/people/../api/people')).statusCode).not.toBe(200);
  });

  it('answers 503 naming the fix when the UI is not built', async () => {
    const r = await get(noUi, '/');
    expect(r.statusCode).toBe(503);
    expect(r.json().message).toMatch(/npm run build/);
  });
});
