// Month arithmetic over the partial dates resumes give (yyyy, yyyy-mm, yyyy-mm-dd). A year alone could be any month
// of that year, so every comparison reads it in the candidate's favour: a start as late as it could be, an end as
// early as it could be (shortest job, smallest overlap, latest use of a technology). Shared by the resume-consistency
// checks (overlapping-jobs, anachronistic-tech). Pure.
import type { PartialDate, WorkEntry } from '../../../core/candidate.ts';

/** Months since year 0: yyyy-mm → y*12 + (m-1). */
export type Month = number;

export function monthRange(d: PartialDate): { lo: Month; hi: Month } {
  const y = Number(d.slice(0, 4));
  if (d.length >= 7) {
    const m = Number(d.slice(5, 7));
    if (m < 1 || m > 12) throw new Error(`date "${d}": month ${m} out of range`);
    const v = y * 12 + m - 1;
    return { lo: v, hi: v };
  }
  return { lo: y * 12, hi: y * 12 + 11 };
}

export const monthOf = (epochMs: number): Month => {
  const d = new Date(epochMs);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};

/** yyyy-mm of a month index. */
export const fmtMonth = (m: Month): string => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;

/** A work entry as the shortest interval its dates allow, or undefined when it has no start or no knowable end. */
export interface Span {
  /** Latest month it may have started. */
  start: Month;
  /** Earliest month it may have ended (now's month for a current job). */
  end: Month;
  /** Earliest month it may have started (for "used before release": the entry's start read against the candidate is start). */
  startEarliest: Month;
  /** Latest month it may have ended. */
  endLatest: Month;
  current: boolean;
  /** As written, for evidence. */
  label: string;
}

export function spanOf(w: WorkEntry, now: number): Span | undefined {
  if (!w.start) return undefined;
  const s = monthRange(w.start);
  let end: Month;
  let endLatest: Month;
  const current = !w.end && w.current === true;
  if (w.end) {
    const e = monthRange(w.end);
    end = e.lo;
    endLatest = e.hi;
  } else if (current) {
    end = endLatest = monthOf(now);
  } else return undefined;
  if (endLatest < s.lo) return undefined; // ends before it starts: not a usable interval (a data error, not an overlap)
  const start = Math.min(s.hi, endLatest);
  return {
    start,
    end: Math.max(end, start),
    startEarliest: s.lo,
    endLatest,
    current,
    label: `${w.start} – ${w.end ?? (current ? 'present' : '?')}`,
  };
}
