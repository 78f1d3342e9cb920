// The parts of the MaxMind DB format (https://maxmind.github.io/MaxMind-DB/) that geo.ts needs, read from a
// PagedFile so that only the pages a lookup touches are read: the metadata at the end of the file and the data
// section decoder. The decoder gives the same values as mmdb-lib (the decoder of the `maxmind` package): strings as
// UTF-8, doubles and floats as numbers, 64/128-bit integers as bigint, bytes as a Buffer (a copy).
import type { PagedFile } from './paged.ts';

const MARKER = [0xab, 0xcd, 0xef, 0x4d, 0x61, 0x78, 0x4d, 0x69, 0x6e, 0x64, 0x2e, 0x63, 0x6f, 0x6d]; // \xAB\xCD\xEFMaxMind.com
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
  const from = Math.max(0, f.size - METADATA_MAX);
  f.ensure(from, f.size - from);
  const b = f.bytes;
  let start = -1;
  for (let i = f.size - MARKER.length; i >= from; i--) {
    let k = 0;
    while (k < MARKER.length && b[i + k] === MARKER[k]) k++;
    if (k === MARKER.length) { start = i + MARKER.length; break; }
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

  /** The value at an absolute file offset. */
  decode(offset: number): unknown {
    const f = this.f;
    f.ensure(offset, 1);
    const b = f.bytes;
    const ctrl = b[offset++];
    let type = ctrl >> 5;
    if (type === 1) {
      // pointer: 001SSVVV
      const ps = (ctrl >> 3) & 3;
      f.ensure(offset, ps + 1);
      let packed: number;
      if (ps === 0) packed = ((ctrl & 7) << 8) | b[offset];
      else if (ps === 1) packed = ((ctrl & 7) << 16) | (b[offset] << 8) | b[offset + 1];
      else if (ps === 2) packed = (ctrl & 7) * 0x1000000 + ((b[offset] << 16) | (b[offset + 1] << 8) | b[offset + 2]);
      else packed = f.buf.readUInt32BE(offset);
      const next = offset + ps + 1;
      const v = this.decode(this.base + POINTER_BASE[ps] + packed);
      this.at = next;
      return v;
    }
    if (type === 0) {
      f.ensure(offset, 1);
      type = b[offset] + 7;
      if (type < 8) throw new Error(`${f.path}: invalid extended type at offset ${offset}`);
      offset++;
    }
    let size = ctrl & 0x1f;
    if (size >= 29) {
      const extra = size - 28;
      f.ensure(offset, extra);
      if (size === 29) size = 29 + b[offset];
      else if (size === 30) size = 285 + ((b[offset] << 8) | b[offset + 1]);
      else size = 65821 + ((b[offset] << 16) | (b[offset + 1] << 8) | b[offset + 2]);
      offset += extra;
    }
    switch (type) {
      case 2: // utf8 string
        f.ensure(offset, size);
        this.at = offset + size;
        return f.buf.toString('utf8', offset, offset + size);
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
        f.ensure(offset, 8);
        this.at = offset + 8;
        return f.buf.readDoubleBE(offset);
      case 15: // float
        f.ensure(offset, 4);
        this.at = offset + 4;
        return f.buf.readFloatBE(offset);
      case 5: // uint16
      case 6: { // uint32
        if (size > 4) throw new Error(`${f.path}: invalid size for unsigned integer: ${size}`);
        f.ensure(offset, size);
        this.at = offset + size;
        return size === 0 ? 0 : f.buf.readUIntBE(offset, size);
      }
      case 8: { // int32
        f.ensure(offset, size);
        this.at = offset + size;
        if (size === 0) return 0;
        return size < 4 ? f.buf.readUIntBE(offset, size) : f.buf.readInt32BE(offset);
      }
      case 9: // uint64
      case 10: { // uint128
        if (size > 16) throw new Error(`${f.path}: invalid size for big unsigned integer: ${size}`);
        f.ensure(offset, size);
        let v = 0n;
        for (let i = 0; i < size; i++) v = (v << 8n) | BigInt(b[offset + i]);
        this.at = offset + size;
        return v;
      }
      case 14: // boolean (the size is the value)
        this.at = offset;
        return size !== 0;
      case 4: // bytes
        f.ensure(offset, size);
        this.at = offset + size;
        return Buffer.from(b.subarray(offset, offset + size));
    }
    throw new Error(`${f.path}: unknown type ${type} at offset ${offset}`);
  }
}
