// Issue 7 (hostile input), part 1: every format that reads a client IP normalises it with src/sources/common/ip.ts
// before lookup. Each case mutates a REAL fixture record of the format (its IP field) and parses it.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../core/model.ts';
import { formatById } from '../index.ts';
import type { EventFormat } from '../types.ts';

type Rec = Record<string, unknown>;
const here = (p: string): string => readFileSync(new URL(`../${p}`, import.meta.url), 'utf8');
const json = (p: string): unknown => JSON.parse(here(p));
const ndjson = (p: string): Rec[] => here(p).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Rec);
const page = (p: string, key: string): Rec[] => (json(p) as Record<string, Rec[]>)[key];
const clone = <T>(v: T): T => structuredClone(v);

interface Case {
  format: string;
  fixture: string;
  records: () => Rec[];
  field: string;
  set: (r: Rec, ip: string) => void;
}

const cases: Case[] = [
  { format: 'entra-signin', fixture: 'entra-signin/fixtures/graph-signins-page.json', records: () => page('entra-signin/fixtures/graph-signins-page.json', 'value'), field: 'ipAddress', set: (r, ip) => void (r.ipAddress = ip) },
  { format: 'entra-diagnostic', fixture: 'entra-diagnostic/fixtures/azure-monitor-records.json', records: () => page('entra-diagnostic/fixtures/azure-monitor-records.json', 'records'), field: 'properties.ipAddress', set: (r, ip) => void ((r.properties as Rec).ipAddress = ip) },
  { format: 'entra-sentinel', fixture: 'entra-sentinel/fixtures/signinlogs-adele.ndjson', records: () => ndjson('entra-sentinel/fixtures/signinlogs-adele.ndjson'), field: 'IPAddress', set: (r, ip) => void (r.IPAddress = ip) },
  { format: 'entra-sentinel-csv', fixture: 'entra-sentinel-csv/fixtures/signinlogs-export.csv', records: () => parseCsv(here('entra-sentinel-csv/fixtures/signinlogs-export.csv'), { columns: true, bom: true }) as Rec[], field: 'IPAddress', set: (r, ip) => void (r.IPAddress = ip) },
  { format: 'entra-graph-audit', fixture: 'entra-graph-audit/fixtures/riskdetections-tutorial-atrisk.json', records: () => page('entra-graph-audit/fixtures/riskdetections-tutorial-atrisk.json', 'value'), field: 'ipAddress', set: (r, ip) => void (r.ipAddress = ip) },
  { format: 'o365-management', fixture: 'o365-management/fixtures/management-api-content-blob.json', records: () => json('o365-management/fixtures/management-api-content-blob.json') as Rec[], field: 'ClientIP', set: (r, ip) => void (r.ClientIP = ip) },
  { format: 'okta-systemlog', fixture: 'okta-systemlog/fixtures/api-logs-page.json', records: () => json('okta-systemlog/fixtures/api-logs-page.json') as Rec[], field: 'client.ipAddress', set: (r, ip) => void ((r.client as Rec).ipAddress = ip) },
  { format: 'okta-sentinel', fixture: 'okta-sentinel/fixtures/okta_cl-sample.json', records: () => json('okta-sentinel/fixtures/okta_cl-sample.json') as Rec[], field: 'client_ipAddress', set: (r, ip) => void (r.client_ipAddress = ip) },
  { format: 'gworkspace', fixture: 'gworkspace/fixtures/reports-api-login-page.json', records: () => page('gworkspace/fixtures/reports-api-login-page.json', 'items'), field: 'ipAddress', set: (r, ip) => void (r.ipAddress = ip) },
];

/** The spellings of issue 7 and the one address each must become. */
const SPELLINGS: [string, string][] = [
  ['175.45.176.1:443', '175.45.176.1'],
  [' 175.45.176.2 ', '175.45.176.2'],
  ['[::ffff:175.45.176.3]:8443', '175.45.176.3'],
  ['::ffff:175.45.176.4', '175.45.176.4'],
  ['[2001:db8::1]:443', '2001:db8::1'],
  ['2001:0DB8:0000::0001', '2001:db8::1'],
];
const origin = { file: 'ip.test', index: 0 };

function parse(f: EventFormat, r: Rec) {
  return f.parse(r, origin);
}

/** The first fixture record the format accepts with an IP once one is set (a person's sign-in). */
function subject(c: Case, f: EventFormat): Rec {
  for (const r of c.records()) {
    const m = clone(r);
    try {
      c.set(m, '198.51.100.7');
    } catch {
      continue;
    }
    const out = parse(f, m);
    if (out.ok === true && out.items.length > 0 && out.items[0].ip === '198.51.100.7') return r;
  }
  throw new Error(`${c.fixture}: no record of ${c.format} carries an IP`);
}

describe('hostile input: IPs normalised before lookup in every format', () => {
  for (const c of cases) {
    describe(c.format, () => {
      const f = formatById(c.format) as EventFormat;
      const base = subject(c, f);
      for (const [raw, want] of SPELLINGS) {
        it(`${JSON.stringify(raw)} → ${want}`, () => {
          const m = clone(base);
          c.set(m, raw);
          const out = parse(f, m);
          expect(out.ok, JSON.stringify(out)).toBe(true);
          for (const ev of (out as { items: NormalizedEvent[] }).items) expect(ev.ip).toBe(want);
        });
      }
      it('garbage in the IP field rejects the record naming the field; a placeholder or an absent IP keeps it', () => {
        for (const bad of ['<script>alert(1)</script>', '1'.repeat(100), '1.2.3.4\u0000']) {
          const m = clone(base);
          c.set(m, bad);
          expect(parse(f, m)).toMatchObject({ ok: false, field: c.field, message: expect.stringContaining('not an IP address') });
        }
        for (const none of ['', 'unknown', '123.456.7.89']) {
          const m = clone(base);
          c.set(m, none);
          const out = parse(f, m);
          expect(out.ok).toBe(true);
          // no address, or the export's other IP field when it has one (diagnostic callerIpAddress, Okta ipChain)
          const ip = (out as { items: NormalizedEvent[] }).items[0].ip;
          if (ip !== undefined) expect(isIP(ip)).not.toBe(0);
        }
      });
    });
  }
});
