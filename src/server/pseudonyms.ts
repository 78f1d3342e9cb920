// Search by pseudonym. A pseudonym is a keyed hash of the personId (the auth part of issue 11 supplies the
// pseudonymiser, an HMAC under the store's secret), so the database cannot match a prefix of it: this keeps every person's
// pseudonym in a sorted array, brought up to date when the store's batch version moves (only the people written since),
// and answers a prefix by binary search. 100,000 people cost one id query and 100,000 HMACs once per process.
import type { Store } from '../store/types.ts';

export type PseudonymOf = (personId: string) => string;

/** Pseudonyms are compared without case, spaces, dashes or the "Person" label ("Person 4KQ7-M2XD" = "4kq7m2xd"). */
export const pseudonymKey = (s: string): string => s.toUpperCase().replace(/^\s*PERSON\b/, '').replace(/[^0-9A-Z]/g, '');

export class PseudonymSearch {
  private keys: string[] = [];
  private readonly known = new Set<string>();
  private ids: string[] = [];
  private version = -1;
  private building: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    /** The current pseudonymiser (the auth part's AuthService.pseudonyms: keyed by the store's secret). */
    private readonly pseudonyms: () => Promise<PseudonymOf>,
  ) {}

  /**
   * Bring the index up to the store's version: the first time every person, then only the people batches wrote since
   * (a person's pseudonym never changes, and people are never deleted), merged into the sorted arrays.
   */
  private async refresh(): Promise<void> {
    const v = await this.store.currentVersion();
    if (v === this.version) return;
    this.building ??= (async () => {
      try {
        const of = await this.pseudonyms();
        const fresh = (await this.store.personIds(this.version < 0 ? undefined : this.version)).filter((id) => !this.known.has(id));
        const pairs = fresh.map((id) => [pseudonymKey(of(id)), id] as const);
        for (const [, id] of pairs) this.known.add(id);
        if (pairs.length > 0) {
          const all = [...this.keys.map((k, i) => [k, this.ids[i]] as const), ...pairs];
          all.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
          this.keys = all.map((p) => p[0]);
          this.ids = all.map((p) => p[1]);
        }
        this.version = v;
      } finally {
        this.building = undefined;
      }
    })();
    await this.building;
  }

  /** PersonIds whose pseudonym starts with `prefix` (at most `max`); none for a prefix with no letter or digit. */
  async idsWithPrefix(prefix: string, max: number): Promise<string[]> {
    const k = pseudonymKey(prefix);
    if (!k) return [];
    await this.refresh();
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid] < k) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < this.keys.length && out.length < max && this.keys[i].startsWith(k); i++) out.push(this.ids[i]);
    return out;
  }
}
