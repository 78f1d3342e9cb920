// A containment proposal announces itself: the `containment.awaiting-approval` notification is queued in the
// proposal's own transaction. A refused proposal queues nothing; a failed enqueue leaves no proposal behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Config } from '../core/config.ts';
import type { NotifyEvent } from '../core/notify.ts';
import { adele } from '../store/fixtures/people.ts';
import { openPGliteStore } from '../store/pglite.ts';
import type { Store } from '../store/types.ts';
import { ContainmentService } from './containment.ts';
import { alertsFor, previousLevels } from './respond.ts';

describe('a containment proposal queues its notification in the same transaction', () => {
  let store: Store;
  let caseId = '';
  let openCaseId = '';
  const config = Config.parse({
    connectors: { graph: { tenant: 'contoso.onmicrosoft.com', clientId: 'client-1' } },
    outbound: { allow: ['https://graph.microsoft.com', 'https://login.microsoftonline.com', 'https://hooks.corp.example'] },
    notifications: {
      channels: [{ type: 'webhook', name: 'approvers', url: 'https://hooks.corp.example/approvals', secretEnv: 'SW_HOOK_SECRET', events: ['containment.awaiting-approval'], minLevel: 'low' }],
    },
  });
  const service = (s: Store) => new ContainmentService(s, config, { env: {} });
  const awaiting = async () => (await store.outbox().list({ limit: 1000 })).filter((r) => r.eventType === 'containment.awaiting-approval');

  beforeAll(async () => {
    store = await openPGliteStore('memory://');
    const raised = await store.atomic(async (tx) => {
      const prev = await previousLevels(tx, [adele]);
      await tx.savePeople([adele], 'run-1');
      return alertsFor(tx, [adele], prev, { config });
    });
    caseId = raised[0].alert.caseId;
    const ctx = { actor: 'ana', now: Date.now(), sla: config.respond.sla, suppressionDays: 90 };
    for (const to of ['triage', 'investigating'] as const) await store.respond().transitionCase(caseId, { to }, ctx);
    await store.respond().transitionCase(caseId, { to: 'escalated', escalateTo: 'insider-risk' }, ctx);
    // A second person's case, still in triage: containment may not be proposed on it.
    const other = { ...adele, personId: `${adele.personId}-2`, identifiers: adele.identifiers.map((v) => `2.${v}`) };
    const raised2 = await store.atomic(async (tx) => {
      const prev = await previousLevels(tx, [other]);
      await tx.savePeople([other], 'run-2');
      return alertsFor(tx, [other], prev, { config });
    });
    openCaseId = raised2[0].alert.caseId;
    await store.respond().transitionCase(openCaseId, { to: 'triage' }, ctx);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
  });

  it('an accepted proposal leaves one outbox row naming the request, for each channel that wants it', async () => {
    const p = await service(store).propose(caseId, { connector: 'graph', action: 'revoke-sessions', reason: 'sign-ins from a laptop farm' }, 'ana');
    if (!p.ok) throw new Error(p.reason);
    const rows = await awaiting();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: 'approvers', state: 'pending', attempts: 0 });
    const e = rows[0].event as NotifyEvent;
    expect(e).toMatchObject({
      type: 'containment.awaiting-approval',
      id: `containment:${p.request.id}`,
      at: p.request.proposedAt,
      caseId,
      subject: { kind: 'person', id: adele.personId },
      containment: { requestId: p.request.id, connector: 'graph', action: 'revoke-sessions', proposedBy: 'ana' },
    });
    // The event names the person by id only (channels pseudonymise it); never the account acted on.
    expect(JSON.stringify(e)).not.toContain(p.request.target);
  });

  it('a refused proposal (case not escalated, unknown case, connector not configured) queues nothing', async () => {
    const before = (await awaiting()).length;
    const refused = await service(store).propose(openCaseId, { connector: 'graph', action: 'disable-account', target: 'someone@contoso.com' }, 'ana');
    expect(refused).toMatchObject({ ok: false, code: 'refused', reason: expect.stringContaining('is triage') });
    expect(await service(store).propose('case-missing', { connector: 'graph', action: 'disable-account' }, 'ana')).toMatchObject({ ok: false, code: 'not-found' });
    expect(await service(store).propose(caseId, { connector: 'okta', action: 'disable-account' }, 'ana')).toMatchObject({ ok: false, code: 'refused' });
    expect(await awaiting()).toHaveLength(before);
  });

  it('when the notification cannot be queued, the proposal is rolled back with it', async () => {
    const requestsBefore = (await store.containment().list({ caseId })).length;
    const auditBefore = (await store.respond().listAudit({ limit: 10_000 })).filter((r) => r.action === 'containment.propose').length;
    const rowsBefore = (await awaiting()).length;
    // The store atomic() hands out writes the outbox through a store whose enqueue fails (a full disk, say).
    const failing = new Proxy(store, {
      get(target, prop, recv) {
        if (prop !== 'atomic') return Reflect.get(target, prop, recv);
        return <T>(fn: (tx: Store) => Promise<T>) =>
          target.atomic((tx) =>
            fn(
              new Proxy(tx, {
                get(t, q, r) {
                  if (q !== 'outbox') return Reflect.get(t, q, r);
                  return () => ({ ...t.outbox(), enqueue: () => Promise.reject(new Error('outbox write failed')) });
                },
              }),
            ),
          );
      },
    }) as Store;
    await expect(service(failing).propose(caseId, { connector: 'graph', action: 'disable-account' }, 'ivan')).rejects.toThrow('outbox write failed');
    expect(await store.containment().list({ caseId })).toHaveLength(requestsBefore);
    expect((await store.respond().listAudit({ limit: 10_000 })).filter((r) => r.action === 'containment.propose')).toHaveLength(auditBefore);
    expect(await awaiting()).toHaveLength(rowsBefore);
    expect((await store.respond().verifyAudit()).ok).toBe(true);
  });
});
