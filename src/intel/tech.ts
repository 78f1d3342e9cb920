// The dated-technology catalogue (data/tech/releases.json): when a technology a resume names first became available,
// with the source of the date. `technology(name)` answers for a name as written in a technologies list (a skills
// line, a work entry's keywords); `findTechnologies(text)` finds them in prose (summaries, highlights), where
// ambiguous names (Go, Swift, React, Spark, Julia…: English words, given names, other products) are NOT matched.
// Matching is case-insensitive on whole names after normalisation; a trailing version ("Angular 1.5", "Python 3",
// "Vue3") is tried as written, then with fewer version parts, then without ("angular 1.5" → "angular 1" → AngularJS).
// Linear time in the input: inputs are bounded (names ≤ 100 characters, text ≤ 200 000) and tokenised by one
// character class scan; lookups are Map hits.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { TechRelease } from '../core/check.ts';

const YearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'yyyy-mm');

export const TechEntry = z.strictObject({
  name: z.string().min(1).max(80),
  released: YearMonth,
  stable: YearMonth.optional(),
  category: z.string().min(1),
  aliases: z.array(z.string().min(1).max(80)).default([]),
  /** Names that are also ordinary words, given names or other products: trusted in a technologies list only. */
  ambiguousAliases: z.array(z.string().min(1).max(80)).default([]),
  /** Exact spellings (case-sensitive) that mean something else ("SWIFT", the interbank network): never matched. */
  excludeExact: z.array(z.string().min(1).max(80)).default([]),
  reference: z.url(),
  note: z.string().optional(),
  /** How the date was checked while building the catalogue (which source said what). */
  verifiedWith: z.string().optional(),
  /**
   * Ambiguous aliases written exactly so (case-sensitive: "React", "Go", "dbt") count in prose when not the first word
   * of a sentence: "built the service with React" (not "react quickly", not a sentence starting "Go …").
   */
  proseCased: z.boolean().default(false),
  /** "<name> <major>" with a major version from `from` on names this entry ("Angular 14" → Angular 2+). */
  versionsOf: z.strictObject({ name: z.string().min(1), from: z.number().int().nonnegative() }).optional(),
});
export type TechEntry = z.infer<typeof TechEntry>;

export const TechCatalogFile = z.strictObject({
  schema: z.literal('sleetwatch.tech-releases/v1'),
  generated: z.string().optional(),
  technologies: z.array(TechEntry).min(1).max(5000),
});

export const defaultTechFile = (): string => fileURLToPath(new URL('../../data/tech/releases.json', import.meta.url));

const MAX_NAME = 100;
const MAX_TEXT = 200_000;
const MAX_WORDS = 4;

/** Lower case, NFKC, inner whitespace collapsed, surrounding punctuation other than . + # dropped. */
export function normaliseTech(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^[^a-z0-9.+#]+|[^a-z0-9.+#]+$/g, '');
}

// "1", "1.5", "v2", "3.x", "2+" — one version token.
const VERSION = /^v?\d{1,4}(\.(\d{1,4}|x))*\+?$/;

/** The keys to try for a name, most specific first: as written, then with shorter versions, then none. */
function candidates(key: string): string[] {
  const out = [key];
  const sp = key.lastIndexOf(' ');
  const last = sp >= 0 ? key.slice(sp + 1) : '';
  if (sp > 0 && VERSION.test(last)) {
    const base = key.slice(0, sp);
    const parts = last.replace(/^v/, '').replace(/\+$/, '').split('.');
    for (let n = parts.length - 1; n >= 1; n--) out.push(`${base} ${parts.slice(0, n).join('.')}`);
    if (parts.length > 1 || last.endsWith('+') || last.startsWith('v')) out.push(`${base} ${parts[0]}`);
    out.push(base);
  } else {
    // A version glued to the name: "vue3", "python3", "angular2" (never when the whole key is digits).
    const m = /^([a-z][a-z.+#-]*[a-z])(\d{1,2})$/.exec(key);
    if (m) out.push(`${m[1]} ${m[2]}`, m[1]);
  }
  return [...new Set(out)];
}

interface Slot {
  entry: TechEntry;
  release: TechRelease;
  ambiguous: boolean;
}

export class TechCatalog {
  readonly entries: readonly TechEntry[];
  private readonly byKey = new Map<string, Slot>();
  private readonly excluded = new Set<string>();
  private readonly versioned = new Map<string, { from: number; slot: Slot }[]>();
  /** Exact spellings of ambiguous aliases of `proseCased` entries. */
  private readonly cased = new Set<string>();

  constructor(entries: readonly TechEntry[]) {
    this.entries = entries;
    for (const e of entries) {
      const release: TechRelease = { name: e.name, released: e.released, reference: e.reference, ...(e.stable ? { stable: e.stable } : {}) };
      const amb = new Set(e.ambiguousAliases.map(normaliseTech));
      for (const x of e.excludeExact) this.excluded.add(x);
      if (e.proseCased) for (const x of e.ambiguousAliases) this.cased.add(x);
      for (const alias of [e.name, ...e.aliases, ...e.ambiguousAliases]) {
        const key = normaliseTech(alias);
        if (!key) throw new Error(`tech catalogue: "${e.name}" has an empty alias`);
        const prev = this.byKey.get(key);
        if (prev && prev.entry !== e) throw new Error(`tech catalogue: alias "${alias}" names both "${prev.entry.name}" and "${e.name}"`);
        this.byKey.set(key, { entry: e, release, ambiguous: amb.has(key) });
      }
      if (e.versionsOf) {
        const base = normaliseTech(e.versionsOf.name);
        const list = this.versioned.get(base) ?? [];
        list.push({ from: e.versionsOf.from, slot: { entry: e, release, ambiguous: false } });
        list.sort((a, b) => b.from - a.from);
        this.versioned.set(base, list);
      }
    }
  }

  /** A technology by the name a technologies list gives (ambiguous names included, marked `ambiguous`). */
  technology(name: string): TechRelease | undefined {
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME) return undefined;
    const trimmed = name.trim();
    if (this.excluded.has(trimmed)) return undefined;
    const key = normaliseTech(trimmed);
    if (!key) return undefined;
    const exact = this.byKey.get(key);
    if (!exact && this.versioned.size) {
      // "Angular 14": a major version that names a later generation of the product.
      const sp = key.lastIndexOf(' ');
      let base: string | undefined;
      let ver: string | undefined;
      if (sp > 0 && VERSION.test(key.slice(sp + 1))) [base, ver] = [key.slice(0, sp), key.slice(sp + 1)];
      else {
        const g = /^([a-z.+#-]*[a-z])(\d{1,4})$/.exec(key);
        if (g) [base, ver] = [g[1], g[2]];
      }
      const major = ver === undefined ? NaN : parseInt(ver.replace(/^v/, ''), 10);
      const hit = base !== undefined ? this.versioned.get(base)?.find((v) => major >= v.from) : undefined;
      if (hit) return hit.slot.release;
    }
    for (const k of candidates(key)) {
      const slot = this.byKey.get(k);
      if (slot) return slot.ambiguous ? { ...slot.release, ambiguous: true, ...(this.cased.has(trimmed) ? { casedMatch: true } : {}) } : slot.release;
    }
    return undefined;
  }

  /**
   * Technologies named in prose: whole words (1–4 words, longest first), ambiguous names skipped. Each hit gives the
   * words as written and their offset, so a caller can look at what surrounds them (a year nearby).
   */
  findTechnologies(text: string): { tech: TechRelease; as: string; index: number }[] {
    if (typeof text !== 'string' || text.length === 0) return [];
    const src = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
    const words: { w: string; i: number }[] = [];
    // One pass, no backtracking: a word starts with a letter, digit or a dot before a letter (".NET").
    const re = /\.?[A-Za-z0-9][A-Za-z0-9.+#-]*/g;
    for (let m = re.exec(src); m; m = re.exec(src)) {
      let w = m[0];
      while (w.endsWith('.') || w.endsWith('-')) w = w.slice(0, -1);
      if (w) words.push({ w, i: m.index });
    }
    const out: { tech: TechRelease; as: string; index: number }[] = [];
    for (let i = 0; i < words.length; ) {
      let hit = 0;
      for (let n = Math.min(MAX_WORDS, words.length - i); n >= 1 && !hit; n--) {
        const as = words.slice(i, i + n).map((x) => x.w).join(' ');
        if (this.excluded.has(as)) continue;
        const slot = this.byKey.get(normaliseTech(as));
        if (slot && (!slot.ambiguous || (this.cased.has(as) && !sentenceInitial(src, words, i)))) {
          out.push({ tech: slot.release, as, index: words[i].i });
          hit = n;
        }
      }
      if (!hit && words[i].w.includes('-')) {
        // "Kubernetes-based", "React-powered": the name before the first hyphen.
        const as = words[i].w.slice(0, words[i].w.indexOf('-'));
        const slot = as && !this.excluded.has(as) ? this.byKey.get(normaliseTech(as)) : undefined;
        if (slot && !slot.ambiguous) out.push({ tech: slot.release, as, index: words[i].i });
      }
      i += hit || 1;
    }
    return out;
  }
}

/** The word starts a sentence (first word, or after . ! ? ; : a bullet or a line break). */
export function sentenceInitial(text: string, words: readonly { w: string; i: number }[], k: number): boolean {
  if (k === 0) return true;
  const prev = words[k - 1];
  return /[.!?;:•\n\r]/.test(text.slice(prev.i + prev.w.length, words[k].i));
}

/** Reads and validates a catalogue file; a bad file is an error naming the entry and field. */
export function loadTechCatalog(file: string = defaultTechFile()): TechCatalog {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`tech catalogue ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const r = TechCatalogFile.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`tech catalogue ${file}: ${i.path.join('.')}: ${i.message}`);
  }
  return new TechCatalog(r.data.technologies);
}

let cached: TechCatalog | undefined;
/** The committed catalogue, loaded once. */
export function techCatalog(): TechCatalog {
  return (cached ??= loadTechCatalog());
}

/** `VetContext.technology` over the committed catalogue. */
export function technology(name: string): TechRelease | undefined {
  return techCatalog().technology(name);
}

export function findTechnologies(text: string): { tech: TechRelease; as: string; index: number }[] {
  return techCatalog().findTechnologies(text);
}
