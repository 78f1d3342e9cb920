// "Did you mean …?" for a mistyped command, option, config key or detector id. Pure.

/** Edit distance counting an insertion, a deletion, a substitution or a swap of two neighbours as one edit. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => [i, ...new Array<number>(n).fill(0)]);
  for (let j = 0; j <= n; j++) d[0][j] = j;
  for (let i = 1; i <= m; i++)
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[m][n];
}

/**
 * The candidate `input` most likely meant: the closest by edit distance (case ignored) within a third of its length
 * (at least 1, at most 3 edits), else the only candidate it is a prefix of. Undefined when nothing is close.
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const x = input.toLowerCase();
  const all = [...candidates];
  const limit = Math.max(1, Math.min(3, Math.floor(x.length / 3)));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of all) {
    const dist = editDistance(x, c.toLowerCase());
    if (dist < bestD) {
      best = c;
      bestD = dist;
    }
  }
  if (best !== undefined && bestD <= limit) return best;
  if (x.length >= 2) {
    const prefixed = all.filter((c) => c.toLowerCase().startsWith(x));
    if (prefixed.length === 1) return prefixed[0];
  }
  return undefined;
}

/** " (did you mean X?)" or "". */
export function didYouMeanText(input: string, candidates: Iterable<string>): string {
  const s = didYouMean(input, candidates);
  return s === undefined ? '' : ` (did you mean ${s}?)`;
}
