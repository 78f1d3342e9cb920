// Which partition a record goes to and which worker owns which partition. Pure.
import { fnv1a64 } from '../core/hash.ts';

/** The partition of a routing key (a person's identity key): a stable hash, the same in every process and version. */
export function partitionOf(key: string, partitions: number): number {
  // 52 bits of the 64-bit FNV-1a hash: an exact integer, spread evenly by the modulo.
  return Number.parseInt(mix(fnv1a64(key)).slice(0, 13), 16) % partitions;
}

/**
 * Rendezvous (highest-random-weight) assignment: each partition goes to the live worker with the highest hash of
 * (worker, partition). Every worker computes the same answer from the same member list, without coordination, and
 * when a worker joins or leaves only the partitions it gains or held move (about partitions / workers of them).
 */
export function assign(all: readonly string[], partitions: number, active = 0): Map<string, number[]> {
  const out = new Map<string, number[]>(all.map((w) => [w, []]));
  // With `active` > 0 only the first `active` workers (by id) take partitions; the others stand by and take over when
  // one of them leaves.
  const workers = active > 0 ? [...all].sort().slice(0, active) : all;
  if (workers.length === 0) return out;
  for (let p = 0; p < partitions; p++) {
    let best = workers[0];
    let bestW = '';
    for (const w of workers) {
      const h = mix(fnv1a64(`${w}\u0000${p}`));
      if (h > bestW || (h === bestW && w < best)) {
        best = w;
        bestW = h;
      }
    }
    out.get(best)!.push(p);
  }
  return out;
}

/** FNV-1a spreads short, similar strings poorly in its high bits: a 32-bit avalanche (murmur3 fmix32) on each lane. */
function mix(hex: string): string {
  const f = (x: number): string => {
    x ^= x >>> 16;
    x = Math.imul(x, 0x85ebca6b);
    x ^= x >>> 13;
    x = Math.imul(x, 0xc2b2ae35);
    x ^= x >>> 16;
    return (x >>> 0).toString(16).padStart(8, '0');
  };
  return f(Number.parseInt(hex.slice(0, 8), 16)) + f(Number.parseInt(hex.slice(8), 16));
}
