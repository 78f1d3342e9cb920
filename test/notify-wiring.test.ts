// Notifications wired into the transactions that raise them: a stored batch that makes a person high writes its
// alert AND its outbox rows in one commit (read back right after the ingest answer, before any delivery); a
// transaction that fails after raising alerts leaves neither; an escalation queues its notification with the
// transition. Nothing is sent here: delivery is src/app/notify/deliver.ts (tested in notify.test.ts).
import { describe, expect, it } from 'vitest';
import { Config } from '../src/core/config.ts';
import type { NotifyEvent } from '../src/core/notify.ts';
import { alertsFor, RespondService } from '../src/app/respond.ts';
import { IngestService } from '../src/app/service.ts';
import { adele } from '../src/store/fixtures/people.ts';
import { openPGliteStore } from '../src/store/pglite.ts';
import { graphSignIn, scimUser } from './testkit.ts';

const config = Config.parse({
  notifications: {
    channels: [
      { type: 'slack', name: 'soc-slack', urlEnv: 'SW_SLACK_URL', minLevel: 'medium' },
      { type: 'webhook', name: 'siem', url: 'https://siem.example.com/hook', secretEnv: 'SW_SECRET', events: ['case.escalated'], minLevel: 'low' },
    ],
  },
});

describe('notifications in the alert transaction', () => {
  it('an ingest that raises an alert commits its outbox row with it; the row names no one', async () => {
    const store = await openPGliteStore('memory://');
    try {
      const svc = await IngestService.open(store, { config });
      const directory = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], Resources: [scimUser({ upn: 'kp@contoso.com', displayName: 'Kim Park' })] });
      await svc.ingest(directory, { name: 'directory.json' });
      expect(await store.outbox().list()).toEqual([]);
      // A sign-in from North Korean address space (175.45.176.0/22) is critical: the person becomes high.
      const body = JSON.stringify({ value: [graphSignIn({ upn: 'kp@contoso.com', time: '2026-10-20T03:00:00Z', ip: '175.45.176.10' })] });
      await svc.ingest(body, { name: 'signins.json' });
      const [c] = await store.respond().listCases({});
      const rows = await store.outbox().list();
      expect(rows.map((r) => [r.channel, r.eventType, r.state])).toEqual([['soc-slack', 'alert.raised', 'pending']]);
      const e = rows[0].event as NotifyEvent;
      expect(e).toMatchObject({ type: 'alert.raised', caseId: c.id, subject: c.subject, level: 'high' });
      expect(JSON.stringify(e)).not.toMatch(/kp@contoso|Kim Park/);
      // The same batch again raises nothing and queues nothing.
      await svc.ingest(body, { name: 'signins-again.json' });
      expect(await store.outbox().list()).toHaveLength(1);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('a transaction that fails after raising alerts keeps neither the alerts nor their notifications', async () => {
    const store = await openPGliteStore('memory://');
    try {
      await expect(
        store.atomic(async (tx) => {
          await tx.savePeople([adele], 'run-1');
          const raised = await alertsFor(tx, [adele], new Map(), { config });
          expect(raised).toHaveLength(1);
          expect(await tx.outbox().list()).toHaveLength(1); // written, in this transaction
          throw new Error('the batch failed after its alerts');
        }),
      ).rejects.toThrow('the batch failed after its alerts');
      expect(await store.respond().listCases({})).toEqual([]);
      expect(await store.outbox().list()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('an escalation queues case.escalated with the transition', async () => {
    const store = await openPGliteStore('memory://');
    try {
      await store.atomic(async (tx) => {
        await tx.savePeople([adele], 'run-1');
        await alertsFor(tx, [adele], new Map(), { config });
      });
      const svc = new RespondService(store, config);
      const [c] = await svc.listCases({});
      for (const to of ['triage', 'investigating'] as const) expect((await svc.transition(c.id, { to }, 'ana')).ok).toBe(true);
      expect((await store.outbox().list()).map((r) => r.eventType)).toEqual(['alert.raised']);
      expect((await svc.transition(c.id, { to: 'escalated', escalateTo: 'insider-risk' }, 'ana')).ok).toBe(true);
      const esc = (await store.outbox().list()).filter((r) => r.eventType === 'case.escalated');
      expect(esc.map((r) => r.channel).sort()).toEqual(['siem', 'soc-slack']); // Slack takes every event type by default
      expect(esc[0].event).toMatchObject({ caseId: c.id, escalatedTo: 'insider-risk' });
      // A refused transition queues nothing.
      expect((await svc.transition(c.id, { to: 'escalated', escalateTo: 'insider-risk' }, 'ana')).ok).toBe(false);
      expect((await store.outbox().list()).filter((r) => r.eventType === 'case.escalated')).toHaveLength(2);
    } finally {
      await store.close();
    }
  });
});
