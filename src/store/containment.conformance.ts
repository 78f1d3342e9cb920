// The containment part of the Store (migration 011), run on PGlite and PostgreSQL (pglite.test.ts, postgres.test.ts):
// proposals only on escalated or contained person cases, the two-person rule, one execution of concurrent approvals,
// the outcome marking the playbook step in the same transaction, and an audit row for every change (chain verifies).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RespondConfig } from '../core/respond-config.ts';
import { alertDrafts } from '../core/respond.ts';
import { adele } from './fixtures/people.ts';
import type { Store } from './types.ts';

const cfg = RespondConfig.parse({});
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const H = 3_600_000;
let seq = 0;
const uniq = (what: string): string => `${what}-${(seq++).toString(36)}`;

export function containmentConformance(name: string, open: () => Promise<{ store: Store; close(): Promise<void> }>): void {
  describe(`Containment store conformance: ${name}`, () => {
    let store: Store;
    let opened: { store: Store; close(): Promise<void> };
    const ctx = (actor: string, at = T0 + 5 * H) => ({ actor, now: at });
    const rctx = (actor: string, at: number) => ({ actor, now: at, sla: cfg.sla, suppressionDays: cfg.suppressionDays });

    /** A person case moved to `upTo` (escalated by default) by 'ana'. */
    async function caseFor(upTo: 'new' | 'escalated' | 'contained' | 'closed' = 'escalated'): Promise<{ caseId: string; personId: string }> {
      const personId = uniq('p-contain');
      const r = store.respond();
      const drafts = alertDrafts(
        [{ subject: { kind: 'person', id: personId }, displayName: 'Adele Vance', level: 'high', risk: adele.risk, contributions: adele.riskBreakdown?.contributions ?? [] }],
        new Map([[personId, 'none']]),
        'low',
      );
      const caseId = (await r.raiseAlerts(drafts, { actor: 'sleetwatch', now: T0, sla: cfg.sla }))[0].alert.caseId;
      if (upTo === 'new') return { caseId, personId };
      for (const [i, to] of (['triage', 'investigating'] as const).entries()) await r.transitionCase(caseId, { to }, rctx('ana', T0 + (i + 1) * H));
      expect(await r.transitionCase(caseId, { to: 'escalated', escalateTo: 'insider-risk' }, rctx('ana', T0 + 3 * H))).toMatchObject({ ok: true });
      if (upTo === 'escalated') return { caseId, personId };
      for (const step of ['revoke-sessions', 'disable-account'] as const) await r.updateStep(caseId, step, { status: 'skipped', comment: 'done by hand' }, { actor: 'ana', now: T0 + 4 * H });
      expect(await r.transitionCase(caseId, { to: 'contained' }, rctx('ana', T0 + 4 * H))).toMatchObject({ ok: true });
      if (upTo === 'contained') return { caseId, personId };
      expect(await r.transitionCase(caseId, { to: 'closed', verdict: 'true-positive', reason: 'farm' }, rctx('ana', T0 + 4 * H))).toMatchObject({ ok: true });
      return { caseId, personId };
    }

    const auditOf = async (id: string) => (await store.respond().listAudit({ limit: 10_000 })).filter((a) => a.subject === `containment:${id}`);

    beforeAll(async () => {
      opened = await open();
      store = opened.store;
    }, 60_000);
    afterAll(async () => {
      await opened?.close();
    });

    it('proposes on an escalated case only; the request is pending and audited', async () => {
      const { caseId, personId } = await caseFor();
      const c = store.containment();
      const out = await c.propose({ caseId, connector: 'graph', action: 'revoke-sessions', target: 'adelev@m365x816222.onmicrosoft.com', reason: 'live sessions' }, ctx('ana'));
      expect(out).toMatchObject({
        ok: true,
        request: { caseId, personId, connector: 'graph', action: 'revoke-sessions', target: 'adelev@m365x816222.onmicrosoft.com', reason: 'live sessions', proposedBy: 'ana', state: 'pending', attempts: 0 },
      });
      if (!out.ok) throw new Error(out.reason);
      expect(out.request.id).toMatch(/^cr-\d+$/);
      expect(out.request.proposedAt).toBe(new Date(T0 + 5 * H).toISOString());
      expect(await c.get(out.request.id)).toEqual(out.request);
      expect((await c.list({ caseId })).map((r) => r.id)).toEqual([out.request.id]);
      expect((await c.list({ state: 'pending', limit: 1000 })).map((r) => r.id)).toContain(out.request.id);
      const audit = await auditOf(out.request.id);
      expect(audit.map((a) => `${a.actor} ${a.action}`)).toEqual(['ana containment.propose']);
      expect(JSON.parse(audit[0].detail)).toMatchObject({ caseId, person: personId, connector: 'graph', action: 'revoke-sessions', reason: 'live sessions' });

      const fresh = await caseFor('new');
      expect(await c.propose({ caseId: fresh.caseId, connector: 'okta', action: 'disable-account', target: 'x' }, ctx('ana'))).toEqual({
        ok: false,
        code: 'refused',
        reason: `case ${fresh.caseId} is new: containment is proposed on an escalated or contained case (escalate it first)`,
      });
      const closed = await caseFor('closed');
      expect(await c.propose({ caseId: closed.caseId, connector: 'okta', action: 'disable-account', target: 'x' }, ctx('ana'))).toMatchObject({ ok: false, code: 'refused' });
      expect(await c.propose({ caseId: 'case-0', connector: 'okta', action: 'disable-account', target: 'x' }, ctx('ana'))).toMatchObject({ ok: false, code: 'not-found' });
      const contained = await caseFor('contained');
      expect(await c.propose({ caseId: contained.caseId, connector: 'okta', action: 'disable-account', target: '00ub0oNGTSWTBKOLGLNR' }, ctx('ana'))).toMatchObject({ ok: true });
    });

    it('the proposer cannot approve; another person can, once; rejecting is final', async () => {
      const { caseId } = await caseFor();
      const c = store.containment();
      const p = await c.propose({ caseId, connector: 'okta', action: 'revoke-sessions', target: '00ub0oNGTSWTBKOLGLNR' }, ctx('ana'));
      if (!p.ok) throw new Error(p.reason);
      const id = p.request.id;
      expect(await c.approve(id, ctx('ana'))).toEqual({ ok: false, code: 'refused', reason: `request ${id} was proposed by ana: a second person must approve it` });
      const ok = await c.approve(id, { ...ctx('ivan', T0 + 6 * H), reason: 'confirmed' });
      expect(ok).toMatchObject({ ok: true, request: { state: 'approved', approvedBy: 'ivan', decidedAt: new Date(T0 + 6 * H).toISOString(), decisionReason: 'confirmed' } });
      expect(await c.approve(id, ctx('carol'))).toEqual({ ok: false, code: 'refused', reason: `request ${id} is already approved (by ivan)` });
      expect(await c.reject(id, ctx('carol'))).toMatchObject({ ok: false, code: 'refused' });
      expect(await c.approve('cr-999999', ctx('carol'))).toMatchObject({ ok: false, code: 'not-found' });

      const q = await c.propose({ caseId, connector: 'okta', action: 'disable-account', target: '00ub0oNGTSWTBKOLGLNR' }, ctx('ana'));
      if (!q.ok) throw new Error(q.reason);
      // The proposer may withdraw their own request.
      expect(await c.reject(q.request.id, { ...ctx('ana'), reason: 'wrong account' })).toMatchObject({ ok: true, request: { state: 'rejected', approvedBy: 'ana', decisionReason: 'wrong account' } });
      expect(await c.approve(q.request.id, ctx('ivan'))).toMatchObject({ ok: false, code: 'refused', reason: `request ${q.request.id} is already rejected (by ana)` });
      expect((await auditOf(id)).map((a) => `${a.actor} ${a.action}`)).toEqual(['ana containment.propose', 'ivan containment.approve']);
      expect((await auditOf(q.request.id)).map((a) => `${a.actor} ${a.action}`)).toEqual(['ana containment.propose', 'ana containment.reject']);
    });

    it('the database refuses an approval by the proposer even when written around the store', async () => {
      const { caseId } = await caseFor();
      const p = await store.containment().propose({ caseId, connector: 'graph', action: 'disable-account', target: 'u' }, ctx('ana'));
      if (!p.ok) throw new Error(p.reason);
      const db = (store as unknown as { db: { query(sql: string, params: unknown[]): Promise<unknown> } }).db;
      await expect(
        db.query(`UPDATE containment_requests SET state = 'approved', approved_by = proposed_by, decided_at = now() WHERE request_id = $1`, [p.request.id]),
      ).rejects.toThrow(/check constraint/);
    });

    it('concurrent approvals by different people: exactly one wins', async () => {
      const { caseId } = await caseFor();
      const c = store.containment();
      for (let round = 0; round < 3; round++) {
        const p = await c.propose({ caseId, connector: 'graph', action: 'revoke-sessions', target: 'u' }, ctx('ana'));
        if (!p.ok) throw new Error(p.reason);
        const approvers = ['ivan', 'carol', 'dave', 'erin', 'frank', 'grace'];
        const outs = await Promise.all(approvers.map((a) => c.approve(p.request.id, ctx(a))));
        const won = outs.filter((o) => o.ok);
        expect(won).toHaveLength(1);
        expect(outs.filter((o) => !o.ok).every((o) => !o.ok && o.code === 'refused' && /is already approved/.test(o.reason))).toBe(true);
        const winner = won[0].ok ? won[0].request.approvedBy : undefined;
        expect((await c.get(p.request.id))?.approvedBy).toBe(winner);
        expect((await auditOf(p.request.id)).map((a) => a.action)).toEqual(['containment.propose', 'containment.approve']);
      }
      expect((await store.respond().verifyAudit()).ok).toBe(true);
    });

    it('finishing: done marks the playbook step with the reference in the same transaction; failed keeps the reason; once only', async () => {
      const { caseId } = await caseFor();
      const c = store.containment();
      const p = await c.propose({ caseId, connector: 'graph', action: 'revoke-sessions', target: 'adelev@m365x816222.onmicrosoft.com' }, ctx('ana'));
      if (!p.ok) throw new Error(p.reason);
      await c.approve(p.request.id, ctx('ivan'));
      const done = await c.finish(p.request.id, { ok: true, reference: 'request-id 9f2c', result: 'Graph answered 200', attempts: 2 }, ctx('ivan', T0 + 7 * H));
      expect(done).toMatchObject({
        ok: true,
        request: { state: 'done', reference: 'request-id 9f2c', result: 'Graph answered 200', attempts: 2, finishedAt: new Date(T0 + 7 * H).toISOString() },
        step: { step: 'revoke-sessions', status: 'done', by: 'ivan', reference: 'request-id 9f2c' },
      });
      const steps = (await store.respond().getCase(caseId))!.steps;
      expect(steps.find((s) => s.step === 'revoke-sessions')).toMatchObject({ status: 'done', reference: 'request-id 9f2c' });
      expect(await c.finish(p.request.id, { ok: false, result: 'again', attempts: 1 }, ctx('ivan'))).toMatchObject({ ok: false, code: 'refused' });
      expect((await auditOf(p.request.id)).map((a) => a.action)).toEqual(['containment.propose', 'containment.approve', 'containment.execute']);
      const caseAudit = (await store.respond().listAudit({ limit: 10_000 })).filter((a) => a.subject === `case:${caseId}` && a.action === 'case.step');
      expect(caseAudit).toHaveLength(1);

      // A second revoke on the same case succeeds at the vendor; the step is already done: noted, not an error.
      const again = await c.propose({ caseId, connector: 'okta', action: 'revoke-sessions', target: '00u1' }, ctx('ana'));
      if (!again.ok) throw new Error(again.reason);
      await c.approve(again.request.id, ctx('ivan'));
      const twice = await c.finish(again.request.id, { ok: true, reference: 'okta 2', result: 'Okta answered 204', attempts: 1 }, ctx('ivan'));
      expect(twice).toMatchObject({ ok: true, request: { state: 'done' }, stepNote: expect.stringContaining('step revoke-sessions was already done by ivan') });

      const fail = await c.propose({ caseId, connector: 'graph', action: 'disable-account', target: 'u' }, ctx('ana'));
      if (!fail.ok) throw new Error(fail.reason);
      expect(await c.finish(fail.request.id, { ok: false, result: 'x', attempts: 1 }, ctx('ivan'))).toMatchObject({ ok: false, code: 'refused' }); // not approved yet
      await c.approve(fail.request.id, ctx('carol'));
      const failed = await c.finish(fail.request.id, { ok: false, result: 'Graph answered 503 four times: Service Unavailable', attempts: 4 }, ctx('carol'));
      expect(failed).toMatchObject({ ok: true, request: { state: 'failed', result: 'Graph answered 503 four times: Service Unavailable', attempts: 4 } });
      expect(failed.ok && failed.request.reference).toBeUndefined();
      expect((await store.respond().getCase(caseId))!.steps.find((s) => s.step === 'disable-account')).toMatchObject({ status: 'pending' });
      expect((await store.respond().verifyAudit()).ok).toBe(true);
    });

    it('a finish that fails to write rolls back the state, the step and the audit rows together', async () => {
      const { caseId } = await caseFor();
      const p = await store.containment().propose({ caseId, connector: 'graph', action: 'disable-account', target: 'u' }, ctx('ana'));
      if (!p.ok) throw new Error(p.reason);
      await store.containment().approve(p.request.id, ctx('ivan'));
      const before = (await store.respond().listAudit({ limit: 10_000 })).length;
      await expect(
        store.atomic(async (tx) => {
          await tx.containment().finish(p.request.id, { ok: true, reference: 'r', result: 'ok', attempts: 1 }, ctx('ivan'));
          throw new Error('crash after the write');
        }),
      ).rejects.toThrow('crash after the write');
      expect((await store.containment().get(p.request.id))?.state).toBe('approved');
      expect((await store.respond().getCase(caseId))!.steps.find((s) => s.step === 'disable-account')?.status).toBe('pending');
      expect((await store.respond().listAudit({ limit: 10_000 })).length).toBe(before);
    });

    it('hostile text is stored without control characters and bounded', async () => {
      const { caseId } = await caseFor();
      const p = await store.containment().propose({ caseId, connector: 'graph', action: 'disable-account', target: 'u\u0000\u001b[31m', reason: 'r'.repeat(10_000) }, ctx('ana'));
      if (!p.ok) throw new Error(p.reason);
      expect(p.request.target).toBe('u  [31m');
      expect(p.request.reason).toHaveLength(4000);
    });

    it('lists identifiers with their kinds for target resolution', async () => {
      const id = uniq('p-ids');
      await store.savePeople([{ ...adele, personId: id, identifiers: [`${id}@m365x816222.onmicrosoft.com`] }], uniq('run'));
      const ids = await store.containment().identifiersOf(id);
      expect(ids.map((i) => i.value)).toEqual([`${id}@m365x816222.onmicrosoft.com`]);
    });
  });
}
