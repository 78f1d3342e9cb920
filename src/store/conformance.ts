// The one conformance suite every Store adapter passes (pglite.test.ts, postgres.test.ts). Tests share one store
// per suite, so each test names its own people and runs (a per-test tag) and never assumes the store is empty.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputSummary, NormalizedEvent, PersonResult, type Evidence, type Place } from '../core/model.ts';
import { adele, manyPeople, samplePeople, user22 } from './fixtures/people.ts';
import { loadMigrations } from './migrate.ts';
import { SqlStore } from './sql-store.ts';
import type { IngestRun, LoggedEvent, Store, StoredPerson } from './types.ts';

let seq = 0;
/** A tag unique within this process and across runs against the same database. */
const uniq = (what: string): string => `${what}-${Date.now().toString(36)}-${(seq++).toString(36)}`;

/** The sample people under fresh ids (and identifiers) so tests sharing a store never collide. */
const fresh = (tag: string): PersonResult[] => manyPeople(samplePeople.length, tag);

/** A small run with one rejected record. */
const sampleRun = (id: string): IngestRun => ({
  id,
  via: 'stream',
  startedAt: '2026-01-05T10:00:00.000Z',
  finishedAt: '2026-01-05T10:00:00.250Z',
  inputs: [
    {
      path: 'POST /api/ingest',
      format: 'okta-systemlog',
      records: 3,
      accepted: 2,
      ignored: 0,
      ignoredReasons: {},
      rejected: 1,
      errors: [{ index: 2, field: 'uuid', message: 'missing uuid' }],
    },
  ],
});

/** The PersonResult part of a stored person (drop what the store adds). */
function asResult(p: StoredPerson): PersonResult {
  const { riskHistory: _h, updatedAt: _u, ...rest } = p;
  return rest;
}

const azor: Place = { source: 'vendor', country: 'IL', region: 'Tel Aviv', city: 'Azor', lat: 32.02956008911133, lon: 34.79964828491211 };
const atlanta: Place = { country: 'US', region: 'Georgia', city: 'Atlanta', postalCode: '30350', lat: 33.9794, lon: -84.3459, source: 'vendor' };

/** The log entry of an event: its columns (ip, device) taken from the event itself. */
function logged(id: string, personId: string, time: number, event: NormalizedEvent): LoggedEvent {
  return { id, personId, time, ...(event.ip ? { ip: event.ip } : {}), ...(event.deviceId ? { deviceId: event.deviceId } : {}), event };
}

/**
 * A logged Entra sign-in shaped like what src/sources/entra-signin makes of Adele Vance's real record
 * (graph-signins-page.json, id cfb68155…), under a test-unique id.
 */
function entraEvent(id: string, personId: string, time: number, over: Partial<NormalizedEvent> = {}): LoggedEvent {
  const event = NormalizedEvent.parse({
    id,
    source: 'entra-signin',
    kind: 'signin',
    type: 'Sign-in activity',
    time,
    actor: {
      ids: [
        { kind: 'upn', value: 'adelev@m365x816222.onmicrosoft.com' },
        { kind: 'entraId', value: '9b117c67-170e-4aed-9702-658b3fddc889' },
      ],
      displayName: 'Adele Vance',
    },
    outcome: 'success',
    ip: '175.45.176.99',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/90.0.4430.93 Safari/537.36 Edg/90.0.818.49',
    app: 'Azure Portal',
    interactive: true,
    vendorGeo: azor,
    vendorRisk: { level: 'none', state: 'none' },
    origin: { file: 'graph-signins-page.json', index: 1 },
    ...over,
  });
  return logged(id, personId, time, event);
}

/** A logged Okta user.session.start shaped like src/sources/okta-systemlog's parse of the Panther fixture's first line. */
function oktaEvent(id: string, personId: string, time: number, over: Partial<NormalizedEvent> = {}): LoggedEvent {
  const event = NormalizedEvent.parse({
    id,
    source: 'okta-systemlog',
    kind: 'signin',
    type: 'user.session.start',
    time,
    actor: {
      ids: [
        { kind: 'oktaId', value: '00ubewfku1EX0WCFk697' },
        { kind: 'email', value: 'casey.hill@hey.com' },
      ],
      displayName: 'Casey Hill',
    },
    outcome: 'success',
    ip: '99.108.5.25',
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36',
    deviceId: 'a0c3f1e5d2b7c9e8f6a4b3c2d1e0f9a8',
    app: 'Okta Dashboard',
    vendorGeo: atlanta,
    vendorNet: { asn: 7018, org: 'at&t corp.', isp: 'att services inc', isProxy: false },
    vendorRisk: { suspicious: false },
    origin: { file: 'panther-okta.ndjson', line: 1 },
    ...over,
  });
  return logged(id, personId, time, event);
}

/** (time, id) order, comparing ids by code unit. */
const byTimeId = (a: LoggedEvent, b: LoggedEvent): number => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

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

    it('directoryEntries lists the stored directory entries (people without one are not listed)', async () => {
      const tag = uniq('dir');
      // entries with ids of their own (other tests store the same sample entries)
      const people = fresh(tag).map((p) => (p.directory ? { ...p, directory: { ...p.directory, id: `${tag}-${p.personId}` } } : p));
      await store.savePeople(people, uniq('run'));
      const got = await store.directoryEntries();
      for (const p of people) {
        const have = got.filter((d) => p.directory && d.id === p.directory.id && d.source === p.directory.source);
        expect(have).toEqual(p.directory ? [p.directory] : []);
      }
      expect(got.every((d) => typeof d.id === 'string' && Array.isArray(d.ids))).toBe(true);
      expect(people.some((p) => p.directory)).toBe(true); // the check above is not vacuous
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

    it('savePeople with keep leaves the kept parts as stored and writes the rest', async () => {
      const people = fresh(uniq('keep'));
      const p = people.find((x) => x.findings.length > 0 && x.directory)!;
      const runId = uniq('run');
      await store.savePeople([p], runId);
      // What the caller promises unchanged is not rewritten (a changed value passed with the promise proves it).
      const next: PersonResult = {
        ...p,
        risk: 3,
        level: 'none',
        events: p.events + 2,
        directory: { ...p.directory!, department: 'Changed' },
        findings: [],
        identifiers: [...p.identifiers, uniq('extra') + '@abccompany.com'],
      };
      const v = await store.atomic(async (tx) => {
        const version = await tx.beginBatch();
        await tx.savePeople([next], uniq('run'), version, new Map([[p.personId, { directory: true, findings: true, identifiers: true }]]));
        return version;
      });
      const got = (await store.getPerson(p.personId))!;
      expect(asResult(got)).toEqual({ ...next, directory: p.directory, findings: p.findings, identifiers: p.identifiers });
      expect(got.riskHistory.map((h) => h.risk)).toEqual([p.risk, 3]);
      expect((await store.changesSince(v - 1)).people.map((x) => x.personId)).toContain(p.personId); // stamped
      // Nothing kept: everything written.
      await store.savePeople([next], uniq('run'), 0, new Map([[p.personId, {}]]));
      expect(asResult((await store.getPerson(p.personId))!)).toEqual(next);
    });

    it('savePeople with keep writes a person with no stored row whole', async () => {
      const [p] = fresh(uniq('keepnew'));
      await store.savePeople([p], uniq('run'), 0, new Map([[p.personId, { directory: true, findings: true, identifiers: true }]]));
      expect(asResult((await store.getPerson(p.personId))!)).toEqual(p);
    });

    it('savePeople with keep: the last person naming an identifier still wins', async () => {
      const [a, b] = fresh(uniq('keepmv'));
      await store.savePeople([a, b], uniq('run'));
      const shared = a.identifiers[0];
      const bTakes: PersonResult = { ...b, identifiers: [...b.identifiers, shared] };
      // a keeps its identifiers but comes last: a keeps the shared one; b first taking it does not win.
      await store.savePeople([bTakes, a], uniq('run'), 0, new Map([[a.personId, { identifiers: true }]]));
      expect(await store.findPersonByIdentifier(shared)).toBe(a.personId);
      // b last: b wins although a's identifiers were kept.
      await store.savePeople([a, bTakes], uniq('run'), 0, new Map([[a.personId, { identifiers: true }]]));
      expect(await store.findPersonByIdentifier(shared)).toBe(b.personId);
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

    it('saveStates writes many states in one call (the last state given for a person wins)', async () => {
      const tag = uniq('states');
      const states = Array.from({ length: 2500 }, (_, i) => ({ personId: `${tag}_${i}`, state: { 'working-hours': { n: i, h: [i % 24] } } }));
      await store.saveStates(states);
      await store.saveStates([
        { personId: `${tag}_0`, state: { 'working-hours': { n: -2, h: [] } } },
        { personId: `${tag}_0`, state: { 'working-hours': { n: -1, h: [] } } },
      ]);
      expect(await store.loadState(`${tag}_1`)).toEqual({ 'working-hours': { n: 1, h: [1] } });
      expect(await store.loadState(`${tag}_2499`)).toEqual({ 'working-hours': { n: 2499, h: [2499 % 24] } });
      expect(await store.loadState(`${tag}_0`)).toEqual({ 'working-hours': { n: -1, h: [] } });
    });

    it('atomic: savePeople, saveStates, appendEvents and saveRun inside it are visible once it resolves', async () => {
      const tag = uniq('atom');
      const [p] = fresh(tag);
      const runId = uniq('run');
      const state = { 'impossible-travel': { last: { t: 1619618925221, ip: '175.45.176.99' } } };
      const evs = [entraEvent(`entra:${tag}-1`, p.personId, 1619618925221), entraEvent(`entra:${tag}-2`, p.personId, 1619620156617)];
      const out = await store.atomic(async (tx) => {
        await tx.savePeople([p], runId);
        await tx.saveStates([{ personId: p.personId, state }]);
        expect(await tx.appendEvents(evs, 0)).toEqual(evs.map((e) => e.id));
        await tx.saveRun(sampleRun(runId));
        // Reads through the transaction's store see its own writes.
        expect(asResult((await tx.getPerson(p.personId))!)).toEqual(p);
        expect((await tx.eventsOf([p.personId])).events).toEqual(evs);
        // The transaction's store cannot close the database; nested atomic() joins the transaction.
        await expect(tx.close()).rejects.toThrow(/inside atomic/);
        return tx.atomic(async (inner) => {
          await inner.saveState(`${p.personId}_inner`, { n: 1 });
          return 'done';
        });
      });
      expect(out).toBe('done');
      expect(asResult((await store.getPerson(p.personId))!)).toEqual(p);
      expect(await store.loadState(p.personId)).toEqual(state);
      expect(await store.loadState(`${p.personId}_inner`)).toEqual({ n: 1 });
      expect(await store.eventsOf([p.personId])).toEqual({ events: evs, legacy: {} });
      expect(await store.getRun(runId)).toEqual(sampleRun(runId));
      expect(await store.appendEvents(evs, 0)).toEqual([]);
    });

    it('atomic: when fn throws after writing, none of its writes is visible and the error propagates', async () => {
      const tag = uniq('atomfail');
      const [p] = fresh(tag);
      const runId = uniq('run');
      const evs = [oktaEvent(`okta:${tag}-1`, p.personId, 1712085457621), oktaEvent(`okta:${tag}-2`, p.personId, 1712085460000)];
      const v0 = await store.currentVersion();
      const boom = new Error(`boom ${tag}`);
      await expect(
        store.atomic(async (tx) => {
          const v = await tx.beginBatch();
          await tx.savePeople([p], runId, v);
          await tx.saveStates([{ personId: p.personId, state: { n: 1 } }], v);
          await tx.saveState(`${p.personId}_single`, { n: 2 });
          expect(await tx.appendEvents(evs, v)).toEqual(evs.map((e) => e.id));
          await tx.saveRun(sampleRun(runId));
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await store.getPerson(p.personId)).toBeUndefined();
      expect(await store.findPersonByIdentifier(p.identifiers[0])).toBeUndefined();
      expect(await store.loadState(p.personId)).toBeUndefined();
      expect(await store.loadState(`${p.personId}_single`)).toBeUndefined();
      expect(await store.eventsOf([p.personId])).toEqual({ events: [], legacy: {} });
      expect(await store.getRun(runId)).toBeUndefined();
      expect(await store.currentVersion()).toBe(v0);
      // The events were never logged: appending them again finds them new.
      expect(await store.appendEvents(evs, 0)).toEqual(evs.map((e) => e.id));
    });

    it('beginBatch returns increasing versions; a rolled-back batch leaves the version as it was', async () => {
      await expect(store.beginBatch()).rejects.toThrow(/atomic/);
      const v0 = await store.currentVersion();
      expect(v0).toBeGreaterThanOrEqual(0);
      const v1 = await store.atomic((tx) => tx.beginBatch());
      expect(v1).toBe(v0 + 1);
      expect(await store.currentVersion()).toBe(v1);
      const v2 = await store.atomic(async (tx) => {
        const v = await tx.beginBatch();
        expect(await tx.currentVersion()).toBe(v); // the transaction sees its own increment
        return v;
      });
      expect(v2).toBe(v1 + 1);
      await expect(
        store.atomic(async (tx) => {
          expect(await tx.beginBatch()).toBe(v2 + 1);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await store.currentVersion()).toBe(v2);
      expect(await store.atomic((tx) => tx.beginBatch())).toBe(v2 + 1);
    });

    it('appendEvents returns the new ids in input order, each once; eventsOf replays them in (time, id) order', async () => {
      const tag = uniq('log');
      const pid = `p_${tag}`;
      const t0 = Date.parse('2021-04-28T14:08:45.221Z');
      const a = entraEvent(`entra:${tag}-a`, pid, t0 + 2000);
      const b = oktaEvent(`okta:${tag}-b`, pid, t0);
      const c = entraEvent(`entra:${tag}-c`, pid, t0 + 2000, { outcome: 'failure', kind: 'audit', reason: '50058: silent sign-in interrupted' });
      const aAgain = { ...a, event: { ...a.event, app: 'Microsoft Teams Web Client' } };
      expect(await store.appendEvents([], 0)).toEqual([]);
      expect(await store.appendEvents([a, b, aAgain], 0)).toEqual([a.id, b.id]);
      expect(await store.appendEvents([b, c, c], 0)).toEqual([c.id]);
      expect(await store.appendEvents([a, b, c], 0)).toEqual([]);
      // The first copy of `a` is the one logged; a and c share a time, so the id breaks the tie.
      expect(await store.eventsOf([pid])).toEqual({ events: [b, a, c], legacy: {} });
      expect(await store.eventsOf([])).toEqual({ events: [], legacy: {} });
      expect(await store.eventsOf([`p_${uniq('nobody')}`])).toEqual({ events: [], legacy: {} });

      // Rolled back: not logged, so a later append finds it new.
      const d = oktaEvent(`okta:${tag}-d`, pid, t0 - 1000, { deviceId: undefined });
      expect(d.deviceId).toBeUndefined();
      await expect(
        store.atomic(async (tx) => {
          expect(await tx.appendEvents([d], 0)).toEqual([d.id]);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await store.appendEvents([d, a], 0)).toEqual([d.id]);
      const got = await store.eventsOf([pid]);
      expect(got.events).toEqual([d, b, a, c]);
      expect('deviceId' in got.events[0]).toBe(false); // absent, not undefined
      for (const e of got.events) expect(NormalizedEvent.parse(e.event)).toEqual(e.event);
    });

    it('appendEvents logs 12,000 events in one call; eventsOf of several people groups them per person in (time, id) order', async () => {
      const tag = uniq('log12k');
      const people = [`p_${tag}_a`, `p_${tag}_b`, `p_${tag}_c`];
      const t0 = Date.parse('2024-04-02T19:17:37.621Z');
      // Times go backwards and repeat, so (time, id) order differs from input order.
      const evs = Array.from({ length: 12_000 }, (_, i) =>
        oktaEvent(`okta:${tag}-${i.toString().padStart(5, '0')}`, people[i % 3], t0 - Math.floor(i / 7) * 60_000, {
          ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
        }),
      );
      const t = performance.now();
      const fresh12k = await store.appendEvents(evs, 0);
      console.log(`[${name}] appendEvents: 12,000 events in ${Math.round(performance.now() - t)} ms`);
      expect(fresh12k).toEqual(evs.map((e) => e.id));
      expect(await store.appendEvents(evs, 0)).toEqual([]);
      const got = await store.eventsOf([people[2], people[0], people[1], people[0]]);
      expect(got.legacy).toEqual({});
      expect(got.events).toHaveLength(12_000);
      const expected = people.flatMap((pid) => evs.filter((e) => e.personId === pid).sort(byTimeId));
      expect(got.events).toEqual(expected);
      expect((await store.eventsOf([people[1]])).events).toEqual(evs.filter((e) => e.personId === people[1]).sort(byTimeId));
    }, 120_000);

    it('appendEvents stores hostile strings: the event body round-trips exactly (NUL and lone surrogates as JSON escapes); the device column gets U+FFFD; the write does not fail', async () => {
      const tag = uniq('logstr');
      const pid = `p_${tag}`;
      const e = entraEvent(`entra:${tag}-ü-평양-🚩`, pid, 1619618925221, {
        actor: { ids: [{ kind: 'upn', value: `김정은+${tag}@m365x816222.onmicrosoft.com` }], displayName: 'Ким \u0000 Чен \ud800 Ын 🚀' },
        userAgent: 'Mozilla/5.0 \udfff (lone low) \ud83d\ude00 (pair kept) "quoted" \\ back\\slash \\u0000 (escaped text kept)',
        reason: 'a\u0000b',
        deviceId: 'dev-\u0000-\ud800',
      });
      expect(await store.appendEvents([e], 0)).toEqual([e.id]);
      const [got] = (await store.eventsOf([pid])).events;
      expect(got).toEqual({
        ...e,
        deviceId: 'dev-\uFFFD-\uFFFD',
        event: e.event, // JSON text in the log: replayed exactly as it was ingested
      });
      expect(await store.appendEvents([e], 0)).toEqual([]);
    });

    it('changesSince: what a batch wrote is seen after the version before it and not after its own', async () => {
      const tag = uniq('chg');
      const [p, q, r] = fresh(tag);
      // An unversioned save: only changesSince(0) (everything) sees it.
      await store.savePeople([r], uniq('run'));
      await store.atomic((tx) => tx.beginBatch()); // so the batch below is at version 2 or more
      const ip1 = '175.45.176.99';
      const ip2 = '99.108.5.25';
      const ip3 = '2a0d:5600:24:b2::1';
      const t0 = 1619618925221;
      const stateQ = { 'new-device': { seen: ['a0c3f1e5d2b7c9e8f6a4b3c2d1e0f9a8'] } };
      const evs = [
        entraEvent(`entra:${tag}-b`, p.personId, t0 + 1000, { vendorGeo: { ...azor, city: 'B' } }),
        entraEvent(`entra:${tag}-a`, p.personId, t0 + 1000, { vendorGeo: { ...azor, city: 'A' } }),
        entraEvent(`entra:${tag}-x`, p.personId, t0, { vendorGeo: undefined }), // earlier, but no vendor place
        entraEvent(`entra:${tag}-y`, q.personId, t0 + 5000, { vendorGeo: { ...azor, city: 'later' } }),
        oktaEvent(`okta:${tag}-1`, q.personId, t0 + 3000, { ip: ip2 }),
        oktaEvent(`okta:${tag}-2`, p.personId, t0 + 4000, { ip: ip2, deviceId: 'dev-shared' }),
        oktaEvent(`okta:${tag}-3`, q.personId, t0 + 6000, { ip: ip3, deviceId: 'dev-shared', vendorGeo: undefined }),
        oktaEvent(`okta:${tag}-4`, q.personId, t0 + 7000, { ip: ip3, deviceId: 'dev-shared', vendorGeo: undefined }),
      ];
      const runId = uniq('run');
      const v = await store.atomic(async (tx) => {
        const version = await tx.beginBatch();
        await tx.savePeople([p], runId, version);
        await tx.saveStates([{ personId: q.personId, state: stateQ }], version);
        expect(await tx.appendEvents(evs, version)).toHaveLength(evs.length);
        return version;
      });
      expect(v).toBeGreaterThanOrEqual(2);

      const c = await store.changesSince(v - 1);
      expect(c.version).toBe(v);
      const [first, second] = [p, q].sort((x, y) => (x.personId < y.personId ? -1 : 1));
      const entry = (x: typeof p) => (x === p ? { personId: p.personId, ...(p.directory ? { directory: p.directory } : {}) } : { personId: q.personId, state: stateQ });
      expect(c.people).toEqual([entry(first), entry(second)]);
      const sortPairs = <T extends Record<string, string>>(xs: T[], k: keyof T) =>
        xs.sort((x, y) => (x[k] < y[k] ? -1 : x[k] > y[k] ? 1 : x.personId < y.personId ? -1 : x.personId > y.personId ? 1 : 0));
      expect(c.ipPeople).toEqual(
        sortPairs([{ ip: ip1, personId: p.personId }, { ip: ip1, personId: q.personId }, { ip: ip2, personId: p.personId }, { ip: ip2, personId: q.personId }, { ip: ip3, personId: q.personId }], 'ip'),
      );
      expect(c.devicePeople).toEqual(sortPairs([{ deviceId: 'a0c3f1e5d2b7c9e8f6a4b3c2d1e0f9a8', personId: q.personId }, { deviceId: 'dev-shared', personId: p.personId }, { deviceId: 'dev-shared', personId: q.personId }], 'deviceId'));
      // Per IP the earliest (time, then id) event with a vendor place: at ip1 `-a` and `-b` tie on time, `-a` wins.
      expect(c.vendorPlaces).toEqual([
        { ip: ip1, time: t0 + 1000, eventId: `entra:${tag}-a`, place: { ...azor, city: 'A' } },
        { ip: ip2, time: t0 + 3000, eventId: `okta:${tag}-1`, place: atlanta },
      ]);

      expect(await store.changesSince(v)).toEqual({ version: v, people: [], ipPeople: [], devicePeople: [], vendorPlaces: [] });

      // A later batch writing only q's state: q comes back with both (q has no people row) and p is not repeated.
      const stateP = { 'impossible-travel': { n: 3 } };
      const v2 = await store.atomic(async (tx) => {
        const version = await tx.beginBatch();
        await tx.saveStates([{ personId: p.personId, state: stateP }], version);
        return version;
      });
      expect(v2).toBe(v + 1);
      const c2 = await store.changesSince(v);
      expect(c2).toEqual({ version: v2, people: [{ personId: p.personId, ...(p.directory ? { directory: p.directory } : {}), state: stateP }], ipPeople: [], devicePeople: [], vendorPlaces: [] });

      // 0 is everything: the unversioned save too.
      const all = await store.changesSince(0);
      expect(all.version).toBe(v2);
      for (const x of [p, q, r]) expect(all.people.some((y) => y.personId === x.personId)).toBe(true);
      const ids = all.people.map((y) => y.personId);
      expect(ids).toEqual([...ids].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
      expect(all.vendorPlaces.filter((x) => x.ip === ip3)).toEqual([]);
    });

    it('indexEvents: events logged before the ingest turn (unstamped) are reported by changesSince at the version that indexed them, as stamped ones are', async () => {
      const tag = uniq('idx');
      const [p, q] = fresh(tag);
      const ip2 = '99.108.5.26';
      const t0 = 1619618925221;
      const evs = [
        entraEvent(`entra:${tag}-b`, p.personId, t0 + 1000, { vendorGeo: { ...azor, city: 'B' } }),
        entraEvent(`entra:${tag}-a`, p.personId, t0 + 1000, { vendorGeo: { ...azor, city: 'A' } }),
        oktaEvent(`okta:${tag}-1`, q.personId, t0 + 3000, { ip: ip2, deviceId: `dev-${tag}` }),
        oktaEvent(`okta:${tag}-2`, p.personId, t0 + 4000, { ip: ip2, deviceId: `dev-${tag}` }),
        oktaEvent(`okta:${tag}-3`, p.personId, t0 + 2000, { ip: ip2, deviceId: `dev-${tag}` }), // earlier: its place wins
      ];
      const before = await store.currentVersion();
      const v = await store.atomic(async (tx) => {
        const fresh = await tx.appendEvents(evs, 0); // the claim, before the turn
        expect(fresh).toHaveLength(evs.length);
        const version = await tx.beginBatch();
        await tx.indexEvents(evs.filter((e) => fresh.includes(e.id)), version);
        return version;
      });
      expect(v).toBe(before + 1);
      const c = await store.changesSince(v - 1);
      const ipOf = entraEvent('x', p.personId, t0).ip!;
      const key = (x: { personId: string }) => x.personId;
      expect(c.ipPeople.filter((x) => x.ip === ipOf && [p.personId, q.personId].includes(x.personId)).map(key)).toEqual([p.personId]);
      expect(c.ipPeople.filter((x) => x.ip === ip2).map(key).sort()).toEqual([p.personId, q.personId].sort());
      expect(c.devicePeople.filter((x) => x.deviceId === `dev-${tag}`).map(key).sort()).toEqual([p.personId, q.personId].sort());
      expect(c.vendorPlaces.find((x) => x.ip === ipOf)).toEqual({ ip: ipOf, time: t0 + 1000, eventId: `entra:${tag}-a`, place: { ...azor, city: 'A' } });
      expect(c.vendorPlaces.find((x) => x.ip === ip2)).toMatchObject({ ip: ip2, time: t0 + 2000, eventId: `okta:${tag}-3` });
      // nothing after its own version; and 0 (everything, from the event log itself) holds the same pairs
      expect(await store.changesSince(v)).toEqual({ version: v, people: [], ipPeople: [], devicePeople: [], vendorPlaces: [] });
      const all = await store.changesSince(0);
      expect(all.ipPeople.filter((x) => x.ip === ip2).map(key).sort()).toEqual([p.personId, q.personId].sort());
      expect(all.vendorPlaces.find((x) => x.ip === ip2)).toMatchObject({ time: t0 + 2000, eventId: `okta:${tag}-3` });
      // logged unstamped and never indexed (the batch rolled back after its claim): nothing, and the claim is gone too
      const lost = oktaEvent(`okta:${tag}-lost`, q.personId, t0 + 9000, { ip: '99.108.5.27' });
      await expect(
        store.atomic(async (tx) => {
          await tx.appendEvents([lost], 0);
          await tx.beginBatch();
          throw new Error('dies before indexing');
        }),
      ).rejects.toThrow(/dies/);
      expect(await store.appendEvents([lost], 0)).toEqual([lost.id]);
    });

    it('savePeople writes a risk-history point only when the risk or level changed (or the person is new)', async () => {
      const [p0] = fresh(uniq('hist'));
      const p: PersonResult = { ...p0, risk: 10, level: 'low' };
      const [r1, r2, r3, r4] = [uniq('run'), uniq('run'), uniq('run'), uniq('run')];
      const points = async () => (await store.getPerson(p.personId))!.riskHistory.map((h) => [h.runId, h.risk, h.level]);
      await store.savePeople([p], r1);
      await store.savePeople([{ ...p, events: p.events + 1 }], r2); // same risk and level: no point
      expect(await points()).toEqual([[r1, 10, 'low']]);
      await store.savePeople([{ ...p, risk: 35 }], r3);
      expect(await points()).toEqual([[r1, 10, 'low'], [r3, 35, 'low']]);
      await store.savePeople([{ ...p, risk: 35 }], r3); // the same run saved again keeps its point
      expect(await points()).toEqual([[r1, 10, 'low'], [r3, 35, 'low']]);
      await store.savePeople([{ ...p, risk: 35, level: 'medium' }], r4); // a level change alone counts
      expect(await points()).toEqual([[r1, 10, 'low'], [r3, 35, 'low'], [r4, 35, 'medium']]);
      expect((await store.getPerson(p.personId))!.risk).toBe(35);
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
      const t = await store.createToken({ id, name, hash, role: 'analyst' });
      expect(t).toEqual({ id, name, role: 'analyst', createdAt: expect.any(String) });
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
      await expect(store.createToken({ id: uniq('tok'), name, hash: other, role: 'admin' })).rejects.toThrow(`an active token is already named "${name}"`);
      // Revoke by name: the token stops authenticating but stays listed with its revocation time.
      const revoked = (await store.revokeToken(name))!;
      expect(revoked).toMatchObject({ id, name, revokedAt: expect.any(String) });
      expect(await store.findActiveToken(hash)).toBeUndefined();
      expect((await store.listTokens()).find((x) => x.id === id)!.revokedAt).toBe(revoked.revokedAt);
      expect(await store.revokeToken(name)).toBeUndefined(); // nothing active left under that name
      // The name is free again; revoke by id.
      const id2 = uniq('tok');
      const t2 = await store.createToken({ id: id2, name, hash: other, role: 'recruiter' });
      expect(await store.findActiveToken(other)).toEqual({ ...t2, role: 'recruiter', hash: other });
      expect((await store.revokeToken(id2))!.id).toBe(id2);
      expect(await store.findActiveToken(other)).toBeUndefined();
      expect(await store.revokeToken(uniq('nobody'))).toBeUndefined();
      const mine = (await store.listTokens()).filter((x) => x.name === name);
      expect(mine.map((x) => x.id)).toEqual([id, id2]);
      // A hash is stored once.
      await expect(store.createToken({ id: uniq('tok'), name: uniq('again'), hash, role: 'admin' })).rejects.toThrow();
    });

    it('candidates: saveCandidates upserts, listCandidates ranks and filters, getCandidate round-trips, hiredCandidates joins by directory id', async () => {
      const tag = uniq('cand');
      const mk = (n: number, risk: number, recommendation: 'stop' | 'verify' | 'proceed', directoryId?: string) => {
        const candidateId = `${tag}:${n}`;
        const result = {
          candidateId,
          displayName: `Cand\u0000idate ${n} 🙂`,
          identifiers: [`c${n}@example.com`],
          sources: ['jsonresume'],
          risk,
          level: (risk >= 70 ? 'high' : risk >= 40 ? 'medium' : risk >= 15 ? 'low' : 'none') as 'high' | 'medium' | 'low' | 'none',
          recommendation,
          recommendationReason: 'because',
          checklist: [{ item: 'phone' as const, status: 'failed' as const, evidence: 'VoIP', checks: ['phone-line'] }],
          findings: [{ check: 'phone-line', severity: 'high' as const, title: 'VoIP phone', explanation: 'x', evidence: [{ type: 'measure' as const, label: 'type', value: 'VOIP' }] }],
          ...(directoryId ? { personId: directoryId } : {}),
        };
        const candidate = {
          candidateId, keys: [candidateId], sources: ['jsonresume'], origins: [], otherNames: [], emails: [{ value: `c${n}@example.com` }], phones: [],
          addresses: [], profiles: [], work: [], education: [], skills: [], jobs: [], attachments: [],
        };
        return { result, candidate };
      };
      const dir = uniq('scim');
      const phone = `phone:+1555${Math.floor(Math.random() * 1e7)}`;
      await store.saveCandidates([
        { ...mk(1, 20, 'verify'), keys: [`mailbox:${tag}-1@example.com`, phone] },
        { ...mk(2, 90, 'stop', dir), keys: [`mailbox:${tag}-2@example.com`] },
        { ...mk(3, 5, 'proceed'), keys: [`mailbox:${tag}-3@example.com`, phone] },
      ]);
      await store.saveCandidates([{ ...mk(3, 45, 'verify'), keys: [`mailbox:${tag}-3b@example.com`] }]); // upsert: keys replaced
      await store.saveCandidates([]);
      const mine = (await store.listCandidates({ limit: 100_000 })).filter((c) => c.candidateId.startsWith(tag));
      expect(mine.map((c) => [c.candidateId, c.risk, c.recommendation])).toEqual([
        [`${tag}:2`, 90, 'stop'],
        [`${tag}:3`, 45, 'verify'],
        [`${tag}:1`, 20, 'verify'],
      ]);
      expect(mine[0].directoryId).toBe(dir);
      expect((await store.listCandidates({ recommendation: 'stop', limit: 100_000 })).some((c) => c.candidateId === `${tag}:1`)).toBe(false);
      const got = (await store.getCandidate(`${tag}:2`))!;
      expect(got.result).toEqual(mk(2, 90, 'stop', dir).result); // the result is JSON text: it round-trips exactly
      expect((await store.listCandidates({ limit: 100_000 })).find((c) => c.candidateId === `${tag}:2`)!.displayName).toBe('Cand\ufffdidate 2 🙂');
      expect(got.candidate.emails).toEqual([{ value: 'c2@example.com' }]);
      expect(await store.getCandidate(uniq('none'))).toBeUndefined();
      expect((await store.candidatesByKeys([phone])).map((r) => r.candidateId)).toEqual([`${tag}:1`]);
      expect((await store.candidatesByKeys([`mailbox:${tag}-3b@example.com`, `mailbox:${tag}-2@example.com`])).map((r) => [r.candidateId, r.risk])).toEqual([
        [`${tag}:2`, 90],
        [`${tag}:3`, 45],
      ]);
      expect(await store.candidatesByKeys([])).toEqual([]);
      const hired = await store.hiredCandidates();
      expect(hired.get(dir)!.map((r) => r.candidateId)).toEqual([`${tag}:2`]);
    });

    it('archive: files are listed with hash and retention; expiry marks and logs each deletion once', async () => {
      const cand = uniq('arch');
      const sha = (c: string) => c.repeat(64);
      await store.archiveFile({ candidateId: cand, sha256: sha('a'), kind: 'recording', file: 'rec/a.mp4', bytes: 10, retainUntil: '2020-01-01T00:00:00.000Z' });
      await store.archiveFile({ candidateId: cand, sha256: sha('a'), kind: 'recording', file: 'rec/a.mp4', bytes: 10, retainUntil: '2020-01-01T00:00:00.000Z' }); // idempotent
      await store.archiveFile({ candidateId: cand, sha256: sha('b'), kind: 'resume', file: 'cv.pdf', retainUntil: '2999-01-01T00:00:00.000Z' });
      expect((await store.listArchive(cand)).map((f) => [f.sha256[0], f.kind, f.deletedAt])).toEqual([
        ['a', 'recording', undefined],
        ['b', 'resume', undefined],
      ]);
      const gone = await store.expireArchive(new Date('2021-01-01T00:00:00Z'));
      expect(gone.filter((f) => f.candidateId === cand).map((f) => f.sha256[0])).toEqual(['a']);
      expect((await store.expireArchive(new Date('2021-01-01T00:00:00Z'))).filter((f) => f.candidateId === cand)).toEqual([]);
      const files = await store.listArchive(cand);
      expect(files.find((f) => f.sha256 === sha('a'))!.deletedAt).toBe('2021-01-01T00:00:00.000Z');
      const log = (await store.archiveLog(100_000)).filter((l) => l.candidateId === cand);
      expect(log.map((l) => l.action)).toEqual(['archived', 'archived', 'deleted after retention']);
      expect(log[2].detail).toContain('rec/a.mp4');
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

