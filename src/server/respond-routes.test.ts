// The respond API with fastify inject against an in-memory PGlite store: cases raised from a real person's result
// (Adele Vance, store fixtures), the workflow through HTTP with the token's name as the actor, errors as results, and
// the audit log paged and verified (and a tampered row reported).
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsFor, previousLevels, RespondService } from '../app/respond.ts';
import { createToken } from '../app/tokens.ts';
import { pseudonymiser } from '../app/pseudonym.ts';
import { defaultConfig } from '../core/config.ts';
import { adele } from '../store/fixtures/people.ts';
import { openPGliteStore } from '../store/pglite.ts';
import type { SqlStore } from '../store/sql-store.ts';
import { buildServer } from './index.ts';

describe('respond API', () => {
  let store: SqlStore;
  let server: FastifyInstance;
  const tokens: Record<string, string> = {};
  const as = (who: string) => (o: InjectOptions) => server.inject({ ...o, headers: { authorization: `Bearer ${tokens[who]}`, ...o.headers } });
  let caseId: string;
  let changed = 0;

  beforeAll(async () => {
    store = await openPGliteStore('memory://');
    for (const who of ['ana', 'ivan']) tokens[who] = (await createToken(store, who, 'admin')).token;
    const config = defaultConfig();
    const respond = new RespondService(store, config, { onSuppressionsChanged: async () => void changed++ });
    server = await buildServer({ store, version: 't', ingest: async () => { throw new Error('unused'); }, respond });
    // What IngestService does after a batch: levels before the save, the save, the alerts, in one transaction.
    const raised = await store.atomic(async (tx) => {
      const prev = await previousLevels(tx, [adele]);
      await tx.savePeople([adele], 'run-respond-api');
      return alertsFor(tx, [adele], prev, { config });
    });
    expect(raised).toHaveLength(1);
    caseId = raised[0].alert.caseId;
  });

  afterAll(async () => {
    await server?.close();
    await store?.close();
  });

  it('needs a token', async () => {
    for (const url of ['/api/cases', `/api/cases/${caseId}`, '/api/audit', '/api/audit/verify', '/api/suppressions', '/api/calibration']) {
      expect((await server.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
    expect((await server.inject({ method: 'POST', url: `/api/cases/${caseId}/notes`, payload: { text: 'x' } })).statusCode).toBe(401);
  });

  it('lists cases with their SLA clock and shows one with alerts, steps and notes', async () => {
    const pseudonym = pseudonymiser(await store.auth().secret('pseudonym'))(adele.personId);
    const list = await as('ana')({ method: 'GET', url: '/api/cases?state=new' });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([
      // The display name is the person's pseudonym (src/server/privacy.ts); the stored case keeps the real one.
      expect.objectContaining({ id: caseId, subject: { kind: 'person', id: adele.personId }, displayName: pseudonym, pseudonym, state: 'new', level: 'high', sla: expect.objectContaining({ breached: expect.any(Boolean) }) }),
    ]);
    expect((await store.respond().getCase(caseId))!.case.displayName).toBe('Adele Vance');
    expect(list.body).not.toContain('Adele');
    expect((await as('ana')({ method: 'GET', url: '/api/cases?state=closed' })).json()).toEqual([]);
    expect((await as('ana')({ method: 'GET', url: '/api/cases?state=bogus' })).statusCode).toBe(400);
    const one = await as('ana')({ method: 'GET', url: `/api/cases/${caseId}` });
    expect(one.statusCode).toBe(200);
    const d = one.json();
    expect(d.alerts).toEqual([expect.objectContaining({ level: 'high', previousLevel: 'none', risk: adele.risk, reason: expect.stringContaining('rose from none to high') })]);
    expect(d.steps).toHaveLength(8);
    expect(d.notes).toEqual([]);
    const missing = await as('ana')({ method: 'GET', url: '/api/cases/case-999999' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'Not Found', message: 'no case case-999999' });
  });

  it('moves a case through the workflow as the token named in the audit log; refusals are 409 with the reason', async () => {
    const bad = await as('ana')({ method: 'POST', url: `/api/cases/${caseId}/transition`, payload: { to: 'contained' } });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().message).toBe('a case cannot go from new to contained; from new it can go to triage or closed');
    const unknownKey = await as('ana')({ method: 'POST', url: `/api/cases/${caseId}/transition`, payload: { to: 'triage', by: 'mallory' } });
    expect(unknownKey.statusCode).toBe(400);
    const ctl = await as('ana')({ method: 'POST', url: `/api/cases/${caseId}/transition`, payload: { to: 'closed', verdict: 'benign', reason: 'ok\u0007' } });
    expect(ctl.statusCode).toBe(400);
    expect(ctl.json().message).toBe('invalid body: reason must not contain control characters');
    const big = await as('ana')({ method: 'POST', url: `/api/cases/${caseId}/notes`, payload: { text: 'x'.repeat(300_000) } });
    expect(big.statusCode).toBe(413);
    const tooLong = await as('ana')({ method: 'POST', url: `/api/cases/${caseId}/notes`, payload: { text: 'x'.repeat(20_001) } });
    expect(tooLong.statusCode).toBe(400);

    const ok = await as('ana')({ method: 'POST', url: `/api/cases/${caseId}/transition`, payload: { to: 'triage' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().case).toMatchObject({ state: 'triage' });
    const assigned = await as('ana')({ method: 'POST', url: `/api/cases/${caseId}/assign`, payload: { assignee: 'ivan' } });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ assignee: 'ivan', sla: { breached: false } });
    expect((await as('ana')({ method: 'GET', url: '/api/cases?assignee=ivan' })).json().map((c: { id: string }) => c.id)).toEqual([caseId]);

    const note = await as('ivan')({ method: 'POST', url: `/api/cases/${caseId}/notes`, payload: { text: 'Sign-ins from 175.45.176.99 (AS131279, North Korea); Entra says Azor, IL.' } });
    expect(note.statusCode).toBe(201);
    expect(note.json()).toMatchObject({ author: 'ivan', caseId });
    const swapped = await as('ivan')({ method: 'POST', url: `/api/cases/${caseId}/steps/retrieve-laptop`, payload: { status: 'done', serial: 'C02AAA', shippedSerial: 'C02BBB' } });
    expect(swapped.statusCode).toBe(409);
    const unknownStep = await as('ivan')({ method: 'POST', url: `/api/cases/${caseId}/steps/make-coffee`, payload: { status: 'done' } });
    expect(unknownStep.statusCode).toBe(400);
    const step = await as('ivan')({ method: 'POST', url: `/api/cases/${caseId}/steps/preserve-evidence`, payload: { status: 'done', comment: 'logs exported to legal hold' } });
    expect(step.statusCode).toBe(200);
    expect(step.json()).toMatchObject({ step: 'preserve-evidence', status: 'done', by: 'ivan' });
  });

  it('closes as false positive with a suppression: listed, changes the pipeline config (hook), revocable', async () => {
    const detector = adele.riskBreakdown!.contributions[0].detector;
    const res = await as('ivan')({
      method: 'POST',
      url: `/api/cases/${caseId}/transition`,
      payload: { to: 'closed', verdict: 'false-positive', reason: 'the range is our test lab', suppress: { detectors: [detector] } },
    });
    expect(res.statusCode).toBe(200);
    const out = res.json();
    expect(out.case).toMatchObject({ state: 'closed', verdict: 'false-positive' });
    expect(out.suppressions).toEqual([expect.objectContaining({ person: adele.personId, detector, createdBy: 'ivan', caseId })]);
    expect(changed).toBe(1);
    const list = (await as('ana')({ method: 'GET', url: '/api/suppressions?active=true' })).json();
    expect(list.map((s: { id: string }) => s.id)).toEqual([out.suppressions[0].id]);
    const cal = (await as('ana')({ method: 'GET', url: '/api/calibration' })).json();
    expect(cal).toContainEqual({ kind: 'person', calibrated: expect.objectContaining({ detector, verdicts: 1, applied: true }) });
    const rev = await as('ana')({ method: 'POST', url: `/api/suppressions/${out.suppressions[0].id}/revoke` });
    expect(rev.statusCode).toBe(200);
    expect(rev.json()).toMatchObject({ revokedBy: 'ana' });
    expect(changed).toBe(2);
    expect((await as('ana')({ method: 'GET', url: '/api/suppressions?active=true' })).json()).toEqual([]);
    expect((await as('ana')({ method: 'POST', url: `/api/cases/${caseId}/transition`, payload: { to: 'triage' } })).statusCode).toBe(409);
  });

  it('pages the audit log, verifies it, and reports a row edited behind the triggers', async () => {
    const first = await as('ana')({ method: 'GET', url: '/api/audit?limit=3' });
    expect(first.statusCode).toBe(200);
    const p1 = first.json();
    expect(p1.rows.map((r: { seq: number }) => r.seq)).toEqual([1, 2, 3]);
    expect(p1.next).toBe(3);
    const all = (await as('ana')({ method: 'GET', url: `/api/audit?after=0&limit=1000` })).json().rows as { seq: number; actor: string; action: string; hash: string }[];
    expect(all.map((r) => `${r.actor} ${r.action}`)).toEqual([
      'cli token.create',
      'cli token.create',
      'sleetwatch case.open',
      'sleetwatch alert.raise',
      'ana case.transition',
      'ana case.assign',
      'ivan case.note',
      'ivan case.step',
      'ivan case.transition',
      'ivan case.verdict',
      'ivan suppression.create',
      'ana suppression.revoke',
    ]);
    const head = all[all.length - 1];
    const v = await as('ana')({ method: 'GET', url: `/api/audit/verify?anchor=${head.seq}:${head.hash}` });
    expect(v.json()).toEqual({ ok: true, rows: all.length, head: { seq: head.seq, hash: head.hash } });
    expect((await as('ana')({ method: 'GET', url: '/api/audit/verify?anchor=12:xyz' })).statusCode).toBe(400);
    await store.db.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await tx.query(`UPDATE audit_log SET actor = 'someone-else' WHERE seq = 9`);
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    });
    const t = (await as('ana')({ method: 'GET', url: '/api/audit/verify' })).json();
    expect(t).toMatchObject({ ok: false, rows: 8, firstBad: { seq: 9, kind: 'edited' } });
  });

  it('publishes the routes in the OpenAPI document', async () => {
    const doc = (await as('ana')({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const p of ['/api/cases', '/api/cases/{id}', '/api/cases/{id}/transition', '/api/cases/{id}/notes', '/api/cases/{id}/steps/{step}', '/api/audit', '/api/audit/verify']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });
});
