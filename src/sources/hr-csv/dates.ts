// Start / hire dates as HR systems export them. Dates without a time are midnight UTC of that day.
import { daysInMonth } from '../okta-systemlog/values.ts';
import { parseIsoUtc } from '../timestamps.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// US order, as Excel and most US HR systems write it; an optional time part ("1/15/2024 0:00") is ignored.
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T,]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?$/;

function ymd(y: number, m: number, d: number): number | undefined {
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return Date.UTC(y, m - 1, d);
}

/**
 * Epoch ms of "2024-01-15", an ISO 8601 date-time ("2024-01-15T09:00:00Z"), or "1/15/2024" (month first).
 * Undefined for anything else, including day-first dates ("15/01/2024") and days that do not exist.
 */
export function parseHrDate(s: string): number | undefined {
  let m = ISO_DATE.exec(s);
  if (m) return ymd(+m[1], +m[2], +m[3]);
  m = US_DATE.exec(s);
  if (m) return ymd(+m[3], +m[1], +m[2]);
  return parseIsoUtc(s);
}
