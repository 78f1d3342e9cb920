// Issue 7 (hostile input), part 3: a lone UTF-16 surrogate and a NUL in a SCIM display name (and a NUL byte in a
// rejected line) go through the same code as `scan --store` (loadInputs → IngestService, one transaction) into PGlite without
// error, replaced by U+FFFD at the reader's one gate (src/sources/sanitize.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadInputs } from '../app/scan.ts';
import { IngestService } from '../app/service.ts';
import { openPGliteStore } from './pglite.ts';

const dir = mkdtempSync(join(tmpdir(), 'sleetwatch-hostile-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile strings reach the store safely', () => {
  it('a SCIM display name with "\\ud800" and NUL, and a rejected line holding a NUL byte, are stored', async () => {
    const okta = JSON.parse(readFileSync(new URL('../sources/okta-systemlog/fixtures/api-logs-page.json', import.meta.url), 'utf8')) as Record<string, unknown>[];
    const ev = structuredClone(okta.find((r) => (r.actor as { type?: string })?.type === 'User')!);
    const actor = ev.actor as Record<string, unknown>;
    actor.alternateId = 'eve@example.com';
    actor.displayName = 'Eve \ud800 \u0000';
    ev.published = '2026-10-01T10:00:00.000Z';
    writeFileSync(join(dir, 'okta.json'), JSON.stringify([ev]));
    const user = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: 'u-eve',
      userName: 'eve@example.com',
      displayName: 'Eve \ud800 Mallory \u0000 \u001b[31m',
      name: { givenName: 'Eve\udfff', familyName: 'M\u0000' },
      title: 'pair kept: \ud83d\ude00',
    };
    // JSON.stringify writes the lone surrogate as the escape \ud800 and NUL as \u0000; the second line holds a raw NUL byte
    writeFileSync(join(dir, 'scim.ndjson'), `${JSON.stringify(user)}\n{"id":"x","userName":"a\u0000b\n`);

    const read = await loadInputs([dir]);
    const inputs = read.inputs;
    const scim = inputs.find((i) => i.path.endsWith('scim.ndjson'))!;
    expect(scim).toMatchObject({ records: 2, accepted: 1, rejected: 1 });
    expect(scim.errors[0].raw).not.toContain('\u0000');

    const store = await openPGliteStore('memory://');
    try {
      await store.migrate();
      const service = await IngestService.open(store, { dataDir: join(dir, 'data') });
      const { runId } = await service.ingestRead(read, 'scan', new Date());
      const run = await store.getRun(runId);
      expect(run?.inputs.find((i) => i.path.endsWith('scim.ndjson'))?.errors[0].raw).toContain('a\ufffdb');
      const personId = await store.findPersonByIdentifier('eve@example.com');
      expect(personId).toBeDefined();
      const person = await store.getPerson(personId!);
      const d = person?.directory;
      expect(d?.displayName).toBe('Eve \ufffd Mallory \ufffd \ufffd[31m');
      expect(d?.givenName).toBe('Eve\ufffd');
      expect(d?.familyName).toBe('M\ufffd');
      expect(d?.title).toBe('pair kept: \ud83d\ude00');
    } finally {
      await store.close();
    }
  });
});
