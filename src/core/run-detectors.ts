// The one wrapper around every detector: params, timing, suppression, and errors as results (a detector that
// throws yields a DetectorError for that person; the scan goes on). Pure (uses the global `performance` clock).
import type { AnyDetector, PersonContext, Population } from './detector.ts';
import type { Suppression } from './config.ts';
import type { EnrichedEvent, Finding } from './model.ts';

export interface DetectorTiming {
  detector: string;
  observeMs: number;
  evaluateMs: number;
  errors: number;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Returns an error message when the detector threw, else undefined. */
export function runObserve(
  d: AnyDetector,
  state: unknown,
  ev: EnrichedEvent,
  ctx: PersonContext,
  params: unknown,
  t: DetectorTiming,
): string | undefined {
  if (!d.observe) return undefined;
  const t0 = performance.now();
  try {
    d.observe(state, ev, ctx, params);
    return undefined;
  } catch (e) {
    t.errors++;
    return `observe(${ev.id}): ${message(e)}`;
  } finally {
    t.observeMs += performance.now() - t0;
  }
}

/** Observe a person's events in order with one detector, timed once; stops at the first error (returned). */
export function runObserveAll(
  d: AnyDetector,
  state: unknown,
  events: EnrichedEvent[],
  ctx: PersonContext,
  params: unknown,
  t: DetectorTiming,
): string | undefined {
  const observe = d.observe;
  if (!observe) return undefined;
  const t0 = performance.now();
  let i = 0;
  try {
    for (; i < events.length; i++) observe(state, events[i], ctx, params);
    return undefined;
  } catch (e) {
    t.errors++;
    return `observe(${events[i]?.id}): ${message(e)}`;
  } finally {
    t.observeMs += performance.now() - t0;
  }
}

export function isSuppressed(s: Suppression, detector: string, personId: string, identifiers: string[], now: number): boolean {
  if (s.detector && s.detector !== detector) return false;
  if (s.until && Date.parse(s.until) < now) return false;
  if (s.person) {
    const p = s.person.toLowerCase();
    if (p !== personId.toLowerCase() && !identifiers.some((i) => i.toLowerCase() === p)) return false;
  }
  return true;
}

export function runEvaluate(
  d: AnyDetector,
  state: unknown,
  ctx: PersonContext,
  params: unknown,
  pop: Population,
  t: DetectorTiming,
  suppressions: Suppression[],
  identifiers: string[],
): { findings: Finding[] } | { error: string } {
  const id = d.definition.id;
  const t0 = performance.now();
  try {
    const drafts = d.evaluate(state, ctx, params, pop);
    const now = Date.now();
    const active = suppressions.filter((s) => isSuppressed(s, id, ctx.personId, identifiers, now));
    if (active.length > 0) return { findings: [] };
    return { findings: drafts.map((f) => ({ detector: id, ...f })) };
  } catch (e) {
    t.errors++;
    return { error: `evaluate: ${message(e)}` };
  } finally {
    t.evaluateMs += performance.now() - t0;
  }
}
