// What goes on the record stream (issue 12): one normalised record per message, in a small envelope. Events go to the
// partition of their actor's identity key; directory entries to the directory lane. The envelope carries the publish
// time (lag and event→finding latency) and, for events, the directory mark: the directory lane's last sequence when
// the event was published, so a worker commits the directory entries published before an event before the event
// itself (a sign-in never resolves to a person its directory entry has not claimed yet, as in a single `scan`, which
// reads directories first).
import { createHash } from 'node:crypto';
import { DirectoryEntry, identifierKey, NormalizedEvent, type Identifier } from '../core/model.ts';
import { seedKey } from '../core/pipeline.ts';
import { partitionOf } from '../stream/partition.ts';
import type { OutRecord } from '../stream/types.ts';

/** Largest message accepted (NATS' default max_payload is 1 MiB; a normalised record is a few KB). */
export const MAX_RECORD_BYTES = 512 * 1024;

export type Envelope =
  | { v: 1; t: 'e'; at: number; dir: number; e: NormalizedEvent }
  | { v: 1; t: 'd'; at: number; d: DirectoryEntry };

const enc = new TextEncoder();
const dec = new TextDecoder();

/**
 * Where a person's records go. The routing key is the identity key the pipeline gives a new person (seedKey: the work
 * e-mail/UPN when the record carries one, else the highest-ranked vendor id). A sign-in may carry another identifier
 * than the directory entry's best one (an Entra object id without the UPN, an Okta id without the login): the router
 * learns, from the directory entries it publishes (or is shown), each identifier's entry key, and routes a record by the
 * first of its identifiers it knows, so that person's records share the directory entry's partition. A record it
 * cannot tie to an entry goes by its own key: still correct (every commit serialises on the store and catches up with
 * the others), only less local. See docs/scale-out.md.
 */
export class Router {
  /** identifier key → routing key of the directory entry owning it (first entry wins, as in the pipeline) */
  private readonly alias = new Map<string, string>();

  constructor(
    readonly partitions: number,
    /** most identifiers remembered (about 3 per employee); beyond it, new ones are not learnt */
    private readonly maxAliases = 1_000_000,
  ) {}

  learn(entries: Iterable<Pick<DirectoryEntry, 'ids'>>): void {
    for (const d of entries) {
      const key = seedKey(d.ids);
      for (const id of d.ids) {
        if (this.alias.size >= this.maxAliases) return;
        const k = identifierKey(id);
        if (!this.alias.has(k)) this.alias.set(k, key);
      }
    }
  }

  key(ids: Identifier[]): string {
    for (const id of ids) {
      const k = this.alias.get(identifierKey(id));
      if (k !== undefined) return k;
    }
    return seedKey(ids);
  }

  partitionOf(e: Pick<NormalizedEvent, 'actor'>): number {
    return partitionOf(this.key(e.actor.ids), this.partitions);
  }
}

export function eventRecord(e: NormalizedEvent, dirMark: number, at = Date.now()): OutRecord {
  // Nats-Msg-Id = the event's stable id: the same sign-in published twice (an overlap re-fetched, a collector restarted
  // before saving its checkpoint) is dropped by JetStream within the window and by the store's claims after it.
  return { id: e.id, data: enc.encode(JSON.stringify({ v: 1, t: 'e', at, dir: dirMark, e } satisfies Envelope)) };
}

export function directoryRecord(d: DirectoryEntry, at = Date.now()): OutRecord {
  // A directory entry changes under the same id: its message id is the hash of its content, so a changed entry is
  // published again and an unchanged one re-sent is dropped.
  const id = `dir:${createHash('sha256').update(JSON.stringify(d)).digest('base64url')}`;
  return { id, data: enc.encode(JSON.stringify({ v: 1, t: 'd', at, d } satisfies Envelope)) };
}

/** A message as an envelope, validated (the stream is an input like any other); a reason when it is not one. */
export function decodeRecord(data: Uint8Array): { ok: true; env: Envelope } | { ok: false; reason: string } {
  if (data.byteLength > MAX_RECORD_BYTES) return { ok: false, reason: `message of ${data.byteLength} bytes (largest ${MAX_RECORD_BYTES})` };
  let x: unknown;
  try {
    x = JSON.parse(dec.decode(data));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const o = x as { v?: unknown; t?: unknown; at?: unknown; dir?: unknown; e?: unknown; d?: unknown };
  if (typeof o !== 'object' || o === null || o.v !== 1) return { ok: false, reason: 'not a version-1 record envelope' };
  const at = typeof o.at === 'number' && Number.isFinite(o.at) ? o.at : 0;
  if (o.t === 'e') {
    const e = NormalizedEvent.safeParse(o.e);
    if (!e.success) return { ok: false, reason: `invalid event: ${e.error.issues[0]?.message ?? 'schema'}`.slice(0, 300) };
    const dir = typeof o.dir === 'number' && Number.isSafeInteger(o.dir) && o.dir >= 0 ? o.dir : 0;
    return { ok: true, env: { v: 1, t: 'e', at, dir, e: e.data } };
  }
  if (o.t === 'd') {
    const d = DirectoryEntry.safeParse(o.d);
    if (!d.success) return { ok: false, reason: `invalid directory entry: ${d.error.issues[0]?.message ?? 'schema'}`.slice(0, 300) };
    return { ok: true, env: { v: 1, t: 'd', at, d: d.data } };
  }
  return { ok: false, reason: 'unknown record type' };
}
