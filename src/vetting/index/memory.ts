// In-memory CandidateIndex: Maps from key to the parties under it. Pure (no I/O). Keys are spread over SHARDS Maps
// (a V8 Map holds at most 2^24 entries; 1M candidates have ~20–40M keys). A key held by one party stores its number,
// by several an array, so the common unique key costs one Map entry.
import type { Party } from '../../core/check.ts';
import { SHARED_BY_CAP, type CandidateIndex, type IndexKey, type IndexedParty, type IndexedPartyRow, type KeyHit, type KeyStore } from '../../core/candidate-index.ts';
import { hash32 } from '../similarity/minhash.ts';
import { indexOn } from './keys.ts';

const SHARDS = 64;
/** Parties counted under one key at most, as the SQL adapter. */
const COUNT_CAP = SHARED_BY_CAP;
const KIND_CODE: Record<IndexKey['kind'], string> = { phone: 'p', mailbox: 'm', emailLocal: 'l', address: 'a', name: 'n', photo: 'f', resume: 'r', github: 'g', referrer: 'x' };

interface Rec {
  row: IndexedPartyRow;
  keys: string[];
}

export class MemoryKeyStore implements KeyStore {
  private readonly shards: Map<string, number | number[]>[] = Array.from({ length: SHARDS }, () => new Map());
  private readonly recs: (Rec | undefined)[] = [];
  private readonly byParty = new Map<string, number>();
  private free: number[] = [];

  private shard(k: string): Map<string, number | number[]> {
    return this.shards[hash32(k) & (SHARDS - 1)];
  }

  private put(k: string, pid: number): void {
    const m = this.shard(k);
    const v = m.get(k);
    if (v === undefined) m.set(k, pid);
    else if (typeof v === 'number') {
      if (v !== pid) m.set(k, [v, pid]);
    } else if (!v.includes(pid)) v.push(pid);
  }

  private drop(k: string, pid: number): void {
    const m = this.shard(k);
    const v = m.get(k);
    if (v === undefined) return;
    if (typeof v === 'number') {
      if (v === pid) m.delete(k);
      return;
    }
    const i = v.indexOf(pid);
    if (i >= 0) v.splice(i, 1);
    if (v.length === 1) m.set(k, v[0]);
    else if (v.length === 0) m.delete(k);
  }

  async add(entries: readonly IndexedParty[]): Promise<void> {
    this.addSync(entries);
  }

  /** add without the promise (bulk loading). */
  addSync(entries: readonly IndexedParty[]): void {
    for (const e of entries) {
      const id = `${e.party.kind}:${e.party.id}`;
      const old = this.byParty.get(id);
      if (old !== undefined) this.removePid(old);
      const pid = this.free.pop() ?? this.recs.length;
      const { keys, ...row } = e;
      const ks = keys.map((k) => KIND_CODE[k.kind] + k.key);
      this.recs[pid] = { row, keys: ks };
      this.byParty.set(id, pid);
      for (const k of ks) this.put(k, pid);
    }
  }

  private removePid(pid: number): void {
    const r = this.recs[pid];
    if (!r) return;
    for (const k of r.keys) this.drop(k, pid);
    this.byParty.delete(`${r.row.party.kind}:${r.row.party.id}`);
    this.recs[pid] = undefined;
    this.free.push(pid);
  }

  async hits(keys: readonly IndexKey[], exclude: Party | undefined, maxPerKey: number): Promise<KeyHit[]> {
    const self = exclude ? this.byParty.get(`${exclude.kind}:${exclude.id}`) : undefined;
    const out: KeyHit[] = [];
    for (let i = 0; i < keys.length; i++) {
      const k = KIND_CODE[keys[i].kind] + keys[i].key;
      const v = this.shard(k).get(k);
      if (v === undefined) continue;
      const pids = typeof v === 'number' ? [v] : v;
      const parties: IndexedPartyRow[] = [];
      let total = 0;
      for (const pid of pids) {
        if (pid === self) continue;
        if (total === COUNT_CAP) break;
        total++;
        if (parties.length < maxPerKey) parties.push(this.recs[pid]!.row);
      }
      if (total > 0) out.push({ i, parties, total });
    }
    return out;
  }

  async remove(party: Party): Promise<boolean> {
    const pid = this.byParty.get(`${party.kind}:${party.id}`);
    if (pid === undefined) return false;
    this.removePid(pid);
    return true;
  }

  async size(): Promise<number> {
    return this.byParty.size;
  }

  /** Distinct keys stored (for the bench). */
  keyCount(): number {
    return this.shards.reduce((n, m) => n + m.size, 0);
  }
}

/** A CandidateIndex in memory. */
export class MemoryCandidateIndex implements CandidateIndex {
  readonly store = new MemoryKeyStore();
  private readonly ix = indexOn(this.store);
  partyOf = this.ix.partyOf;
  add = this.ix.add;
  lookup = this.ix.lookup;
  remove = this.ix.remove;
  size = this.ix.size;
}

export function memoryCandidateIndex(): MemoryCandidateIndex {
  return new MemoryCandidateIndex();
}
