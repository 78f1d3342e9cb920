// The HTTP API wired to the real ingest service (same pipeline as scan) over the embedded store.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createToken } from '../src/app/tokens.ts';
import { IngestService } from '../src/app/service.ts';
import { getIntel } from '../src/app/scan.ts';
import { buildServer } from '../src/server/index.ts';
import { openPGliteStore } from '../src/store/index.ts';
import type { Store } from '../src/store/types.ts';
import { oktaClText, readSample } from './samples.ts';

let server: FastifyInstance;
let store: Store;
let token: string;
/** Every request sends the API token (test/api-security.test.ts covers the ones that do not). */
const app = {
  inject: (o: InjectOptions) => server.inject({ ...o, headers: { authorization: `Bearer ${token}`, ...o.headers } }),
};

beforeAll(async () => {
  store = await openPGliteStore('memory://');
  await getIntel(join(import.meta.dirname, '../.sleetwatch-test'));
  const service = await IngestService.open(store, { dataDir: join(import.meta.dirname, '../.sleetwatch-test') });
  token = (await createToken(store, 'api-test', 'admin')).token;
  server = await buildServer({ store, version: 'test', ingest: (body, o) => service.ingest(body, o) });
});
afterAll(async () => {
  await server.close();
  await store.close();
});

describe('API over the real pipeline', () => {
  const csv = readSample('entra/training_lab_sign-in_adelete_EXCERPT.csv');

  it('POST /api/ingest takes a Sentinel CSV export and flags the North Korean sign-in', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/ingest?name=signins.csv', headers: { 'content-type': 'text/csv' }, payload: csv });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.inputs[0]).toMatchObject({ path: 'signins.csv', format: 'entra-sentinel-csv', records: 2, accepted: 2, rejected: 0 });
    expect(body.updated.some((p: { level: string }) => p.level === 'high')).toBe(true);

    const high = (await app.inject({ url: '/api/people?level=high' })).json();
    expect(high).toHaveLength(1);
    const person = (await app.inject({ url: `/api/people/${high[0].personId}` })).json();
    // The answer names her by pseudonym; an admin may look her up by UPN, which finds the same person.
    expect(person.identifiers).toEqual([]);
    expect((await app.inject({ url: '/api/people/adelev@m365x816222.onmicrosoft.com' })).json().personId).toBe(high[0].personId);
    const kp = person.findings.find((f: { severity: string }) => f.severity === 'critical');
    expect(kp.evidence.some((e: { ip?: string }) => e.ip === '175.45.176.99')).toBe(true);
    expect(person.riskHistory.length).toBeGreaterThanOrEqual(1);
    // the risk number itself is explained: prior odds × each detector's likelihood ratio
    expect(person.riskBreakdown.contributions.map((c: { detector: string }) => c.detector)).toContain('high-risk-network');
    expect(person.riskBreakdown.formula).toMatch(/prior odds .* × .*\(high-risk-network\) = .* → \d+/);
    // the same person by UPN (any case) instead of personId
    const byUpn = (await app.inject({ url: '/api/people/AdeleV%40M365x816222.onmicrosoft.com' })).json();
    expect(byUpn.personId).toBe(person.personId);
    expect((await app.inject({ url: '/api/people/nobody%40example.com' })).statusCode).toBe(404);
  });

  it('re-ingesting the same export is idempotent (same event ids, same findings)', async () => {
    const before = (await app.inject({ url: '/api/people?level=high' })).json();
    const p1 = (await app.inject({ url: `/api/people/${before[0].personId}` })).json();
    await app.inject({ method: 'POST', url: '/api/ingest?name=again.csv', headers: { 'content-type': 'text/csv' }, payload: csv });
    const p2 = (await app.inject({ url: `/api/people/${before[0].personId}` })).json();
    expect(p2.findings.length).toBe(p1.findings.length);
    expect(p2.events).toBe(p1.events);
  });

  it('a body in no supported format is a 400 naming the formats tried, and the failed run is kept', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/ingest?name=notes.txt', headers: { 'content-type': 'text/csv' }, payload: 'hello\nworld\n' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/formats tried/);
    const garbage = await app.inject({ method: 'POST', url: '/api/ingest?name=garbage.txt', headers: { 'content-type': 'application/json' }, payload: 'garbage' });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().message).toMatch(/garbage\.txt/);
    const runs = (await app.inject({ url: '/api/runs' })).json();
    expect(JSON.stringify(runs)).toContain('notes.txt');
  });

  it('a restarted service resumes from the store: detector state and findings survive, new batches add to them', async () => {
    const service2 = await IngestService.open(store, { dataDir: join(import.meta.dirname, '../.sleetwatch-test') });
    const okta = oktaClText();
    const res = await service2.ingest(okta, { name: 'okta.json' });
    expect(res.inputs[0]).toMatchObject({
      format: 'okta-sentinel',
      records: 593,
      accepted: 126,
      ignored: 467,
      ignoredReasons: { 'not about a person: Okta SystemPrincipal': 361, 'duplicate event id': 106 },
      rejected: 0,
    });
    expect(res.alreadyIngested).toBe(0);
    const high = (await app.inject({ url: '/api/people?level=high' })).json();
    const before = (await app.inject({ url: `/api/people/${high[0].personId}` })).json();
    const again = await service2.ingest(csv, { name: 'after-restart.csv' }); // the same export, after a restart
    expect(again.updated).toEqual([]);
    expect(again.alreadyIngested).toBe(2);
    const adele = (await app.inject({ url: `/api/people/${high[0].personId}` })).json();
    expect(adele.events).toBe(before.events);
    expect((await app.inject({ url: '/api/people/adelev@m365x816222.onmicrosoft.com' })).json().personId).toBe(adele.personId);
    expect(adele.findings.some((f: { severity: string }) => f.severity === 'critical')).toBe(true);
    // risk history holds a point per change of risk (a re-post that changes nothing adds none)
    expect(adele.riskHistory.length).toBeGreaterThanOrEqual(1);
    expect(adele.riskHistory.at(-1).risk).toBe(adele.risk);
    expect(adele.riskHistory.length).toBe(before.riskHistory.length);
    expect((await app.inject({ url: '/api/people' })).json().length).toBeGreaterThan(1);
  });

  it('serves its OpenAPI document and health', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/people', '/api/people/{id}', '/api/ingest', '/healthz']));
    expect((await app.inject({ url: '/healthz' })).json().status).toBe('ok');
  });
});
