// JSON parameters that PostgreSQL text and jsonb can hold (shared by the store and the candidate index).
/**
 * JSON text for a parameter. PostgreSQL text and jsonb cannot hold U+0000, and its JSON parser rejects a lone UTF-16
 * surrogate (which JSON.stringify writes as an escape such as \ud800), so an escaped NUL or lone surrogate becomes
 * U+FFFD (the only change made to stored data). JSON.stringify writes a well-formed surrogate pair as the character
 * itself, so every surrogate escape in its output is a lone one. Escapes are scanned left to right so an escaped
 * backslash followed by "u0000" is left alone.
 */
const LONE_SURROGATE_ESCAPE = /\\ud[89a-f][0-9a-f]{2}/;

export function toJsonParam(value: unknown): string {
  const s = JSON.stringify(value);
  return s.includes('\\u0000') || LONE_SURROGATE_ESCAPE.test(s)
    ? s.replace(/\\(?:\\|u0000|ud[89a-f][0-9a-f]{2})/g, (m) => (m === '\\\\' ? m : '\\ufffd'))
    : s;
}

