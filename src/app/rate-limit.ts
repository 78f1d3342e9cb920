// A sliding-window counter in memory (per process): the login rate limit. Each key keeps the times of its recent
// failures; a key at its limit is refused until the oldest of them leaves the window. The number of keys is bounded
// (the least recently used key goes first), so a flood of made-up user names cannot grow memory without limit.

export class SlidingWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const h = this.hits.get(key);
    if (!h) return [];
    const from = now - this.windowMs;
    let i = 0;
    while (i < h.length && h[i] <= from) i++;
    if (i > 0) h.splice(0, i);
    if (h.length === 0) this.hits.delete(key);
    return h;
  }

  /** Seconds until `key` may try again when it has `limit` hits in the window; 0 when it may now. */
  retryAfter(key: string, limit: number, now: number): number {
    const h = this.recent(key, now);
    if (h.length < limit) return 0;
    return Math.max(1, Math.ceil((h[h.length - limit] + this.windowMs - now) / 1000));
  }

  hit(key: string, now: number): void {
    const h = this.recent(key, now);
    h.push(now);
    this.hits.delete(key); // re-insert: Map order is recency order
    this.hits.set(key, h);
    if (h.length > 1000) h.splice(0, h.length - 1000); // no limit is that high: keep the tail only
    while (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value as string);
  }

  clear(key: string): void {
    this.hits.delete(key);
  }
}
