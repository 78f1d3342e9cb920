// The host of a URL or host name as endpoint and candidate records give it (RemoteUrl, a profile link). Pure.

/** A URL or host name → its lower-case host: no scheme, user, path, query or port ("https://evil.example:8443/x" → "evil.example"). */
export function domainOf(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  let s = v.trim();
  const scheme = s.indexOf('://');
  if (scheme >= 0 && scheme < 12) s = s.slice(scheme + 3);
  let end = s.length;
  for (const c of ['/', '?', '#']) {
    const i = s.indexOf(c);
    if (i >= 0 && i < end) end = i;
  }
  s = s.slice(0, end);
  const at = s.lastIndexOf('@');
  if (at >= 0) s = s.slice(at + 1);
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    return close > 1 ? s.slice(1, close).toLowerCase() : undefined; // an IPv6 literal
  }
  const colon = s.indexOf(':');
  if (colon >= 0 && s.indexOf(':', colon + 1) < 0) s = s.slice(0, colon);
  s = s.replace(/\.$/, '').toLowerCase();
  return s.length === 0 || s.length > 253 || /[\s<>"'\\]/.test(s) ? undefined : s;
}
