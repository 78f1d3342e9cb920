// The respond part of the Store (migration 009), run on PGlite and PostgreSQL (pglite.test.ts, postgres.test.ts):
// alerts into cases, the workflow persisted, immutable notes, steps, suppressions and verdicts, everything audited in
// the same transaction, and the hash-chained audit log catching a row edited, deleted, reordered or cut off by
// someone who bypasses the append-only triggers (a superuser). Each suite gets its own fresh store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonResult } from '../core/model.ts';
import { RespondConfig } from '../core/respond-config.ts';
import { alertDrafts, auditPreimage, type AlertDraft } from '../core/respond.ts';
import { adele, manyPeople } from './fixtures/people.ts';
import { sha256 } from './respond-store.ts';
import type { SqlStore } from './sql-store.ts';
import type { Store } from './types.ts';

const cfg = RespondConfig.parse({});
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const H = 3_600_000;
let seq = 0;
const uniq = (what: string): string => `${what}-${(seq++).toString(36)}`;

/** A person's result as alert input (what src/app/respond.ts personChange makes of it). */
const change = (p: PersonResult) => ({
  subject: { kind: 'person' as const, id: p.personId },
  ...(p.displayName ? { displayName: p.displayName } : {}),
  level: p.level,
  risk: p.risk,
  contributions: p.riskBreakdown?.contributions ?? [],
});
const rise = (p: PersonResult, from: 'none' | 'low' | 'medium' = 'none'): AlertDraft[] =>
  alertDrafts([change(p)], new Map([[p.personId, from]]), 'low');
const as = (p: PersonResult, id: string, level: PersonResult['level'] = p.level): PersonResult => ({ ...p, personId: id, level });

export function respondConformance(name: string, open: () => Promise<{ store: Store; close(): Promise<void> }>): void {
  describe(`Respond store conformance: ${name}`, () => {
    let store: Store;
    let opened: { store: Store; close(): Promise<void> };
    const ctx = (actor = 'analyst-ana', at = T0) => ({ actor, now: at, sla: cfg.sla, suppressionDays: cfg.suppressionDays });
    const db = () => (store as SqlStore).db;
    const auditRows = async () => (await store.respond().listAudit({ limit: 10_000 })).length;

    beforeAll(async () => {
      opened = await open();
      store = opened.store;
    }, 60_000);
    afterAll(async () => {
      await opened?.close();
    });

    it('an alert opens a case with the playbook; a repeat is dropped; a higher level joins the open case', async () => {
      const id = uniq('p-adele');
      const r = store.respond();
      const first = await r.raiseAlerts(rise(as(adele, id, 'medium')), { actor: 'sleetwatch', now: T0, sla: cfg.sla });
      expect(first).toHaveLength(1);
      expect(first[0].opened).toBe(true);
      const caseId = first[0].alert.caseId;
      expect(first[0].alert).toMatchObject({ subject: { kind: 'person', id }, level: 'medium', previousLevel: 'none', risk: adele.risk });
      expect(first[0].alert.contributions).toEqual(adele.riskBreakdown!.contributions);
      const again = await r.raiseAlerts(rise(as(adele, id, 'medium'), 'low'), { actor: 'sleetwatch', now: T0 + H, sla: cfg.sla });
      expect(again).toEqual([]);
      const high = await r.raiseAlerts(rise(as(adele, id, 'high'), 'medium'), { actor: 'sleetwatch', now: T0 + 2 * H, sla: cfg.sla });
      expect(high.map((a) => [a.opened, a.alert.caseId, a.alert.level])).toEqual([[false, caseId, 'high']]);
      const d = (await r.getCase(caseId))!;
      expect(d.case).toEqual({
        id: caseId,
        subject: { kind: 'person', id },
        displayName: 'Adele Vance',
        state: 'new',
        level: 'high',
        openedAt: new Date(T0).toISOString(),
        updatedAt: new Date(T0 + 2 * H).toISOString(),
        stateSince: new Date(T0).toISOString(),
        dueAt: new Date(T0 + cfg.sla.new * H).toISOString(),
      });
      expect(d.alerts.map((a) => a.level)).toEqual(['medium', 'high']);
      expect(d.steps.map((s) => [s.step, s.status])).toEqual([
        ['revoke-sessions', 'pending'],
        ['disable-account', 'pending'],
        ['stop-payments', 'pending'],
        ['preserve-evidence', 'pending'],
        ['retrieve-laptop', 'pending'],
        ['review-access', 'pending'],
        ['hunt-infrastructure', 'pending'],
        ['report-authorities', 'pending'],
      ]);
      expect(d.notes).toEqual([]);
      const audit = (await r.listAudit({ limit: 10_000 })).filter((a) => a.subject === `case:${caseId}`);
      expect(audit.map((a) => `${a.actor} ${a.action}`)).toEqual(['sleetwatch case.open', 'sleetwatch alert.raise', 'sleetwatch alert.raise']);
      expect(JSON.parse(audit[1].detail)).toMatchObject({ level: 'medium', previousLevel: 'none', subject: { kind: 'person', id } });
    });

    it('alerts written through atomic() commit with the batch, and a failed batch leaves none (nor any audit row)', async () => {
      const id = uniq('p-rollback');
      const before = await auditRows();
      await expect(
        store.atomic(async (tx) => {
          await tx.respond().raiseAlerts(rise(as(adele, id)), { actor: 'sleetwatch', now: T0, sla: cfg.sla });
          throw new Error('the batch failed');
        }),
      ).rejects.toThrow('the batch failed');
      expect(await store.respond().listCases({ subject: { kind: 'person', id } })).toEqual([]);
      expect(await auditRows()).toBe(before);
      const done = await store.atomic((tx) => tx.respond().raiseAlerts(rise(as(adele, id)), { actor: 'sleetwatch', now: T0, sla: cfg.sla }));
      expect((await store.respond().listCases({ subject: { kind: 'person', id } })).map((c) => c.id)).toEqual([done[0].alert.caseId]);
      expect(await auditRows()).toBe(before + 2);
      expect((await store.respond().verifyAudit()).ok).toBe(true);
    });

    it('raises many alerts in one call: one per subject (the highest), new cases and existing ones together', async () => {
      const r = store.respond();
      const old = uniq('p-bulk-old');
      const existing = (await r.raiseAlerts(rise(as(adele, old, 'medium')), { actor: 'sleetwatch', now: T0, sla: cfg.sla }))[0].alert.caseId;
      const ids = Array.from({ length: 50 }, () => uniq('p-bulk'));
      const drafts = [
        ...ids.flatMap((id) => rise(as(adele, id, 'medium'))),
        ...rise(as(adele, ids[0], 'high')),
        ...rise(as(adele, old, 'high'), 'medium'),
        ...rise(as(adele, old, 'medium'), 'low'),
      ];
      const out = await r.raiseAlerts(drafts, { actor: 'sleetwatch', now: T0 + H, sla: cfg.sla });
      expect(out).toHaveLength(51);
      expect(out.filter((a) => a.opened)).toHaveLength(50);
      expect(out.find((a) => a.alert.subject.id === ids[0])!.alert.level).toBe('high');
      expect(out.find((a) => a.alert.subject.id === old)!.alert).toMatchObject({ caseId: existing, level: 'high' });
      expect(new Set(out.map((a) => a.alert.caseId)).size).toBe(51);
      expect((await r.getCase(existing))!.case.level).toBe('high');
      expect((await r.getCase(out.find((a) => a.alert.subject.id === ids[7])!.alert.caseId))!.steps).toHaveLength(8);
      expect((await r.verifyAudit()).ok).toBe(true);
    });

    it('concurrent writers never fork the chain (the head row serialises them)', async () => {
      await Promise.all(
        Array.from({ length: 12 }, (_, i) => store.respond().appendAudit([{ actor: `w${i}`, action: 'audit.test', subject: 'concurrency', detail: { i } }, { actor: `w${i}`, action: 'audit.test', subject: 'concurrency', detail: { i, n: 2 } }], T0 + i)),
      );
      const v = await store.respond().verifyAudit();
      expect(v.ok).toBe(true);
      const mine = (await store.respond().listAudit({ limit: 10_000 })).filter((a) => a.subject === 'concurrency');
      expect(mine).toHaveLength(24);
      // Each writer's two rows are adjacent: a transaction's rows are chained together.
      for (let i = 0; i < mine.length; i += 2) expect(mine[i + 1].seq).toBe(mine[i].seq + 1);
    });

    it('previousLevels reads the stored level of people (before a batch saves the new one)', async () => {
      const [p] = manyPeople(1, uniq('prev'));
      await store.savePeople([{ ...p, level: 'low' }], uniq('run'));
      const got = await store.respond().previousLevels([
        { kind: 'person', id: p.personId },
        { kind: 'person', id: 'nobody' },
      ]);
      expect([...got]).toEqual([[p.personId, 'low']]);
    });

    it('runs the workflow, refuses illegal moves without writing, and closes a true positive after containment', async () => {
      const id = uniq('p-work');
      const r = store.respond();
      const [{ alert }] = await r.raiseAlerts(rise(as(adele, id)), { actor: 'sleetwatch', now: T0, sla: cfg.sla });
      const cid = alert.caseId;
      const before = await auditRows();
      expect(await r.transitionCase(cid, { to: 'contained' }, ctx())).toEqual({
        ok: false,
        code: 'refused',
        reason: 'a case cannot go from new to contained; from new it can go to triage or closed',
      });
      expect(await r.transitionCase('case-0', { to: 'triage' }, ctx())).toEqual({ ok: false, code: 'not-found', reason: 'no case case-0' });
      expect(await auditRows()).toBe(before);
      expect((await r.transitionCase(cid, { to: 'triage' }, ctx('ana', T0 + H))).ok).toBe(true);
      expect(await r.assignCase(cid, { assignee: 'ivan' }, ctx('ana', T0 + H))).toMatchObject({ ok: true, case: { assignee: 'ivan' } });
      expect((await r.transitionCase(cid, { to: 'investigating' }, ctx('ivan', T0 + 2 * H))).ok).toBe(true);
      expect(await r.transitionCase(cid, { to: 'escalated', escalateTo: 'insider-risk' }, ctx('ivan', T0 + 3 * H))).toMatchObject({
        ok: true,
        case: { state: 'escalated', escalatedTo: 'insider-risk', dueAt: new Date(T0 + 3 * H + cfg.sla.escalated * H).toISOString() },
      });
      expect(await r.transitionCase(cid, { to: 'contained' }, ctx('ivan', T0 + 4 * H))).toMatchObject({ ok: false, code: 'refused', reason: expect.stringContaining('revoke-sessions, disable-account') });
      expect(await r.updateStep(cid, 'revoke-sessions', { status: 'done', comment: 'Entra revokeSignInSessions' }, ctx('ivan', T0 + 4 * H))).toMatchObject({
        ok: true,
        step: { status: 'done', by: 'ivan', at: new Date(T0 + 4 * H).toISOString() },
      });
      expect(await r.updateStep(cid, 'stop-hiring', { status: 'done' }, ctx('ivan'))).toMatchObject({ ok: false, code: 'not-found' });
      expect(await r.updateStep(cid, 'disable-account', { status: 'skipped', comment: 'already disabled by HR' }, ctx('ivan', T0 + 4 * H))).toMatchObject({ ok: true });
      expect(await r.updateStep(cid, 'retrieve-laptop', { status: 'done', serial: 'C02XK1ZZJGH5', shippedSerial: 'C02XK1ZZJGH5' }, ctx('ivan', T0 + 5 * H))).toMatchObject({
        ok: true,
        step: { serial: 'C02XK1ZZJGH5' },
      });
      expect((await r.transitionCase(cid, { to: 'contained' }, ctx('ivan', T0 + 6 * H))).ok).toBe(true);
      const closed = await r.transitionCase(cid, { to: 'closed', verdict: 'true-positive', reason: 'laptop farm: shared device with p-3' }, ctx('ivan', T0 + 7 * H));
      expect(closed).toMatchObject({ ok: true, case: { state: 'closed', verdict: 'true-positive', closedAt: new Date(T0 + 7 * H).toISOString() }, suppressions: [] });
      const d = (await r.getCase(cid))!;
      expect(d.case).toMatchObject({ state: 'closed', verdict: 'true-positive', verdictReason: 'laptop farm: shared device with p-3', assignee: 'ivan', escalatedTo: 'insider-risk' });
      expect(d.case.dueAt).toBeUndefined();
      expect(d.steps.filter((s) => s.status !== 'pending').map((s) => `${s.step} ${s.status} ${s.by}`)).toEqual([
        'revoke-sessions done ivan',
        'disable-account skipped ivan',
        'retrieve-laptop done ivan',
      ]);
      expect(await r.addNote(cid, 'post-mortem: the serial matched, the farm was elsewhere', ctx('ivan', T0 + 8 * H))).toMatchObject({ ok: true });
      const actions = (await r.listAudit({ after: 0, limit: 10_000 })).filter((a) => a.subject === `case:${cid}`).map((a) => `${a.actor} ${a.action}`);
      expect(actions).toEqual([
        'sleetwatch case.open',
        'sleetwatch alert.raise',
        'ana case.transition',
        'ana case.assign',
        'ivan case.transition',
        'ivan case.transition',
        'ivan case.step',
        'ivan case.step',
        'ivan case.step',
        'ivan case.transition',
        'ivan case.transition',
        'ivan case.verdict',
        'ivan case.note',
      ]);
      // The subject's next rise opens a new case.
      const next = await r.raiseAlerts(rise(as(adele, id)), { actor: 'sleetwatch', now: T0 + 9 * H, sla: cfg.sla });
      expect(next[0].opened).toBe(true);
      expect(next[0].alert.caseId).not.toBe(cid);
      expect((await r.listCases({ subject: { kind: 'person', id }, open: true })).map((c) => c.id)).toEqual([next[0].alert.caseId]);
    });

    it('lists cases by state and assignee', async () => {
      const r = store.respond();
      const a = (await r.raiseAlerts(rise(as(adele, uniq('p-list-a'))), { actor: 'sleetwatch', now: T0, sla: cfg.sla }))[0].alert.caseId;
      const b = (await r.raiseAlerts(rise(as(adele, uniq('p-list-b'))), { actor: 'sleetwatch', now: T0 + 1, sla: cfg.sla }))[0].alert.caseId;
      const who = uniq('olga');
      await r.assignCase(a, { assignee: who }, ctx());
      await r.transitionCase(b, { to: 'triage' }, ctx());
      await r.assignCase(b, { assignee: who }, ctx());
      expect((await r.listCases({ assignee: who })).map((c) => c.id).sort()).toEqual([a, b].sort());
      expect((await r.listCases({ assignee: who, state: 'triage' })).map((c) => c.id)).toEqual([b]);
      expect((await r.listCases({ state: 'triage', limit: 1000 })).every((c) => c.state === 'triage')).toBe(true);
    });

    it('notes are immutable: the database refuses UPDATE and DELETE', async () => {
      const r = store.respond();
      const cid = (await r.raiseAlerts(rise(as(adele, uniq('p-note'))), { actor: 'sleetwatch', now: T0, sla: cfg.sla }))[0].alert.caseId;
      const n = await r.addNote(cid, 'Called the manager: the employee "travels" every week.\nNo travel booked.', ctx('ana', T0 + H));
      if (!n.ok) throw new Error(n.reason);
      await expect(db().query(`UPDATE case_notes SET body = 'nothing to see' WHERE note_id = $1`, [n.note.id])).rejects.toThrow(/append-only/);
      await expect(db().query('DELETE FROM case_notes WHERE note_id = $1', [n.note.id])).rejects.toThrow(/append-only/);
      expect((await r.getCase(cid))!.notes).toEqual([n.note]);
      expect(n.note).toMatchObject({ author: 'ana', at: new Date(T0 + H).toISOString() });
    });

    it('closing as false positive stores scoped suppressions (listed, revocable, audited) and verdicts count per detector', async () => {
      const r = store.respond();
      const id = uniq('p-fp');
      const cid = (await r.raiseAlerts(rise(as(adele, id)), { actor: 'sleetwatch', now: T0, sla: cfg.sla }))[0].alert.caseId;
      await r.transitionCase(cid, { to: 'triage' }, ctx());
      const detectors = adele.riskBreakdown!.contributions.map((c) => c.detector);
      const out = await r.transitionCase(
        cid,
        { to: 'closed', verdict: 'false-positive', reason: 'the company VPN exits there', suppress: { detectors: [detectors[0]], until: '2026-06-01T00:00:00Z' } },
        ctx('ana', T0 + H),
      );
      if (!out.ok) throw new Error(out.reason);
      expect(out.suppressions).toEqual([
        {
          id: expect.stringMatching(/^sup_/),
          person: id,
          detector: detectors[0],
          reason: `case ${cid} closed as false-positive: the company VPN exits there`,
          until: '2026-06-01T00:00:00.000Z',
          createdBy: 'ana',
          createdAt: new Date(T0 + H).toISOString(),
          caseId: cid,
        },
      ]);
      expect(out.verdicts.map((v) => v.detector).sort()).toEqual([...detectors].sort());
      const sup = out.suppressions[0];
      expect(await r.listSuppressions({ person: id, activeAt: T0 + 2 * H })).toEqual([sup]);
      expect(await r.listSuppressions({ person: id, activeAt: Date.parse('2026-06-02T00:00:00Z') })).toEqual([]);
      const counts = (await r.verdictCounts()).filter((v) => v.kind === 'person' && detectors.includes(v.detector));
      expect(counts.length).toBe(detectors.length);
      for (const c of counts) {
        expect(c.falsePositive).toBeGreaterThanOrEqual(1);
        expect(c.meanLR).toBeGreaterThan(0);
      }
      const revoked = await r.revokeSuppression(sup.id, ctx('olga', T0 + 3 * H));
      expect(revoked).toMatchObject({ ok: true, suppression: { revokedBy: 'olga', revokedAt: new Date(T0 + 3 * H).toISOString() } });
      expect(await r.revokeSuppression(sup.id, ctx('olga'))).toEqual({ ok: false, code: 'refused', reason: `suppression ${sup.id} is already revoked` });
      expect(await r.listSuppressions({ person: id, activeAt: T0 + 4 * H })).toEqual([]);
      const audit = (await r.listAudit({ limit: 10_000 })).filter((a) => a.subject === `suppression:${sup.id}`).map((a) => `${a.actor} ${a.action}`);
      expect(audit).toEqual(['ana suppression.create', 'olga suppression.revoke']);
    });

    it('the verdict counts per detector are exact for a detector of its own', async () => {
      const r = store.respond();
      const det = uniq('det-cal');
      const mk = async (verdict: 'true-positive' | 'false-positive' | 'benign', lr: number) => {
        const p = { ...as(adele, uniq('p-cal')), riskBreakdown: { ...adele.riskBreakdown!, contributions: [{ detector: det, likelihoodRatio: lr }] } };
        const cid = (await r.raiseAlerts(rise(p), { actor: 'sleetwatch', now: T0, sla: cfg.sla }))[0].alert.caseId;
        await r.transitionCase(cid, { to: 'triage' }, ctx());
        if (verdict === 'true-positive') {
          await r.transitionCase(cid, { to: 'investigating' }, ctx());
          await r.updateStep(cid, 'revoke-sessions', { status: 'done' }, ctx());
          await r.updateStep(cid, 'disable-account', { status: 'done' }, ctx());
          await r.transitionCase(cid, { to: 'contained' }, ctx());
        }
        const out = await r.transitionCase(cid, { to: 'closed', verdict, reason: 'test' }, ctx());
        expect(out.ok).toBe(true);
      };
      await mk('true-positive', 4);
      await mk('false-positive', 16);
      await mk('benign', 1);
      await mk('true-positive', 4);
      const c = (await r.verdictCounts()).find((v) => v.detector === det)!;
      expect(c).toMatchObject({ kind: 'person', truePositive: 2, falsePositive: 1, benign: 1 });
      expect(c.meanLR).toBeCloseTo(4, 9); // (4·16·1·4)^(1/4)
    });

    it('the audit log is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
      await store.respond().appendAudit([{ actor: 'auditor-al', action: 'audit.test', subject: 'test', detail: { n: 1 } }], T0);
      await expect(db().query(`UPDATE audit_log SET actor = 'mallory' WHERE seq = 1`)).rejects.toThrow(/append-only/);
      await expect(db().query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
      await expect(db().query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
      expect((await store.respond().verifyAudit()).ok).toBe(true);
    });

    it('stores hostile text as hashed: NUL and lone surrogates become U+FFFD before hashing, so the chain verifies', async () => {
      const rows = await store.respond().appendAudit([{ actor: 'x\u0000y', action: 'audit.test', subject: 'bad\ud800', detail: { s: 'a\u0000b\udc00', deep: { z: 1, a: [2] } } }], T0);
      expect(rows[0]).toMatchObject({ actor: 'x\ufffdy', subject: 'bad\ufffd', detail: '{"deep":{"a":[2],"z":1},"s":"a\ufffdb\ufffd"}' });
      const back = (await store.respond().listAudit({ after: rows[0].seq - 1, limit: 1 }))[0];
      expect(back).toEqual(rows[0]);
      expect((await store.respond().verifyAudit()).ok).toBe(true);
    });

    describe('tampering by someone who bypasses the triggers (a superuser) is detected', () => {
      /** Run SQL with the append-only trigger disabled, as a table owner or superuser could. */
      const bypass = async (...stmts: [string, unknown[]?][]) => {
        await db().transaction(async (tx) => {
          await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
          for (const [sql, params] of stmts) await tx.query(sql, params);
          await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
        });
      };
      let rows: Awaited<ReturnType<ReturnType<Store['respond']>['listAudit']>>;
      const row = (s: number) => rows.find((r) => r.seq === s)!;
      const reinsert = (s: number): [string, unknown[]] => {
        const r = row(s);
        return ['INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [r.seq, r.at, r.actor, r.action, r.subject, r.detail, r.prevHash, r.hash]];
      };

      beforeAll(async () => {
        // At least 6 rows in the log.
        for (let i = 0; i < 6; i++) await store.respond().appendAudit([{ actor: 'auditor-al', action: 'audit.test', subject: `t${i}`, detail: { i } }], T0 + i);
        rows = await store.respond().listAudit({ limit: 10_000 });
        const v = await store.respond().verifyAudit();
        expect(v).toEqual({ ok: true, rows: rows.length, head: { seq: rows.length, hash: rows[rows.length - 1].hash } });
      });

      it('an edited row (UPDATE of its content)', async () => {
        await bypass(['UPDATE audit_log SET actor = $1 WHERE seq = 3', ['mallory']]);
        expect(await store.respond().verifyAudit()).toMatchObject({ ok: false, rows: 2, firstBad: { seq: 3, kind: 'edited', message: expect.stringContaining('row 3 does not match its hash') } });
        await bypass(['UPDATE audit_log SET actor = $1 WHERE seq = 3', [row(3).actor]]);
        expect((await store.respond().verifyAudit()).ok).toBe(true);
      });

      it('an edited row whose hash was recomputed: the next row no longer follows it', async () => {
        const r = { ...row(3), detail: '{"forged":true}' };
        const { hash: _h, ...base } = r;
        await bypass(['UPDATE audit_log SET detail = $1, hash = $2 WHERE seq = 3', [r.detail, sha256(auditPreimage(base))]]);
        expect(await store.respond().verifyAudit()).toMatchObject({ ok: false, firstBad: { seq: 3, kind: 'edited', message: expect.stringContaining('row 4 does not follow row 3') } });
        await bypass(['UPDATE audit_log SET detail = $1, hash = $2 WHERE seq = 3', [row(3).detail, row(3).hash]]);
        expect((await store.respond().verifyAudit()).ok).toBe(true);
      });

      it('a deleted row', async () => {
        await bypass(['DELETE FROM audit_log WHERE seq = 4']);
        expect(await store.respond().verifyAudit()).toMatchObject({ ok: false, rows: 3, firstBad: { seq: 4, kind: 'deleted', message: 'row 4 is missing (the next row is 5): deleted' } });
        await bypass(reinsert(4));
        expect((await store.respond().verifyAudit()).ok).toBe(true);
      });

      it('two rows swapped (their seq exchanged)', async () => {
        await bypass(['UPDATE audit_log SET seq = -1 WHERE seq = 2'], ['UPDATE audit_log SET seq = 2 WHERE seq = 3'], ['UPDATE audit_log SET seq = 3 WHERE seq = -1']);
        expect(await store.respond().verifyAudit()).toMatchObject({ ok: false, rows: 1, firstBad: { seq: 2, kind: 'reordered', message: 'row 2 follows row 3 in the chain but sits at 2: rows were reordered' } });
        await bypass(['UPDATE audit_log SET seq = -1 WHERE seq = 2'], ['UPDATE audit_log SET seq = 2 WHERE seq = 3'], ['UPDATE audit_log SET seq = 3 WHERE seq = -1']);
        expect((await store.respond().verifyAudit()).ok).toBe(true);
      });

      it('the last rows deleted (the head remembers them), and an anchor catches a rewritten head', async () => {
        const n = rows.length;
        await bypass(['DELETE FROM audit_log WHERE seq >= $1', [n - 1]]);
        expect(await store.respond().verifyAudit()).toMatchObject({ ok: false, firstBad: { seq: n - 1, kind: 'truncated' } });
        // A superuser who also rewinds the head: only an anchor written down elsewhere catches it.
        await db().query('UPDATE audit_head SET seq = $1, hash = $2', [n - 2, row(n - 2).hash]);
        expect((await store.respond().verifyAudit()).ok).toBe(true);
        expect(await store.respond().verifyAudit({ anchor: { seq: n, hash: row(n).hash } })).toMatchObject({ ok: false, firstBad: { seq: n, kind: 'truncated' } });
        await bypass(reinsert(n - 1), reinsert(n));
        await db().query('UPDATE audit_head SET seq = $1, hash = $2', [n, row(n).hash]);
        expect(await store.respond().verifyAudit({ anchor: { seq: n, hash: row(n).hash } })).toMatchObject({ ok: true, rows: n });
      });
    });
  });
}
