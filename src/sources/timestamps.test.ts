import { describe, expect, it } from 'vitest';
import { parseIsoUtc, parseUsOrIsoUtc } from './timestamps.ts';

describe('parseIsoUtc', () => {
  it('reads the forms real exports use', () => {
    // Graph / Azure: 7 fractional digits with Z
    expect(parseIsoUtc('2020-03-13T19:15:41.6195833Z')).toBe(Date.UTC(2020, 2, 13, 19, 15, 41, 619));
    // Google Reports API
    expect(parseIsoUtc('2020-11-09T22:47:35.492Z')).toBe(Date.UTC(2020, 10, 9, 22, 47, 35, 492));
    // Panther: no zone, 9 digits; Azure diagnostic: no zone, 3 digits → UTC, not local time
    expect(parseIsoUtc('2022-12-11 02:57:48.693000000')).toBe(Date.UTC(2022, 11, 11, 2, 57, 48, 693));
    expect(parseIsoUtc('2025-01-15 14:20:35.456')).toBe(Date.UTC(2025, 0, 15, 14, 20, 35, 456));
    // offsets
    expect(parseIsoUtc('2024-11-27T03:31:26.7088498+00:00')).toBe(Date.UTC(2024, 10, 27, 3, 31, 26, 708));
    expect(parseIsoUtc('2024-11-27T05:31:26+02:00')).toBe(Date.UTC(2024, 10, 27, 3, 31, 26));
    expect(parseIsoUtc('2024-11-26T22:01:26-0530')).toBe(Date.UTC(2024, 10, 27, 3, 31, 26));
    // one / two fraction digits, no seconds
    expect(parseIsoUtc('2024-01-01T00:00:00.5Z')).toBe(Date.UTC(2024, 0, 1, 0, 0, 0, 500));
    expect(parseIsoUtc('2024-01-01T00:00:00.05Z')).toBe(Date.UTC(2024, 0, 1, 0, 0, 0, 50));
    expect(parseIsoUtc('2024-01-01T10:20Z')).toBe(Date.UTC(2024, 0, 1, 10, 20));
    expect(parseIsoUtc('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });

  it('rejects what is not a valid date-time', () => {
    for (const s of ['foo', '', '2024-13-01T00:00:00Z', '2023-02-29T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01', '2024-01-01T00:00:00.Z', '2024-01-01T00:00:00Zjunk', '4/28/2021, 2:08:45.221 PM'])
      expect(parseIsoUtc(s), s).toBeUndefined();
  });
});

describe('parseUsOrIsoUtc', () => {
  it('reads the Sentinel portal form in UTC', () => {
    expect(parseUsOrIsoUtc('4/28/2021, 2:08:45.221 PM')).toBe(Date.UTC(2021, 3, 28, 14, 8, 45, 221));
    expect(parseUsOrIsoUtc('4/28/2021, 12:29:16.617 AM')).toBe(Date.UTC(2021, 3, 28, 0, 29, 16, 617));
    expect(parseUsOrIsoUtc('12/1/2021, 12:00:00 PM')).toBe(Date.UTC(2021, 11, 1, 12));
    expect(parseUsOrIsoUtc('2021-04-28T14:08:45.221Z')).toBe(Date.UTC(2021, 3, 28, 14, 8, 45, 221));
  });
  it('rejects impossible dates', () => {
    for (const s of ['13/28/2021, 2:08:45 PM', '2/30/2021, 2:08:45 PM', '4/28/2021, 13:08:45 PM', 'yesterday'])
      expect(parseUsOrIsoUtc(s), s).toBeUndefined();
  });
});
