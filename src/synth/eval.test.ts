// The product's quality gate: on a synthetic company of 150 people over 30 days (14 planted fraudulent workers
// among honest hard negatives, with realistic database error: misplaced home lines, second home lines), generated
// once and streamed through the real readers, intel, detectors and scoring under BOTH geo sources with the vendors'
// location fields, every planted person must reach level 'high' (recall 1.0) quickly (median ≤ 7 days after their
// first sign-in), and the people at 'high' must be planted (precision ≥ 0.9); the same without the vendor fields (an
// export that lacks them), where the product has only its local database's opinion. The company's laptops (Intune,
// Defender, osquery) and Teams reports are read when this build has their readers; one planted worker
// (rmm-after-enrolment) shows only there, so a build without them is held to 13 of 14 and must miss only that one.
// On failure the report says who and why, including the lines the database misplaces for a false positive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EvalCompany, type EvalResult, evaluateCompany, formatEval, median, prepareEval } from './eval.ts';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('quality gate', () => {
  let company: EvalCompany;
  beforeAll(async () => {
    company = await prepareEval({ seed: 3, people: 150, days: 30 });
  }, 120_000);
  afterAll(() => company?.close());

  const sane = (r: EvalResult, report: string) => {
    expect(r.rejected, report).toBe(0);
    expect(r.detectorErrors, report).toBe(0);
    expect(r.planted.length).toBe(14);
  };

  /** Recall 1 when every folder is read; without the endpoint and Teams readers, all but rmm-after-enrolment. */
  const recallOk = (r: EvalResult, report: string) => {
    if (r.folders.skipped.length === 0) {
      expect(r.recall, report).toBe(1);
      return;
    }
    const missed = r.planted.filter((p) => p.daysToHigh === null && p.finalLevel !== 'high').map((p) => p.pattern);
    expect(missed.filter((m) => m !== 'rmm-after-enrolment'), report).toEqual([]);
  };

  for (const geoSource of ['dbip', 'geolite2'] as const) {
    it(`finds every planted worker fast without flagging honest people (${geoSource}, vendor location present)`, async () => {
      const r = await evaluateCompany(company, { geoSource, vendorGeo: true });
      const report = formatEval(r);
      sane(r, report);
      recallOk(r, report);
      expect(r.precision, report).toBeGreaterThanOrEqual(0.9);
      expect(r.medianDaysToHigh, report).not.toBeNull();
      expect(r.medianDaysToHigh!, report).toBeLessThanOrEqual(7);
    }, 120_000);

    it(`finds every planted worker without flagging honest people on the local database alone (${geoSource}, vendor location absent)`, async () => {
      const r = await evaluateCompany(company, { geoSource, vendorGeo: false });
      const report = formatEval(r);
      sane(r, report);
      // Without the vendor's opinion a misplaced second home line looks like travel between states: same-country
      // hops on one source's city-level opinion are kept low (location-fix.ts firmPair), so the targets hold here
      // too. Measured at 400 × 60, seeds 1, 3, 5, 7: recall 13/13, precision 13/13 on both sources (identity data
      // only); with the laptops and Teams reports, seeds 1 and 7: recall 14/14, precision 14/14 on every variant.
      recallOk(r, report);
      expect(r.precision, report).toBeGreaterThanOrEqual(0.9);
      expect(r.medianDaysToHigh!, report).toBeLessThanOrEqual(7);
    }, 120_000);
  }
});
