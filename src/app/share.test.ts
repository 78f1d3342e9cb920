import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { Candidate } from '../core/candidate.ts';
import type { EnrichedCandidate } from '../core/check.ts';
import { exportShare, importShare, keyFingerprint, partyFromCandidate, referenceFor, resolveReferences, shareJsonSchema, ShareError, type ShareParty } from './share.ts';

const CONSORTIUM = 'k7Qe0m1f4yVt2ZrXbP9sLw8uHcJd3NaGqT6oEiRkUvYxS5zB'; // 48 characters, as `openssl rand -base64 36` gives
const OTHER_KEY = 'Zp3Lr8Wq1Nx6Vb0Mc4Ks9Jh2Gf7Dd5Sa3Qw8Ee1Rt6Yu0Ii4Oo';
const REF_A = 'company-A-own-reference-key-never-shared-0001';
const REF_B = 'company-B-own-reference-key-never-shared-0002';
const AT = '2026-12-01T10:00:00.000Z';

const party = (kind: 'candidate' | 'employee', id: string, v: { phones?: string[]; mailboxes?: string[]; addresses?: string[]; photo?: string; name?: string }): ShareParty => ({
  kind,
  id,
  ...(v.name ? { displayName: v.name } : {}),
  phones: (v.phones ?? []).map((e164) => ({ e164 })),
  emails: (v.mailboxes ?? []).map((mailbox) => ({ mailbox })),
  addresses: (v.addresses ?? []).map((key) => ({ key })),
  ...(v.photo ? { photoHash: v.photo } : {}),
});

// Company A: a candidate whose phone is company B's employee's; an employee whose address and photo are B's candidate's.
const A: ShareParty[] = [
  party('candidate', 'greenhouse:1001', { name: 'John Smith', phones: ['+14155550134'], mailboxes: ['jsmith.dev@gmail.com'], addresses: ['12 elm st|springfield|il|62701|us'] }),
  party('employee', 'scim:u-77', { name: 'Wei Chen', phones: ['+12125550100'], mailboxes: ['wei.chen@a.example'], addresses: ['500 market st apt 4|san francisco|ca|94105|us'], photo: 'f0e1d2c3b4a59687' }),
  party('candidate', 'greenhouse:1002', { name: 'Honest Person', phones: ['+447700900123'], mailboxes: ['honest@example.org'] }),
];
const B: ShareParty[] = [
  party('employee', 'hr:9', { name: 'Jon Smyth', phones: ['+14155550134'], mailboxes: ['jon.smyth@b.example'] }),
  party('candidate', 'lever:55', { name: 'W. Chen', phones: ['+19175550111'], addresses: ['500 market st apt 4|san francisco|ca|94105|us'], photo: 'F0E1D2C3B4A59687' }),
  party('candidate', 'lever:56', { name: 'Someone Else', phones: ['+33612345678'], mailboxes: ['x@y.example'] }),
];

describe('consortium share', () => {
  const fileA = exportShare(A, CONSORTIUM, { referenceKey: REF_A, issuer: 'Company A', createdAt: AT });

  it('exports keyed hashes only: no raw phone, mailbox, address, photo hash, name or id', () => {
    const text = JSON.stringify(fileA);
    for (const raw of ['4155550134', 'jsmith', 'gmail', 'elm st', 'f0e1d2c3', 'John', 'Smith', 'greenhouse', 'scim', 'u-77'])
      expect(text.toLowerCase()).not.toContain(raw.toLowerCase());
    expect(fileA).toMatchObject({ schema: 'sleetwatch.share/v1', createdAt: AT, issuer: 'Company A', algorithm: 'HMAC-SHA256/128', keyId: keyFingerprint(CONSORTIUM) });
    expect(fileA.keyId).toMatch(/^hmac-sha256:[0-9a-f]{16}$/);
    expect(fileA.entries).toHaveLength(3);
    expect(fileA.entries.map((e) => e.kind).sort()).toEqual(['candidate', 'candidate', 'employee']);
    // Deterministic: the same input gives the same file (both sides must compute equal hashes).
    expect(exportShare(A, CONSORTIUM, { referenceKey: REF_A, issuer: 'Company A', createdAt: AT })).toEqual(fileA);
  });

  it('company B finds which of its parties share which kind of value with which opaque party of A', () => {
    const r = importShare(JSON.parse(JSON.stringify(fileA)), B, CONSORTIUM);
    expect(r).toMatchObject({ issuer: 'Company A', createdAt: AT, parties: 3 });
    expect(r.matches).toHaveLength(2);
    const byOurs = Object.fromEntries(r.matches.map((m) => [m.ours.id, m]));
    expect(byOurs['lever:55'].shared).toEqual([
      { kind: 'address', values: 1 },
      { kind: 'photo', values: 1 },
    ]);
    expect(byOurs['lever:55'].theirs.kind).toBe('employee');
    expect(byOurs['hr:9'].shared).toEqual([{ kind: 'phone', values: 1 }]);
    expect(byOurs['hr:9'].theirs.kind).toBe('candidate');
    expect(r.counts).toEqual({ phone: 1, mailbox: 0, address: 1, photo: 1 });
    // Only A can map its references back, from its own reference key.
    const back = resolveReferences(r.matches.map((m) => m.theirs.ref), A, REF_A);
    expect(back.get(byOurs['hr:9'].theirs.ref)?.id).toBe('greenhouse:1001');
    expect(back.get(byOurs['lever:55'].theirs.ref)?.id).toBe('scim:u-77');
    expect(resolveReferences(r.matches.map((m) => m.theirs.ref), A, REF_B).size).toBe(0);
    expect(referenceFor(A[0], REF_A)).not.toBe(referenceFor(A[0], REF_B));
  });

  it('is symmetric: A importing B\'s file finds the same pairs', () => {
    const fileB = exportShare(B, CONSORTIUM, { referenceKey: REF_B, createdAt: AT });
    const r = importShare(fileB, A, CONSORTIUM);
    expect(r.matches.map((m) => m.ours.id).sort()).toEqual(['greenhouse:1001', 'scim:u-77']);
    expect(r.counts).toEqual({ phone: 1, mailbox: 0, address: 1, photo: 1 });
  });

  it('works from enriched candidates', () => {
    const c: EnrichedCandidate = {
      candidate: Candidate.parse({ candidateId: 'jr:1', keys: ['jr:1'], sources: ['jsonresume'], displayName: 'X' }),
      phones: [{ raw: '(415) 555-0134', e164: '+14155550134', valid: true, possible: true }],
      emails: [],
      addresses: [],
      nameKeys: [],
    };
    const r = importShare(fileA, [partyFromCandidate(c)], CONSORTIUM);
    expect(r.matches).toEqual([{ ours: { kind: 'candidate', id: 'jr:1', displayName: 'X' }, theirs: expect.objectContaining({ kind: 'candidate' }), shared: [{ kind: 'phone', values: 1 }] }]);
  });

  it('refuses a file made with another consortium key, naming both key ids', () => {
    const other = exportShare(A, OTHER_KEY, { referenceKey: REF_A, createdAt: AT });
    expect(() => importShare(other, B, CONSORTIUM)).toThrow(ShareError);
    expect(() => importShare(other, B, CONSORTIUM)).toThrow(
      `share file was made with another consortium key (file key id ${keyFingerprint(OTHER_KEY)}, ours ${keyFingerprint(CONSORTIUM)})`,
    );
  });

  it('refuses a tampered file (a hash swapped, an entry removed, the issuer changed)', () => {
    const swapped = structuredClone(fileA);
    const victim = swapped.entries.find((e) => e.phone.length)!;
    victim.phone[0] = exportShare([party('candidate', 'z', { phones: ['+15555550000'] })], CONSORTIUM, { referenceKey: REF_A }).entries[0].phone[0];
    expect(() => importShare(swapped, B, CONSORTIUM)).toThrow(/failed its integrity check/);
    const removed = structuredClone(fileA);
    removed.entries.pop();
    expect(() => importShare(removed, B, CONSORTIUM)).toThrow(/failed its integrity check/);
    expect(() => importShare({ ...fileA, issuer: 'Company C' }, B, CONSORTIUM)).toThrow(/failed its integrity check/);
    // Key order in the JSON does not matter.
    const reordered = Object.fromEntries(Object.entries(fileA).reverse());
    expect(importShare(reordered, B, CONSORTIUM).matches).toHaveLength(2);
  });

  it('names the bad field of a malformed file, and refuses other formats and short keys', () => {
    expect(() => importShare({ ...fileA, entries: [{ ...fileA.entries[0], ref: 'x' }] }, B, CONSORTIUM)).toThrow(/share file: entries\.0\.ref: /);
    expect(() => importShare({ ...fileA, extra: 1 }, B, CONSORTIUM)).toThrow(/share file: .*extra/);
    expect(() => importShare({ schema: 'sleetwatch.share/v2' }, B, CONSORTIUM)).toThrow('not a sleetwatch.share/v1 file (schema: "sleetwatch.share/v2")');
    expect(() => importShare(null, B, CONSORTIUM)).toThrow(/not a sleetwatch.share\/v1 file/);
    expect(() => exportShare(A, 'short', { referenceKey: REF_A })).toThrow(/consortium key is 5 bytes; at least 32/);
    expect(() => exportShare(A, CONSORTIUM, { referenceKey: CONSORTIUM })).toThrow(/reference key must differ/);
  });

  it('skips values that are not normalised (no E.164, empty address key) and parties with nothing to match', () => {
    const f = exportShare([party('candidate', 'a', { phones: ['4155550134'], addresses: [' '] }), party('employee', 'b', { mailboxes: ['B@X.EXAMPLE'] })], CONSORTIUM, { referenceKey: REF_A, createdAt: AT });
    expect(f.entries).toHaveLength(1);
    expect(importShare(f, [party('candidate', 'c', { mailboxes: ['b@x.example'] })], CONSORTIUM).counts.mailbox).toBe(1);
  });

  it('the committed JSON Schema is current and validates an exported file', () => {
    const committed = JSON.parse(readFileSync(new URL('../../schemas/share.v1.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(shareJsonSchema());
    const ajv = new Ajv2020({ allErrors: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const validate = ajv.compile(committed);
    expect(validate(fileA), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...fileA, keyId: 'the-key-itself' })).toBe(false);
  });

  it('matches 10 000 parties against a 30 000-party file', () => {
    const mk = (n: number, off: number, kind: 'candidate' | 'employee') =>
      Array.from({ length: n }, (_, i) => party(kind, `${kind}:${i + off}`, { phones: [`+1415${String(i + off).padStart(7, '0')}`], mailboxes: [`u${i + off}@corp.example`] }));
    const theirs = exportShare(mk(30_000, 0, 'employee'), CONSORTIUM, { referenceKey: REF_A, createdAt: AT });
    const t0 = performance.now();
    const r = importShare(theirs, mk(10_000, 25_000, 'candidate'), CONSORTIUM);
    const ms = performance.now() - t0;
    expect(r.matches).toHaveLength(5_000);
    expect(r.counts).toEqual({ phone: 5_000, mailbox: 5_000, address: 0, photo: 0 });
    expect(ms).toBeLessThan(20_000); // a loose bound: the figure is in the report, measured on an idle machine
  }, 60_000);
});
