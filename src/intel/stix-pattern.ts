// A parser for the part of the STIX 2.1 patterning language (OASIS STIX 2.1 §9, grammar STIXPattern.g4) that an
// IP-intelligence indicator can mean: observation expressions in brackets holding comparison expressions joined
// by OR, on ipv4-addr:value / ipv6-addr:value (= or ISSUBSET a CIDR, or IN a set) and autonomous-system:number
// (= or IN). Everything else in the grammar is parsed (so errors point at the right place) and then reported as
// unsupported instead of being guessed at: AND / FOLLOWEDBY (need several facts at once), NOT and != / < / LIKE /
// MATCHES, qualifiers (WITHIN, REPEATS, START/STOP), and other object types (domain-name, file, url...).

export type Atom =
  | { kind: 'ip'; object: 'ipv4-addr' | 'ipv6-addr'; value: string; text: string }
  | { kind: 'asn'; value: number; text: string };

export interface PatternResult {
  atoms: Atom[];
  /** Comparisons or constructs that cannot become an IP/ASN indicator, with the reason. */
  unsupported: string[];
}

type Tok = { t: 'punct' | 'op' | 'kw' | 'str' | 'num' | 'path' | 'ts' | 'bin'; v: string; at: number };

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'FOLLOWEDBY', 'LIKE', 'MATCHES', 'ISSUPERSET', 'ISSUBSET', 'EXISTS', 'IN', 'START', 'STOP', 'WITHIN', 'REPEATS', 'TIMES', 'SECONDS', 'true', 'false']);

export class PatternError extends Error {}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if ('[]()'.includes(c) || c === ',') { out.push({ t: 'punct', v: c, at: i }); i++; continue; }
    if (c === '=' ) { out.push({ t: 'op', v: '=', at: i }); i++; continue; }
    if (c === '!' && src[i + 1] === '=') { out.push({ t: 'op', v: '!=', at: i }); i += 2; continue; }
    if (c === '<' || c === '>') {
      const v = src[i + 1] === '=' ? c + '=' : c;
      out.push({ t: 'op', v, at: i }); i += v.length; continue;
    }
    if (c === "'" || ((c === 't' || c === 'h' || c === 'b') && src[i + 1] === "'")) {
      const kind: Tok['t'] = c === "'" ? 'str' : c === 't' ? 'ts' : 'bin';
      let j = c === "'" ? i + 1 : i + 2;
      let v = '';
      for (; j < src.length && src[j] !== "'"; j++) {
        if (src[j] === '\\') {
          const n = src[j + 1];
          if (n !== "'" && n !== '\\') throw new PatternError(`bad escape "\\${n ?? ''}" at ${j} (only \\' and \\\\ are allowed)`);
          v += n; j++;
        } else v += src[j];
      }
      if (j >= src.length) throw new PatternError(`unterminated string starting at ${i}`);
      out.push({ t: kind, v, at: i }); i = j + 1; continue;
    }
    const num = /^[-+]?\d+(\.\d+)?/.exec(src.slice(i));
    if (num && (c === '-' || c === '+' || /\d/.test(c))) { out.push({ t: 'num', v: num[0], at: i }); i += num[0].length; continue; }
    // object path (type:prop.sub[0].x) or keyword
    const word = /^[A-Za-z_][A-Za-z0-9_-]*(:[A-Za-z0-9_]+(\.[A-Za-z0-9_]+|\.'[^']*'|\[(\d+|\*)\])*)?/.exec(src.slice(i));
    if (word) {
      const w = word[0];
      if (w.includes(':')) out.push({ t: 'path', v: w, at: i });
      else if (KEYWORDS.has(w)) out.push({ t: 'kw', v: w, at: i });
      else throw new PatternError(`unexpected word "${w}" at ${i}`);
      i += w.length; continue;
    }
    throw new PatternError(`unexpected character "${c}" at ${i}`);
  }
  return out;
}

/** Parse a STIX pattern and extract the IP/ASN atoms it matches on (any of them). Throws PatternError on syntax errors. */
export function parseStixPattern(src: string): PatternResult {
  const toks = tokenize(src);
  let p = 0;
  const res: PatternResult = { atoms: [], unsupported: [] };
  const peek = (): Tok | undefined => toks[p];
  const isKw = (v: string) => peek()?.t === 'kw' && peek()!.v === v;
  const isPunct = (v: string) => peek()?.t === 'punct' && peek()!.v === v;
  const expect = (t: Tok['t'], v?: string): Tok => {
    const k = toks[p];
    if (!k || k.t !== t || (v !== undefined && k.v !== v)) throw new PatternError(`expected ${v ?? t} at ${k ? k.at : 'end'}${k ? ` (found "${k.v}")` : ''}`);
    p++;
    return k;
  };

  // Each parse function returns the atoms it found and whether they are "any of" (pure disjunction).
  type Part = { atoms: Atom[]; conj: boolean };
  const merge = (parts: Part[], conj: boolean): Part => ({ atoms: parts.flatMap((x) => x.atoms), conj: conj || parts.some((x) => x.conj) });

  function observationExpressions(): Part {
    const parts = [observationOr()];
    while (isKw('FOLLOWEDBY')) { p++; parts.push(observationOr()); }
    if (parts.length > 1) res.unsupported.push('FOLLOWEDBY (a sequence of observations) cannot be matched on one IP');
    return merge(parts, parts.length > 1);
  }
  function observationOr(): Part {
    const parts = [observationAnd()];
    while (isKw('OR')) { p++; parts.push(observationAnd()); }
    return merge(parts, false);
  }
  function observationAnd(): Part {
    const parts = [observation()];
    while (isKw('AND')) { p++; parts.push(observation()); }
    if (parts.length > 1) res.unsupported.push('AND between observations needs several facts at once; an IP indicator can express only one');
    return merge(parts, parts.length > 1);
  }
  function observation(): Part {
    let part: Part;
    if (isPunct('[')) { p++; part = comparisonOr(); expect('punct', ']'); }
    else if (isPunct('(')) { p++; part = observationExpressions(); expect('punct', ')'); }
    else throw new PatternError(`expected "[" or "(" at ${peek()?.at ?? 'end'}`);
    for (;;) {
      if (isKw('WITHIN')) { p++; expect('num'); expect('kw', 'SECONDS'); res.unsupported.push('WITHIN qualifier'); part.conj = true; }
      else if (isKw('REPEATS')) { p++; expect('num'); expect('kw', 'TIMES'); res.unsupported.push('REPEATS qualifier'); part.conj = true; }
      else if (isKw('START')) { p++; expect('ts'); expect('kw', 'STOP'); expect('ts'); res.unsupported.push('START/STOP qualifier (use valid_from/valid_until)'); part.conj = true; }
      else break;
    }
    return part;
  }
  function comparisonOr(): Part {
    const parts = [comparisonAnd()];
    while (isKw('OR')) { p++; parts.push(comparisonAnd()); }
    return merge(parts, false);
  }
  function comparisonAnd(): Part {
    const parts = [propTest()];
    while (isKw('AND')) { p++; parts.push(propTest()); }
    if (parts.length > 1) res.unsupported.push('AND between comparisons (all must hold at once) cannot be an IP/ASN indicator');
    return merge(parts, parts.length > 1);
  }
  function literal(): Tok {
    const k = toks[p];
    if (!k || !['str', 'num', 'ts', 'bin'].includes(k.t) && !(k.t === 'kw' && (k.v === 'true' || k.v === 'false'))) throw new PatternError(`expected a literal at ${k ? k.at : 'end'}`);
    p++;
    return k;
  }
  function propTest(): Part {
    if (isPunct('(')) { p++; const part = comparisonOr(); expect('punct', ')'); return part; }
    if (isKw('EXISTS')) { p++; const path = expect('path'); res.unsupported.push(`EXISTS ${path.v}`); return { atoms: [], conj: false }; }
    const path = expect('path');
    let negated = false;
    if (isKw('NOT')) { p++; negated = true; }
    const k = peek();
    if (!k) throw new PatternError('expected a comparison operator at end');
    let op: string;
    let values: Tok[];
    if (k.t === 'op') { p++; op = k.v; values = [literal()]; }
    else if (k.t === 'kw' && ['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'].includes(k.v)) { p++; op = k.v; values = [literal()]; }
    else if (k.t === 'kw' && k.v === 'IN') {
      p++; op = 'IN'; values = [];
      expect('punct', '(');
      values.push(literal());
      while (isPunct(',')) { p++; values.push(literal()); }
      expect('punct', ')');
    } else throw new PatternError(`expected a comparison operator at ${k.at} (found "${k.v}")`);
    const text = `${path.v}${negated ? ' NOT' : ''} ${op} ${values.map((v) => (v.t === 'str' ? `'${v.v}'` : v.v)).join(', ')}`;
    const atoms = toAtoms(path.v, op, negated, values, text);
    if (typeof atoms === 'string') { res.unsupported.push(`${text}: ${atoms}`); return { atoms: [], conj: false }; }
    return { atoms, conj: false };
  }

  const part = observationExpressions();
  if (p < toks.length) throw new PatternError(`unexpected "${toks[p].v}" at ${toks[p].at}`);
  // In a conjunction no single atom is sufficient on its own: keep none, all are reported as unsupported.
  if (!part.conj) res.atoms = part.atoms;
  return res;
}

function toAtoms(path: string, op: string, negated: boolean, values: Tok[], text: string): Atom[] | string {
  if (negated || op === '!=') return 'negated comparisons cannot be an indicator';
  if (path === 'ipv4-addr:value' || path === 'ipv6-addr:value') {
    if (op !== '=' && op !== 'ISSUBSET' && op !== 'IN') return `operator ${op} not supported for ${path} (use =, IN or ISSUBSET)`;
    const out: Atom[] = [];
    for (const v of values) {
      if (v.t !== 'str') return `${path} needs a string value`;
      out.push({ kind: 'ip', object: path.slice(0, 9) as 'ipv4-addr' | 'ipv6-addr', value: v.v, text });
    }
    return out;
  }
  if (path === 'autonomous-system:number') {
    if (op !== '=' && op !== 'IN') return `operator ${op} not supported for ${path} (use = or IN)`;
    const out: Atom[] = [];
    for (const v of values) {
      const n = Number(v.v);
      if (v.t !== 'num' || !Number.isInteger(n) || n <= 0 || n > 4294967295) return `AS number must be a positive integer, got ${v.v}`;
      out.push({ kind: 'asn', value: n, text });
    }
    return out;
  }
  return `only ipv4-addr:value, ipv6-addr:value and autonomous-system:number become IP indicators`;
}
