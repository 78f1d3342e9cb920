// The one conformance suite every Store adapter passes (pglite.test.ts, postgres.test.ts). Tests share one store
// per suite, so each test names its own people and runs (a per-test tag) and never assumes the store is empty.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputSummary, PersonResult, type Evidence } from '../core/model.ts';
import { adele, manyPeople, samplePeople, user22 } from './fixtures/people.ts';
import { loadMigrations } from './migrate.ts';
import { SqlStore } from './sql-store.ts';
import type { IngestRun, Store, StoredPerson } from './types.ts';

let seq = 0;
/** A tag unique within this process and across runs against the same database. */
const uniq = (what: string): string => `${what}-${Date.now().toString(36)}-${(seq++).toString(36)}`;

/** The sample people under fresh ids (and identifiers) so tests sharing a store never collide. */
const fresh = (tag: string): PersonResult[] => manyPeople(samplePeople.length, tag);

/** The PersonResult part of a stored person (drop what the store adds). */
function asResult(p: StoredPerson): PersonResult {
  const { riskHistory: _h, updatedAt: _u, ...rest } = p;
  return rest;
}

export function storeConformance(name: string, open: () => Promise<Store>, cleanup?: () => Promise<void>): void {
  describe(`Store conformance: ${name}`, () => {
    let store: Store;

    beforeAll(async () => {
      store = await open();
    });

    afterAll(async () => {
      await store?.close();
      await cleanup?.();
    });

    it('migrate is idempotent and records every migration once', async () => {
      const [p] = fresh(uniq('mig'));
      await store.savePeople([p], uniq('run'));
      await store.migrate();
      await store.migrate();
      expect(asResult((await store.getPerson(p.personId))!)).toEqual(p);
      if (store instanceof SqlStore) {
        const { rows } = await store.db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
        expect(rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
      }
    });

    it('saveRun / getRun round-trip a run with every rejected record; re-saving replaces them', async () => {
      const id = uniq('run');
      const run: IngestRun = {
        id,
        via: 'scan',
        startedAt: '2026-01-05T10:00:00.000Z',
        finishedAt: '2026-01-05T10:00:02.250Z',
        inputs: [
          {
            path: 'exports/Okta_CL.json',
            format: 'okta-sentinel',
            records: 593,
            accepted: 123,
            ignored: 468,
            ignoredReasons: { 'not about a person: Okta SystemPrincipal': 361, 'duplicate event id': 107 },
            rejected: 2,
            errors: [
              { index: 17, field: 'published_t', message: 'not a timestamp: "2020-13-45T99:00:00Z"', raw: '{"published_t":"2020-13-45T99:00:00Z","actor_alternateId":"user100@abccompany.com"}' },
              { index: 301, field: 'actor_alternateId', message: 'missing actor', raw: '{"eventType":"user.session.start","actor_alternateId":""}' },
            ],
          },
          {
            path: 'exports/sign-in_adelete.csv',
            format: 'entra-signin',
            records: 2,
            accepted: 1,
            ignored: 0,
            ignoredReasons: {},
            rejected: 1,
            errors: [{ line: 3, field: 'CreatedDateTime [UTC]', message: 'unparseable date «4/31/2021» – ünïcödé ✓' }],
          },
          { path: 'exports/empty.ndjson', format: 'okta-systemlog', records: 0, accepted: 0, ignored: 0, ignoredReasons: {}, rejected: 0, errors: [] },
        ],
      };
      for (const i of run.inputs) InputSummary.parse(i);
      await store.saveRun(run);
      expect(await store.getRun(id)).toEqual(run);

      const again: IngestRun = { ...run, finishedAt: '2026-01-05T10:00:03.000Z', inputs: [{ ...run.inputs[0], rejected: 1, errors: [run.inputs[0].errors[1]] }] };
      await store.saveRun(again);
      expect(await store.getRun(id)).toEqual(again);
    });

    it('getRun of an unknown id is undefined', async () => {
      expect(await store.getRun(uniq('nope'))).toBeUndefined();
    });

    it('listRuns gives the latest runs first, with counts but without the rejected records', async () => {
      const ids = [uniq('r'), uniq('r'), uniq('r')];
      const base = Date.parse('2030-06-01T00:00:00Z') + (seq % 1000) * 3_600_000;
      const runs: IngestRun[] = ids.map((id, n) => ({
        id,
        via: n === 1 ? 'api' : 'scan',
        startedAt: new Date(base + n * 60_000).toISOString(),
        finishedAt: new Date(base + n * 60_000 + 500).toISOString(),
        inputs: [{ path: `batch-${n}.ndjson`, format: 'okta-systemlog', records: 10, accepted: 8, ignored: 1, ignoredReasons: { 'duplicate event id': 1 }, rejected: 1, errors: [{ line: n + 1, field: 'uuid', message: 'missing' }] }],
      }));
      for (const r of runs) await store.saveRun(r);
      const all = await store.listRuns(1000);
      const starts = all.map((r) => Date.parse(r.startedAt));
      expect(starts).toEqual([...starts].sort((a, b) => b - a));
      const mine = all.filter((r) => ids.includes(r.id));
      expect(mine.map((r) => r.id)).toEqual([...ids].reverse());
      for (const r of mine) {
        const full = runs.find((x) => x.id === r.id)!;
        expect(r).toEqual({ ...full, inputs: full.inputs.map((i) => ({ ...i, errors: [] })) });
      }
      expect(await store.listRuns(2)).toHaveLength(2);
    });

    it('savePeople stores people exactly: identifiers, directory, findings with evidence', async () => {
      const people = fresh(uniq('rt'));
      const runId = uniq('run');
      await store.savePeople(people, runId);
      for (const p of people) {
        const got = await store.getPerson(p.personId);
        expect(got).toBeDefined();
        expect(asResult(got!)).toEqual(p);
        expect(PersonResult.parse(asResult(got!))).toEqual(p);
        expect(got!.riskHistory).toEqual([{ at: expect.any(String), risk: p.risk, level: p.level, runId }]);
        expect(Number.isNaN(Date.parse(got!.updatedAt))).toBe(false);
      }
      // The samples span the levels, so the round trip covered critical evidence and an empty finding list.
      expect(new Set(people.map((p) => p.level)).size).toBeGreaterThanOrEqual(3);
      expect(people.some((p) => p.findings.length === 0)).toBe(true);
    });

    it('savePeople upserts: findings are replaced, one risk point per run, idempotent per (run, person)', async () => {
      const [p] = fresh(uniq('up'));
      const run1 = uniq('run');
      const run2 = uniq('run');
      await store.savePeople([p], run1);
      const changed: PersonResult = { ...p, risk: 12, level: 'none', findings: p.findings.slice(1), events: p.events + 5, displayName: 'Adele V.' };
      await store.savePeople([changed], run2);
      const got = (await store.getPerson(p.personId))!;
      expect(asResult(got)).toEqual(changed);
      expect(got.riskHistory.map((h) => [h.runId, h.risk, h.level])).toEqual([
        [run1, p.risk, p.level],
        [run2, 12, 'none'],
      ]);
      // The same run saved again updates its point instead of adding one.
      const rerun: PersonResult = { ...changed, risk: 20, level: 'low' };
      await store.savePeople([rerun], run2);
      await store.savePeople([rerun], run2);
      const again = (await store.getPerson(p.personId))!;
      expect(again.riskHistory.map((h) => [h.runId, h.risk, h.level])).toEqual([
        [run1, p.risk, p.level],
        [run2, 20, 'low'],
      ]);
      expect(asResult(again)).toEqual(rerun);
    });

    it('savePeople with the same person twice in one batch keeps the last', async () => {
      const [p] = fresh(uniq('dup'));
      const later: PersonResult = { ...p, risk: 1, level: 'none', findings: [] };
      await store.savePeople([p, later], uniq('run'));
      expect(asResult((await store.getPerson(p.personId))!)).toEqual(later);
    });

    it('savePeople of nobody is a no-op', async () => {
      await expect(store.savePeople([], uniq('run'))).resolves.toBeUndefined();
    });

    it('listPeople orders by risk (desc), filters by level, and pages with limit/offset', async () => {
      const people = fresh(uniq('ls'));
      await store.savePeople(people, uniq('run'));
      const all = await store.listPeople();
      const risks = all.map((s) => s.risk);
      expect(risks).toEqual([...risks].sort((a, b) => b - a));
      // Ours appear in risk order with their summaries.
      const mine = all.filter((s) => people.some((p) => p.personId === s.personId));
      expect(mine.map((s) => s.personId)).toEqual([...people].sort((a, b) => b.risk - a.risk || a.personId.localeCompare(b.personId)).map((p) => p.personId));
      for (const s of mine) {
        const p = people.find((x) => x.personId === s.personId)!;
        expect(s).toEqual({
          personId: p.personId,
          displayName: p.displayName,
          risk: p.risk,
          level: p.level,
          findings: p.findings.length,
          ...(p.findings[0] ? { topFinding: p.findings[0].title } : {}),
          identifiers: p.identifiers,
          updatedAt: expect.any(String),
        });
      }
      for (const level of ['high', 'medium', 'low', 'none'] as const) {
        const got = await store.listPeople({ level });
        expect(got.every((s) => s.level === level)).toBe(true);
        expect(got.map((s) => s.personId)).toEqual(all.filter((s) => s.level === level).map((s) => s.personId));
        for (const p of people.filter((x) => x.level === level)) expect(got.some((s) => s.personId === p.personId)).toBe(true);
      }
      const page = await store.listPeople({ limit: 2, offset: 1 });
      expect(page.map((s) => s.personId)).toEqual(all.slice(1, 3).map((s) => s.personId));
      expect(await store.listPeople({ limit: 1, offset: all.length })).toEqual([]);
    });

    it('getPerson of an unknown id is undefined', async () => {
      expect(await store.getPerson(uniq('p_unknown'))).toBeUndefined();
    });

    it('findPersonByIdentifier is case-insensitive and trims', async () => {
      const people = fresh(uniq('id'));
      await store.savePeople(people, uniq('run'));
      for (const p of people) {
        for (const v of p.identifiers) {
          expect(await store.findPersonByIdentifier(v)).toBe(p.personId);
          expect(await store.findPersonByIdentifier(`  ${v.toUpperCase()} `)).toBe(p.personId);
        }
      }
      expect(await store.findPersonByIdentifier(uniq('nobody') + '@abccompany.com')).toBeUndefined();
    });

    it('an identifier saved for another person moves to them', async () => {
      const [a, b] = fresh(uniq('mv'));
      const shared = a.identifiers[0];
      await store.savePeople([a, b], uniq('run'));
      expect(await store.findPersonByIdentifier(shared)).toBe(a.personId);
      const bTakes: PersonResult = { ...b, identifiers: [...b.identifiers, shared.toUpperCase()] };
      await store.savePeople([bTakes], uniq('run'));
      expect(await store.findPersonByIdentifier(shared)).toBe(b.personId);
      expect((await store.getPerson(a.personId))!.identifiers).toEqual(a.identifiers.slice(1));
      expect((await store.getPerson(b.personId))!.identifiers).toEqual(bTakes.identifiers);
      const summary = (await store.listPeople()).find((s) => s.personId === a.personId)!;
      expect(summary.identifiers).toEqual(a.identifiers.slice(1));
    });

    it('saveState / loadState round-trip and overwrite detector state', async () => {
      const pid = uniq('p_state');
      expect(await store.loadState(pid)).toBeUndefined();
      const state = {
        'impossible-travel': { last: { t: 1590531324061, ip: '65.65.65.65', lat: 34.047, lon: -118.275 }, n: 116 },
        'new-device': { seen: ['4a3e84bf-ee1e-d454-9b79-405d9740b0fd'], first: null, ok: true },
      };
      await store.saveState(pid, state);
      expect(await store.loadState(pid)).toEqual(state);
      const next = { 'new-device': { seen: [], first: 1586957004165, ok: false } };
      await store.saveState(pid, next);
      expect(await store.loadState(pid)).toEqual(next);
    });

    it('claimEvents returns only ids never claimed before, in input order, once each', async () => {
      const t = uniq('ev');
      expect(await store.claimEvents([])).toEqual([]);
      expect(await store.claimEvents([`${t}:a`, `${t}:b`, `${t}:a`])).toEqual([`${t}:a`, `${t}:b`]);
      expect(await store.claimEvents([`${t}:b`, `${t}:c`])).toEqual([`${t}:c`]);
      const many = Array.from({ length: 12_000 }, (_, i) => `${t}:m${i}`);
      expect(await store.claimEvents(many)).toHaveLength(12_000);
      expect(await store.claimEvents(many)).toEqual([]);
    });

    it('saveStates writes many states in one call; loadPipelineSeed returns directory and state together', async () => {
      const tag = uniq('seed');
      const states = Array.from({ length: 2500 }, (_, i) => ({ personId: `${tag}_${i}`, state: { 'working-hours': { n: i, h: [i % 24] } } }));
      await store.saveStates(states);
      await store.saveStates([{ personId: `${tag}_0`, state: { 'working-hours': { n: -1, h: [] } } }]);
      expect(await store.loadState(`${tag}_1`)).toEqual({ 'working-hours': { n: 1, h: [1] } });
      const seed = (await store.loadPipelineSeed()).filter((x) => x.personId.startsWith(tag));
      expect(seed).toHaveLength(2500);
      expect(seed.find((x) => x.personId === `${tag}_0`)).toEqual({ personId: `${tag}_0`, state: { 'working-hours': { n: -1, h: [] } } });
      const withDir = (await store.loadPipelineSeed()).filter((x) => x.directory !== undefined);
      for (const x of withDir) expect(typeof x.directory!.id).toBe('string');
    });

    it('keeps unicode and large evidence intact (U+0000, which PostgreSQL cannot store, becomes U+FFFD)', async () => {
      const tag = uniq('uni');
      const ev: Evidence[] = Array.from({ length: 4000 }, (_, i) => ({
        type: 'event',
        label: `Anmeldung ${i} aus Pjöngjang 평양 — 🚩 "quoted" \\ back\\slash \u{1F600} עברית`,
        eventId: `entra:${i.toString(16).padStart(8, '0')}-70f5-4e28-b046-0a3a7086c401`,
        time: new Date(Date.parse('2021-04-28T14:08:45.221Z') + i * 1000).toISOString(),
        ip: i % 2 ? '175.45.176.99' : '2a0d:5600:24:b2::1',
        network: { class: 'vpn', asn: 9009, org: 'M247 Europe SRL' },
        vendorPlace: { country: 'IL', region: 'Tel Aviv', city: 'Azor', lat: 32.02956008911133, lon: 34.79964828491211, source: 'vendor' },
        value: i / 3,
        threshold: '≥ 1',
      }));
      const p: PersonResult = PersonResult.parse({
        ...adele,
        personId: `p_${tag}`,
        identifiers: [`김정은+${tag}@m365x816222.onmicrosoft.com`, `ÅSA.Ölund+${tag}@Example.COM`],
        displayName: 'Ким Чен Ын 김정은 Ünïcödé 🚀',
        findings: [{ ...adele.findings[0], title: 'Sign-ins from 🇰🇵 address space', evidence: ev }],
      });
      expect(JSON.stringify(p).length).toBeGreaterThan(1_000_000);
      await store.savePeople([p], uniq('run'));
      expect(asResult((await store.getPerson(p.personId))!)).toEqual(p);
      expect(await store.findPersonByIdentifier(`åsa.ölund+${tag}@example.com`)).toBe(p.personId);

      const nul: PersonResult = { ...user22, personId: `p_${tag}_nul`, identifiers: [`nul+${tag}@abccompany.com`], displayName: 'a\u0000b' };
      await store.savePeople([nul], uniq('run'));
      expect((await store.getPerson(nul.personId))!.displayName).toBe('a\uFFFDb');
      const runId = uniq('run');
      await store.saveRun({
        id: runId,
        via: 'api',
        startedAt: '2026-01-05T10:00:00.000Z',
        finishedAt: '2026-01-05T10:00:00.100Z',
        inputs: [{ path: 'upload', format: 'unreadable', records: 0, accepted: 0, ignored: 0, ignoredReasons: {}, rejected: 1, errors: [{ field: '(file)', message: 'binary', raw: 'PK\u0003\u0004\u0000\u0000 🗜' }] }],
      });
      expect((await store.getRun(runId))!.inputs[0].errors[0].raw).toBe('PK\u0003\u0004\uFFFD\uFFFD 🗜');
    });

    it('API tokens: create stores the hash only, list shows every token, find ignores revoked ones', async () => {
      const name = uniq('ci-bot');
      const id = uniq('tok');
      const hash = createHash('sha256').update(uniq('sw_secret')).digest('hex');
      const before = Date.now();
      const t = await store.createToken({ id, name, hash });
      expect(t).toEqual({ id, name, createdAt: expect.any(String) });
      expect(Date.parse(t.createdAt)).toBeGreaterThanOrEqual(before - 60_000);
      expect(JSON.stringify(t)).not.toContain(hash);
      expect((await store.listTokens()).find((x) => x.id === id)).toEqual(t);
      expect(await store.findActiveToken(hash)).toEqual({ ...t, hash });
      expect(await store.findActiveToken(hash.replace(/^./, (c) => (c === '0' ? '1' : '0')))).toBeUndefined();

      await store.touchToken(id);
      const used = (await store.findActiveToken(hash))!;
      expect(Date.parse(used.lastUsedAt!)).toBeGreaterThanOrEqual(Date.parse(t.createdAt));

      // Names are unique among active tokens.
      const other = createHash('sha256').update(uniq('sw_other')).digest('hex');
      await expect(store.createToken({ id: uniq('tok'), name, hash: other })).rejects.toThrow(`an active token is already named "${name}"`);
      // Revoke by name: the token stops authenticating but stays listed with its revocation time.
      const revoked = (await store.revokeToken(name))!;
      expect(revoked).toMatchObject({ id, name, revokedAt: expect.any(String) });
      expect(await store.findActiveToken(hash)).toBeUndefined();
      expect((await store.listTokens()).find((x) => x.id === id)!.revokedAt).toBe(revoked.revokedAt);
      expect(await store.revokeToken(name)).toBeUndefined(); // nothing active left under that name
      // The name is free again; revoke by id.
      const id2 = uniq('tok');
      const t2 = await store.createToken({ id: id2, name, hash: other });
      expect(await store.findActiveToken(other)).toEqual({ ...t2, hash: other });
      expect((await store.revokeToken(id2))!.id).toBe(id2);
      expect(await store.findActiveToken(other)).toBeUndefined();
      expect(await store.revokeToken(uniq('nobody'))).toBeUndefined();
      const mine = (await store.listTokens()).filter((x) => x.name === name);
      expect(mine.map((x) => x.id)).toEqual([id, id2]);
      // A hash is stored once.
      await expect(store.createToken({ id: uniq('tok'), name: uniq('again'), hash })).rejects.toThrow();
    });

    it('saves 10,000 people with findings in one call', async () => {
      const tag = uniq('10k');
      const people = manyPeople(10_000, tag);
      const t0 = performance.now();
      await store.savePeople(people, uniq('run'));
      const ms = performance.now() - t0;
      const findings = people.reduce((n, p) => n + p.findings.length, 0);
      console.log(`[${name}] savePeople: 10,000 people, ${findings} findings in ${Math.round(ms)} ms`);
      for (const i of [0, 4_999, 9_998]) expect(asResult((await store.getPerson(people[i].personId))!)).toEqual(people[i]);
      const listed = new Set((await store.listPeople()).map((s) => s.personId));
      expect(people.filter((p) => listed.has(p.personId))).toHaveLength(10_000);
      expect(await store.findPersonByIdentifier(people[7_777].identifiers[0].toUpperCase())).toBe(people[7_777].personId);
      // Saving the same 10k again (a re-run) still replaces rather than duplicates findings.
      await store.savePeople(people, uniq('run'));
      expect((await store.getPerson(people[1].personId))!.findings).toEqual(people[1].findings);
    }, 300_000); // generous: CI machines may be busy; the time is printed above
  });
}

