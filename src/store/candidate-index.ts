// The reuse index in SQL (migration 007): the same statements on PGlite and PostgreSQL, over the store's executor.
// Keys and verification come from src/vetting/index/keys.ts (shared with the in-memory adapter); this file only
// stores keys and answers "which parties are under these keys" with index-only scans, bounded per key.
import type { Party } from '../core/check.ts';
import { SHARED_BY_CAP, type CandidateIndex, type IndexKey, type IndexedParty, type IndexedPartyRow, type KeyHit, type KeyStore } from '../core/candidate-index.ts';
import { indexOn } from '../vetting/index/keys.ts';
import type { SqlExecutor } from './executor.ts';
import { toJsonParam } from './json-param.ts';

export const KIND_CODE: Record<IndexKey['kind'], number> = { phone: 1, mailbox: 2, emailLocal: 3, address: 4, name: 5, photo: 6, resume: 7, github: 8, referrer: 9 };
/** Parties per INSERT statement (their keys go in one statement per chunk too). */
const PARTY_CHUNK = 2000;
/** A key shared by more parties than this is counted only up to it (ReuseMatch.sharedBy). */
const COUNT_CAP = SHARED_BY_CAP;

const UPSERT_PARTIES = `
INSERT INTO reuse_parties (party_kind, party_id, display_name, family_name, photo_hash, resume_sig, resume_shingles)
SELECT x.party_kind, x.party_id, x.display_name, x.family_name, x.photo_hash, x.resume_sig, x.resume_shingles
FROM json_to_recordset($1::json) AS x(party_kind text, party_id text, display_name text, family_name text,
  photo_hash text, resume_sig integer[], resume_shingles integer)
ON CONFLICT (party_kind, party_id) DO UPDATE SET display_name = EXCLUDED.display_name, family_name = EXCLUDED.family_name,
  photo_hash = EXCLUDED.photo_hash, resume_sig = EXCLUDED.resume_sig, resume_shingles = EXCLUDED.resume_shingles
RETURNING pid, party_kind, party_id, (xmax <> 0) AS existed`;

const INSERT_KEYS = `INSERT INTO reuse_keys (kind, key, pid) SELECT * FROM unnest($1::smallint[], $2::text[], $3::integer[])`;

// The candidate's own pid ($3, $4: kind and id; -1 when not stored) and, per looked-up key, at most $5 parties other
// than it (an index-only scan each), in one statement.
const HITS = `
WITH me AS (SELECT coalesce((SELECT pid FROM reuse_parties WHERE party_kind = $3 AND party_id = $4), -1) AS pid)
SELECT q.i::integer AS i, x.pid, me.pid AS self
FROM me, unnest($1::smallint[], $2::text[]) WITH ORDINALITY AS q(kind, key, i)
CROSS JOIN LATERAL (SELECT k.pid FROM reuse_keys k WHERE k.kind = q.kind AND k.key = q.key AND k.pid <> me.pid LIMIT $5) x`;

const COUNTS = `
SELECT q.i::integer AS i,
  (SELECT count(*) FROM (SELECT 1 FROM reuse_keys k WHERE k.kind = q.kind AND k.key = q.key AND k.pid <> $3 LIMIT ${COUNT_CAP}) c)::integer AS n
FROM unnest($1::smallint[], $2::text[], $4::integer[]) AS q(kind, key, i)`;

// The signature (512 bytes) only for parties found under a resume band ($2).
const PARTIES = `
SELECT pid, party_kind, party_id, display_name, family_name, photo_hash,
  CASE WHEN pid = ANY($2::integer[]) THEN resume_sig END AS resume_sig, resume_shingles
FROM reuse_parties WHERE pid = ANY($1::integer[])`;

interface PartyRow {
  pid: number;
  party_kind: string;
  party_id: string;
  display_name: string | null;
  family_name: string | null;
  photo_hash: string | null;
  resume_sig: number[] | null;
  resume_shingles: number | null;
}

function toRow(r: PartyRow): IndexedPartyRow {
  return {
    party: { kind: r.party_kind as Party['kind'], id: r.party_id, ...(r.display_name !== null ? { displayName: r.display_name } : {}) },
    ...(r.family_name !== null ? { familyName: r.family_name } : {}),
    ...(r.photo_hash !== null ? { photoHash: r.photo_hash } : {}),
    ...(r.resume_sig !== null ? { resumeSignature: r.resume_sig.map((v) => v >>> 0) } : {}),
    ...(r.resume_shingles !== null ? { resumeShingles: r.resume_shingles } : {}),
  };
}

function checkId(p: Party): void {
  if (p.id.includes('\u0000')) throw new Error(`party id "${p.id.replace(/\u0000/g, '\\0').slice(0, 80)}": contains U+0000, which PostgreSQL cannot store`);
}

export class SqlKeyStore implements KeyStore {
  constructor(readonly db: SqlExecutor) {}

  async add(entries: readonly IndexedParty[]): Promise<void> {
    // The last entry for a party wins (one statement cannot update a row twice).
    const last = new Map<string, IndexedParty>();
    for (const e of entries) {
      checkId(e.party);
      last.set(`${e.party.kind}:${e.party.id}`, e);
    }
    const all = [...last.values()];
    if (all.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (let s = 0; s < all.length; s += PARTY_CHUNK) {
        const chunk = all.slice(s, s + PARTY_CHUNK);
        const param = chunk.map((e) => ({
          party_kind: e.party.kind,
          party_id: e.party.id,
          display_name: e.party.displayName ?? null,
          family_name: e.familyName ?? null,
          photo_hash: e.photoHash ?? null,
          resume_sig: e.resumeSignature ? e.resumeSignature.map((v) => v | 0) : null,
          resume_shingles: e.resumeShingles ?? null,
        }));
        const { rows } = await tx.query<{ pid: number; party_kind: string; party_id: string; existed: boolean }>(UPSERT_PARTIES, [toJsonParam(param)]);
        const pidOf = new Map(rows.map((r) => [`${r.party_kind}:${r.party_id}`, r.pid]));
        const existed = rows.filter((r) => r.existed).map((r) => r.pid);
        if (existed.length) await tx.query('DELETE FROM reuse_keys WHERE pid = ANY($1::integer[])', [existed]);
        const kinds: number[] = [];
        const keys: string[] = [];
        const pids: number[] = [];
        for (const e of chunk) {
          const pid = pidOf.get(`${e.party.kind}:${e.party.id}`)!;
          for (const k of e.keys) {
            kinds.push(KIND_CODE[k.kind]);
            keys.push(k.key);
            pids.push(pid);
          }
        }
        if (kinds.length) await tx.query(INSERT_KEYS, [kinds, keys, pids]);
      }
    });
  }

  async hits(keys: readonly IndexKey[], exclude: Party | undefined, maxPerKey: number): Promise<KeyHit[]> {
    if (keys.length === 0) return [];
    const kinds = keys.map((k) => KIND_CODE[k.kind]);
    const texts = keys.map((k) => k.key);
    const me = exclude && !exclude.id.includes('\u0000') ? exclude : { kind: '', id: '' };
    const { rows } = await this.db.query<{ i: number; pid: number; self: number }>(HITS, [kinds, texts, me.kind, me.id, maxPerKey + 1]);
    if (rows.length === 0) return [];
    const byKey = new Map<number, number[]>();
    for (const r of rows) {
      const i = r.i - 1; // ORDINALITY is 1-based
      const l = byKey.get(i);
      if (l) l.push(r.pid);
      else byKey.set(i, [r.pid]);
    }
    const self = rows[0].self;
    const over = [...byKey].filter(([, l]) => l.length > maxPerKey).map(([i]) => i);
    const totals = new Map<number, number>();
    if (over.length) {
      const c = await this.db.query<{ i: number; n: number }>(COUNTS, [over.map((i) => kinds[i]), over.map((i) => texts[i]), self, over]);
      for (const r of c.rows) totals.set(r.i, r.n);
    }
    const wanted = new Set<number>();
    const resume = new Set<number>();
    for (const [i, l] of byKey)
      for (const pid of l.slice(0, maxPerKey)) {
        wanted.add(pid);
        if (keys[i].kind === 'resume') resume.add(pid);
      }
    const p = await this.db.query<PartyRow>(PARTIES, [[...wanted], [...resume]]);
    const rowOf = new Map(p.rows.map((r) => [r.pid, toRow(r)]));
    const out: KeyHit[] = [];
    for (const [i, l] of [...byKey].sort((a, b) => a[0] - b[0])) {
      const parties = l.slice(0, maxPerKey).map((pid) => rowOf.get(pid)).filter((r): r is IndexedPartyRow => r !== undefined);
      out.push({ i, parties, total: totals.get(i) ?? l.length });
    }
    return out;
  }

  async remove(party: Party): Promise<boolean> {
    if (party.id.includes('\u0000')) return false;
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ pid: number }>('DELETE FROM reuse_parties WHERE party_kind = $1 AND party_id = $2 RETURNING pid', [party.kind, party.id]);
      if (rows.length === 0) return false;
      await tx.query('DELETE FROM reuse_keys WHERE pid = $1', [rows[0].pid]);
      return true;
    });
  }

  async size(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT count(*)::integer AS n FROM reuse_parties');
    return rows[0].n;
  }
}

/** The reuse index on a migrated store's executor (SqlStore.db): PGlite or PostgreSQL. */
export function sqlCandidateIndex(db: SqlExecutor): CandidateIndex & { store: SqlKeyStore } {
  const store = new SqlKeyStore(db);
  return { ...indexOn(store), store };
}
