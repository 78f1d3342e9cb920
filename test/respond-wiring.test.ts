// Respond wired into the stored pipeline: a batch that makes a person high opens one case, with its alert and audit
// rows, in the batch's transaction; the same batch again opens nothing new; the audit chain verifies.
import { describe, expect, it } from 'vitest';
import { IngestService } from '../src/app/service.ts';
import { openPGliteStore } from '../src/store/pglite.ts';
import { graphSignIn, scimUser } from './testkit.ts';

describe('respond wiring in IngestService', () => {
  it('a person rising to high opens one case; a repeated batch opens none', async () => {
    const store = await openPGliteStore('memory://');
    try {
      const svc = await IngestService.open(store);
      const directory = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], Resources: [scimUser({ upn: 'kp@contoso.com', displayName: 'K P' })] });
      await svc.ingest(directory, { name: 'directory.json' });
      // A sign-in from North Korean address space (175.45.176.0/22) is critical: the person becomes high.
      const body = JSON.stringify({ value: [graphSignIn({ upn: 'kp@contoso.com', time: '2026-10-20T03:00:00Z', ip: '175.45.176.10' })] });
      const r = await svc.ingest(body, { name: 'signins.json' });
      expect(r.updated.find((p) => p.identifiers.includes('kp@contoso.com'))?.level).toBe('high');
      const cases = await store.respond().listCases({});
      expect(cases).toHaveLength(1);
      expect(cases[0]).toMatchObject({ state: 'new', level: 'high', subject: { kind: 'person' } });
      await svc.ingest(body, { name: 'signins-again.json' });
      expect(await store.respond().listCases({})).toHaveLength(1);
      const v = await store.respond().verifyAudit({});
      expect(v.ok).toBe(true);
      expect(v.rows).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  }, 120_000);
});
