// Signed generic webhooks, in the scheme Stripe documents for its webhooks: the header
//   x-sleetwatch-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
// The receiver recomputes the HMAC over the raw body bytes it received, compares in constant time, and refuses a
// timestamp outside its tolerance (replays). Several v1= entries may appear while a secret is rotated.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-sleetwatch-signature';

export function sign(body: string, secret: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
  return `t=${t},v1=${v1}`;
}

/**
 * Verify a signature header against the raw body: true when one v1 matches and t is within `toleranceSec` of now.
 * The reference a receiver can copy (docs/respond.md shows the same in a few lines).
 */
export function verifySignature(header: string, body: string, secret: string, opts: { nowMs?: number; toleranceSec?: number } = {}): boolean {
  if (header.length > 2000) return false;
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  if (!t || !/^\d{1,12}$/.test(t)) return false;
  const now = Math.floor((opts.nowMs ?? Date.now()) / 1000);
  if (Math.abs(now - Number(t)) > (opts.toleranceSec ?? 300)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest();
  return parts
    .filter(([k, v]) => k === 'v1' && v !== undefined && /^[0-9a-f]{64}$/.test(v))
    .some(([, v]) => timingSafeEqual(Buffer.from(v, 'hex'), expected));
}
