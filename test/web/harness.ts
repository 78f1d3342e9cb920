// Browser-test kit for the web UI: a synthetic company generated, scanned and vetted into an embedded store in a temp
// folder (the same code paths as `sleetwatch demo`), the real server on a loopback port serving the built UI
// (dist/web, rebuilt when stale), Debian's Chromium driven by playwright-core, users of each role created through the
// API, axe-core run in the page, screenshots written to docs/screenshots/.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import { main, startServer } from '../../src/cli/main.ts';
import type { Config } from '../../src/core/config.ts';
import { generateCompany } from '../../src/synth/company.ts';
import { ensureBuilt, ROOT } from '../dist.ts';

export const CHROMIUM = '/usr/bin/chromium';
/**
 * Where the journeys save their screenshots: docs/screenshots/ (what the README shows) when SLEETWATCH_SCREENSHOTS=docs,
 * else a folder under the system temp dir, so a test run leaves the committed pictures alone. Refresh them with
 * `SLEETWATCH_SCREENSHOTS=docs npx vitest run test/web`.
 */
export const SCREENSHOTS = process.env.SLEETWATCH_SCREENSHOTS === 'docs' ? join(ROOT, 'docs/screenshots') : join(tmpdir(), 'sleetwatch-screenshots');

/** Fails (never skips) when the browser is missing: the UI must be tested in a real one. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`the web UI tests need Chromium at ${CHROMIUM} (Debian: apt-get install chromium); .ci/run installs it when missing`);
  }
}

export async function launch(): Promise<Browser> {
  requireChromium();
  // playwright gives every launch a fresh temporary profile (user-data-dir), removed on close.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Run the CLI in this process with its output muted (it prints rankings). */
async function cli(...argv: string[]): Promise<void> {
  let said = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((said += String(s)), true));
  let code: number;
  try {
    code = await main(argv);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  if (code !== 0) throw new Error(`sleetwatch ${argv.join(' ')} exited ${code}:\n${said.slice(-2000)}`);
}

/** A small synthetic company (60 people, 3 weeks, 150 applicants) scanned and vetted into a store in a new temp folder. */
export async function seededDataDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sw-web-'));
  const company = join(dir, 'company');
  const dataDir = join(dir, 'data');
  await generateCompany({ outDir: company, seed: 7, people: 60, days: 21, applicants: 150 });
  rmSync(join(company, 'truth.json'), { force: true }); // the answer key is not an input (as `sleetwatch generate` does)
  await cli('scan', '--store', '--data-dir', dataDir, company);
  await cli('vet', '--store', '--data-dir', dataDir, join(company, 'applicants'), join(company, 'directory'));
  return dataDir;
}

export interface Served {
  url: string;
  /** the demo API token (an admin): used to create the test users */
  token: string;
  close(): Promise<void>;
}

export async function serve(dataDir: string, config?: Config): Promise<Served> {
  await ensureBuilt(); // the UI is served from dist/web
  const s = await startServer({ dataDir, host: '127.0.0.1', port: 0, demoToken: true, ...(config ? { config } : {}) });
  if (!s.token) throw new Error('startServer gave no demo token');
  return { url: s.url, token: s.token, close: s.close };
}

/** Create a user with a role through the API (POST /api/users, as the admin token). */
export async function createUser(s: Served, username: string, role: string, password: string): Promise<void> {
  const r = await fetch(`${s.url}/api/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ username, role, password }),
  });
  if (r.status === 404) throw new Error('POST /api/users is missing: the journeys need the auth part of issue 11 (users, sessions, roles)');
  if (!r.ok) throw new Error(`POST /api/users ${username}: ${r.status} ${await r.text()}`);
}

/** GET with the admin token (to find what the UI should show). */
export async function apiGet<T>(s: Served, path: string): Promise<T> {
  const r = await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${s.token}` } });
  if (!r.ok) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** A new browser context (own cookies) signed in through the login form; the page lands on the role's start page. */
export async function signIn(browser: Browser, s: Served, username: string, password: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: s.url });
  const page = await ctx.newPage();
  watch(page);
  await page.goto('/');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

const problems = new WeakMap<Page, string[]>();
/** Collect page errors and CSP violations (the console reports them): a journey ends by asserting there were none. */
export function watch(page: Page): void {
  const list: string[] = [];
  problems.set(page, list);
  page.on('pageerror', (e) => list.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) list.push(`CSP: ${m.text()}`);
  });
}
export const problemsOf = (page: Page): string[] => problems.get(page) ?? [];

// axe-core's browser build, evaluated in the page through the DevTools protocol: the UI's CSP (script-src 'self')
// rightly refuses the inline <script> that page.addScriptTag would add.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core on the page as it is now: no serious or critical violation (the message lists each one and where). */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(o: unknown): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run({ resultTypes: ['violations'] })).violations;
  });
  const bad = (violations as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);
  expect(report, `accessibility of ${what}`).toEqual([]);
}

/** A screenshot of one element (a section) under docs/screenshots/. */
export async function screenshotOf(page: Page, selector: string, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(join(SCREENSHOTS, `${name}.png`), await page.locator(selector).first().screenshot({ animations: 'disabled' }));
}

/** A deterministic screenshot name under docs/screenshots/. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.waitForLoadState('networkidle');
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(join(SCREENSHOTS, `${name}.png`), await page.screenshot({ fullPage, animations: 'disabled' }));
}
