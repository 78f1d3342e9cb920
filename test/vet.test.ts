// Vetting end to end: candidate files and a directory through `vetPaths` (report validated against the committed
// JSON Schema, counts reconciled), the same files through the store path and the API, and the after-hire join: a
// hired candidate's vetting findings in the person's risk, by `scan --vetting` and by the stored pipeline alike.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { vettingJsonSchema } from '../src/app/report-schema.ts';
import { vetBody, vetPaths, vetPathsStored } from '../src/app/vet.ts';
import { scanPaths } from '../src/app/scan.ts';
import { IngestService } from '../src/app/service.ts';
import { ChecklistItem, type VettingReport } from '../src/core/candidate.ts';
import { openPGliteStore } from '../src/store/pglite.ts';
import { buildServer } from '../src/server/server.ts';
import { vettingHtml } from '../src/server/vet-html.ts';
import { graphSignIn, scimUser } from './testkit.ts';

const committed = JSON.parse(readFileSync(join(import.meta.dirname, '../schemas/vetting.v1.schema.json'), 'utf8'));
const src = (p: string) => join(import.meta.dirname, '../src/sources', p);

/** A JSON Resume (https://jsonresume.org/schema, the shape of test/samples/jsonresume/sample.resume.json). */
function resume(o: { name: string; email: string; phone: string; street: string; postalCode: string; city: string; region: string; countryCode: string; work?: unknown[]; summary?: string }) {
  const base = JSON.parse(readFileSync(join(import.meta.dirname, 'samples/jsonresume/sample.resume.json'), 'utf8'));
  return {
    ...base,
    basics: {
      ...base.basics,
      name: o.name,
      email: o.email,
      phone: o.phone,
      summary: o.summary ?? base.basics.summary,
      location: { address: o.street, postalCode: o.postalCode, city: o.city, countryCode: o.countryCode, region: o.region },
      profiles: [],
    },
    work: o.work ?? base.work,
  };
}

function companyFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sw-vet-'));
  mkdirSync(join(dir, 'candidates'));
  // An honest candidate and a throwaway-mailbox candidate whose phone is also an employee's.
  writeFileSync(
    join(dir, 'candidates', 'ana.json'),
    JSON.stringify(resume({ name: 'Ana Silva', email: 'ana.silva@gmail.com', phone: '+1 415 839 2671', street: '2712 Broadway St', postalCode: '94115', city: 'San Francisco', region: 'California', countryCode: 'US' })),
  );
  writeFileSync(
    join(dir, 'candidates', 'min.json'),
    JSON.stringify(
      resume({
        name: 'Min Park',
        email: 'minpark.dev@mailinator.com',
        phone: '+1 206 946 0142',
        street: '4410 Fremont Ave N',
        postalCode: '98103',
        city: 'Seattle',
        region: 'Washington',
        countryCode: 'US',
        summary: 'Backend engineer focused on payment APIs and data pipelines; Go, PostgreSQL and Kafka in production.',
        work: [
          { name: 'Ledgerly', position: 'Senior Backend Engineer', startDate: '2021-03-01', summary: 'Payment APIs in Go; Kafka event pipelines; on-call lead.', highlights: ['Cut settlement latency by 40%'] },
          { name: 'Cobalt Freight', position: 'Software Engineer', startDate: '2017-06-01', endDate: '2021-02-28', summary: 'Routing services in Java and PostgreSQL.', highlights: ['Built the carrier rate engine'] },
        ],
      }),
    ),
  );
  copyFileSync(src('greenhouse-candidates/fixtures/greenhouse-docs-list-candidates.json'), join(dir, 'candidates', 'greenhouse.json'));
  writeFileSync(
    join(dir, 'directory.json'),
    JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 2,
      Resources: [
        scimUser({ upn: 'jo.lee@contoso.com', displayName: 'Jo Lee', phone: '+1 206 946 0142', home: { street: '1 Pine St', locality: 'Seattle', region: 'WA', postalCode: '98101' } }),
        // hired since: the candidate Min Park, with the personal e-mail given when applying
        scimUser({ upn: 'min.park@contoso.com', displayName: 'Min Park', personalEmail: 'MinPark.Dev@mailinator.com', created: '2026-10-15T09:00:00Z' }),
      ],
    }),
  );
  return dir;
}

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  return ajv.compile(committed);
}

describe('vet', () => {
  it('the committed vetting JSON Schema is the one generated from the zod model', () => {
    expect(committed).toEqual(vettingJsonSchema());
  });

  it('vets candidate files against each other and the directory: schema-valid report, reconciled counts, checklist, reasons', async () => {
    const dir = companyFolder();
    const report = await vetPaths([dir], { now: Date.parse('2026-11-01T00:00:00Z'), dataDir: join(dir, '.data') });
    const validate = validator();
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    for (const i of report.inputs) expect(i.accepted + i.ignored + i.rejected, i.path).toBe(i.records);
    expect(report.inputs.map((i) => i.format).sort()).toEqual(['greenhouse-candidates', 'jsonresume', 'jsonresume', 'scim-users']);
    const min = report.candidates.find((c) => c.displayName === 'Min Park')!;
    const ana = report.candidates.find((c) => c.displayName === 'Ana Silva')!;
    expect(min.checklist.map((c) => c.item)).toEqual(ChecklistItem.options);
    // Throwaway mailbox and an employee's phone: not to proceed, and each finding says why.
    expect(min.recommendation).not.toBe('proceed');
    expect(min.findings.map((f) => f.check)).toEqual(expect.arrayContaining(['throwaway-email', 'contact-reuse']));
    expect(min.findings.find((f) => f.check === 'contact-reuse')!.explanation).toMatch(/Jo Lee|employee/);
    expect(min.checklist.find((c) => c.item === 'email')!.status).toBe('failed');
    expect(ana.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(ana.risk).toBeLessThan(min.risk);
    // Ranked by risk.
    expect(report.candidates.map((c) => c.risk)).toEqual([...report.candidates.map((c) => c.risk)].sort((a, b) => b - a));
    // The printable report escapes what candidates wrote.
    const html = vettingHtml({ ...report, candidates: [{ ...min, displayName: '<script>alert(1)</script>' }] });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;');
  });

  it('after hire: a person who was a vetted candidate (same e-mail, same name) carries its findings, by scan --vetting and by the store alike', async () => {
    const dir = companyFolder();
    const now = Date.parse('2026-11-01T00:00:00Z');
    const report: VettingReport = await vetPaths([join(dir, 'candidates')], { now, dataDir: join(dir, '.data') });
    const min = report.candidates.find((c) => c.displayName === 'Min Park')!;
    expect(min.findings.length).toBeGreaterThan(0);
    writeFileSync(
      join(dir, 'signins.json'),
      JSON.stringify({
        value: [
          graphSignIn({ upn: 'jo.lee@contoso.com', time: '2026-10-20T16:00:00Z', ip: '73.97.1.10' }),
          graphSignIn({ upn: 'min.park@contoso.com', time: '2026-10-20T16:05:00Z', ip: '73.97.1.11' }),
        ],
      }),
    );
    const inputs = [join(dir, 'directory.json'), join(dir, 'signins.json')];
    const person = (r: { report: { people: { identifiers: string[] }[] } }, upn: string) => r.report.people.find((p) => p.identifiers.includes(upn))!;
    const plain = await scanPaths(inputs, { readWorkers: 0 });
    const vetted = await scanPaths(inputs, { readWorkers: 0, vetting: [report] });
    const without = person(plain, 'min.park@contoso.com') as (typeof plain.report.people)[number];
    const withVet = person(vetted, 'min.park@contoso.com') as (typeof vetted.report.people)[number];
    // Jo Lee's phone was reused by the applicant: that is the applicant's finding, not Jo Lee's history.
    expect((person(vetted, 'jo.lee@contoso.com') as (typeof vetted.report.people)[number]).findings.filter((f) => f.title.startsWith('Vetting: '))).toEqual([]);
    const joined = withVet.findings.filter((f) => f.title.startsWith('Vetting: '));
    expect(joined.length).toBe(min.findings.length);
    expect(joined[0].explanation).toContain(min.candidateId);
    expect(withVet.risk).toBeGreaterThan(without.risk);

    // The stored pipeline: vet --store, then the monitor's people carry the same findings.
    const store = await openPGliteStore('memory://');
    try {
      await vetPathsStored([join(dir, 'candidates')], store, { now, dataDir: join(dir, '.data') });
      const svc = await IngestService.open(store, { dataDir: join(dir, '.data') });
      const { loadInputs } = await import('../src/app/scan.ts');
      await svc.ingestRead(await loadInputs(inputs), 'scan', new Date());
      const stored = (await svc.results()).people.find((p) => p.identifiers.includes('min.park@contoso.com'))!;
      expect(stored.findings.filter((f) => f.title.startsWith('Vetting: ')).map((f) => f.detector).sort()).toEqual(joined.map((f) => f.detector).sort());
      expect(stored.risk).toBe(withVet.risk);
    } finally {
      await store.close();
    }
  });

  it('the API vets an upload with the same pipeline, lists and shows candidates, and serves a printable page', async () => {
    const dir = companyFolder();
    const now = Date.parse('2026-11-01T00:00:00Z');
    const expected = await vetPaths([join(dir, 'candidates', 'min.json')], { now, dataDir: join(dir, '.data') });
    const store = await openPGliteStore('memory://');
    const { createToken } = await import('../src/app/tokens.ts');
    const { token } = await createToken(store, 'vet-test', 'admin');
    const app = await buildServer({
      store,
      version: 'test',
      ingest: async () => {
        throw new Error('not used');
      },
      vet: (body, x) => vetBody(body, x, store, { now, dataDir: join(dir, '.data') }),
    });
    try {
      const auth = { authorization: `Bearer ${token}`, host: 'localhost' };
      const post = await app.inject({ method: 'POST', url: '/api/candidates?name=min.json', headers: { ...auth, 'content-type': 'application/json' }, payload: readFileSync(join(dir, 'candidates', 'min.json'), 'utf8') });
      expect(post.statusCode, post.body).toBe(200);
      const got = post.json() as { candidates: VettingReport['candidates'] };
      expect(got.candidates.map((c) => [c.risk, c.recommendation, c.findings.map((f) => f.check)])).toEqual(
        expected.candidates.map((c) => [c.risk, c.recommendation, c.findings.map((f) => f.check)]),
      );
      const list = await app.inject({ method: 'GET', url: '/api/candidates', headers: auth });
      expect(list.json()).toEqual([expect.objectContaining({ candidateId: got.candidates[0].candidateId, recommendation: got.candidates[0].recommendation })]);
      const one = await app.inject({ method: 'GET', url: `/api/candidates/${encodeURIComponent(got.candidates[0].candidateId)}`, headers: auth });
      expect(one.json().result.findings).toEqual(got.candidates[0].findings);
      const page = await app.inject({ method: 'GET', url: `/api/candidates/${encodeURIComponent(got.candidates[0].candidateId)}/report.html`, headers: auth });
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('Min Park');
      const unauth = await app.inject({ method: 'GET', url: '/api/candidates', headers: { host: 'localhost' } });
      expect(unauth.statusCode).toBe(401);
      const logs = await app.inject({ method: 'POST', url: '/api/candidates', headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify({ value: [graphSignIn({ upn: 'a@b.com', time: '2026-10-20T16:00:00Z', ip: '73.97.1.10' })] }) });
      expect(logs.statusCode).toBe(400);
      expect(logs.json().message).toMatch(/not candidates/);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
