// API tokens: `sw_` + 32 random bytes (base64url). The store keeps only their SHA-256 (a 256-bit random secret needs
// no slow hash: nothing can be guessed from its digest); the token itself is shown once, when created.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiToken, Store } from '../store/types.ts';
import type { Role } from '../core/roles.ts';

export const TOKEN_PREFIX = 'sw_';
/** The shape of every token this version issues: checked before any database round trip. */
const TOKEN_SHAPE = /^sw_[A-Za-z0-9_-]{43}$/;
/** Token names: letters, digits and . _ @ -, up to 64; never shaped like an id, so `revoke NAME|ID` is unambiguous. */
const NAME_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const ID_SHAPE = /^tok_[0-9a-f]{12}$/;

export class TokenNameError extends Error {}

/** Why a name cannot be a token's name, or undefined when it can. */
export function tokenNameProblem(name: string): string | undefined {
  if (!NAME_SHAPE.test(name)) return `a token name is 1 to 64 letters, digits, '.', '_', '@' or '-' (starting with a letter or digit), got '${name}'`;
  if (ID_SHAPE.test(name)) return `'${name}' looks like a token id; pick another name`;
  return undefined;
}

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Create a token named `name` acting as `role`: returns the token (to show once) and what is stored about it. The
 * creation is audited (token.create) with `actor` as its author.
 */
export async function createToken(store: Store, name: string, role: Role, actor = 'cli'): Promise<{ token: string; info: ApiToken }> {
  const problem = tokenNameProblem(name);
  if (problem) throw new TokenNameError(problem);
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const id = `tok_${randomBytes(6).toString('hex')}`;
  const info = await store.createToken({ id, name, hash: hashToken(token), role }, actor);
  return { token, info };
}

/** lastUsedAt is written at most once a minute per token and process (not on every request). */
const TOUCH_EVERY_MS = 60_000;
const touched = new Map<string, number>();

/**
 * The active token a presented value is, or undefined (unknown, revoked, or not shaped like a token). The lookup is by
 * digest; the digests are then compared in constant time.
 */
export async function verifyToken(store: Store, presented: string): Promise<ApiToken | undefined> {
  if (!TOKEN_SHAPE.test(presented)) return undefined;
  const digest = hashToken(presented);
  const found = await store.findActiveToken(digest);
  if (!found) return undefined;
  const a = Buffer.from(found.hash, 'hex');
  const b = Buffer.from(digest, 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
  const { hash: _hash, ...info } = found;
  const now = Date.now();
  if (now - (touched.get(info.id) ?? 0) > TOUCH_EVERY_MS) {
    touched.set(info.id, now);
    await store.touchToken(info.id);
  }
  return info;
}
