// Containment wired: the target each vendor needs from a person's identifiers, and two servers (two PostgreSQL
// pools, as two processes) approving the same request at once: the Graph fake sees exactly one call.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Config } from '../core/config.ts';
import { adele } from '../store/fixtures/people.ts';
import { openPostgresStore } from '../store/postgres.ts';
import type { Store } from '../store/types.ts';
import { GraphFake } from '../../test/fakes/graph.ts';
import { buildConnectors } from './connectors/index.ts';
import { ContainmentService, targetFor } from './containment.ts';
import { alertsFor, previousLevels } from './respond.ts';

describe('targetFor', () => {
  const ids = [
    { kind: 'email', value: 'adele.vance@contoso.com' },
    { kind: 'upn', value: 'AdeleV@contoso.onmicrosoft.com' },
    { kind: 'entraId', value: '9b117c67-170e-4aed-9702-658b3fddc889' },
    { kind: 'oktaId', value: '00ub0oNGTSWTBKOLGLNR' },
    { kind: 'hostname', value: 'LAPTOP-7Q2K9LM' },
  ];
  it('Graph: the Entra object id, else the UPN, else a work e-mail', () => {
    expect(targetFor('graph', ids)).toBe('9b117c67-170e-4aed-9702-658b3fddc889');
    expect(targetFor('graph', ids.filter((i) => i.kind !== 'entraId'))).toBe('AdeleV@contoso.onmicrosoft.com');
    expect(targetFor('graph', ids.filter((i) => i.kind === 'email' || i.kind === 'hostname'))).toBe('adele.vance@contoso.com');
    expect(targetFor('graph', [{ kind: 'hostname', value: 'LAPTOP-7Q2K9LM' }])).toBeUndefined();
  });
  it('Okta: the user id, else the login (e-mail first)', () => {
    expect(targetFor('okta', ids)).toBe('00ub0oNGTSWTBKOLGLNR');
    expect(targetFor('okta', ids.filter((i) => i.kind !== 'oktaId'))).toBe('adele.vance@contoso.com');
    expect(targetFor('okta', [{ kind: 'entraId', value: '9b117c67-170e-4aed-9702-658b3fddc889' }])).toBeUndefined();
  });
  it('identifiers stored without a kind are recognised by shape', () => {
    expect(targetFor('graph', [{ value: 'x@y.example' }, { value: '9b117c67-170e-4aed-9702-658b3fddc889' }])).toBe('9b117c67-170e-4aed-9702-658b3fddc889');
    expect(targetFor('okta', [{ value: 'x@y.example' }, { value: '00ub0oNGTSWTBKOLGLNR' }])).toBe('00ub0oNGTSWTBKOLGLNR');
  });
});

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `sw_test_${process.pid}_${Date.now().toString(36)}_act`;

describe('two processes approve the same request at once (PostgreSQL)', () => {
  const OID = '9b117c67-170e-4aed-9702-658b3fddc889';
  const graph = new GraphFake({ tenant: 't', clientId: 'c', clientSecret: 'graph-secret-0001', users: [{ id: OID, userPrincipalName: 'AdeleV@M365x816222.OnMicrosoft.com', accountEnabled: true }] });
  let a: Store;
  let b: Store;
  let config: Config;
  const service = (store: Store) =>
    new ContainmentService(store, config, {
      connectors: buildConnectors(config.connectors, { allow: config.outbound.allow, env: { SLEETWATCH_GRAPH_CLIENT_SECRET: 'graph-secret-0001' }, clock: { now: () => Date.now(), sleep: async () => undefined } }),
    });

  beforeAll(async () => {
    await graph.start();
    config = Config.parse({
      connectors: { graph: { tenant: 't', clientId: 'c', tokenUrl: graph.tokenUrl, baseUrl: graph.origin, http: { backoffMs: 0 } } },
      outbound: { allow: [graph.origin] },
    });
    a = await openPostgresStore(url, { schema });
    b = await openPostgresStore(url, { schema });
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await graph.close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  });

  it('one approval wins in each round, the connector runs once, the audit chain holds', async () => {
    const raised = await a.atomic(async (tx) => {
      const prev = await previousLevels(tx, [adele]);
      await tx.savePeople([adele], 'run-two-processes');
      return alertsFor(tx, [adele], prev, { config });
    });
    const caseId = raised[0].alert.caseId;
    const ctx = { actor: 'ana', now: Date.now(), sla: config.respond.sla, suppressionDays: 90 };
    for (const to of ['triage', 'investigating'] as const) await a.respond().transitionCase(caseId, { to }, ctx);
    await a.respond().transitionCase(caseId, { to: 'escalated', escalateTo: 'insider-risk' }, ctx);
    const [sa, sb] = [service(a), service(b)];
    for (let round = 0; round < 5; round++) {
      const p = await sa.propose(caseId, { connector: 'graph', action: 'revoke-sessions' }, 'ana');
      if (!p.ok) throw new Error(p.reason);
      const before = graph.userCalls.length;
      const outs = await Promise.all([sa.approve(p.request.id, 'ivan'), sb.approve(p.request.id, 'carol'), sb.approve(p.request.id, 'dave')]);
      expect(outs.filter((o) => o.ok)).toHaveLength(1);
      expect(graph.userCalls.length - before).toBe(1);
      expect((await sb.get(p.request.id))?.state).toBe('done');
    }
    const executed = (await a.respond().listAudit({ limit: 10_000 })).filter((r) => r.action === 'containment.execute');
    expect(executed).toHaveLength(5);
    expect((await b.respond().verifyAudit()).ok).toBe(true);
  }, 60_000);
});
