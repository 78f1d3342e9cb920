// Name keys for fuzzy name reuse. Pure. A person's names (given, family, display, other names) become a few keys:
// Unicode-folded (NFKD, combining marks stripped, lower case), tokens split on spaces and punctuation, hyphens and
// apostrophes inside a token dropped ("Min-jun" → "minjun", "O'Brien" → "obrien"), common romanisation variants
// mapped to one spelling (Lee/Yi/Rhee → lee, Gim → kim, Zhang/Chang → zhang, Muhammad/Mohammed → muhammad…).
// A key is `family|given-tokens-joined`; when the family name is unknown (a display name) both the first and the
// last token are tried as the family name. So "Kim Min-jun", "Minjun Kim" and "Min Jun Gim" share `kim|minjun`.
// Name keys only say "these could be the same name": common names collide, so a name match is never a finding alone.

/** Romanisation variants → one spelling. Sources: Revised Romanization / McCune–Reischauer and common Korean
 *  surname spellings (National Institute of Korean Language), Hanyu Pinyin / Wade–Giles / Cantonese spellings of
 *  common Chinese surnames, common transliterations of Arabic and Russian given names. */
const VARIANTS: Record<string, string[]> = {
  // Korean family names
  lee: ['yi', 'rhee', 'rhie', 'ri', 'li', 'lie', 'reeh'],
  park: ['pak', 'bak', 'bahk', 'pahk', 'paik', 'baek', 'baik'],
  choi: ['choe', 'choy', 'chey', 'chwe'],
  kim: ['gim', 'ghim', 'keem'],
  jeong: ['jung', 'chung', 'cheong', 'joung', 'jeung', 'chong'],
  kang: ['gang', 'kahng'],
  cho: ['jo', 'joe', 'chough'],
  yoon: ['yun', 'youn', 'yoen'],
  shin: ['sin', 'shinn'],
  han: ['hahn'],
  seo: ['suh', 'so', 'soh'],
  kwon: ['gwon', 'kwan'],
  hwang: ['whang'],
  ahn: ['an', 'ann'],
  song: ['soung'],
  ryu: ['yu', 'yoo', 'ryoo', 'rhyu', 'you'],
  im: ['lim', 'rim', 'yim'],
  noh: ['no', 'roh', 'ro'],
  // Chinese family names (Pinyin first)
  zhang: ['chang', 'jang', 'cheung', 'cheong'],
  wang: ['wong'],
  chen: ['chan', 'chin', 'tan'],
  zhou: ['chow', 'chou', 'chau'],
  liu: ['lau', 'lew', 'lao'],
  zhao: ['chao', 'chiu', 'chew'],
  xu: ['hsu', 'tsui', 'hui'],
  huang: ['hwong', 'hoang'],
  wu: ['woo', 'ng', 'ngo'],
  sun: ['suen', 'soon'],
  zheng: ['cheng', 'chiang'],
  guo: ['kuo', 'kwok'],
  he: ['ho', 'hoh'],
  lin: ['lam'],
  // Arabic / Russian given names
  muhammad: ['mohammed', 'mohammad', 'mohamed', 'muhammed', 'mohamad', 'mohamud', 'muhamed', 'mehmet', 'mohd'],
  ahmad: ['ahmed', 'ahmet'],
  hussein: ['hussain', 'husain', 'husein', 'hossain', 'hussien'],
  yusuf: ['yousef', 'youssef', 'yousif', 'yusif'],
  abdullah: ['abdulla', 'abdallah'],
  aleksandr: ['alexander', 'aleksander', 'alexandr', 'oleksandr'],
  sergei: ['sergey', 'serhii', 'serhiy', 'sergej'],
  dmitri: ['dmitry', 'dmitriy', 'dmytro'],
  yuri: ['yury', 'yuriy', 'iurii', 'yurii'],
  andrei: ['andrey', 'andrii', 'andriy'],
};

const CANON = new Map<string, string>();
for (const [canon, vs] of Object.entries(VARIANTS)) {
  CANON.set(canon, canon);
  for (const v of vs) if (!CANON.has(v)) CANON.set(v, canon);
}

const MAX_NAME = 200;
const MAX_TOKENS = 8;

/** NFKD, combining marks stripped, lower case; ß → ss, æ → ae, ø → o, ł → l, đ → d (letters NFKD leaves alone). */
export function foldName(s: string): string {
  return s
    .slice(0, MAX_NAME)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/[øœ]/g, 'o')
    .replace(/ł/g, 'l')
    .replace(/[đð]/g, 'd')
    .replace(/þ/g, 'th');
}

/** Tokens of a folded name: hyphens, apostrophes and dots inside a name part are dropped, other punctuation splits. */
export function nameTokens(s: string): string[] {
  return foldName(s)
    .replace(/['’`\-‐.]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .slice(0, MAX_TOKENS);
}

/** The one spelling of a token's romanisation variants (the token itself when it has none). */
export function canonicalToken(t: string): string {
  return CANON.get(t) ?? t;
}

function key(family: string[], given: string[]): string | undefined {
  const f = family.map(canonicalToken).join('');
  const g = given.map(canonicalToken).join('');
  if (!f && !g) return undefined;
  return `${f}|${g}`;
}

function keysOfFull(tokens: string[], out: Set<string>): void {
  if (tokens.length === 0) return;
  if (tokens.length === 1) {
    out.add(`${canonicalToken(tokens[0])}|`);
    return;
  }
  const lastAsFamily = key(tokens.slice(-1), tokens.slice(0, -1));
  const firstAsFamily = key(tokens.slice(0, 1), tokens.slice(1));
  if (lastAsFamily) out.add(lastAsFamily);
  if (firstAsFamily) out.add(firstAsFamily);
}

/**
 * Name keys of a person, sorted. Given + family (when both are known) give `family|given`; the display name and each
 * other name give the first-token- and last-token-as-family keys. A single-token name gives `token|`.
 */
export function nameKeys(given?: string, family?: string, display?: string, others: readonly string[] = []): string[] {
  const out = new Set<string>();
  const g = given ? nameTokens(given) : [];
  const f = family ? nameTokens(family) : [];
  if (g.length && f.length) {
    const k = key(f, g);
    if (k) out.add(k);
  } else if (g.length || f.length) keysOfFull([...g, ...f], out);
  if (display) keysOfFull(nameTokens(display), out);
  for (const o of others.slice(0, 10)) keysOfFull(nameTokens(o), out);
  return [...out].sort();
}

/** The folded, canonical family name (for telling a household from a ring); undefined when none is known. */
export function familyKey(family?: string, display?: string): string | undefined {
  const f = family ? nameTokens(family) : [];
  if (f.length) return f.map(canonicalToken).join('');
  const d = display ? nameTokens(display) : [];
  return d.length >= 2 ? canonicalToken(d[d.length - 1]) : undefined;
}
