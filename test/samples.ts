// The real vendor samples committed in test/samples (provenance: test/samples/PROVENANCE.md) and the third-party IP
// lists in data/upstream (data/upstream/PROVENANCE.md). Tests read them through here, never from outside the
// repository: a missing file throws (the test fails), it is never skipped.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** test/samples/ of this repository. */
export const SAMPLES = fileURLToPath(new URL('./samples/', import.meta.url));
/** data/upstream/ of this repository: holds ipintel/ (the inputs of `sleetwatch intel refresh`). */
export const UPSTREAM = fileURLToPath(new URL('../data/upstream/', import.meta.url));

function mustExist(p: string): string {
  if (!existsSync(p)) throw new Error(`test fixture missing: ${p} (see test/samples/PROVENANCE.md)`);
  return p;
}

/** Absolute path of a sample file or folder, e.g. `samplePath('entra')`, `samplePath('okta/Okta_CL.json.gz')`. */
export const samplePath = (rel: string): string => mustExist(join(SAMPLES, rel));

/** Absolute path of an upstream file, e.g. `upstreamPath('ipintel/x4bnet/input/vpn/ips/apple.txt')`. */
export const upstreamPath = (rel: string): string => mustExist(join(UPSTREAM, rel));

/** A sample's text; gzip-compressed samples (1f 8b) are unpacked. */
export function readSample(rel: string): string {
  const buf = readFileSync(samplePath(rel));
  return (buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf).toString('utf8');
}

/** The Okta_CL sample (593 rows) as text. */
export const oktaClText = (): string => readSample('okta/Okta_CL.json.gz');
/** Panther's extracted rule tests, one JSON object per line, as text. */
export const pantherTestsText = (): string => readSample('panther/panther_tests_extracted.jsonl.gz');
