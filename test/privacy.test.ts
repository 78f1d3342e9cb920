// Pseudonymisation on the demo company (src/synth): after ingesting its vendor exports, nothing an analyst can read
// about monitored people — the people list, every person, every case with its alerts, suppressions, runs — holds any
// of their names, UPNs, e-mails, identifiers, phones or streets (searched in the serialized JSON). Only the reveal of
// an escalated case shows an identity, to an investigator or admin, and it is written to the audit chain.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pseudonymiser } from '../src/app/pseudonym.ts';
import { getIntel, loadInputs } from '../src/app/scan.ts';
import { IngestService } from '../src/app/service.ts';
import { generateCompany } from '../src/synth/company.ts';
import { openPGliteStore } from '../src/store/pglite.ts';
import type { Store } from '../src/store/types.ts';
import { redact } from '../src/server/privacy.ts';
import { authKit, type AuthKit } from './auth-kit.ts';

const DATA_DIR = join(import.meta.dirname, '../.sleetwatch-test');

describe('pseudonymisation of the demo company', () => {
  let dir: string;
  let store: Store;
  let kit: AuthKit;
  /** Every identifying string the store holds about monitored people (lower case, 5+ characters). */
  let secrets: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sw-privacy-'));
    const intel = await getIntel(DATA_DIR);
    await generateCompany({ seed: 7, outDir: dir, people: 60, days: 21, intels: { dbip: intel, geolite2: intel } as never });
    store = await openPGliteStore('memory://');
    const svc = await IngestService.open(store, { dataDir: DATA_DIR });
    const read = await loadInputs(['directory', 'entra', 'okta'].map((d) => join(dir, d)));
    await svc.ingestBatch({ events: read.events, directory: read.directory, inputs: read.inputs, via: 'scan', startedAt: new Date() });
    kit = await authKit({ store });
    const people = await store.listPeople({ limit: 10_000 });
    const ids = await store.auth().identities(people.map((p) => p.personId));
    const all = new Set<string>();
    for (const id of ids.values()) {
      const d = id.directory;
      for (const v of [id.displayName, d?.displayName, ...id.identifiers, ...(d?.emails ?? []).map((e) => e.value), ...(d?.phones ?? []).map((p) => p.value), d?.homeAddress?.street]) {
        if (v && v.trim().length >= 5) all.add(v.trim().toLowerCase());
      }
    }
    secrets = [...all];
  }, 300_000);

  afterAll(async () => {
    await kit?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const leaks = (body: string): string[] => {
    const lc = body.toLowerCase();
    return secrets.filter((s) => lc.includes(s));
  };

  it('the demo company gives people, identities and cases to hide (the test is not of empty answers)', async () => {
    expect(secrets.length).toBeGreaterThan(100);
    expect(secrets.some((s) => s.includes('@'))).toBe(true);
    expect((await store.respond().listCases({})).length).toBeGreaterThan(0);
  });

  it('an analyst reads people, every person, cases, suppressions and runs without one raw identity', async () => {
    const an = kit.as('analyst');
    const ps = pseudonymiser(await store.auth().secret('pseudonym'));
    const list = await an({ url: '/api/people?limit=10000' });
    expect(list.statusCode).toBe(200);
    expect(leaks(list.body)).toEqual([]);
    const rows = list.json() as { personId: string; displayName?: string; pseudonym: string; identifiers: string[] }[];
    expect(rows.length).toBeGreaterThanOrEqual(60);
    for (const r of rows) {
      expect(r.pseudonym).toBe(ps(r.personId));
      expect(r.pseudonym).toMatch(/^Person [0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(r.identifiers).toEqual([]);
    }
    expect(new Set(rows.map((r) => r.pseudonym)).size).toBe(rows.length);
    for (const r of rows) {
      const one = await an({ url: `/api/people/${r.personId}` });
      expect(one.statusCode).toBe(200);
      expect(leaks(one.body), r.personId).toEqual([]);
    }
    const cases = await an({ url: '/api/cases?limit=1000' });
    expect(leaks(cases.body)).toEqual([]);
    for (const c of cases.json() as { id: string }[]) {
      const one = await an({ url: `/api/cases/${c.id}` });
      expect(one.statusCode).toBe(200);
      expect(leaks(one.body), c.id).toEqual([]);
    }
    for (const url of ['/api/suppressions', '/api/runs', '/api/calibration']) expect(leaks((await an({ url })).body), url).toEqual([]);
    // Looking a person up by UPN would confirm who a pseudonym is: not for analysts.
    const upn = secrets.find((s) => s.includes('@'))!;
    expect((await an({ url: `/api/people/${encodeURIComponent(upn)}` })).statusCode).toBe(404);
    expect((await kit.as('investigator')({ url: `/api/people/${encodeURIComponent(upn)}` })).statusCode).toBe(200);
  }, 120_000);

  it('text inside answers is scrubbed: names, e-mails of people the store knows, unknown e-mails and phone numbers', async () => {
    const people = await store.listPeople({ limit: 3 });
    const ids = await store.auth().identities(people.map((p) => p.personId));
    const [a, b] = [...ids.values()];
    const ps = pseudonymiser(await store.auth().secret('pseudonym'));
    const src = { pseudonym: ps, identities: (x: string[]) => store.auth().identities(x), ownersOf: (v: string[]) => store.auth().ownersOf(v) };
    const bEmail = b.identifiers.find((x) => x.includes('@'))!;
    const out = (await redact(
      { personId: a.personId, displayName: a.displayName, note: `${a.displayName} shares a laptop with ${bEmail}; call +1 (415) 555-0100 or mail x.y@elsewhere.example`, manager: 'Pat Boss' },
      src,
    )) as Record<string, string>;
    expect(out.displayName).toBe(ps(a.personId));
    expect(out.pseudonym).toBe(ps(a.personId));
    expect(out.note).toBe(`${ps(a.personId)} shares a laptop with ${ps(b.personId)}; call [phone] or mail [e-mail]`);
    expect(out.manager).toBe(ps(a.personId));
  });

  it('reveal: only on an escalated case, only for investigators and admins, and every reveal is in the audit chain', async () => {
    const c = (await store.respond().listCases({ limit: 1 }))[0];
    const inv = kit.as('investigator');
    const reveal = () => inv({ method: 'POST', url: `/api/cases/${c.id}/reveal` });
    expect((await reveal()).statusCode).toBe(409); // not escalated yet
    expect((await kit.as('analyst')({ method: 'POST', url: `/api/cases/${c.id}/reveal` })).statusCode).toBe(403);
    for (const step of [{ to: 'triage' }, { to: 'investigating' }, { to: 'escalated', escalateTo: 'insider-risk' }]) {
      const r = await inv({ method: 'POST', url: `/api/cases/${c.id}/transition`, payload: step });
      expect(r.statusCode, r.body).toBe(200);
    }
    // Escalated: the case itself still shows the pseudonym ...
    const detail = await inv({ url: `/api/cases/${c.id}` });
    expect(leaks(detail.body)).toEqual([]);
    // ... and the reveal shows who it is.
    const res = await reveal();
    expect(res.statusCode).toBe(200);
    const { identity } = res.json();
    const truth = (await store.auth().identities([c.subject.id])).get(c.subject.id)!;
    expect(identity).toMatchObject({ personId: c.subject.id, pseudonym: pseudonymiser(await store.auth().secret('pseudonym'))(c.subject.id), identifiers: truth.identifiers });
    expect(identity.displayName).toBe(truth.displayName ?? truth.directory?.displayName);
    expect(identity.upn).toContain('@');
    const rows = await store.respond().listAudit({ limit: 10_000 });
    const last = rows.filter((r) => r.action === 'identity.reveal').at(-1)!;
    expect(last).toMatchObject({ actor: 'investigator-token', subject: `case:${c.id}` });
    expect(JSON.parse(last.detail)).toMatchObject({ personId: c.subject.id, role: 'investigator' });
    expect((await store.respond().verifyAudit()).ok).toBe(true);
    // The auditor reads that row as written (the audit log is not pseudonymised: its chain must verify).
    const audit = (await kit.as('auditor')({ url: '/api/audit?limit=1000&after=0' })).json().rows as { action: string }[];
    expect(audit.some((r) => r.action === 'identity.reveal')).toBe(true);
  });
});
