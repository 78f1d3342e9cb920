// Pseudonyms for notification text and exports: "Person 4KQ7-M2XD", the first 40 bits of HMAC-SHA256(key, personId) in
// Crockford base32. Stable for one key, meaningless without it (person ids are hashes of identifiers, so an unkeyed
// hash could be recomputed from a guessed UPN).
// TODO(lead): the auth helper's pseudonymiser (src/app/pseudonym.ts on its branch: same HMAC, same 40 bits, same
// Crockford text, keyed by the store's server_secrets 'pseudonym') gives the same person the same name when this is
// called with that key as a Buffer; keep one implementation and one key on merge.
import { createHmac, randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type Pseudonymise = (subject: { kind: 'person' | 'candidate'; id: string }) => string;

function code(key: string | Buffer, message: string): string {
  const h = createHmac('sha256', key).update(message, 'utf8').digest();
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(h[i]);
  let out = '';
  for (let i = 7; i >= 0; i--) out += CROCKFORD[Number((bits >> BigInt(i * 5)) & 31n)];
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}

/** Pseudonyms under `key`; without one, a random key of this process (stable until it exits; `ephemeral` true). */
export function pseudonymiser(key: string | Buffer | undefined): Pseudonymise & { ephemeral: boolean } {
  const k = key && key.length > 0 ? key : randomBytes(32);
  const f = ((s: { kind: 'person' | 'candidate'; id: string }) =>
    s.kind === 'person' ? `Person ${code(k, s.id)}` : `Candidate ${code(k, `candidate:${s.id}`)}`) as Pseudonymise & { ephemeral: boolean };
  f.ephemeral = !(key && key.length > 0);
  return f;
}
