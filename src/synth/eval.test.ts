// The product's quality gate: on a synthetic company of 150 people over 30 days (13 planted fraudulent workers
// among honest hard negatives), streamed through the real readers, intel, detectors and scoring, the planted
// people must reach level 'high' (recall ≥ 0.9) quickly (median ≤ 7 days after their first sign-in), and most
// of the people at 'high' must be planted (precision ≥ 0.8). On failure the report says who and why.
import { describe, expect, it } from 'vitest';
import { formatEval, median, runEval } from './eval.ts';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('quality gate', () => {
  it('finds the planted workers fast without flagging honest people', async () => {
    const r = await runEval({ seed: 3, people: 150, days: 30 });
    const report = formatEval(r);
    expect(r.rejected, report).toBe(0);
    expect(r.detectorErrors, report).toBe(0);
    expect(r.planted.length).toBe(13);
    expect(r.recall, report).toBeGreaterThanOrEqual(0.9);
    expect(r.precision, report).toBeGreaterThanOrEqual(0.8);
    expect(r.medianDaysToHigh, report).not.toBeNull();
    expect(r.medianDaysToHigh!, report).toBeLessThanOrEqual(7);
  }, 120_000);
});
