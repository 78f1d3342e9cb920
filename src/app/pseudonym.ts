// Pseudonyms of monitored people (issue 11): a stable, readable name per person ("Person 4KQ7-M2XD") that says
// nothing about who they are: the HMAC-SHA256 of the personId under the store's own random key (server_secrets
// 'pseudonym'), 40 bits in Crockford base32. The same person has the same pseudonym on every page and every day;
// without the key nobody can link a pseudonym to a personId list made elsewhere.
import { createHmac } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type Pseudonymiser = (personId: string) => string;

export function pseudonymiser(keyHex: string): Pseudonymiser {
  const key = Buffer.from(keyHex, 'hex');
  const cache = new Map<string, string>();
  return (personId) => {
    let p = cache.get(personId);
    if (p !== undefined) return p;
    const mac = createHmac('sha256', key).update(personId, 'utf8').digest();
    let bits = 0n;
    for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(mac[i]);
    let s = '';
    for (let i = 0; i < 8; i++) s = CROCKFORD[Number((bits >> BigInt(5 * i)) & 31n)] + s;
    p = `Person ${s.slice(0, 4)}-${s.slice(4)}`;
    if (cache.size > 50_000) cache.clear();
    cache.set(personId, p);
    return p;
  };
}
