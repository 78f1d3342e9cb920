// The UI's part of the Store (migration 013), run on PGlite and PostgreSQL (ui.test.ts): the filtered, sorted,
// counted people list, facets, a department's detector states, and the settings overlay with its optimistic
// concurrency and audit row. Each suite gets its own fresh store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonResult } from '../core/model.ts';
import { adele, manyPeople, user100, user55 } from './fixtures/people.ts';
import type { Store } from './types.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-02T09:00:00.000Z');

/** A sample person under a new id with this directory department and hire date (undefined: no directory). */
function variant(t: PersonResult, id: string, dept: string | undefined, hired: number | undefined, risk: number): PersonResult {
  const base = t.directory ?? adele.directory!;
  return {
    ...t,
    personId: id,
    identifiers: [`${id}@ui.example`],
    risk,
    level: risk >= 70 ? 'high' : risk >= 40 ? 'medium' : risk >= 15 ? 'low' : 'none',
    ...(dept === undefined && hired === undefined
      ? { directory: undefined }
      : { directory: { ...base, id: `scim:${id}`, ids: [{ kind: 'upn' as const, value: `${id}@ui.example` }], department: dept, created: hired } }),
  };
}

export function uiConformance(name: string, open: () => Promise<{ store: Store; close(): Promise<void> }>): void {
  describe(`UI store conformance: ${name}`, () => {
    let store: Store;
    let opened: { store: Store; close(): Promise<void> };
    // adele's findings: sanctioned-network (critical); user100's and user55's: other detectors (see fixtures).
    const people = [
      variant(adele, 'ui-a', 'Finance', NOW - 10 * DAY, 95),
      variant(user100, 'ui-b', ' finance ', NOW - 400 * DAY, 60),
      variant(user55, 'ui-c', 'Engineering', NOW - 30 * DAY, 45),
      variant(user100, 'ui-d', 'Engineering', undefined, 20),
      variant({ ...user55, findings: [], riskBreakdown: undefined }, 'ui_e%', undefined, undefined, 0),
      variant({ ...user55, findings: [], riskBreakdown: undefined }, 'uiXe', 'Sales', NOW - 5 * DAY, 0),
    ];

    beforeAll(async () => {
      opened = await open();
      store = opened.store;
      await store.savePeople(people, 'run-ui-1');
      await store.saveStates([
        { personId: 'ui-a', state: { detectors: { 'working-hours': { h: Array.from({ length: 24 }, (_, i) => i) } }, events: 3 } },
        { personId: 'ui-b', state: { detectors: { 'working-hours': { h: Array.from({ length: 24 }, () => 1) } }, events: 3 } },
        { personId: 'ui-c', state: { detectors: {}, events: 1 } },
      ]);
    });
    afterAll(async () => opened?.close());

    const ids = (rows: { personId: string }[]) => rows.map((r) => r.personId);
    /** The page and the count of one filter, as the API answers them. */
    const page = async (f: Parameters<Store['listPeoplePage']>[0] = {}) => ({ people: await store.listPeoplePage(f), total: await store.countPeople(f) });

    it('lists everyone by risk with the total, department, hire date and strongest detectors', async () => {
      const first = await page({ limit: 2 });
      expect(first.total).toBe(6);
      expect(ids(first.people)).toEqual(['ui-a', 'ui-b']);
      const a = first.people[0];
      expect(a.department).toBe('Finance');
      expect(a.hiredAt).toBe(new Date(NOW - 10 * DAY).toISOString());
      // The breakdown's contributions above 1, strongest first, at most three.
      const expected = [...(adele.riskBreakdown?.contributions ?? [])]
        .filter((c) => c.likelihoodRatio > 1)
        .sort((x, y) => y.likelihoodRatio - x.likelihoodRatio || (x.detector < y.detector ? -1 : 1))
        .slice(0, 3)
        .map((c) => c.detector);
      expect(expected.length).toBeGreaterThan(0);
      expect(a.topDetectors).toEqual(expected);
      expect(a.findings).toBe(adele.findings.length);
      const next = await page({ limit: 2, offset: 2 });
      expect(ids(next.people)).toEqual(['ui-c', 'ui-d']);
      expect(next.total).toBe(6);
      // A person without a directory has neither department nor hire date.
      const e = (await page({ idPrefix: 'ui_e%' })).people[0];
      expect(e.department).toBeUndefined();
      expect(e.hiredAt).toBeUndefined();
      expect(e.topDetectors).toEqual([]);
    });

    it('filters by level, department (trimmed, any case), hire date and detector, counting what matches', async () => {
      expect(ids((await page({ level: 'medium' })).people)).toEqual(['ui-b', 'ui-c']);
      const fin = await page({ department: 'FINANCE ' });
      expect(ids(fin.people)).toEqual(['ui-a', 'ui-b']);
      expect(fin.total).toBe(2);
      const recent = await page({ hiredSince: NOW - 90 * DAY });
      expect(ids(recent.people)).toEqual(['ui-a', 'ui-c', 'uiXe']);
      const det = adele.findings[0].detector;
      const withDet = await page({ detector: det });
      expect(ids(withDet.people)).toEqual(people.filter((p) => p.findings.some((f) => f.detector === det)).map((p) => p.personId));
      expect(withDet.total).toBe(withDet.people.length);
      const none = await page({ detector: 'no-such-detector' });
      expect(none).toEqual({ people: [], total: 0 });
      const both = await page({ department: 'engineering', hiredSince: NOW - 90 * DAY });
      expect(ids(both.people)).toEqual(['ui-c']);
    });

    it('searches personId prefixes literally (% and _ are not wildcards) and by a list of ids', async () => {
      expect(ids((await page({ idPrefix: 'ui-' })).people)).toEqual(['ui-a', 'ui-b', 'ui-c', 'ui-d']);
      // '_' would match any character and '%' anything in LIKE: 'ui_' must not find ui-a … ui-d or uiXe.
      expect(ids((await page({ idPrefix: 'ui_' })).people)).toEqual(['ui_e%']);
      expect(ids((await page({ idPrefix: 'ui%' })).people)).toEqual([]);
      expect(ids((await page({ idPrefix: 'ui-c', ids: ['uiXe', 'nobody'] })).people)).toEqual(['ui-c', 'uiXe']);
      expect(ids((await page({ ids: [] })).people)).toEqual([]);
      expect((await page({ idPrefix: 'zzz' })).total).toBe(0);
    });

    it('sorts by latest hire (people without a hire date last) and by update', async () => {
      expect(ids((await page({ sort: 'hired' })).people)).toEqual(['uiXe', 'ui-a', 'ui-c', 'ui-b', 'ui-d', 'ui_e%']);
      await store.savePeople([{ ...people[3], risk: 21 }], 'run-ui-2');
      expect(ids((await page({ sort: 'updated', limit: 1 })).people)).toEqual(['ui-d']);
    });

    it('lists facets: one spelling per department, detectors with findings', async () => {
      const f = await store.peopleFacets();
      expect(f.departments).toEqual(['Engineering', 'Finance', 'Sales']);
      const dets = [...new Set(people.flatMap((p) => p.findings.map((x) => x.detector)))].sort();
      expect(f.detectors).toEqual(dets);
      expect(await store.personIds().then((x) => x.sort())).toEqual(people.map((p) => p.personId).sort());
    });

    it("reads a department's detector states, highest risk first, bounded", async () => {
      const fin = await store.departmentStates(' Finance', 10);
      expect(fin.map((s) => s.personId)).toEqual(['ui-a', 'ui-b']);
      expect((fin[1].state.detectors as Record<string, { h: number[] }>)['working-hours'].h).toHaveLength(24);
      expect(await store.departmentStates('finance', 1)).toHaveLength(1);
      // ui-d has no stored state; Sales has none either.
      expect((await store.departmentStates('engineering', 10)).map((s) => s.personId)).toEqual(['ui-c']);
      expect(await store.departmentStates('   ', 10)).toEqual([]);
    });

    it('stores the settings overlay with optimistic concurrency and an audit row in the same transaction', async () => {
      expect(await store.getSettings()).toEqual({ version: 0, overlay: {} });
      const before = (await store.respond().listAudit({ limit: 10_000 })).length;
      const audit = { action: 'settings.update', subject: 'settings', detail: { changed: ['scoring.levels.high'] } };
      const put = await store.putSettings({ scoring: { levels: { high: 80 } } }, 0, { actor: 'admin-ada', now: NOW, audit });
      expect(put.ok).toBe(true);
      expect(put.settings).toEqual({ version: 1, overlay: { scoring: { levels: { high: 80 } } }, updatedAt: new Date(NOW).toISOString(), updatedBy: 'admin-ada' });
      // A writer that read version 0 too is refused and told the stored settings; nothing is written or audited.
      const stale = await store.putSettings({ scoring: { levels: { high: 50 } } }, 0, { actor: 'admin-bob', now: NOW + 1, audit });
      expect(stale).toEqual({ ok: false, settings: put.settings });
      expect(await store.getSettings()).toEqual(put.settings);
      const rows = await store.respond().listAudit({ limit: 10_000 });
      expect(rows.length).toBe(before + 1);
      expect(rows.at(-1)).toMatchObject({ actor: 'admin-ada', action: 'settings.update', subject: 'settings' });
      expect(JSON.parse(rows.at(-1)!.detail)).toEqual({ changed: ['scoring.levels.high'] });
      expect((await store.respond().verifyAudit()).ok).toBe(true);
      // A failing audit rolls the settings back (one transaction).
      const unserialisable = { ...audit, detail: { n: 1n } }; // the audit row fails after the settings row was updated
      await expect(store.putSettings({ x: 1 }, 1, { actor: 'admin-ada', now: NOW, audit: unserialisable })).rejects.toThrow();
      expect(await store.getSettings()).toEqual(put.settings);
    });

    it('pages 2,000 people with the right total under every filter', async () => {
      const many = manyPeople(2000, 'uibulk').map((p, i) => ({ ...p, directory: p.directory && { ...p.directory, department: i % 2 ? 'Bulk' : 'Other' } }));
      await store.savePeople(many, 'run-ui-bulk');
      const all = await page({ limit: 10, offset: 100 });
      expect(all.total).toBe(2006);
      expect(all.people).toHaveLength(10);
      const bulk = await page({ department: 'bulk', limit: 5 });
      expect(bulk.total).toBe(many.filter((p) => p.directory?.department === 'Bulk').length);
      expect(bulk.people.every((p) => p.department === 'Bulk')).toBe(true);
    });
  });
}
