// Every real vendor sample of the Entra and Google Workspace formats in test/samples, read through the
// reader (detection included) or, for Panther's rule-test logs, through the format's parse: exact counts, and
// which records are rejected and why. Provenance: test/samples/PROVENANCE.md.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NormalizedEvent } from '../core/model.ts';
import { formats } from './index.ts';
import { InputError, readInputFile, sniffFile, type Sink } from './reader.ts';
import type { EventFormat } from './types.ts';
import { entraDiagnostic } from './entra-diagnostic/format.ts';
import { entraSignin } from './entra-signin/format.ts';
import { entraSentinelCsv } from './entra-sentinel-csv/format.ts';
import { gworkspaceLogin } from './gworkspace/format.ts';
import { oktaClText, pantherTestsText, samplePath } from '../../test/samples.ts';

const ENTRA_CSV = samplePath('entra/training_lab_sign-in_adelete_EXCERPT.csv');
const GWS_JSON = samplePath('gworkspace/GWorkspace_ReportsAPI_login_CL.json');
const PANTHER = samplePath('panther/panther_tests_extracted.jsonl.gz');
const MINE: EventFormat[] = [entraDiagnostic, entraSignin, entraSentinelCsv, gworkspaceLogin];

interface PantherTest {
  RuleID: string;
  TestName: string;
  LogTypes: string[];
  Log: Record<string, unknown>;
}
const panther = (): PantherTest[] =>
  pantherTestsText()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as PantherTest);
/** The vendor record of a rule test: Panther's own p_* enrichment keys dropped. */
const vendorLog = (t: PantherTest): Record<string, unknown> => Object.fromEntries(Object.entries(t.Log).filter(([k]) => !k.startsWith('p_')));

function collect(): Sink & { events: NormalizedEvent[] } {
  const events: NormalizedEvent[] = [];
  return {
    events,
    event: (e) => events.push(NormalizedEvent.parse(e)), // every event satisfies the model's schema
    directory: () => {
      throw new Error('no directory entries expected');
    },
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sleetwatch-samples-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('real samples', () => {
  it('Entra Sentinel CSV export: 2 rows, 2 accepted; the North Korean IP labelled Tel Aviv keeps IL', async () => {
    expect(await sniffFile(ENTRA_CSV)).toMatchObject({ format: { id: 'entra-sentinel-csv' }, container: 'csv' });
    const s = collect();
    const sum = await readInputFile(ENTRA_CSV, s);
    expect(sum).toEqual({ path: ENTRA_CSV, format: 'entra-sentinel-csv', records: 2, accepted: 2, ignored: 0, ignoredReasons: {}, rejected: 0, errors: [] });
    expect(s.events).toHaveLength(2);
    for (const e of s.events) {
      expect(e.actor.ids).toContainEqual({ kind: 'upn', value: 'adelev@m365x816222.onmicrosoft.com' });
      expect(e.ip).toBe('175.45.176.99');
      expect(e.vendorGeo).toMatchObject({ source: 'vendor', country: 'IL', region: 'Tel Aviv', city: 'Azor' });
    }
    expect(s.events.map((e) => [e.id, e.kind, e.outcome, e.origin?.line])).toEqual([
      ['entra:cfb68155-70f5-4e28-b046-0a3a7086c401', 'signin', 'success', 2],
      ['entra:dffdd8fc-a142-4ddd-8ced-0192613f6901', 'audit', 'failure', 18],
    ]);
  });

  it('Google Workspace Reports API login sample (Sentinel): 3 activities, 3 events', async () => {
    expect(await sniffFile(GWS_JSON)).toMatchObject({ format: { id: 'gworkspace' }, container: 'json-array' });
    const s = collect();
    const sum = await readInputFile(GWS_JSON, s);
    expect(sum).toEqual({ path: GWS_JSON, format: 'gworkspace', records: 3, accepted: 3, ignored: 0, ignoredReasons: {}, rejected: 0, errors: [] });
    expect(s.events.map((e) => [e.type, e.kind, e.actor.ids[0].value, e.ip])).toEqual([
      ['login_success', 'signin', 'user7@company.com', '52.52.52.52'],
      ['login_verification', 'audit', 'user7@company.com', '52.52.52.52'],
      ['login_success', 'signin', 'user7@company.com', '52.52.52.52'],
    ]);
    expect(new Set(s.events.map((e) => e.id)).size).toBe(3);
  });

  it('Panther Azure rule tests: 47 diagnostic logs; 39 accepted, the 8 service-principal sign-ins ignored, none rejected', async () => {
    const tests = panther().filter((t) => t.RuleID.startsWith('Azure.'));
    expect(tests).toHaveLength(47);
    const ignored: { category: unknown; reason: string }[] = [];
    let events = 0;
    for (const t of tests) {
      const log = vendorLog(t);
      expect(entraDiagnostic.sniff(log, 'ndjson'), t.TestName).toBe(true);
      const out = entraDiagnostic.parse(log, { file: PANTHER });
      if (out.ok === true) {
        for (const e of out.items) NormalizedEvent.parse(e);
        events += out.items.length;
      } else if (out.ok === 'ignored') ignored.push({ category: log.category, reason: out.reason });
      else expect.fail(`${t.RuleID}: ${out.field}: ${out.message}`);
    }
    expect(events).toBe(39);
    expect(ignored).toHaveLength(8);
    for (const r of ignored) expect(r).toEqual({ category: 'ServicePrincipalSignInLogs', reason: 'not about a person: Entra service-principal sign-in' });
    expect(tests.filter((t) => t.Log.category === 'ServicePrincipalSignInLogs')).toHaveLength(8);

    // the same logs as one NDJSON file through the reader: detected, counted alike
    const p = join(dir, 'panther-azure.ndjson');
    await writeFile(p, tests.map((t) => JSON.stringify(vendorLog(t))).join('\n') + '\n');
    const sum = await readInputFile(p, collect());
    expect(sum).toMatchObject({
      format: 'entra-diagnostic',
      records: 47,
      accepted: 39,
      ignored: 8,
      ignoredReasons: { 'not about a person: Entra service-principal sign-in': 8 },
      rejected: 0,
    });
  });

  it('Panther Google Workspace rule tests: 157 activity events; 94 accepted, the 63 stubs without id.time rejected', async () => {
    const tests = panther().filter((t) => t.RuleID.startsWith('GSuite.') || t.RuleID.startsWith('Google.'));
    expect(tests).toHaveLength(157);
    const byField: Record<string, number> = {};
    let accepted = 0;
    for (const t of tests) {
      const log = vendorLog(t);
      expect(gworkspaceLogin.sniff(log, 'ndjson'), t.TestName).toBe(true);
      const out = gworkspaceLogin.parse(log, { file: PANTHER });
      const hasTime = typeof (log.id as { time?: unknown }).time === 'string';
      if (out.ok === true) {
        accepted++;
        expect(hasTime).toBe(true);
        expect(out.items).toHaveLength(1); // Panther stores one event per record
        NormalizedEvent.parse(out.items[0]);
      } else if (out.ok === 'ignored') expect.fail(`${t.RuleID}: ignored: ${out.reason}`);
      else {
        expect(hasTime, `${t.RuleID} ${t.TestName}: ${out.field} ${out.message}`).toBe(false);
        byField[`${out.field}: ${out.message}`] = (byField[`${out.field}: ${out.message}`] ?? 0) + 1;
      }
    }
    expect(accepted).toBe(94);
    expect(byField).toEqual({ 'id.time: missing': 63 });
    const gsuite = tests.filter((t) => t.RuleID.startsWith('GSuite.') && !(t.Log.id as { time?: string }).time);
    expect(gsuite).toHaveLength(62);

    const p = join(dir, 'panther-gsuite.ndjson');
    await writeFile(p, tests.map((t) => JSON.stringify(vendorLog(t))).join('\n') + '\n');
    expect(await readInputFile(p, collect())).toMatchObject({ format: 'gworkspace', records: 157, accepted: 94, rejected: 63 });
  });

  it('osquery results log of a Linux host (msticpy): read as osquery-results; 12 process rows, the removed rows and other tables ignored', async () => {
    const p = samplePath('osquery/osqueryd.results_EXCERPT.log');
    expect(await sniffFile(p)).toMatchObject({ format: { id: 'osquery-results' }, container: 'ndjson' });
    const s = collect();
    const sum = await readInputFile(p, s);
    expect(sum).toMatchObject({ format: 'osquery-results', records: 20, accepted: 12, ignored: 8, ignoredReasons: { 'removed row': 7, 'osquery table not used': 1 }, rejected: 0 });
    for (const e of s.events) {
      expect(e).toMatchObject({ kind: 'software', type: 'osquery processes added', software: { via: 'process' } });
      expect(e.actor.ids).toEqual([
        { kind: 'hostname', value: 'jumpvm' },
        { kind: 'hostUuid', value: '40443dd9-5b21-a345-8f89-aadde84c3719' },
      ]);
    }
  });

  it('no other vendor\'s sample is claimed by these formats', () => {
    const others = panther().filter((t) => !/^(Azure|GSuite|Google|Standard)\./.test(t.RuleID));
    expect(others).toHaveLength(196);
    for (const t of others) for (const f of MINE) expect(f.sniff(vendorLog(t), 'ndjson'), `${f.id} ← ${t.RuleID}`).toBe(false);
    const okta = JSON.parse(oktaClText()) as unknown[];
    for (const r of okta) for (const f of MINE) expect(f.sniff(r, 'json-array')).toBe(false);
  });

  describe('damaged copies of the real samples', () => {
    async function inputError(p: Promise<unknown>): Promise<InputError> {
      const e = await p.then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(InputError);
      return e as InputError;
    }

    it('a truncated Google Workspace export names the file and the byte offset where it ends', async () => {
      const cut = readFileSync(GWS_JSON).subarray(0, 1000);
      const p = join(dir, 'gws-truncated.json');
      await writeFile(p, cut);
      const err = await inputError(readInputFile(p, collect()));
      expect(err.file).toBe(p);
      expect(err.offset).toBe(1000);
      expect(err.message).toMatch(new RegExp(`^${p}: JSON ends early \\(truncated\\?\\) at byte offset 1000 `));
    });

    it('a non-JSON byte inside one record rejects that record, named by its offset, and the rest is read', async () => {
      const text = readFileSync(GWS_JSON, 'utf8');
      const whole = await readInputFile(GWS_JSON, collect());
      const at = text.indexOf('"etag"', text.indexOf('"etag"') + 1); // inside a record (the page has its own etag first)
      const p = join(dir, 'gws-garbled.json');
      await writeFile(p, text.slice(0, at) + '#' + text.slice(at));
      const s = await readInputFile(p, collect());
      expect(s.rejected).toBe(1);
      expect(s.records).toBe(whole.records);
      expect(s.accepted + s.ignored).toBe(whole.records - 1);
      expect(s.errors[0].message).toContain(`not valid JSON at byte offset ${Buffer.byteLength(text.slice(0, at))} (line `);
    });

    it('a non-JSON byte between the records makes the export unreadable, named by its offset', async () => {
      const text = readFileSync(GWS_JSON, 'utf8');
      const at = text.indexOf('"items"');
      const p = join(dir, 'gws-garbled-outer.json');
      await writeFile(p, text.slice(0, at) + '#' + text.slice(at));
      const err = await inputError(readInputFile(p, collect()));
      expect(err.offset).toBe(Buffer.byteLength(text.slice(0, at)));
      expect(err.message).toContain('not valid JSON at byte offset');
    });

    it('a broken line in the Panther Azure NDJSON is one more rejected record; the rest is read', async () => {
      const lines = panther()
        .filter((t) => t.RuleID.startsWith('Azure.'))
        .map((t) => JSON.stringify(vendorLog(t)));
      const broken = lines[9].slice(0, 120);
      lines[9] = broken;
      const p = join(dir, 'panther-azure-broken.ndjson');
      await writeFile(p, lines.join('\n') + '\n');
      const sum = await readInputFile(p, collect());
      expect(sum.records).toBe(47);
      expect(sum.records).toBe(sum.accepted + sum.ignored + sum.rejected);
      const jsonErrors = sum.errors.filter((e) => e.field === '(json)');
      expect(jsonErrors).toHaveLength(1);
      expect(jsonErrors[0]).toMatchObject({ line: 10, raw: broken });
      const offset = Buffer.byteLength(lines.slice(0, 9).join('\n')) + 1 + broken.length;
      expect(jsonErrors[0].message).toContain(`byte offset ${offset} `);
    });

    it('real data of another kind (a JSON Resume job description) is an unknown format listing every format tried', async () => {
      const job = new URL('./jsonresume/fixtures-negative/jsonresume-sample.job.json', import.meta.url).pathname;
      const err = await inputError(readInputFile(job, collect()));
      expect(err.tried).toEqual(formats.map((f) => f.id));
      expect(err.message).toContain(`formats tried: ${formats.map((f) => f.id).join(', ')}`);
    });

    it('a JSON Resume is a vetting input: the scan counts it as ignored, with the reason', async () => {
      const s = await readInputFile(samplePath('jsonresume/sample.resume.json'), collect());
      expect(s).toMatchObject({ format: 'jsonresume', records: 1, accepted: 0, ignored: 1, rejected: 0, ignoredReasons: { "vetting input: read it with 'sleetwatch vet'": 1 } });
    });
  });
});
