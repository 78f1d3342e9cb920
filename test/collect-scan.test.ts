// One pipeline, one answer, for the collectors: a synthetic company's Entra and Okta sign-ins served by the Graph and
// Okta fakes and pulled by the collectors (paged, throttled once, crashed once mid-pass and resumed) give the same
// people, risks, levels and findings as `scan` of the same records saved as the vendors' API pages.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestSink } from '../src/app/collectors/ingest-sink.ts';
import type { CollectorSink } from '../src/app/collectors/sink.ts';
import { getIntel, scanPaths } from '../src/app/scan.ts';
import { IngestService } from '../src/app/service.ts';
import type { PersonResult } from '../src/core/model.ts';
import { generateCompany } from '../src/synth/company.ts';
import { DATA_DIR, loggedEvents, openKit, type Kit } from './collect-kit.ts';

type Comparable = Omit<PersonResult, 'identifiers'> & { identifiers: string[] };
/**
 * Everything of the result but `origin` (where a record was read: a file and index for scan, a page name such as
 * `collect:okta-logs/…#3` for a collector; it names the input, not what the record says), identifiers as a set.
 */
const comparable = (people: PersonResult[]): Comparable[] =>
  people
    .map((p) => JSON.parse(JSON.stringify({ ...p, identifiers: [...p.identifiers].sort() }, (k, v: unknown) => (k === 'origin' ? undefined : v))) as Comparable)
    .sort((a, b) => a.personId.localeCompare(b.personId));

let dir: string;
let expected: Comparable[];
let kit: Kit;

const readJson = (f: string): unknown => JSON.parse(readFileSync(f, 'utf8'));
const filesOf = (d: string): string[] => readdirSync(join(dir, d)).sort().map((f) => join(dir, d, f));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sw-collect-scan-'));
  const intel = await getIntel(DATA_DIR);
  await generateCompany({ seed: 23, outDir: dir, people: 60, days: 21, applicants: 0, intels: { dbip: intel, geolite2: intel } as never });
  const paths = ['directory', 'entra', 'okta'].map((d) => join(dir, d));
  expected = comparable((await scanPaths(paths, { dataDir: DATA_DIR })).result.people);
  kit = await openKit();
  for (const f of filesOf('entra')) kit.graph.signIns.push(...((readJson(f) as { value: Record<string, unknown>[] }).value));
  for (const f of filesOf('okta')) kit.okta.events.push(...(readJson(f) as Record<string, unknown>[]));
}, 180_000);

afterAll(async () => {
  await kit?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('collectors and scan: one answer', () => {
  it('the comparison is not of empty results', () => {
    expect(expected.length).toBeGreaterThanOrEqual(60);
    expect(expected.filter((p) => p.findings.length > 0).length).toBeGreaterThan(0);
    expect(kit.graph.signIns.length + kit.okta.events.length).toBeGreaterThan(1000);
  });

  it('collected (throttled, crashed and resumed) = scanned', async () => {
    // The directory as the HR system would post it: the same SCIM export, through POST /api/ingest's path.
    await kit.service.ingest(readFileSync(filesOf('directory')[0], 'utf8'), { name: 'users.scim.json' });
    kit.graph.fail(1, { status: 429, headers: { 'retry-after': '2' } });
    kit.okta.fail(1, { status: 503 });
    let pages = 0;
    const real = new IngestSink(kit.service, kit.store);
    const dying: CollectorSink = { write: (b) => (++pages === 4 ? Promise.reject(new Error('killed')) : real.write(b)) };
    const span = { lookbackHours: 24 * 400, pageSize: 500 };
    const over = (sink?: CollectorSink) =>
      kit.runner(
        {
          google: undefined,
          graph: { tenantId: kit.graph.tenant, clientId: kit.graph.clientId, clientSecret: { env: 'SW_TEST_GRAPH_SECRET' }, tokenUrl: kit.graph.tokenUrl, graphUrl: kit.graph.url, streams: ['signins'], ...span },
          okta: { orgUrl: kit.okta.url, auth: { kind: 'ssws', token: { env: 'SW_TEST_OKTA_TOKEN' } }, streams: ['logs'], ...span },
        },
        sink,
      );
    const first = await over(dying).runAll({ force: true });
    expect(first.some((r) => r.error === 'killed')).toBe(true);
    // Restart: a new process (service) on the same store finishes the passes.
    const service = await IngestService.open(kit.store, { dataDir: DATA_DIR });
    const second = await over(new IngestSink(service, kit.store)).runAll({ force: true });
    expect(second.every((r) => !r.error && r.complete)).toBe(true);
    expect(await loggedEvents(kit.store)).toBe(kit.graph.signIns.length + kit.okta.events.length);
    const got = comparable((await service.results()).people);
    expect(got).toEqual(expected);
    // …and what the store holds for each person (a fresh process reading it) is the same answer.
    const again = await IngestService.open(kit.store, { dataDir: DATA_DIR });
    expect(comparable((await again.results()).people)).toEqual(expected);
  }, 240_000);
});
