// Where a JSON text went wrong, for error messages that name a byte offset. Used only after JSON.parse failed.
// V8 names the position for most errors ("... in JSON at position 42") but not for "Unexpected token 'x', ... is
// not valid JSON" nor "Unexpected end of JSON input"; then a strict scan of the grammar finds it.

const POSITION = /at position (\d+)/;

/** UTF-16 index in `text` where it stops being valid JSON (text.length when it ends too early). */
export function jsonErrorIndex(text: string, err: unknown): number {
  const msg = err instanceof Error ? err.message : String(err);
  const m = POSITION.exec(msg);
  if (m) return Number(m[1]);
  return locateJsonError(text);
}

/** Byte offset (UTF-8) of UTF-16 index `index` in `text`, plus 1-based line and column. */
export function describeIndex(text: string, index: number): { byteOffset: number; line: number; column: number } {
  const head = text.slice(0, index);
  let line = 1;
  let lastNl = -1;
  for (let i = head.indexOf('\n'); i !== -1; i = head.indexOf('\n', i + 1)) {
    line++;
    lastNl = i;
  }
  return { byteOffset: Buffer.byteLength(head, 'utf8'), line, column: index - lastNl };
}

class Fail {
  constructor(readonly at: number) {}
}

/** Strict RFC 8259 scan; returns the index of the first offending character, or -1 when `text` is valid. */
export function locateJsonError(text: string): number {
  const n = text.length;
  let i = 0;
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };
  const fail = (): never => {
    throw new Fail(Math.min(i, n));
  };
  const digits = (): number => {
    const s = i;
    while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    return i - s;
  };
  const str = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= n) fail();
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 0x20) fail();
      if (c === 92) {
        i++;
        if (i >= n) fail();
        const e = text[i];
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) {
            i++;
            if (i >= n || !/[0-9a-fA-F]/.test(text[i])) fail();
          }
        } else if ('"\\/bfnrt'.indexOf(e) === -1) fail();
      }
      i++;
    }
  };
  const literal = (word: string): void => {
    for (let k = 0; k < word.length; k++, i++) if (i >= n || text[i] !== word[k]) fail();
  };
  const value = (): void => {
    ws();
    if (i >= n) fail();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        str();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') return str();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c >= '0' && c <= '9')) {
      if (c === '-') i++;
      if (text[i] === '0') i++;
      else if (digits() === 0) fail();
      if (text[i] === '.') {
        i++;
        if (digits() === 0) fail();
      }
      if (text[i] === 'e' || text[i] === 'E') {
        i++;
        if (text[i] === '+' || text[i] === '-') i++;
        if (digits() === 0) fail();
      }
      return;
    }
    fail();
  };
  try {
    value();
    ws();
    if (i < n) fail();
    return -1;
  } catch (e) {
    if (e instanceof Fail) return e.at;
    if (e instanceof RangeError) return i; // nesting deeper than the stack: report where we were
    throw e;
  }
}
