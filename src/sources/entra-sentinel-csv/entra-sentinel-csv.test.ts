import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { NormalizedEvent } from '../../core/model.ts';
import { entraSentinelCsv } from './format.ts';
import { entraSignin } from '../entra-signin/format.ts';

const fixture = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
const rows = parse(fixture('./fixtures/signinlogs-export.csv'), { columns: true }) as Record<string, string>[];
const graph = (JSON.parse(fixture('../entra-signin/fixtures/graph-signins-page.json')) as { value: unknown[] }).value;
const origin = { file: 'signinlogs-export.csv', line: 2 };

function parseOk(rec: unknown): NormalizedEvent {
  const out = entraSentinelCsv.parse(rec, origin);
  if (out.ok !== true) throw new Error(out.ok === false ? `rejected: ${out.field}: ${out.message}` : `ignored: ${out.reason}`);
  expect(out.items).toHaveLength(1);
  return NormalizedEvent.parse(out.items[0]);
}

describe('entra-sentinel-csv format', () => {
  it('sniffs the export rows (CSV only)', () => {
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0])).toHaveLength(71);
    for (const r of rows) expect(entraSentinelCsv.sniff(r, 'csv')).toBe(true);
    expect(entraSentinelCsv.sniff(rows[0], 'json-array')).toBe(false);
    expect(entraSentinelCsv.sniff({ email: 'a@b.c', start_date: '2024-01-01' }, 'csv')).toBe(false);
  });

  it('maps both rows; the North Korean IP keeps Microsoft\'s Tel Aviv label', () => {
    const [ok, interrupted] = rows.map(parseOk);
    expect(ok).toMatchObject({
      id: 'entra:cfb68155-70f5-4e28-b046-0a3a7086c401',
      source: 'entra-sentinel-csv',
      kind: 'signin',
      outcome: 'success',
      time: Date.UTC(2021, 3, 28, 14, 8, 45, 221),
      ip: '175.45.176.99',
      app: 'Azure Portal',
      interactive: true,
      actor: {
        displayName: 'Adele Vance',
        ids: [
          { kind: 'upn', value: 'adelev@m365x816222.onmicrosoft.com' },
          { kind: 'entraId', value: '9b117c67-170e-4aed-9702-658b3fddc889' },
        ],
      },
      vendorGeo: { source: 'vendor', country: 'IL', region: 'Tel Aviv', city: 'Azor', lat: 32.02956008911133, lon: 34.79964828491211 },
      vendorRisk: { level: 'none', state: 'none' },
    });
    expect(interrupted).toMatchObject({ kind: 'audit', outcome: 'failure', time: Date.UTC(2021, 3, 28, 14, 29, 16, 617), app: 'Microsoft Teams Web Client' });
    expect(interrupted.reason).toMatch(/^50058: The application tried to perform a silent sign in/);
  });

  it('is the same event as the Graph record of the same sign-in (time at the CSV\'s ms precision)', () => {
    for (let i = 0; i < 2; i++) {
      const csv = parseOk(rows[i]);
      const out = entraSignin.parse(graph[i + 1], origin);
      if (out.ok !== true) throw new Error(JSON.stringify(out));
      const g = out.items[0];
      expect(csv.id).toBe(g.id);
      expect(csv.time).toBe(g.time);
      expect({ ...csv, source: '' }).toEqual({ ...g, source: '' });
    }
  });

  it('falls back to ResultType when Status_dynamic is empty', () => {
    const ev = parseOk({ ...rows[1], Status_dynamic: '' });
    expect(ev).toMatchObject({ outcome: 'failure', reason: expect.stringMatching(/^50058: The application tried/) });
    expect(parseOk({ ...rows[0], Status_dynamic: '', ResultType: '0' }).outcome).toBe('success');
  });

  it('rejects naming the CSV column', () => {
    expect(entraSentinelCsv.parse({ ...rows[0], 'CreatedDateTime [UTC]': 'foo' }, origin)).toEqual({ ok: false, field: 'CreatedDateTime [UTC]', message: "not a date: 'foo'" });
    expect(entraSentinelCsv.parse({ ...rows[0], LocationDetails_dynamic: '{"city":' }, origin)).toMatchObject({ ok: false, field: 'LocationDetails_dynamic', message: expect.stringMatching(/^not valid JSON/) });
    expect(entraSentinelCsv.parse({ ...rows[0], IsInteractive: 'maybe' }, origin)).toEqual({ ok: false, field: 'IsInteractive', message: "not a boolean: 'maybe'" });
    expect(entraSentinelCsv.parse({ ...rows[0], Status_dynamic: '{"errorCode":"x"}' }, origin)).toEqual({ ok: false, field: 'Status_dynamic.errorCode', message: 'not a number: "x"' });
    expect(entraSentinelCsv.parse({ ...rows[0], UserPrincipalName: '', UserId: '' }, origin)).toEqual({ ok: false, field: 'UserPrincipalName', message: 'missing (no userPrincipalName or userId)' });
  });
});
