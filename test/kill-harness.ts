// Shared by the crash and several-servers tests: a synthetic company and its clean answer, the CLI as child
// processes (`serve`, `scan`, `token create`), HTTP posting and reading back everything the store holds, and
// throwaway PostgreSQL databases.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { getIntel, loadInputs, scanPaths } from '../src/app/scan.ts';
import type { PersonResult } from '../src/core/model.ts';
import type { Store } from '../src/store/types.ts';
import { generateCompany } from '../src/synth/company.ts';
import { ensureBuilt } from './dist.ts';
import { prng } from '../src/sources/hostile/mutate.ts';

export const ROOT = join(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin/sleetwatch.js');
/** Intel data dir of the in-process tests (intel is built into the repo; this holds caches only). */
export const TEST_DATA_DIR = join(ROOT, '.sleetwatch-test');

export type Comparable = Omit<PersonResult, 'identifiers'> & { identifiers: string[] };

/** What must be equal: everything of the result, identifiers as a set (their order follows arrival). */
export function comparable(people: PersonResult[]): Comparable[] {
  return people
    .map((p) => JSON.parse(JSON.stringify({ ...p, identifiers: [...p.identifiers].sort() })) as Comparable)
    .sort((a, b) => a.personId.localeCompare(b.personId));
}

/** A stored person (store or API) as a result: without its risk history and update time. */
function asResult(p: PersonResult & { riskHistory?: unknown; updatedAt?: unknown }): PersonResult {
  const { riskHistory: _h, updatedAt: _u, ...rest } = p;
  return rest;
}

/** What the store holds for everyone, as results. */
export async function stored(store: Store): Promise<Comparable[]> {
  const out: PersonResult[] = [];
  for (const s of await store.listPeople({ limit: 100_000 })) out.push(asResult((await store.getPerson(s.personId))!));
  return comparable(out);
}

export interface Company {
  dir: string;
  paths: string[];
  /** Every file, one batch each: directory first, then the sign-in exports. */
  files: string[];
  expected: Comparable[];
  /** Distinct event ids over all files. */
  distinctEvents: number;
}

/** A synthetic company in a temp dir and its clean answer: one uninterrupted batch scan. */
export async function makeCompany(seed: number, people = 80, days = 21): Promise<Company> {
  await ensureBuilt(); // the CLI children run the compiled package
  const dir = mkdtempSync(join(tmpdir(), 'sw-kill-co-'));
  const intel = await getIntel(TEST_DATA_DIR);
  await generateCompany({ seed, outDir: dir, people, days, intels: { dbip: intel, geolite2: intel } as never });
  const paths = ['directory', 'entra', 'okta'].map((d) => join(dir, d));
  const files = paths.flatMap((p) => readdirSync(p).sort().map((f) => join(p, f)));
  // The clean answer on a data dir as fresh as the child processes' ones.
  const { result } = await scanPaths(paths, { dataDir: join(dir, 'clean-data') });
  const read = await loadInputs(paths);
  return { dir, paths, files, expected: comparable(result.people), distinctEvents: new Set(read.events.map((e) => e.id)).size };
}

export function cliEnv(databaseUrl?: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  return env;
}

/** `token create` (before `serve` on an embedded store: the store is locked while serve runs). */
export function createToken(dataDir: string, databaseUrl?: string): string {
  const r = spawnSync('node', [BIN, 'token', 'create', '--name', `kill-${Date.now()}`, '--role', 'admin', '--data-dir', dataDir], { cwd: ROOT, env: cliEnv(databaseUrl), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`token create failed (${r.status}): ${r.stderr}`);
  const token = r.stdout.trim().split('\n').pop()!.trim();
  if (!token) throw new Error(`token create printed no token: ${r.stdout} ${r.stderr}`);
  return token;
}

/** Every child process started here; killAll() in afterAll. */
const children = new Set<ChildProcess>();

export interface Child {
  proc: ChildProcess;
  stderr: () => string;
  /** Resolves with the exit code (null when killed by a signal) and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnCli(args: string[], databaseUrl?: string): Child {
  const proc = spawn('node', [BIN, ...args], { cwd: ROOT, env: cliEnv(databaseUrl), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  proc.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => {
      children.delete(proc);
      resolve({ code, signal });
    }),
  );
  return { proc, stderr: () => err, exited };
}

/** SIGKILL and wait until the process is gone (and reaped: its pid no longer alive for the dir lock). */
export async function sigkill(c: Child): Promise<void> {
  if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
  await c.exited;
}

export async function killAll(): Promise<void> {
  await Promise.all(
    [...children].map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.exitCode !== null || p.signalCode !== null) return resolve();
          p.once('exit', () => resolve());
          p.kill('SIGKILL');
        }),
    ),
  );
}

export interface Server extends Child {
  url: string;
}

/** `serve --port 0`; resolves once it listens (its URL read from stderr). */
export async function startServe(dataDir: string, databaseUrl?: string, timeoutMs = 60_000): Promise<Server> {
  const c = spawnCli(['serve', '--port', '0', '--data-dir', dataDir], databaseUrl);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = /sleetwatch API on (http:\/\/\S+)/.exec(c.stderr());
    if (m) return { ...c, url: m[1] };
    if (c.proc.exitCode !== null || c.proc.signalCode !== null || Date.now() > deadline) {
      await sigkill(c);
      throw new Error(`serve did not start: ${c.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function contentType(file: string): string {
  if (file.endsWith('.csv')) return 'text/csv';
  if (file.endsWith('.ndjson') || file.endsWith('.jsonl')) return 'application/x-ndjson';
  return 'application/json';
}

/** POST one file as one batch, named by its path as `scan` names it; resolves with the status, rejects when the connection dies. */
export async function postFile(url: string, token: string, file: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}/api/ingest?name=${encodeURIComponent(file)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType(file) },
    body: readFileSync(file),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* kept as text */
  }
  return { status: res.status, body };
}

async function getJson<T>(url: string, token: string): Promise<T> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** GET /api/people (paged) */
export async function apiPeople(url: string, token: string): Promise<{ personId: string }[]> {
  const out: { personId: string }[] = [];
  for (let offset = 0; ; offset += 50) {
    const page = await getJson<{ personId: string }[]>(`${url}/api/people?limit=50&offset=${offset}`, token);
    out.push(...page);
    if (page.length < 50) return out;
  }
}

/** GET /api/people, then GET /api/people/:id for everyone: what the store holds, as results. */
export async function apiStored(url: string, token: string): Promise<Comparable[]> {
  const out: PersonResult[] = [];
  for (const s of await apiPeople(url, token)) out.push(asResult(await getJson<PersonResult>(`${url}/api/people/${encodeURIComponent(s.personId)}`, token)));
  return comparable(out);
}

/**
 * What the API serves for `expected` (results computed without the API): the same people through the redaction unit
 * (src/server/privacy.ts), their identities taken from the results themselves and their pseudonyms from what the API
 * served (`pseudonym` of each served person; the key stays inside the store). Everything else must match exactly.
 */
export async function asServed(expected: Comparable[], served: Comparable[]): Promise<Comparable[]> {
  const { redact } = await import('../src/server/privacy.ts');
  const pseudonyms = new Map(served.map((p) => [p.personId, (p as { pseudonym?: string }).pseudonym]));
  const ids = new Map(expected.map((p) => [p.personId, { personId: p.personId, displayName: p.displayName, identifiers: p.identifiers, directory: p.directory }]));
  const owners = new Map(expected.flatMap((p) => p.identifiers.map((i) => [i.toLowerCase(), p.personId] as const)));
  const src = {
    pseudonym: (id: string) => pseudonyms.get(id) ?? `unserved ${id}`,
    identities: async (x: string[]) => new Map(x.flatMap((id) => (ids.has(id) ? [[id, ids.get(id)!] as const] : []))),
    ownersOf: async (v: string[]) => new Map(v.flatMap((x) => (owners.has(x) ? [[x, owners.get(x)!] as const] : []))),
  };
  // One answer per person, as GET /api/people/:id serves them.
  return (await Promise.all(expected.map((p) => redact(p, src)))) as Comparable[];
}

export function totalEvents(people: Comparable[]): number {
  return people.reduce((s, p) => s + p.events, 0);
}

/** The PostgreSQL server of the tests (as src/store/postgres.test.ts takes it). */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database on the test server; returns its URL and the drop function. */
export async function freshDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(TEST_PG_URL);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}

/** The seeded PRNG the fuzz suite uses (mulberry32). */
export { prng };
