// The redaction unit (issue 11, docs/roles.md): every JSON answer of a route not marked `identity: 'raw'` passes
// through here, for every role. Monitored people appear under their pseudonym ("Person 4KQ7-M2XD", src/app/
// pseudonym.ts); their personId (opaque) stays, for navigation. What is replaced:
//   - fields that identify by name: displayName (→ the pseudonym, and a `pseudonym` field is added), identifiers
//     (→ []), the directory entry's ids, names, e-mails, phones, manager, origin and the street of the home address;
//     any field named like an e-mail, UPN, phone or street (→ the pseudonym, or "[redacted]" outside a person);
//   - inside every string: the full names, identifiers, e-mails, phones and street of the people the enclosing objects are
//     about (the "scope": every object with a personId, or a case/alert subject, adds its person), matched without
//     regard to case; every e-mail-shaped token (→ its owner's pseudonym when the store knows it, else "[e-mail]");
//     every international phone number ("+…" → "[phone]").
// The identity itself is shown only by POST /api/cases/:id/reveal (escalated cases, investigators and admins), which
// writes identity.reveal to the audit log.
import type { Pseudonymiser } from '../app/pseudonym.ts';
import type { PersonIdentity } from '../store/auth-types.ts';

export interface RedactionSource {
  pseudonym: Pseudonymiser;
  identities(personIds: string[]): Promise<Map<string, PersonIdentity>>;
  ownersOf(values: string[]): Promise<Map<string, string>>;
}

/** E-mail-shaped tokens (bounded quantifiers: linear in the text). */
const EMAIL = /[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/g;
/** International phone numbers: '+', then 7 to 20 digits with separators. */
const PHONE = /\+\d[\d ().-]{5,24}\d/g;
/** Keys whose string value identifies someone whatever the object. */
const IDENTIFYING_KEYS = new Set(['email', 'mail', 'upn', 'userprincipalname', 'username', 'phone', 'mobile', 'mobilephone', 'street', 'givenname', 'familyname', 'surname', 'manager']);
/** Terms shorter than this are not searched in text (too many false matches; a 2-letter name says little). */
const MIN_TERM = 3;
/** Above this many people in one answer, text is searched for the terms of the enclosing person only. */
const UNION_LIMIT = 200;

type Json = unknown;

/** The person an object is about: its personId, or its subject when that is a person. */
function personOf(o: Record<string, unknown>): string | undefined {
  if (typeof o.personId === 'string') return o.personId;
  const s = o.subject as { kind?: unknown; id?: unknown } | undefined;
  if (s && typeof s === 'object' && s.kind === 'person' && typeof s.id === 'string') return s.id;
  if (typeof o.person === 'string' && typeof o.detector === 'string') return o.person; // a suppression
  return undefined;
}

function collect(v: Json, people: Set<string>, emails: Set<string>, depth = 0): void {
  if (depth > 64) return;
  if (typeof v === 'string') {
    for (const m of v.matchAll(EMAIL)) emails.add(m[0].toLowerCase());
  } else if (Array.isArray(v)) {
    for (const x of v) collect(x, people, emails, depth + 1);
  } else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const p = personOf(o);
    if (p) people.add(p);
    for (const x of Object.values(o)) collect(x, people, emails, depth + 1);
  }
}

interface Term {
  lc: string;
  pseudonym: string;
  /** names: matched as whole words only */
  word: boolean;
}

/** What to look for in text for one person. */
function termsOf(id: PersonIdentity, pseudonym: string): Term[] {
  const d = id.directory;
  const values: [string | undefined, boolean][] = [
    [id.displayName, false],
    ...id.identifiers.map((x): [string, boolean] => [x, false]),
    [d?.displayName, false],
    // Given and family names alone are not searched: as words they are also places and things ("Virginia", "San
    // Diego", "Chase"); the full name, e-mails and identifiers are.
    ...(d?.ids ?? []).map((x): [string, boolean] => [x.value, false]),
    ...(d?.emails ?? []).map((x): [string, boolean] => [x.value, false]),
    ...(d?.phones ?? []).map((x): [string, boolean] => [x.value, false]),
    [d?.homeAddress?.street, false],
    [d?.homeAddress?.formatted, false],
  ];
  const out: Term[] = [];
  for (const [v, word] of values) {
    const t = v?.trim();
    if (t && t.length >= MIN_TERM) out.push({ lc: t.toLowerCase(), pseudonym, word });
  }
  // Longest first: "Adele Vance" is replaced before "Adele".
  return out.sort((a, b) => b.lc.length - a.lc.length);
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

/** Replace each occurrence of the terms (case-insensitively) in s. */
function replaceTerms(s: string, terms: Term[]): string {
  let out = s;
  for (const t of terms) {
    let lc = out.toLowerCase();
    // toLowerCase can change lengths (rare scripts): then positions would not line up, so match on the string as is.
    if (lc.length !== out.length) lc = out;
    let from = 0;
    let i = lc.indexOf(t.lc, from);
    if (i < 0) continue;
    let res = '';
    while (i >= 0) {
      const end = i + t.lc.length;
      if (t.word && (isWordChar(out[i - 1]) || isWordChar(out[end]))) {
        res += out.slice(from, end);
      } else {
        res += out.slice(from, i) + t.pseudonym;
      }
      from = end;
      i = lc.indexOf(t.lc, from);
    }
    out = res + out.slice(from);
  }
  return out;
}

export class Redaction {
  private readonly termsCache = new Map<string, Term[]>();

  constructor(
    private readonly pseudonym: Pseudonymiser,
    private readonly ids: Map<string, PersonIdentity>,
    private readonly owners: Map<string, string>,
    /** Terms searched in every string (the answer's people, when few). */
    private readonly everywhere: Term[],
  ) {}

  static async for(payload: Json, src: RedactionSource): Promise<Redaction> {
    const people = new Set<string>();
    const emails = new Set<string>();
    collect(payload, people, emails);
    const owners = await src.ownersOf([...emails]);
    for (const p of owners.values()) people.add(p);
    const ids = await src.identities([...people]);
    const r = new Redaction(src.pseudonym, ids, owners, []);
    const everywhere = ids.size <= UNION_LIMIT ? [...ids.keys()].flatMap((p) => r.terms(p)).sort((a, b) => b.lc.length - a.lc.length) : [];
    return new Redaction(src.pseudonym, ids, owners, everywhere);
  }

  private terms(personId: string): Term[] {
    let t = this.termsCache.get(personId);
    if (!t) {
      const id = this.ids.get(personId);
      t = id ? termsOf(id, this.pseudonym(personId)) : [];
      this.termsCache.set(personId, t);
    }
    return t;
  }

  text(s: string, scope: string[]): string {
    let out = s;
    for (const p of scope) out = replaceTerms(out, this.terms(p));
    if (this.everywhere.length) out = replaceTerms(out, this.everywhere);
    out = out.replace(EMAIL, (m) => {
      const owner = this.owners.get(m.toLowerCase());
      return owner ? this.pseudonym(owner) : '[e-mail]';
    });
    return out.replace(PHONE, '[phone]');
  }

  value(v: Json, scope: string[], depth = 0): Json {
    if (typeof v === 'string') return this.text(v, scope);
    if (Array.isArray(v)) return v.map((x) => this.value(x, scope, depth + 1));
    if (!v || typeof v !== 'object' || depth > 64) return v;
    const o = v as Record<string, unknown>;
    const p = personOf(o);
    const inner = p && !scope.includes(p) ? [...scope, p] : scope;
    const label = p ? this.pseudonym(p) : inner.length ? this.pseudonym(inner[inner.length - 1]) : '[redacted]';
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) {
      const key = k.toLowerCase();
      if (k === 'displayName' && typeof x === 'string') out[k] = p ? label : this.text(x, inner);
      else if (k === 'identifiers' && Array.isArray(x)) out[k] = [];
      else if (k === 'directory' && x && typeof x === 'object') out[k] = this.directory(x as Record<string, unknown>, inner);
      else if (IDENTIFYING_KEYS.has(key) && typeof x === 'string') out[k] = label;
      else out[k] = this.value(x, inner, depth + 1);
    }
    if (p && (typeof o.displayName === 'string' || 'identifiers' in o || 'risk' in o || o.subject)) out.pseudonym = this.pseudonym(p);
    return out;
  }

  /** A directory entry without who it is: department, title, time zone, type, hire date and the home region stay. */
  private directory(d: Record<string, unknown>, scope: string[]): Record<string, unknown> {
    const keep = ['source', 'timezone', 'department', 'title', 'userType', 'organization', 'created', 'active'];
    // `id` is `source:resource id` (a vendor identifier): replaced, as the schema requires one.
    const out: Record<string, unknown> = { id: scope.length ? this.pseudonym(scope[scope.length - 1]) : '[redacted]', ids: [], emails: [], phones: [] };
    for (const k of keep) if (d[k] !== undefined) out[k] = this.value(d[k], scope);
    const home = d.homeAddress as Record<string, unknown> | undefined;
    if (home && typeof home === 'object') {
      const h: Record<string, unknown> = {};
      for (const k of ['locality', 'region', 'country']) if (typeof home[k] === 'string') h[k] = this.text(home[k] as string, scope);
      out.homeAddress = h;
    }
    return out;
  }
}

/** The payload with every person under their pseudonym (see the head of this file). */
export async function redact(payload: Json, src: RedactionSource): Promise<Json> {
  const r = await Redaction.for(payload, src);
  return r.value(payload, []);
}
