// Cell readers for usage reports (Teams user activity, Slack member analytics): counts, yes/no flags and calendar
// dates, from JSON values or CSV text. Pure; no regular expressions (every value may be hostile); each reader returns
// the value, `undefined` for an absent / empty cell, or a `Bad` naming why the text is not such a value.
import { excerpt } from '../excerpt.ts';
import { daysInMonth } from '../okta-systemlog/values.ts';

export interface Bad {
  bad: string;
}
export const isBad = (v: unknown): v is Bad => typeof v === 'object' && v !== null && 'bad' in v;

/** A value as a message may quote it: short, escaped, JSON-quoted when text. */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(excerpt(v, 40));
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Null, undefined, or text that is empty after trimming: the source does not give the value. */
export const isEmpty = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Largest count accepted (a day's or a half-year's messages stay far below; beyond it the number is garbage). */
export const MAX_COUNT = 1e9;

/** A non-negative integer count from a JSON number or decimal digits ("49"); Bad for anything else. */
export function count(v: unknown): number | undefined | Bad {
  if (isEmpty(v)) return undefined;
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= MAX_COUNT ? v : { bad: `not a count: ${show(v)}` };
  if (typeof v !== 'string') return { bad: `not a count: ${show(v)}` };
  const s = v.trim();
  if (s.length > 10) return { bad: `not a count: ${show(v)}` };
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return { bad: `not a count: ${show(v)}` };
    n = n * 10 + d;
  }
  return n <= MAX_COUNT ? n : { bad: `not a count: ${show(v)}` };
}

/** true / false from a JSON boolean or True / False / Yes / No text (any case); Bad for anything else. */
export function flag(v: unknown): boolean | undefined | Bad {
  if (isEmpty(v)) return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && v.length <= 8) {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === 'yes') return true;
    if (s === 'false' || s === 'no') return false;
  }
  return { bad: `not true/false: ${show(v)}` };
}

function d(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * A calendar date `YYYY-MM-DD` (optionally followed by a midnight time `T00:00:00[Z]`, as some JSON writers add)
 * → epoch ms of that day's midnight UTC. Bad for any other text and for days that do not exist (2024-02-30).
 */
export function calendarDate(v: unknown): number | undefined | Bad {
  if (isEmpty(v)) return undefined;
  if (typeof v !== 'string') return { bad: `not a date (YYYY-MM-DD): ${show(v)}` };
  const s = v.trim();
  const tail = s.slice(10);
  const okTail = tail === '' || tail === 'T00:00:00' || tail === 'T00:00:00Z' || tail === 'T00:00:00.000Z';
  const y = d(s, 0, 4);
  const m = d(s, 5, 2);
  const day = d(s, 8, 2);
  if (!okTail || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || y < 0 || m < 1 || m > 12 || day < 1 || day > daysInMonth(y, m))
    return { bad: `not a date (YYYY-MM-DD): ${show(v)}` };
  return Date.UTC(y, m - 1, day);
}

/** The canonical `YYYY-MM-DD` of a midnight-UTC epoch ms. */
export const dayText = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
