// The containment API end to end: fastify inject over an in-memory PGlite store, real connectors calling the Graph
// and Okta fakes on loopback. Proposals on escalated cases only, the two-person rule, concurrent approvals executing
// once, the playbook step marked with the vendor's reference, vendor failures recorded as failed with the reason,
// and every change in the audit log (which still verifies).
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainmentService } from '../app/containment.ts';
import { buildConnectors } from '../app/connectors/index.ts';
import { alertsFor, previousLevels, RespondService } from '../app/respond.ts';
import { createToken } from '../app/tokens.ts';
import { Config } from '../core/config.ts';
import { adele, user100 } from '../store/fixtures/people.ts';
import { openPGliteStore } from '../store/pglite.ts';
import type { SqlStore } from '../store/sql-store.ts';
import { GraphFake } from '../../test/fakes/graph.ts';
import { OktaFake } from '../../test/fakes/okta.ts';
import { buildServer } from './index.ts';

const SECRET = 'graph~client~secret~value~0001';
const OKTA_TOKEN = '00okta-api-token-value-0000000000000001';
const ADELE_OID = '9b117c67-170e-4aed-9702-658b3fddc889';

describe('containment API', () => {
  let store: SqlStore;
  let server: FastifyInstance;
  const tokens: Record<string, string> = {};
  const as = (who: string) => (o: InjectOptions) => server.inject({ ...o, headers: { authorization: `Bearer ${tokens[who]}`, ...o.headers } });
  const cases: Record<string, string> = {};
  const graph = new GraphFake({ tenant: 'contoso', clientId: 'client-1', clientSecret: SECRET, users: [{ id: ADELE_OID, userPrincipalName: 'AdeleV@M365x816222.OnMicrosoft.com', accountEnabled: true }] });
  const okta = new OktaFake({ token: OKTA_TOKEN, users: [{ id: '00urjk4znu3BcncfY0h7', status: 'ACTIVE', profile: { login: 'user100@abccompany.com', email: 'user100@abccompany.com' }, sessions: 2 }] });

  beforeAll(async () => {
    await graph.start();
    await okta.start();
    store = await openPGliteStore('memory://');
    for (const who of ['ana', 'ivan', 'carol']) tokens[who] = (await createToken(store, who, 'investigator')).token;
    tokens.audra = (await createToken(store, 'audra', 'auditor')).token; // the audit log is the auditors' (and admins')
    const http = { retries: 3, backoffMs: 0, ratePerSecond: 1000, burst: 1000 };
    const config = Config.parse({
      connectors: {
        graph: { tenant: 'contoso', clientId: 'client-1', tokenUrl: graph.tokenUrl, baseUrl: graph.origin, http },
        okta: { baseUrl: okta.origin, http },
      },
      outbound: { allow: [graph.origin, okta.origin] },
    });
    const clock = { now: () => Date.now(), sleep: async () => undefined };
    const connectors = buildConnectors(config.connectors, { allow: config.outbound.allow, env: { SLEETWATCH_GRAPH_CLIENT_SECRET: SECRET, SLEETWATCH_OKTA_TOKEN: OKTA_TOKEN }, clock });
    server = await buildServer({
      store,
      version: 't',
      ingest: async () => {
        throw new Error('unused');
      },
      respond: new RespondService(store, config),
      containment: new ContainmentService(store, config, { connectors }),
    });
    const raised = await store.atomic(async (tx) => {
      const prev = await previousLevels(tx, [adele, user100]);
      await tx.savePeople([adele, user100], 'run-containment-api');
      return alertsFor(tx, [adele, user100], prev, { config });
    });
    for (const r of raised) cases[r.alert.subject.id === adele.personId ? 'adele' : 'user100'] = r.alert.caseId;
    expect(Object.keys(cases).sort()).toEqual(['adele', 'user100']);
    for (const to of ['triage', 'investigating']) await as('ana')({ method: 'POST', url: `/api/cases/${cases.adele}/transition`, payload: { to } });
    const esc = await as('ana')({ method: 'POST', url: `/api/cases/${cases.adele}/transition`, payload: { to: 'escalated', escalateTo: 'insider-risk' } });
    expect(esc.statusCode).toBe(200);
  });

  afterAll(async () => {
    await server?.close();
    await store?.close();
    await graph.close();
    await okta.close();
  });

  const propose = (who: string, caseId: string, payload: unknown) => as(who)({ method: 'POST', url: `/api/cases/${caseId}/containment`, payload: payload as Record<string, unknown> });

  it('needs a token; refuses a case that is not escalated and a malformed body', async () => {
    expect((await server.inject({ method: 'GET', url: '/api/containment' })).statusCode).toBe(401);
    expect((await server.inject({ method: 'POST', url: '/api/containment/cr-1/approve', payload: {} })).statusCode).toBe(401);
    const early = await propose('ana', cases.user100, { connector: 'okta', action: 'revoke-sessions' });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toEqual({ error: 'Conflict', message: `case ${cases.user100} is new: containment is proposed on an escalated or contained case (escalate it first)` });
    expect((await propose('ana', cases.adele, { connector: 'slack', action: 'revoke-sessions' })).statusCode).toBe(400);
    expect((await propose('ana', cases.adele, { connector: 'graph', action: 'revoke-sessions', target: 'a\u0007b' })).statusCode).toBe(400);
    expect((await propose('ana', 'case-999999', { connector: 'graph', action: 'revoke-sessions' })).statusCode).toBe(404);
  });

  it('two-person rule: the proposer cannot approve; two approvers at once execute once; the step is done with the reference', async () => {
    const p = await propose('ana', cases.adele, { connector: 'graph', action: 'revoke-sessions', reason: 'shared laptop farm' });
    expect(p.statusCode).toBe(201);
    const req = p.json().request;
    // The target is the Entra object id from Adele's stored identifiers.
    expect(req).toMatchObject({ caseId: cases.adele, connector: 'graph', action: 'revoke-sessions', target: ADELE_OID, proposedBy: 'ana', state: 'pending' });
    expect((await as('ivan')({ method: 'GET', url: '/api/containment?state=pending' })).json().map((r: { id: string }) => r.id)).toEqual([req.id]);

    const self = await as('ana')({ method: 'POST', url: `/api/containment/${req.id}/approve`, payload: {} });
    expect(self.statusCode).toBe(409);
    expect(self.json().message).toBe(`request ${req.id} was proposed by ana: a second person must approve it`);

    const before = graph.userCalls.length;
    const [a, b] = await Promise.all(['ivan', 'carol'].map((who) => as(who)({ method: 'POST', url: `/api/containment/${req.id}/approve`, payload: { reason: 'confirmed' } })));
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const won = a.statusCode === 200 ? a : b;
    expect(won.json()).toMatchObject({
      request: { id: req.id, state: 'done', attempts: 1, reference: expect.stringMatching(/^graph request-id /), result: expect.stringContaining('Microsoft Graph revoked the sign-in sessions') },
      step: { step: 'revoke-sessions', status: 'done', reference: won.json().request.reference },
    });
    expect(graph.userCalls.length - before).toBe(1);
    const lost = a.statusCode === 409 ? a : b;
    expect(lost.json().message).toMatch(new RegExp(`^request ${req.id} is already (approved|done)`));

    const detail = (await as('ana')({ method: 'GET', url: `/api/cases/${cases.adele}` })).json();
    expect(detail.steps.find((s: { step: string }) => s.step === 'revoke-sessions')).toMatchObject({ status: 'done', reference: won.json().request.reference });
  });

  it('a vendor failure leaves the request failed with the reason and the step pending; reject and lists work', async () => {
    graph.server.fail(/^PATCH /, ...Array.from({ length: 4 }, () => GraphFake.unavailable()));
    const p = (await propose('ivan', cases.adele, { connector: 'graph', action: 'disable-account' })).json().request;
    const r = await as('carol')({ method: 'POST', url: `/api/containment/${p.id}/approve` });
    expect(r.statusCode).toBe(200);
    expect(r.json().request).toMatchObject({
      state: 'failed',
      attempts: 4,
      result: 'Microsoft Graph: PATCH /v1.0/users/{id} answered 503 after 4 attempts: serviceNotAvailable: The service is temporarily unavailable. Please retry later.',
    });
    expect(r.json().step).toBeUndefined();
    const steps = (await as('ana')({ method: 'GET', url: `/api/cases/${cases.adele}` })).json().steps;
    expect(steps.find((s: { step: string }) => s.step === 'disable-account').status).toBe('pending');

    const wrong = (await propose('ana', cases.adele, { connector: 'graph', action: 'disable-account', target: 'someone.else@M365x816222.OnMicrosoft.com' })).json().request;
    const nf = await as('ivan')({ method: 'POST', url: `/api/containment/${wrong.id}/approve` });
    expect(nf.json().request).toMatchObject({ state: 'failed', result: expect.stringContaining('answered 404: Request_ResourceNotFound') });

    const q = (await propose('ana', cases.adele, { connector: 'graph', action: 'disable-account' })).json().request;
    const rej = await as('ivan')({ method: 'POST', url: `/api/containment/${q.id}/reject`, payload: { reason: 'HR asks to wait' } });
    expect(rej.json().request).toMatchObject({ state: 'rejected', approvedBy: 'ivan', decisionReason: 'HR asks to wait' });
    expect((await as('carol')({ method: 'POST', url: `/api/containment/${q.id}/approve` })).statusCode).toBe(409);
    expect((await as('carol')({ method: 'POST', url: '/api/containment/cr-999999/approve' })).statusCode).toBe(404);

    const forCase = (await as('ana')({ method: 'GET', url: `/api/cases/${cases.adele}/containment` })).json();
    expect(forCase.map((x: { state: string }) => x.state)).toEqual(['rejected', 'failed', 'failed', 'done']);
    expect((await as('ana')({ method: 'GET', url: '/api/containment?state=failed' })).json()).toHaveLength(2);
  });

  it('Okta on the escalated case of user100: the Okta user id from the identifiers, suspended after approval', async () => {
    for (const to of ['triage', 'investigating']) await as('ana')({ method: 'POST', url: `/api/cases/${cases.user100}/transition`, payload: { to } });
    await as('ana')({ method: 'POST', url: `/api/cases/${cases.user100}/transition`, payload: { to: 'escalated', escalateTo: 'hr' } });
    const p = (await propose('carol', cases.user100, { connector: 'okta', action: 'disable-account' })).json().request;
    expect(p.target).toBe('00urjk4znu3BcncfY0h7');
    const r = await as('ana')({ method: 'POST', url: `/api/containment/${p.id}/approve` });
    expect(r.json()).toMatchObject({ request: { state: 'done', reference: expect.stringMatching(/^okta X-Okta-Request-Id X/) }, step: { step: 'disable-account', status: 'done' } });
    expect(okta.user('00urjk4znu3BcncfY0h7')?.status).toBe('SUSPENDED');
  });

  it('every change is in the audit log, and the chain verifies', async () => {
    expect((await as('ana')({ method: 'GET', url: '/api/audit?limit=1000' })).statusCode).toBe(403);
    const rows = (await as('audra')({ method: 'GET', url: '/api/audit?limit=1000' })).json().rows as { action: string; actor: string; subject: string; detail: string }[];
    const actions = rows.filter((r) => r.action.startsWith('containment.')).map((r) => r.action);
    expect(actions.filter((a) => a === 'containment.propose')).toHaveLength(5);
    expect(actions.filter((a) => a === 'containment.approve')).toHaveLength(4);
    expect(actions.filter((a) => a === 'containment.execute')).toHaveLength(4);
    expect(actions.filter((a) => a === 'containment.reject')).toHaveLength(1);
    expect(rows.some((r) => r.detail.includes(SECRET) || r.detail.includes(OKTA_TOKEN))).toBe(false);
    expect((await as('audra')({ method: 'GET', url: '/api/audit/verify' })).json()).toMatchObject({ ok: true });
  });
});
