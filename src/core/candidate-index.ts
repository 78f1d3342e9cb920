// The reuse index: every candidate and employee under the normalised keys of what identifies or describes them
// (phone E.164, mailbox, distinctive e-mail local part, address key, name keys, photo-hash bands, resume LSH bands,
// GitHub login, referrer), so vetting one candidate finds everyone who shares any of it with index lookups, not scans.
// Pure types. Keys come from ONE function (src/vetting/index/keys.ts) whatever the adapter; adapters:
// src/vetting/index/memory.ts (Maps) and src/store/candidate-index.ts (PGlite and PostgreSQL, one SQL).
import type { EnrichedCandidate, Party, ReuseField, ReuseMatch } from './check.ts';

/** One key of a party: what kind of value, and its normalised form (photo: `<band>:<4 hex>`; resume: `<band>:<8 hex>`). */
export interface IndexKey {
  kind: ReuseField;
  key: string;
}

/** A candidate or employee as the index stores it. */
export interface IndexedParty {
  party: Party;
  /** Folded, canonical family name (names.ts familyKey), to tell a household from a ring. */
  familyName?: string;
  keys: IndexKey[];
  /** 16 hex digits, verified against a query's hash by Hamming distance. */
  photoHash?: string;
  /** MinHash signature, verified against a query's by the Jaccard estimate. */
  resumeSignature?: number[];
  /** Distinct shingles of the resume text (for the size of the shared part). */
  resumeShingles?: number;
}

/** Parties counted under one key at most: ReuseMatch.sharedBy equal to this means "this many or more". */
export const SHARED_BY_CAP = 1000;

export interface LookupOptions {
  /** Parties returned per key (more are counted: ReuseMatch.sharedBy). Default 20. */
  maxPerKey?: number;
  /** Photo match when the Hamming distance is at most this (of 64). Default 10. */
  photoMaxHamming?: number;
  /** Resume match when the Jaccard estimate is at least this. Default 0.5. */
  resumeMinJaccard?: number;
  /**
   * Bits probed around each 16-bit photo band: every stored photo within 4 × (radius + 1) − 1 bits is found by
   * lookups. Default 2 (548 keys, every photo within 11 bits); 1 is 68 keys (within 7 bits), 0 is 4 keys (within 3).
   */
  photoProbeRadius?: number;
}

/** Parties found under one looked-up key (the adapters' part of a lookup). */
export interface KeyHit {
  /** Index of the key in the looked-up list. */
  i: number;
  parties: IndexedPartyRow[];
  /** Parties under the key other than the excluded one, when more than maxPerKey; else parties.length. */
  total: number;
}

/** What an adapter returns for a party under a key: everything but its keys. */
export type IndexedPartyRow = Omit<IndexedParty, 'keys'>;

export interface CandidateIndex {
  /** The index entry of a candidate: its keys by the one key function (src/vetting/index/keys.ts partyFromCandidate). */
  partyOf(c: EnrichedCandidate): IndexedParty;
  /** Add or replace parties (a party already present under the same kind and id is replaced: its old keys go). */
  add(entries: readonly IndexedParty[]): Promise<void>;
  /** Everything this candidate shares with another party (itself excluded), verified (photo, resume) and bounded per key. */
  lookup(c: EnrichedCandidate, opts?: LookupOptions): Promise<ReuseMatch[]>;
  /** Remove a party; true when it was there. */
  remove(party: Party): Promise<boolean>;
  /** Parties stored. */
  size(): Promise<number>;
}

/** The low-level operations an adapter implements; src/vetting/index/keys.ts builds the CandidateIndex on them. */
export interface KeyStore {
  add(entries: readonly IndexedParty[]): Promise<void>;
  /** Parties (other than `exclude`) under each key, at most `maxPerKey` each, with the total when over. */
  hits(keys: readonly IndexKey[], exclude: Party | undefined, maxPerKey: number): Promise<KeyHit[]>;
  remove(party: Party): Promise<boolean>;
  size(): Promise<number>;
}
