// Storage-safe and message-safe strings (issue 7, hostile input). Every item a format emits passes the reader's
// Collector, which runs it through sanitizeItem before the sink sees it: a lone UTF-16 surrogate ("\ud800") and the
// C0 control characters other than tab, newline and carriage return (NUL above all) become U+FFFD. PostgreSQL refuses
// both in text and jsonb ("unsupported Unicode escape sequence", "invalid byte sequence for encoding UTF8: 0x00"),
// terminals act on control characters, and a lone surrogate cannot be written as UTF-8. Pure; the common case (a
// clean string) is one scan by a single-character-class regex (linear) and no allocation.

/** Could need replacing: a C0 control other than \t \n \r, or any surrogate (a valid pair is then kept). */
const SUSPECT = /[\0-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]/;
export const REPLACEMENT = '\ufffd';
/** Items are shallow (an event nests 3 levels); deeper structures are not walked. */
const MAX_DEPTH = 16;
/**
 * Longest string a normalised item may hold: 64 Ki characters. Real fields (names, user agents, app names, addresses)
 * are under 2 KB; a longer one is an attack or a broken export, and would be copied into the event log, findings and
 * messages. Such a record is rejected naming the field (see oversizedField).
 */
export const MAX_FIELD_CHARS = 65_536;

/** The text with lone surrogates and C0 controls (except tab, newline, CR) replaced by U+FFFD. */
export function safeText(s: string): string {
  if (!SUSPECT.test(s)) return s;
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) {
      if (c === 9 || c === 10 || c === 13) continue;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++; // a valid pair
        continue;
      }
    } else if (c < 0xdc00 || c > 0xdfff) continue;
    out += s.slice(from, i) + REPLACEMENT;
    from = i + 1;
  }
  return out + s.slice(from);
}

/** True when the text holds nothing safeText would replace. */
export const isSafeText = (s: string): boolean => safeText(s) === s;

let sawLong = false;

/**
 * Replace, in place, every unsafe string in an item (plain objects and arrays, as parsers build them). Returns the
 * item; `sanitizeItem.long` tells whether it held a string longer than MAX_FIELD_CHARS (oversizedField names it).
 */
export function sanitizeItem<T extends object>(item: T): T {
  sawLong = false;
  walk(item as Record<string, unknown>, 0);
  return item;
}

/**
 * For items parsed from JSON text with no \u, \b or \f escape: such strings cannot hold a control character or a
 * lone surrogate (JSON forbids them raw, and decoded UTF-8 yields none), so only their length is checked. Returns
 * whether one is longer than MAX_FIELD_CHARS.
 */
export function hasLongString(o: object, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(o)) {
    for (let i = 0; i < o.length; i++) {
      const v: unknown = o[i];
      if (typeof v === 'string') {
        if (v.length > MAX_FIELD_CHARS) return true;
      } else if (v !== null && typeof v === 'object' && hasLongString(v, depth + 1)) return true;
    }
    return false;
  }
  for (const k in o) {
    const v = (o as Record<string, unknown>)[k];
    if (typeof v === 'string') {
      if (v.length > MAX_FIELD_CHARS) return true;
    } else if (v !== null && typeof v === 'object' && hasLongString(v, depth + 1)) return true;
  }
  return false;
}

/** Whether the item last given to sanitizeItem held a string longer than MAX_FIELD_CHARS. */
export const lastItemHadLongString = (): boolean => sawLong;

/** The path of the first string in the item longer than MAX_FIELD_CHARS (e.g. "app", "phones.0.value"), if any. */
export function oversizedField(item: object, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  for (const [k, v] of Object.entries(item)) {
    if (typeof v === 'string') {
      if (v.length > MAX_FIELD_CHARS) return k;
    } else if (v !== null && typeof v === 'object') {
      const sub = oversizedField(v, depth + 1);
      if (sub !== undefined) return `${k}.${sub}`;
    }
  }
  return undefined;
}

function walk(o: Record<string, unknown> | unknown[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(o)) {
    for (let i = 0; i < o.length; i++) {
      const v = o[i];
      if (typeof v === 'string') {
        if (v.length > MAX_FIELD_CHARS) sawLong = true;
        const s = safeText(v);
        if (s !== v) o[i] = s;
      } else if (v !== null && typeof v === 'object') walk(v as Record<string, unknown>, depth + 1);
    }
    return;
  }
  for (const k in o) {
    const v = o[k];
    if (typeof v === 'string') {
      if (v.length > MAX_FIELD_CHARS) sawLong = true;
      const s = safeText(v);
      if (s !== v) o[k] = s;
    } else if (v !== null && typeof v === 'object') walk(v as Record<string, unknown>, depth + 1);
  }
}
