// Issue 7 (hostile input), part 2: an event time before 2000-01-01 or more than one day after the reading time is
// rejected naming the field, in every event format. Each case mutates a REAL fixture record's time field.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DirectoryEntry } from '../../core/model.ts';
import { readInputText } from '../reader.ts';
import { formatById } from '../index.ts';
import { implausibleTime } from '../timestamps.ts';
import type { EventFormat } from '../types.ts';
import { eventCases, type Rec } from './cases.ts';

const origin = { file: 'time.test', index: 0 };
const isoIn = (ms: number): string => new Date(Date.now() + ms).toISOString();

describe('hostile input: event times outside 2000-01-01 .. now + 1 day are rejected naming the field', () => {
  it('implausibleTime: the window', () => {
    const now = Date.UTC(2026, 5, 1);
    expect(implausibleTime(Date.UTC(1999, 11, 31, 23, 59, 59), now)).toBe('before 2000-01-01');
    expect(implausibleTime(Date.UTC(2000, 0, 1), now)).toBeUndefined();
    expect(implausibleTime(now + 86_400_000, now)).toBeUndefined();
    expect(implausibleTime(now + 86_400_001, now)).toBe('more than one day after the reading time');
    expect(implausibleTime(NaN, now)).toBe('not a real time');
  });

  for (const c of eventCases) {
    it(`${c.format}: ${c.timeField}`, () => {
      const f = formatById(c.format) as EventFormat;
      const base = c.records().find((r) => f.parse(r, origin).ok === true) as Rec;
      expect(base).toBeDefined();
      const withTime = (t: string) => {
        const m = structuredClone(base);
        c.setTime(m, t);
        return f.parse(m, origin);
      };
      for (const t of ['9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z', '1970-01-01T00:00:00Z', isoIn(3 * 86_400_000)]) {
        expect(withTime(t), t).toMatchObject({ ok: false, field: c.timeField, message: expect.stringContaining('not a plausible event time') });
      }
      // a few hours ahead (clock skew) and an old but real time are kept
      expect(withTime(isoIn(6 * 3_600_000)).ok).toBe(true);
      expect(withTime('2001-03-04T05:06:07Z').ok).toBe(true);
    });
  }
});

describe('hostile input: directory creation and hire dates outside 1950 .. now + 1 year are rejected naming the field', () => {
  const read = (name: string, text: string) => {
    const entries: DirectoryEntry[] = [];
    const summary = readInputText(name, text, { event: () => true, directory: (d) => entries.push(d) });
    return { summary, entries };
  };

  it('SCIM meta.created (the real RFC 7643 enterprise user with its date replaced)', () => {
    const user = JSON.parse(readFileSync(fileURLToPath(new URL('../scim-users/fixtures/rfc7643-enterprise-user.json', import.meta.url)), 'utf8'));
    for (const t of ['9999-12-31T00:00:00Z', '0001-01-01T00:00:00Z', '1901-01-01T00:00:00Z']) {
      const { summary, entries } = read('users.json', JSON.stringify({ ...user, meta: { ...user.meta, created: t } }));
      expect(entries, t).toHaveLength(0);
      expect(summary, t).toMatchObject({ records: 1, accepted: 0, rejected: 1 });
      expect(summary.errors[0].field).toMatch(/created/);
      expect(summary.errors[0].message).toMatch(/plausible/);
    }
    const ok = read('users.json', JSON.stringify({ ...user, meta: { ...user.meta, created: '1998-05-04T00:00:00Z' } }));
    expect(ok.summary).toMatchObject({ accepted: 1, rejected: 0 });
  });

  it('HR CSV HireDate (the real Entra inbound-provisioning sample with one date replaced)', () => {
    const csv = readFileSync(fileURLToPath(new URL('../hr-csv/fixtures/entra-inbound-employees.csv', import.meta.url)), 'utf8');
    const [header, first, ...rest] = csv.trimEnd().split(/\r?\n/);
    for (const t of ['9999-12-31', '0001-01-01']) {
      const { summary, entries } = read('hr.csv', [header, first.replace('"2010-07-10"', `"${t}"`), ...rest].join('\n'));
      expect(summary.rejected, t).toBe(1);
      expect(summary.accepted, t).toBe(rest.length);
      expect(entries).toHaveLength(rest.length);
      expect(summary.errors[0].message).toMatch(/plausible/);
    }
  });
});
