import { describe, expect, it } from 'vitest';
import { isoDurationSeconds } from './duration.ts';

describe('isoDurationSeconds', () => {
  it('reads the durations usage reports write', () => {
    const ok: [string, number][] = [
      ['PT0S', 0],
      ['PT1H2M3S', 3723],
      ['PT14H3M12S', 50592],
      ['PT9H41M', 34860],
      ['PT45.5S', 45.5],
      ['PT1M30,25S', 90.25],
      ['P1DT2H', 93600],
      ['P1D', 86400],
      ['P1W', 604800],
      ['PT36H', 129600],
      [' PT5M ', 300],
    ];
    for (const [s, n] of ok) expect(isoDurationSeconds(s), s).toBe(n);
  });

  it('refuses anything else', () => {
    const bad = ['', 'P', 'PT', 'P1DT', 'PT1', 'PT1.S', 'PT.5S', 'P1Y', 'P2M', 'P1Y2M', 'PT1S2M', 'PT1H1H', 'PT1.5H30M', '-PT1S', 'pt1s', 'T1S', 'PT1X', 'P1H', 'PT1D',
      '00:00:00', '1:02:03', 'PT1H 2M', `PT${'9'.repeat(13)}S`, `PT1.${'5'.repeat(13)}S`, 'P'.repeat(65), 'PT1S\u0000'];
    for (const s of bad) expect(isoDurationSeconds(s), JSON.stringify(s)).toBeUndefined();
  });

  it('is linear on adversarial text', () => {
    const t0 = performance.now();
    for (const s of ['PT' + '1'.repeat(100_000) + 'S', 'P' + 'T'.repeat(100_000), 'PT1H'.repeat(25_000), 'PT1.' + '0'.repeat(100_000) + 'S']) expect(isoDurationSeconds(s)).toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(200);
  });
});
