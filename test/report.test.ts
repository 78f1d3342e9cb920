// End to end: the real samples and a synthetic company through `scan`, the report validated against the
// committed JSON Schema; the schema file kept in step with the zod model.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { reportJsonSchema } from '../src/app/report-schema.ts';
import { scanPaths } from '../src/app/scan.ts';
import { oktaClText, samplePath } from './samples.ts';
import { testIntel } from './testkit.ts';

const committed = JSON.parse(readFileSync(join(import.meta.dirname, '../schemas/report.v1.schema.json'), 'utf8'));

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  return ajv.compile(committed);
}

describe('report', () => {
  it('the committed JSON Schema is the one generated from the zod model', () => {
    expect(committed).toEqual(reportJsonSchema());
  });

  it('a scan of the real Entra, Okta and Google samples validates, with 0 rejected and the KP address flagged', async () => {
    const { report } = await scanPaths([samplePath('entra'), samplePath('okta'), samplePath('gworkspace')], { intel: await testIntel() });
    const validate = validator();
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(report.inputs.map((i) => i.format).sort()).toEqual(['entra-sentinel-csv', 'gworkspace', 'okta-sentinel']);
    for (const i of report.inputs) {
      expect(i.rejected, `${i.path}: ${JSON.stringify(i.errors.slice(0, 2))}`).toBe(0);
      expect(i.accepted + i.ignored + i.rejected).toBe(i.records);
    }
    // Okta_CL: 361 rows are Okta's own SystemPrincipal jobs, 106 repeat the uuid of a row already read
    expect(report.inputs.find((i) => i.format === 'okta-sentinel')).toMatchObject({
      records: 593,
      accepted: 126,
      ignored: 467,
      ignoredReasons: { 'not about a person: Okta SystemPrincipal': 361, 'duplicate event id': 106 },
    });
    expect(report.inputs.filter((i) => i.format !== 'okta-sentinel').every((i) => i.ignored === 0)).toBe(true);
    // Adele Vance signed in from 175.45.176.99: North Korean address space that Microsoft labels Tel Aviv.
    const adele = report.people.find((p) => p.identifiers.some((x) => x.toLowerCase() === 'adelev@m365x816222.onmicrosoft.com'))!;
    expect(adele.level).toBe('high');
    const kp = adele.findings.find((f) => f.severity === 'critical')!;
    expect(kp.explanation).toMatch(/North Korea/i);
    expect(kp.explanation).toMatch(/Tel Aviv|IL|Israel/);
    expect(kp.evidence.some((e) => e.ip === '175.45.176.99')).toBe(true);
    expect(kp.firstSeen).toBe('2021-04-28T14:08:45.221Z');
    // people are sorted by risk
    const risks = report.people.map((p) => p.risk);
    expect([...risks].sort((a, b) => b - a)).toEqual(risks);
  });

  it('bad input is reported with file, line and field, and nothing is lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-bad-'));
    const good = JSON.parse(oktaClText()).slice(0, 3);
    writeFileSync(join(dir, 'okta.ndjson'), [JSON.stringify(good[0]), '{"broken": ', JSON.stringify({ ...good[1], published_t: 'yesterday' }), JSON.stringify(good[2])].join('\n'));
    writeFileSync(join(dir, 'truncated.json'), '[{"id":"x","createdDateTime":"2026-01-01T00:00:00Z"');
    writeFileSync(join(dir, 'notes.txt'), 'hello world\nthis is not a log\n');
    const { report } = await scanPaths([dir], { intel: await testIntel() });
    const okta = report.inputs.find((i) => i.path.endsWith('okta.ndjson'))!;
    expect(okta).toMatchObject({ records: 4, accepted: 2, rejected: 2 });
    expect(okta.errors.map((e) => e.line)).toEqual([2, 3]);
    expect(okta.errors[1].field).toMatch(/published/);
    const trunc = report.inputs.find((i) => i.path.endsWith('truncated.json'))!;
    expect(trunc.format).toBe('unreadable');
    expect(trunc.errors[0].message).toMatch(/truncated\.json/);
    expect(trunc.errors[0].message).toMatch(/byte|offset|position/i);
    const notes = report.inputs.find((i) => i.path.endsWith('notes.txt'))!;
    expect(notes.format).toBe('unreadable');
    expect(notes.errors[0].message).toMatch(/entra-signin/);
    expect(validator()(report)).toBe(true);
  });
});
