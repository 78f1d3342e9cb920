// Issue 7 (hostile input), part 2: an event time before 2000-01-01 or more than one day after the reading time is
// rejected naming the field, in every event format. Each case mutates a REAL fixture record's time field.
import { describe, expect, it } from 'vitest';
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
