// The parts of the MaxMind DB format (https://maxmind.github.io/MaxMind-DB/) that geo.ts needs, read from a
// PagedFile so that only the pages a lookup touches are read: the metadata at the end of the file and the data
// section decoder. The decoder gives the same values as mmdb-lib (the decoder of the `maxmind` package): strings as
// UTF-8, doubles and floats as numbers, 64/128-bit integers as bigint, bytes as a Buffer (a copy).
import type { PagedFile } from './paged.ts';

const MARKER = Buffer.from('abcdef4d61784d696e642e636f6d', 'hex'); // \xAB\xCD\xEFMaxMind.com
/** The metadata section is within the last 128 KiB of the file (the format's own limit). */
const METADATA_MAX = 128 * 1024;
const POINTER_BASE = [0, 2048, 526336, 0];

export interface MmdbMetadata {
  nodeCount: number;
  recordSize: number;
  ipVersion: number;
  databaseType: string;
  buildEpoch: number;
  /** Bytes of the search tree; the data section starts 16 bytes after it. */
  searchTreeSize: number;
  dataStart: number;
}

export function readMetadata(f: PagedFile): MmdbMetadata {
  // the metadata is usually a few hundred bytes: look in the last 8 KiB first
  let start = -1;
  for (const span of [8192, METADATA_MAX]) {
    const from = Math.max(0, f.size - span);
    const i = f.slice(from, f.size - from).lastIndexOf(MARKER);
    if (i >= 0) { start = from + i + MARKER.length; break; }
    if (from === 0) break;
  }
  if (start < 0) throw new Error(`${f.path}: not a MaxMind DB file (no metadata marker)`);
  const m = new MmdbDecoder(f, start).decode(start) as Record<string, unknown> | null;
  const nodeCount = m?.node_count, recordSize = m?.record_size, ipVersion = m?.ip_version;
  if (typeof nodeCount !== 'number' || typeof recordSize !== 'number' || typeof ipVersion !== 'number') throw new Error(`${f.path}: bad MaxMind DB metadata`);
  const searchTreeSize = (nodeCount * recordSize) / 4;
  return {
    nodeCount, recordSize, ipVersion, databaseType: String(m!.database_type ?? ''), buildEpoch: Number(m!.build_epoch ?? 0),
    searchTreeSize, dataStart: searchTreeSize + 16,
  };
}

/** Data section decoder; `base` is where pointers count from (the data section's start). */
export class MmdbDecoder {
  /** Offset just after the value decode() read last. */
  private at = 0;

  constructor(private readonly f: PagedFile, private readonly base: number) {}

  /** Unsigned big-endian integer of `n` (0..4) bytes at `o`. */
  private uint(o: number, n: number): number {
    const f = this.f;
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + f.u8(o + i);
    return v;
  }

  /** The value at an absolute file offset. */
  decode(offset: number): unknown {
    const f = this.f;
    const ctrl = f.u8(offset++);
    let type = ctrl >> 5;
    if (type === 1) {
      // pointer: 001SSVVV
      const ps = (ctrl >> 3) & 3;
      const packed = ps === 3 ? this.uint(offset, 4) : (ctrl & 7) * 2 ** (8 * (ps + 1)) + this.uint(offset, ps + 1);
      const next = offset + ps + 1;
      const v = this.decode(this.base + POINTER_BASE[ps] + packed);
      this.at = next;
      return v;
    }
    if (type === 0) {
      type = f.u8(offset) + 7;
      if (type < 8) throw new Error(`${f.path}: invalid extended type at offset ${offset}`);
      offset++;
    }
    let size = ctrl & 0x1f;
    if (size >= 29) {
      const extra = size - 28;
      size = [0, 29, 285, 65821][extra] + this.uint(offset, extra);
      offset += extra;
    }
    switch (type) {
      case 2: // utf8 string
        this.at = offset + size;
        return f.text(offset, size);
      case 7: { // map
        const map: Record<string, unknown> = {};
        let at = offset;
        for (let i = 0; i < size; i++) {
          const key = this.decode(at) as string;
          const value = this.decode(this.at);
          map[key] = value;
          at = this.at;
        }
        this.at = at;
        return map;
      }
      case 11: { // array
        const arr = new Array<unknown>(size);
        let at = offset;
        for (let i = 0; i < size; i++) {
          arr[i] = this.decode(at);
          at = this.at;
        }
        this.at = at;
        return arr;
      }
      case 3: // double
        this.at = offset + 8;
        return f.slice(offset, 8).readDoubleBE(0);
      case 15: // float
        this.at = offset + 4;
        return f.slice(offset, 4).readFloatBE(0);
      case 5: // uint16
      case 6: // uint32
        if (size > 4) throw new Error(`${f.path}: invalid size for unsigned integer: ${size}`);
        this.at = offset + size;
        return this.uint(offset, size);
      case 8: // int32
        this.at = offset + size;
        return size < 4 ? this.uint(offset, size) : f.slice(offset, 4).readInt32BE(0);
      case 9: // uint64
      case 10: { // uint128
        if (size > 16) throw new Error(`${f.path}: invalid size for big unsigned integer: ${size}`);
        let v = 0n;
        for (let i = 0; i < size; i++) v = (v << 8n) | BigInt(f.u8(offset + i));
        this.at = offset + size;
        return v;
      }
      case 14: // boolean (the size is the value)
        this.at = offset;
        return size !== 0;
      case 4: // bytes
        this.at = offset + size;
        return Buffer.from(f.slice(offset, size));
    }
    throw new Error(`${f.path}: unknown type ${type} at offset ${offset}`);
  }
}
