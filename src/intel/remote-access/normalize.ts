// Normalisation shared by the catalog build (scripts/build-remote-access-catalog.mjs, run with tsx) and the
// matcher, so a catalog key and an observation are reduced the same way. Pure string functions; none builds a
// regular expression from data, and every regex here is a fixed one without nested quantifiers (linear time).

/** Longest value looked at, in UTF-16 units: longer observations are not matched at all (no real name, path or host is this long). */
export const MAX_VALUE = 2048;

// Control characters, zero-width and bidi marks, BOM: dropped before anything else.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/** NFKC, invisible characters dropped, lower case, whitespace collapsed and trimmed. '' for a value over MAX_VALUE. */
export function normText(s: string): string {
  if (s.length > MAX_VALUE) return '';
  return s.normalize('NFKC').replace(INVISIBLE, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

const ARCH = new Set(['x64', 'x86', 'x86_64', 'amd64', 'arm64', 'aarch64', '64-bit', '32-bit', '64bit', '32bit', 'win64', 'win32']);
const VERSION = /^v?\d+(?:[._-]\d+)*[a-z]?$/;

/**
 * Words of a program/product name: NFKC lower case, ®/™/© and bracketed parts dropped, punctuation other than
 * '.', '+', '&' inside a word turned into spaces, version numbers and architecture tags dropped.
 * "TeamViewer 15 (x64)" → ["teamviewer"]; "Splashtop® Streamer" → ["splashtop", "streamer"].
 */
export function nameWords(s: string, keepBrackets = false): string[] {
  let t = normText(s).replace(/[®™©]/g, '');
  if (!keepBrackets) t = t.replace(/\([^()]*\)|\[[^[\]]*\]/g, ' ');
  const out: string[] = [];
  for (let w of t.split(/[\s"'`’‘“”,;:!?|/\\()[\]{}<>_=~-]+/)) {
    w = w.replace(/^[.&+*#]+|[.&+*#]+$/g, '');
    if (!w || ARCH.has(w) || VERSION.test(w)) continue;
    out.push(w);
  }
  return out;
}

/** Compact key of a name: its words joined without separators ("Ultra VNC" and "UltraVNC" → "ultravnc"). */
export function nameKey(s: string, keepBrackets = false): string {
  return nameWords(s, keepBrackets).join('').replace(/\./g, '');
}

// Legal-form words dropped from organisation names (publisher, company, signer).
const LEGAL = new Set([
  'inc', 'incorporated', 'llc', 'l.l.c', 'ltd', 'limited', 'gmbh', 'co', 'corp', 'corporation', 'company', 'plc', 'sa', 's.a',
  'ag', 'bv', 'b.v', 'nv', 'srl', 's.r.l', 'sro', 's.r.o', 'spa', 's.p.a', 'pte', 'pty', 'ooo', 'oy', 'ab', 'as', 'a/s', 'aps',
  'kft', 'kg', 'sas', 'sarl', 'ltda', 'kk', 'k.k', 'lp', 'llp', 'ltd.', 'sl', 's.l', 'se', 'zrt', 'doo', 'd.o.o', 'tov', 'fzco', 'fze',
]);

/** Compact key of an organisation name, legal forms dropped: "TeamViewer Germany GmbH" → "teamviewergermany". */
export function orgKey(s: string): string {
  const words = normText(s).replace(/[®™©]/g, '').split(/[\s"'`’,;:!?|\\()[\]{}<>_=~-]+/);
  const out: string[] = [];
  for (const w0 of words) {
    const w = w0.replace(/^[.&+*#]+|[.&+*#]+$/g, '');
    if (!w || LEGAL.has(w)) continue;
    out.push(w);
  }
  return out.join('').replace(/[.&+/]/g, '');
}

/** File name of an executable, lower case: the part after the last '/' or '\\' ("C:\\X\\AnyDesk.exe" → "anydesk.exe"). */
export function exeKey(s: string): string {
  const t = normText(s);
  const i = Math.max(t.lastIndexOf('/'), t.lastIndexOf('\\'));
  return (i >= 0 ? t.slice(i + 1) : t).trim();
}

/**
 * Host name of a network observation: scheme, user info, path, query, port and trailing dot dropped, lower case
 * ("https://relay-1.AnyDesk.com:443/x" → "relay-1.anydesk.com"). undefined for an IP address, a value with
 * characters a host name cannot hold, or one over 253 characters.
 */
export function hostKey(s: string): string | undefined {
  const t = bareHost(s);
  if (!t || t.length > 253 || !/^[a-z0-9_.-]+$/.test(t) || /^[0-9.]+$/.test(t)) return undefined;
  return t;
}

/** The IPv4 address of a network observation ("136.243.18.122:443" → "136.243.18.122"), else undefined. */
export function ipv4Key(s: string): string | undefined {
  const t = bareHost(s);
  if (!t || !/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(t)) return undefined;
  const parts = t.split('.').map(Number);
  return parts.every((n) => n <= 255) ? parts.join('.') : undefined;
}

/** Scheme, user info, path, query, port and trailing dot dropped; undefined for IPv6 or an empty value. */
function bareHost(s: string): string | undefined {
  let t = normText(s);
  if (!t) return undefined;
  const scheme = t.indexOf('://');
  if (scheme >= 0 && scheme < 16) t = t.slice(scheme + 3);
  const slash = t.search(/[/?#]/);
  if (slash >= 0) t = t.slice(0, slash);
  const at = t.lastIndexOf('@');
  if (at >= 0) t = t.slice(at + 1);
  if (t.startsWith('[')) return undefined; // [IPv6]:port
  const colon = t.indexOf(':');
  if (colon >= 0) {
    if (t.indexOf(':', colon + 1) >= 0) return undefined; // bare IPv6
    t = t.slice(0, colon);
  }
  if (t.endsWith('.')) t = t.slice(0, -1);
  return t || undefined;
}

// Path roots: Windows folders under any spelling (environment variable or literal) become one token, so
// "%APPDATA%\\X" and "C:\\Users\\bob\\AppData\\Roaming\\X" compare equal. Order matters: longer first.
// Each entry: [prefix after lower-casing and '\\' → '/', token]. A '*' segment in a prefix stands for one path
// segment (the user name); it is handled by code, not by a regex.
const ROOTS: [string, string][] = [
  ['%userprofile%/appdata/roaming', '%appdata%'],
  ['%userprofile%/appdata/local/temp', '%temp%'],
  ['%userprofile%/appdata/local', '%localappdata%'],
  ['c:/users/*/appdata/roaming', '%appdata%'],
  ['c:/users/*/appdata/local/temp', '%temp%'],
  ['c:/users/*/appdata/local', '%localappdata%'],
  ['%localappdata%/temp', '%temp%'],
  ['%tmp%', '%temp%'],
  ['%temp%', '%temp%'],
  ['c:/windows/temp', '%windir%/temp'],
  ['%appdata%', '%appdata%'],
  ['%localappdata%', '%localappdata%'],
  ['%programfiles(x86)%', '%programfiles(x86)%'],
  ['%programfiles%', '%programfiles%'],
  ['%programw6432%', '%programfiles%'],
  ['%commonprogramfiles(x86)%', '%programfiles(x86)%/common files'],
  ['%commonprogramfiles%', '%programfiles%/common files'],
  ['c:/program files (x86)', '%programfiles(x86)%'],
  ['c:/program files', '%programfiles%'],
  ['%programdata%', '%programdata%'],
  ['%allusersprofile%', '%programdata%'],
  ['c:/programdata', '%programdata%'],
  ['%systemroot%', '%windir%'],
  ['%windir%', '%windir%'],
  ['c:/windows', '%windir%'],
  ['%userprofile%', '%userprofile%'],
  ['%homedrive%%homepath%', '%userprofile%'],
  ['%homepath%', '%userprofile%'],
  ['c:/users/*', '%userprofile%'],
  ['/users/*', '~'],
  ['/home/*', '~'],
  ['~', '~'],
];

/**
 * Canonical form of a file-system path or path pattern: NFKC lower case, '\\' → '/', repeated '/' collapsed,
 * "%SystemDrive%" → "c:", any drive letter's Program Files/Users/Windows folders → the tokens above
 * ("C:\\Users\\bob\\AppData\\Roaming\\AnyDesk" → "%appdata%/anydesk"), a trailing '/' dropped.
 */
export function pathKey(s: string): string {
  let t = normText(s).replace(/\\/g, '/').replace(/\/{2,}/g, '/');
  if (!t) return '';
  if (t.startsWith('"') && t.endsWith('"') && t.length > 1) t = t.slice(1, -1);
  if (t.startsWith('%systemdrive%')) t = 'c:' + t.slice('%systemdrive%'.length);
  if (/^[a-z]:\//.test(t) && t[0] !== 'c') {
    // Program Files and Users on another drive are still those folders.
    const rest = t.slice(2);
    if (/^\/(program files|users|windows|programdata)(\/|$| \()/.test(rest)) t = 'c:' + rest;
  }
  for (const [prefix, token] of ROOTS) {
    const r = stripPrefix(t, prefix);
    if (r !== undefined) {
      t = token + r;
      break;
    }
  }
  if (t.length > 1 && t.endsWith('/')) t = t.slice(0, -1);
  return t;
}

/** t without `prefix` (whose '*' segments match one segment of t), when t starts with it at a segment boundary. */
function stripPrefix(t: string, prefix: string): string | undefined {
  let i = 0;
  let j = 0;
  while (j < prefix.length) {
    if (prefix[j] === '*') {
      // one segment of t: up to the next '/', at least one character
      const end = t.indexOf('/', i);
      const segEnd = end < 0 ? t.length : end;
      if (segEnd === i) return undefined;
      i = segEnd;
      j++;
      continue;
    }
    if (t[i] !== prefix[j]) return undefined;
    i++;
    j++;
  }
  if (i < t.length && t[i] !== '/') return undefined;
  return t.slice(i);
}

/**
 * A glob with '*' only (any run of characters, '/' included), compiled to its literal parts. Matching is
 * leftmost-greedy with indexOf, which is exact for '*'-only globs and never backtracks: O(parts × length).
 */
export interface Glob { readonly source: string; readonly parts: readonly string[]; readonly anchoredStart: boolean; readonly anchoredEnd: boolean }

export function compileGlob(pattern: string): Glob {
  const parts = pattern.split('*');
  return {
    source: pattern,
    parts: parts.filter((p) => p.length > 0),
    anchoredStart: !pattern.startsWith('*'),
    anchoredEnd: !pattern.endsWith('*'),
  };
}

export function globMatch(g: Glob, s: string): boolean {
  const { parts } = g;
  if (parts.length === 0) return !g.anchoredStart && !g.anchoredEnd ? true : s.length === 0;
  let pos = 0;
  let first = 0;
  let last = parts.length;
  if (g.anchoredStart) {
    if (!s.startsWith(parts[0])) return false;
    pos = parts[0].length;
    first = 1;
  }
  let endLimit = s.length;
  if (g.anchoredEnd && last > first) {
    const tail = parts[last - 1];
    if (!s.endsWith(tail) || s.length - tail.length < pos) return false;
    endLimit = s.length - tail.length;
    last--;
  } else if (g.anchoredEnd && first === parts.length) {
    // a pattern without '*': whole string
    return pos === s.length;
  }
  for (let k = first; k < last; k++) {
    const at = s.indexOf(parts[k], pos);
    if (at < 0 || at + parts[k].length > endLimit) return false;
    pos = at + parts[k].length;
  }
  return true;
}

/** The literal prefix of a glob (up to its first '*'). */
export function globPrefix(pattern: string): string {
  const i = pattern.indexOf('*');
  return i < 0 ? pattern : pattern.slice(0, i);
}
