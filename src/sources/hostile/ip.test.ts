// Issue 7 (hostile input), part 1: every format that reads a client IP normalises it with src/sources/common/ip.ts
// before lookup. Each case mutates a REAL fixture record of the format (its IP field) and parses it.
import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../core/model.ts';
import { formatById } from '../index.ts';
import type { EventFormat } from '../types.ts';
import { eventCases as cases, type FieldCase as Case, type Rec } from './cases.ts';

const clone = <T>(v: T): T => structuredClone(v);

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
      c.setIp(m, '198.51.100.7');
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
          c.setIp(m, raw);
          const out = parse(f, m);
          expect(out.ok, JSON.stringify(out)).toBe(true);
          for (const ev of (out as { items: NormalizedEvent[] }).items) expect(ev.ip).toBe(want);
        });
      }
      it('garbage in the IP field rejects the record naming the field; a placeholder or an absent IP keeps it', () => {
        for (const bad of ['<script>alert(1)</script>', '1'.repeat(100), '1.2.3.4\u0000']) {
          const m = clone(base);
          c.setIp(m, bad);
          expect(parse(f, m)).toMatchObject({ ok: false, field: c.ipField, message: expect.stringContaining('not an IP address') });
        }
        for (const none of ['', 'unknown', '123.456.7.89']) {
          const m = clone(base);
          c.setIp(m, none);
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
