// The web UI's build (scripts/build.mjs runs Vite into dist/web): an HTML shell whose scripts and styles are files of
// the build (no CDN, no absolute URL, no inline script or style attribute: the CSP forbids them), each present.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIST, ensureBuilt, ROOT } from './dist.ts';

const WEB = join(DIST, 'web');

describe('the web UI build', () => {
  beforeAll(ensureBuilt, 600_000);

  it('dist/web/index.html loads only its own hashed assets, with no inline script or style', () => {
    const html = readFileSync(join(WEB, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(body.trim(), 'inline script').toBe('');
      expect(attrs).toMatch(/src="\/assets\/[\w.-]+\.js"/);
    }
    expect(html).not.toMatch(/\sstyle=|<style\b/);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    const refs = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]);
    expect(refs.some((r) => r.endsWith('.css'))).toBe(true);
    for (const r of refs) expect(existsSync(join(WEB, r)), r).toBe(true);
  });

  it('the scripts import only each other, and the world map ships inside them', () => {
    const assets = readdirSync(join(WEB, 'assets'));
    const js = assets.filter((f) => f.endsWith('.js'));
    let all = '';
    for (const f of js) {
      const text = readFileSync(join(WEB, 'assets', f), 'utf8');
      all += text;
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'`]([^"'`]+\.js)["'`]/g)) {
        expect(m[1], `${f} imports ${m[1]}`).toMatch(/^\.\//);
        expect(existsSync(join(WEB, 'assets', m[1])), `${f} imports ${m[1]}`).toBe(true);
      }
    }
    // Natural Earth countries (world-atlas 110m TopoJSON): bundled, not fetched
    expect(all).toMatch(/type:\s*[`"']Topology[`"']/);
    // a production build: no development JSX runtime, no path of the machine that built it
    expect(all).not.toMatch(/jsxDEV|fileName:/);
    expect(all).not.toContain(ROOT);
  });
});
