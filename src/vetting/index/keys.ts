// The ONE place index keys are made, for candidates and for employees, and the one lookup every adapter shares
// (adapters only store keys and answer "who is under these keys": core/candidate-index.ts KeyStore). Pure.
import type { DirectoryEntry } from '../../core/model.ts';
import type { EnrichedCandidate, Party, ReuseMatch } from '../../core/check.ts';
import type { CandidateIndex, IndexKey, IndexedParty, IndexedPartyRow, KeyStore, LookupOptions } from '../../core/candidate-index.ts';
import { fnv1a64 } from '../../core/hash.ts';
import { RESUME_MIN_JACCARD, SHINGLE, jaccardEstimate, lshBands, shingleHashes } from '../similarity/minhash.ts';
import { familyKey, nameKeys } from '../similarity/names.ts';
import { PHOTO_MAX_HAMMING, hamming, isPhotoHash, photoBands, photoProbeKeys } from '../similarity/phash.ts';

export const DEFAULT_MAX_PER_KEY = 20;
/** An e-mail local part is a key across providers only when it is at least this long and not generic. */
export const MIN_LOCAL_LENGTH = 6;
/** Local parts many unrelated people use (role accounts, placeholders): never a cross-provider key. */
export const GENERIC_LOCALS = new Set([
  'account', 'accounts', 'admin', 'administrator', 'billing', 'business', 'career', 'careers', 'contact', 'contactme',
  'contacts', 'developer', 'engineer', 'enquiries', 'enquiry', 'hello', 'hireme', 'inquiries', 'inquiry', 'jobsearch',
  'mailbox', 'myemail', 'mymail', 'noreply', 'office', 'personal', 'postmaster', 'private', 'recruiting',
  'recruitment', 'resume', 'resumes', 'service', 'services', 'support', 'username', 'webmaster', 'jobapplication',
  'applications', 'software', 'softwareengineer', 'softwaredeveloper', 'fullstack', 'frontend', 'backend', 'example',
  'testing', 'tester', 'default', 'nobody', 'unknown', 'changeme', 'someone', 'myname', 'firstname', 'firstlast',
  'firstnamelastname', 'johndoe', 'janedoe',
]);

const MAX_KEY = 200;
const MAX_KEYS_PER_KIND = 20;

/** The cross-provider form of a local part: lower case, +tag cut, dots, dashes and underscores dropped. */
export function localKey(local: string): string | undefined {
  const l = local.toLowerCase().split('+')[0].replace(/[._-]/g, '');
  if (l.length < MIN_LOCAL_LENGTH || l.length > 64 || GENERIC_LOCALS.has(l)) return undefined;
  return l;
}

export function referrerKey(r: string): string | undefined {
  const k = r.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
  return k && k.length <= MAX_KEY ? k : undefined;
}

const GITHUB_URL = /^(?:https?:\/\/)?(?:www\.)?github\.com\/([A-Za-z0-9-]{1,39})\/?(?:[?#].*)?$/i;
const GITHUB_LOGIN = /^[A-Za-z0-9-]{1,39}$/;

/** GitHub logins of a candidate: the GitHub facts, and GitHub profiles (username or github.com/<login> URL). */
export function githubLogins(c: EnrichedCandidate['candidate']): string[] {
  const out = new Set<string>();
  if (c.github?.login && GITHUB_LOGIN.test(c.github.login)) out.add(c.github.login.toLowerCase());
  for (const p of c.profiles ?? []) {
    const isGh = (p.network ?? '').toLowerCase() === 'github' || /github\.com/i.test(p.url.slice(0, 40));
    if (!isGh) continue;
    if (p.username && GITHUB_LOGIN.test(p.username)) out.add(p.username.toLowerCase());
    const m = GITHUB_URL.exec(p.url.slice(0, 200));
    if (m) out.add(m[1].toLowerCase());
  }
  return [...out];
}

// PostgreSQL text cannot hold U+0000 and the pg driver turns a lone surrogate into U+FFFD: cleaned here, once, so
// every adapter stores and compares the same strings.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
export const clean = (s: string): string => s.replace(UNSTORABLE, '\ufffd');

class Keys {
  private readonly seen = new Set<string>();
  readonly list: IndexKey[] = [];
  private readonly perKind = new Map<string, number>();
  add(kind: IndexKey['kind'], key: string | undefined): void {
    if (!key || key.length > MAX_KEY) return;
    key = clean(key);
    const id = `${kind}\u0000${key}`;
    if (this.seen.has(id)) return;
    const n = this.perKind.get(kind) ?? 0;
    if (n >= MAX_KEYS_PER_KIND && kind !== 'resume' && kind !== 'photo') return;
    this.perKind.set(kind, n + 1);
    this.seen.add(id);
    this.list.push({ kind, key });
  }
}

/** A candidate's index entry: every key, from the already-normalised enriched fields. */
export function partyFromCandidate(e: EnrichedCandidate): IndexedParty {
  const c = e.candidate;
  const k = new Keys();
  for (const p of e.phones) if (p.e164) k.add('phone', p.e164);
  for (const m of e.emails) {
    if (!m.valid) continue;
    k.add('mailbox', m.mailbox);
    k.add('emailLocal', localKey(m.local));
  }
  for (const a of e.addresses) if (a.key) k.add('address', a.key);
  for (const n of e.nameKeys) k.add('name', n);
  for (const g of githubLogins(c)) k.add('github', g);
  if (c.sourcing?.referrer) k.add('referrer', referrerKey(c.sourcing.referrer));
  const photoHash = e.photoHash && isPhotoHash(e.photoHash) ? e.photoHash : undefined;
  if (photoHash) for (const b of photoBands(photoHash)) k.add('photo', b);
  const sig = e.resumeSignature && e.resumeSignature.length > 0 ? e.resumeSignature : undefined;
  if (sig) for (const b of lshBands(sig)) k.add('resume', b);
  const fam = familyKey(c.familyName, c.displayName);
  return {
    party: { kind: 'candidate', id: c.candidateId, ...(c.displayName ? { displayName: clean(c.displayName.slice(0, MAX_KEY)) } : {}) },
    ...(fam ? { familyName: clean(fam) } : {}),
    keys: k.list,
    ...(photoHash ? { photoHash } : {}),
    ...(sig ? { resumeSignature: sig, resumeShingles: c.resumeText ? shingleHashes(c.resumeText).length : undefined } : {}),
  };
}

/**
 * An employee's data, already normalised by the caller exactly as candidates' are (src/intel: E.164 phones, e-mail
 * mailboxes, address keys). A list given replaces the fallback for that field; without one: phones as written when
 * they are '+' and 8–15 digits (spaces, dashes, dots, brackets dropped), e-mails lower-cased, no address.
 */
export interface DirectoryKeys {
  phones?: readonly string[];
  mailboxes?: readonly string[];
  addressKeys?: readonly string[];
  /** pHash of the employee's directory photo (16 hex digits), when the caller has one. */
  photoHash?: string;
}

function defaultPhone(raw: string): string | undefined {
  const s = raw.slice(0, 40).replace(/[\s().\-/]/g, '');
  return /^\+[1-9]\d{7,14}$/.test(s) ? s : undefined;
}

function defaultMailbox(raw: string): string | undefined {
  const s = raw.trim().toLowerCase().slice(0, 320);
  const at = s.lastIndexOf('@');
  return at <= 0 || at === s.length - 1 ? undefined : s;
}

/** An employee's index entry: work and personal e-mails, phones, home address, name keys. */
export function partyFromDirectory(d: DirectoryEntry, norm: DirectoryKeys = {}): IndexedParty {
  const k = new Keys();
  for (const p of norm.phones ?? d.phones.map((x) => defaultPhone(x.value))) k.add('phone', p);
  const mailboxes = norm.mailboxes ?? d.emails.map((e) => defaultMailbox(e.value));
  for (const m of mailboxes) {
    if (!m) continue;
    k.add('mailbox', m);
    k.add('emailLocal', localKey(m.slice(0, m.lastIndexOf('@'))));
  }
  for (const id of d.ids) {
    // Work addresses named only as sign-in ids: the mailbox is a key; the local part (a company's naming scheme) is not.
    if (id.kind === 'email' || id.kind === 'upn') k.add('mailbox', defaultMailbox(id.value));
  }
  for (const a of norm.addressKeys ?? []) k.add('address', a);
  for (const n of nameKeys(d.givenName, d.familyName, d.displayName)) k.add('name', n);
  const photoHash = norm.photoHash && isPhotoHash(norm.photoHash) ? norm.photoHash : undefined;
  if (photoHash) for (const b of photoBands(photoHash)) k.add('photo', b);
  const fam = familyKey(d.familyName, d.displayName);
  return {
    ...(photoHash ? { photoHash } : {}),
    party: { kind: 'employee', id: d.id, ...(d.displayName ? { displayName: clean(d.displayName.slice(0, MAX_KEY)) } : {}) },
    ...(fam ? { familyName: clean(fam) } : {}),
    keys: k.list,
  };
}

/** A short fingerprint of a MinHash signature (the "value" of a resume match). */
export function signatureFingerprint(sig: readonly number[]): string {
  return `minhash:${fnv1a64(sig.join(','))}`;
}

const partyId = (p: Party): string => `${p.kind}:${p.id}`;

/** The keys a lookup asks for: the party's exact and resume keys, and the photo probe keys (not the stored bands). */
export function lookupKeys(q: IndexedParty, photoProbeRadius?: number): IndexKey[] {
  const out = q.keys.filter((k) => k.kind !== 'photo');
  if (q.photoHash) for (const key of photoProbeKeys(q.photoHash, photoProbeRadius)) out.push({ kind: 'photo', key });
  return out;
}

/** Turn key hits into verified, de-duplicated matches. Shared by every adapter. */
export function matchesFromHits(q: IndexedParty, keys: readonly IndexKey[], hits: readonly { i: number; parties: IndexedPartyRow[]; total: number }[], opts: LookupOptions = {}): ReuseMatch[] {
  const maxHamming = opts.photoMaxHamming ?? PHOTO_MAX_HAMMING;
  const minJ = opts.resumeMinJaccard ?? RESUME_MIN_JACCARD;
  const out: ReuseMatch[] = [];
  const seen = new Set<string>();
  const resume = new Map<string, { row: IndexedPartyRow; bands: number }>();
  const photo = new Map<string, IndexedPartyRow>();
  for (const h of hits) {
    const k = keys[h.i];
    for (const row of h.parties) {
      const id = partyId(row.party);
      if (k.kind === 'resume') {
        const r = resume.get(id);
        if (r) r.bands++;
        else resume.set(id, { row, bands: 1 });
        continue;
      }
      if (k.kind === 'photo') {
        photo.set(id, row);
        continue;
      }
      const dedupe = `${k.kind}\u0000${k.key}\u0000${id}`;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      out.push({
        field: k.kind,
        value: k.key,
        other: row.party,
        similarity: 1,
        ...(row.familyName ? { otherFamilyName: row.familyName } : {}),
        ...(h.total > h.parties.length ? { sharedBy: h.total } : {}),
      });
    }
  }
  // The same mailbox already says it: drop a party's emailLocal matches then.
  const mailboxOf = new Set(out.filter((m) => m.field === 'mailbox').map((m) => partyId(m.other)));
  const exact = out.filter((m) => m.field !== 'emailLocal' || !mailboxOf.has(partyId(m.other)));
  if (q.resumeSignature)
    for (const { row, bands } of resume.values()) {
      if (!row.resumeSignature) continue;
      const j = jaccardEstimate(q.resumeSignature, row.resumeSignature);
      if (j < minJ) continue;
      const a = q.resumeShingles;
      const b = row.resumeShingles;
      const shared = a !== undefined && b !== undefined ? Math.round((j / (1 + j)) * (a + b)) : undefined;
      exact.push({
        field: 'resume',
        value: signatureFingerprint(row.resumeSignature),
        other: row.party,
        similarity: j,
        detail:
          `Jaccard estimate ${j.toFixed(2)} over ${q.resumeSignature.length} MinHash values (threshold ${minJ}); ` +
          `${bands} LSH band(s) shared` +
          (shared !== undefined ? `; ≈ ${shared} shared ${SHINGLE}-word passages (this resume ${a}, theirs ${b})` : ''),
        ...(row.familyName ? { otherFamilyName: row.familyName } : {}),
      });
    }
  if (q.photoHash)
    for (const row of photo.values()) {
      if (!row.photoHash) continue;
      const d = hamming(q.photoHash, row.photoHash);
      if (d > maxHamming) continue;
      exact.push({
        field: 'photo',
        value: row.photoHash,
        other: row.party,
        similarity: 1 - d / 64,
        detail: `perceptual hash ${row.photoHash} vs ${q.photoHash}: Hamming distance ${d} of 64 bits (threshold ${maxHamming})`,
        ...(row.familyName ? { otherFamilyName: row.familyName } : {}),
      });
    }
  return exact;
}

/** The CandidateIndex over an adapter's KeyStore: keys from partyFromCandidate, verification in matchesFromHits. */
export function indexOn(store: KeyStore): CandidateIndex {
  return {
    partyOf: partyFromCandidate,
    add: (entries) => store.add(entries),
    async lookup(c, opts = {}) {
      const q = partyFromCandidate(c);
      const keys = lookupKeys(q, opts.photoProbeRadius);
      if (keys.length === 0) return [];
      const maxPerKey = opts.maxPerKey ?? DEFAULT_MAX_PER_KEY;
      if (!Number.isInteger(maxPerKey) || maxPerKey < 1 || maxPerKey > 10_000) throw new Error(`maxPerKey must be an integer 1–10000, got ${maxPerKey}`);
      const hits = await store.hits(keys, q.party, maxPerKey);
      return matchesFromHits(q, keys, hits, opts);
    },
    remove: (p) => store.remove(p),
    size: () => store.size(),
  };
}
