import { describe, expect, it } from 'vitest';
import { haversineKm, ipPrefix, localHour, zoneOffsetMinutes } from './geo.ts';

describe('common/geo', () => {
  it('localHour matches Intl in zones with and without DST, across the DST change', () => {
    const zones = ['America/Chicago', 'Asia/Pyongyang', 'Asia/Kolkata', 'Europe/Berlin', 'Australia/Adelaide', 'UTC'];
    const start = Date.parse('2026-03-01T00:00:00Z');
    for (const tz of zones) {
      const f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
      for (let t = start; t < start + 60 * 86_400_000; t += 7 * 3_600_000 + 17 * 60_000) {
        const parts = Object.fromEntries(f.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
        expect(localHour(t, tz)).toBeCloseTo((Number(parts.hour) % 24) + Number(parts.minute) / 60, 6);
      }
    }
  });
  it('zone offsets', () => {
    expect(zoneOffsetMinutes(Date.parse('2026-01-15T12:00:00Z'), 'America/Chicago')).toBe(-360);
    expect(zoneOffsetMinutes(Date.parse('2026-07-15T12:00:00Z'), 'America/Chicago')).toBe(-300);
    expect(zoneOffsetMinutes(Date.parse('2026-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
  });
  it('distances and prefixes', () => {
    expect(haversineKm(30.27, -97.74, 39.02, 125.75)).toBeGreaterThan(11_000); // Austin → Pyongyang
    expect(ipPrefix('73.15.2.1')).toBe('73.15.2.0/24');
    expect(ipPrefix('2001:db8:abcd:12::1')).toBe('2001:db8:abcd::/48');
  });
});
