// Consortium share: one identity at several companies, found without either side seeing the other's raw data.
// `exportShare` writes keyed hashes (HMAC-SHA256 with the consortium key) of the normalised phones (E.164), mailboxes,
// address keys and photo hashes of a company's candidates and staff, grouped by an opaque per-party reference that only
// the exporting company can map back (an HMAC of the party id under the company's own reference key). `importShare`
// checks the file (format, consortium key fingerprint, integrity MAC) and reports which of our parties share which
// kind of value with which opaque party of the other company. Format `sleetwatch.share/v1` (zod schema below; JSON
// Schema in schemas/share.v1.schema.json). What the file reveals, with and without the key: src/app/SHARE.md.
import { jsonSchemaDocument } from '../core/json-schema.ts';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { EnrichedCandidate, Party } from '../core/check.ts';

export const SHARE_SCHEMA = 'sleetwatch.share/v1';
export const ShareKind = z.enum(['phone', 'mailbox', 'address', 'photo']);
export type ShareKind = z.infer<typeof ShareKind>;
const KINDS = ShareKind.options;

/** 128-bit HMAC output, base64url (22 characters). */
const Hash = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'a 22-character base64url keyed hash');
const MAX_PER_KIND = 64;
const MAX_PARTIES = 2_000_000;

export const ShareEntry = z.strictObject({
  /** Opaque: HMAC of the party id under the exporter's reference key. Only the exporter can map it back. */
  ref: Hash,
  kind: z.enum(['candidate', 'employee']),
  phone: z.array(Hash).max(MAX_PER_KIND).default([]),
  mailbox: z.array(Hash).max(MAX_PER_KIND).default([]),
  address: z.array(Hash).max(MAX_PER_KIND).default([]),
  photo: z.array(Hash).max(MAX_PER_KIND).default([]),
});
export type ShareEntry = z.infer<typeof ShareEntry>;

export const ShareFile = z.strictObject({
  schema: z.literal(SHARE_SCHEMA),
  /** ISO 8601. */
  createdAt: z.iso.datetime({ offset: true }),
  /** Free label of the exporting company (optional; say nothing if the consortium prefers). */
  issuer: z.string().max(200).optional(),
  algorithm: z.literal('HMAC-SHA256/128'),
  /** Fingerprint of the consortium key (never the key): `hmac-sha256:` + 16 hex digits. */
  keyId: z.string().regex(/^hmac-sha256:[0-9a-f]{16}$/),
  entries: z.array(ShareEntry).max(MAX_PARTIES),
  /** HMAC (consortium key) over the canonical JSON of every other field: an altered file is refused. */
  mac: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ShareFile = z.infer<typeof ShareFile>;

/** A candidate or an employee as the share reads it: the enriched candidate's shape (employees given the same way). */
export interface ShareParty {
  kind: 'candidate' | 'employee';
  id: string;
  displayName?: string;
  phones: readonly { e164?: string }[];
  emails: readonly { mailbox: string }[];
  addresses: readonly { key: string }[];
  photoHash?: string;
}

export function partyFromCandidate(c: EnrichedCandidate): ShareParty {
  return {
    kind: 'candidate',
    id: c.candidate.candidateId,
    ...(c.candidate.displayName ? { displayName: c.candidate.displayName } : {}),
    phones: c.phones,
    emails: c.emails,
    addresses: c.addresses,
    ...(c.photoHash ? { photoHash: c.photoHash } : {}),
  };
}

export type KeyInput = string | Uint8Array;

const MIN_KEY_BYTES = 32;
function keyBytes(key: KeyInput, what: string): Buffer {
  const b = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  if (b.length < MIN_KEY_BYTES)
    throw new Error(`${what} is ${b.length} bytes; at least ${MIN_KEY_BYTES} random bytes are needed (e.g. \`openssl rand -base64 48\`)`);
  return b;
}

/** The consortium key's fingerprint: identifies the key in a file without revealing it. */
export function keyFingerprint(key: KeyInput): string {
  const k = keyBytes(key, 'consortium key');
  return `hmac-sha256:${createHmac('sha256', k).update(`${SHARE_SCHEMA} key fingerprint`).digest('hex').slice(0, 16)}`;
}

const h128 = (k: Buffer, input: string): string => createHmac('sha256', k).update(input, 'utf8').digest().subarray(0, 16).toString('base64url');

/** The normalised values of one party, per kind, as the hash input (kind-prefixed: a phone never meets an address). */
export function normalisedValues(p: ShareParty): Record<ShareKind, string[]> {
  const uniq = (xs: (string | undefined)[]): string[] => [...new Set(xs.filter((x): x is string => !!x))].slice(0, MAX_PER_KIND);
  return {
    phone: uniq(p.phones.map((x) => (x.e164 && /^\+[1-9]\d{5,14}$/.test(x.e164) ? x.e164 : undefined))),
    mailbox: uniq(p.emails.map((x) => {
      const m = x.mailbox.trim().toLowerCase();
      return m.length <= 320 && /^[^@\s]+@[^@\s]+$/.test(m) ? m : undefined;
    })),
    address: uniq(p.addresses.map((x) => (x.key && x.key.trim() ? x.key.trim().toLowerCase() : undefined))),
    photo: uniq([p.photoHash && /^[0-9a-f]{16}$/i.test(p.photoHash) ? p.photoHash.toLowerCase() : undefined]),
  };
}

function hashValues(k: Buffer, p: ShareParty): Record<ShareKind, string[]> {
  const v = normalisedValues(p);
  const out = {} as Record<ShareKind, string[]>;
  for (const kind of KINDS) out[kind] = [...new Set(v[kind].map((x) => h128(k, `${kind}:${x}`)))].sort();
  return out;
}

/** The opaque reference of one of our parties (HMAC of kind + id under our own reference key). */
export function referenceFor(party: Pick<ShareParty, 'kind' | 'id'>, referenceKey: KeyInput): string {
  return h128(keyBytes(referenceKey, 'reference key'), `${SHARE_SCHEMA} ref:${party.kind}:${party.id}`);
}

/** Maps references of a file we exported back to our parties (recomputed from our reference key; nothing stored). */
export function resolveReferences(refs: readonly string[], parties: readonly ShareParty[], referenceKey: KeyInput): Map<string, ShareParty> {
  const want = new Set(refs);
  const out = new Map<string, ShareParty>();
  for (const p of parties) {
    const r = referenceFor(p, referenceKey);
    if (want.has(r)) out.set(r, p);
  }
  return out;
}

/**
 * The MAC input: the file's fields in sorted-key canonical JSON (so it does not depend on how a file's keys are
 * ordered), fed entry by entry (no giant string for a million entries). Entries' keys sorted: address, kind, mailbox,
 * phone, photo, ref.
 */
function macOf(k: Buffer, body: Omit<ShareFile, 'mac'>): string {
  const h = createHmac('sha256', k);
  const j = JSON.stringify;
  h.update(`${SHARE_SCHEMA} mac\n{"algorithm":${j(body.algorithm)},"createdAt":${j(body.createdAt)},"entries":[`);
  body.entries.forEach((e, i) =>
    h.update(`${i ? ',' : ''}{"address":${j(e.address)},"kind":${j(e.kind)},"mailbox":${j(e.mailbox)},"phone":${j(e.phone)},"photo":${j(e.photo)},"ref":${j(e.ref)}}`),
  );
  h.update(`]${body.issuer !== undefined ? `,"issuer":${j(body.issuer)}` : ''},"keyId":${j(body.keyId)},"schema":${j(body.schema)}}`);
  return h.digest('hex');
}

export interface ShareMeta {
  /** The exporter's own secret for the opaque references (≥ 32 bytes; never shared; keep it to map references back). */
  referenceKey: KeyInput;
  issuer?: string;
  /** Defaults to now. */
  createdAt?: string | Date;
}

/** Keyed hashes of our candidates' and employees' contact values; no raw value and no name leaves. */
export function exportShare(parties: readonly ShareParty[], key: KeyInput, meta: ShareMeta): ShareFile {
  const k = keyBytes(key, 'consortium key');
  const rk = keyBytes(meta.referenceKey, 'reference key');
  if (rk.equals(k)) throw new Error('the reference key must differ from the consortium key (other members could otherwise recompute references from guessed ids)');
  if (parties.length > MAX_PARTIES) throw new Error(`too many parties (${parties.length} > ${MAX_PARTIES})`);
  const byRef = new Map<string, ShareEntry>();
  for (const p of parties) {
    const ref = referenceFor(p, meta.referenceKey);
    const h = hashValues(k, p);
    const prev = byRef.get(ref);
    if (prev) {
      // The same party given twice (records not merged): one entry with both sets of values.
      for (const kind of KINDS) prev[kind] = [...new Set([...prev[kind], ...h[kind]])].sort().slice(0, MAX_PER_KIND);
      continue;
    }
    if (KINDS.every((kind) => h[kind].length === 0)) continue; // nothing to match on
    byRef.set(ref, { ref, kind: p.kind, ...h });
  }
  const createdAt = meta.createdAt === undefined ? new Date().toISOString() : new Date(meta.createdAt).toISOString();
  const body: Omit<ShareFile, 'mac'> = {
    schema: SHARE_SCHEMA,
    createdAt,
    ...(meta.issuer ? { issuer: meta.issuer } : {}),
    algorithm: 'HMAC-SHA256/128',
    keyId: keyFingerprint(key),
    // Sorted by reference: the order says nothing about our records' order.
    entries: [...byRef.values()].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0)),
  };
  return { ...body, mac: macOf(k, body) };
}

export interface ShareMatch {
  ours: Party;
  theirs: { ref: string; kind: 'candidate' | 'employee' };
  /** Kinds of value shared, with how many values of each. */
  shared: { kind: ShareKind; values: number }[];
}

export interface ShareImport {
  issuer?: string;
  createdAt: string;
  keyId: string;
  /** Parties in their file. */
  parties: number;
  matches: ShareMatch[];
  /** Matched (our party, their party) pairs per kind of shared value. */
  counts: Record<ShareKind, number>;
}

export class ShareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShareError';
  }
}

/** Reads another company's file (parsed JSON) and matches it against our parties. Throws ShareError naming what is wrong. */
export function importShare(file: unknown, ours: readonly ShareParty[], key: KeyInput): ShareImport {
  const k = keyBytes(key, 'consortium key');
  const version = (file as { schema?: unknown } | null)?.schema;
  if (version !== SHARE_SCHEMA) throw new ShareError(`not a ${SHARE_SCHEMA} file (schema: ${JSON.stringify(version)?.slice(0, 60)})`);
  const r = ShareFile.safeParse(file);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new ShareError(`share file: ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  const f = r.data;
  const mine = keyFingerprint(key);
  if (f.keyId !== mine)
    throw new ShareError(
      `share file was made with another consortium key (file key id ${f.keyId}, ours ${mine}): its hashes cannot match ours. ` +
        `Check that both companies use the current consortium key.`,
    );
  const { mac, ...body } = f;
  const want = Buffer.from(macOf(k, body), 'hex');
  if (!timingSafeEqual(want, Buffer.from(mac, 'hex')))
    throw new ShareError('share file failed its integrity check (HMAC over the content): it was altered after export or is damaged');

  // Our values: hash → our parties.
  const index = new Map<string, ShareParty[]>();
  for (const p of ours) {
    const h = hashValues(k, p);
    for (const kind of KINDS)
      for (const x of h[kind]) {
        const list = index.get(x);
        if (list) {
          if (!list.includes(p)) list.push(p);
        } else index.set(x, [p]);
      }
  }
  const matches: ShareMatch[] = [];
  const counts: Record<ShareKind, number> = { phone: 0, mailbox: 0, address: 0, photo: 0 };
  for (const e of f.entries) {
    const per = new Map<ShareParty, Map<ShareKind, number>>();
    for (const kind of KINDS)
      for (const x of e[kind])
        for (const p of index.get(x) ?? []) {
          let m = per.get(p);
          if (!m) per.set(p, (m = new Map()));
          m.set(kind, (m.get(kind) ?? 0) + 1);
        }
    for (const [p, m] of per) {
      const shared = KINDS.filter((kind) => m.has(kind)).map((kind) => ({ kind, values: m.get(kind)! }));
      for (const s of shared) counts[s.kind]++;
      matches.push({ ours: { kind: p.kind, id: p.id, ...(p.displayName ? { displayName: p.displayName } : {}) }, theirs: { ref: e.ref, kind: e.kind }, shared });
    }
  }
  matches.sort((a, b) => b.shared.length - a.shared.length || a.ours.id.localeCompare(b.ours.id) || a.theirs.ref.localeCompare(b.theirs.ref));
  return { ...(f.issuer ? { issuer: f.issuer } : {}), createdAt: f.createdAt, keyId: f.keyId, parties: f.entries.length, matches, counts };
}

/** JSON Schema of the share file, from the zod schema (schemas/share.v1.schema.json; scripts/gen-report-schema.ts). */
export function shareJsonSchema(): Record<string, unknown> {
  return jsonSchemaDocument(ShareFile, {
    file: 'share.v1.schema.json',
    title: 'sleetwatch consortium share v1',
    description:
      'Keyed hashes (HMAC-SHA256 with the consortium key, truncated to 128 bits, base64url) of normalised phones (E.164), mailboxes, address keys and photo hashes of one company\'s candidates and staff, grouped by opaque per-party references. No raw values, no names. See src/app/SHARE.md.',
    io: 'input',
  });
}
