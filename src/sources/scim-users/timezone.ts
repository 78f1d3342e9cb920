// IANA time-zone names as the runtime's ICU accepts them (links such as "US/Eastern" included). Shared with hr-csv.
// The name is kept as given: ICU resolves "EST" to America/Panama, which would read wrongly as a claim.
const known = new Map<string, boolean>();

/** True when Intl accepts `tz` as a time zone ("America/Los_Angeles", "US/Eastern", "UTC"); "Mars/Olympus" is not. */
export function checkTimeZone(tz: string): boolean {
  let ok = known.get(tz);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      ok = true;
    } catch {
      ok = false;
    }
    if (known.size > 10_000) known.clear();
    known.set(tz, ok);
  }
  return ok;
}
