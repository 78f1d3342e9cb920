// Collector secrets: read from the environment variable or file the config names, and registered with a Redactor so
// that no message a collector logs, stores (collector_state.last_error) or throws can carry them.
import { readFileSync } from 'node:fs';
import type { SecretRef } from '../../core/collectors-config.ts';

/** Replaces every registered secret (and anything that looks like a bearer credential) in a text. */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Remember a secret value (and the lines of a multi-line one, such as a PEM key). */
  add(value: string | undefined): void {
    if (!value) return;
    const v = value.trim();
    if (v.length >= 4) this.secrets.add(v);
    for (const line of v.split(/\r?\n/)) if (line.trim().length >= 16) this.secrets.add(line.trim());
  }

  scrub(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join('***');
    // Credentials in an Authorization-like form that were never registered (an access token echoed back by a server).
    return out.replace(/\b(Bearer|SSWS)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 ***');
  }

  /** Every string in a JSON-like value scrubbed (log lines): a secret is matched as it is, not as JSON escapes it. */
  scrubDeep<T>(v: T): T {
    if (typeof v === 'string') return this.scrub(v) as T;
    if (Array.isArray(v)) return v.map((x: unknown) => this.scrubDeep(x)) as T;
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.scrubDeep(x)])) as T;
    return v;
  }

  /** An Error whose message is scrubbed (its cause is dropped: it may hold request details). */
  error(e: unknown): Error {
    const msg = e instanceof Error ? e.message : String(e);
    const out = new Error(this.scrub(msg));
    if (e instanceof Error && 'status' in e) (out as Error & { status?: unknown }).status = (e as Error & { status?: unknown }).status;
    return out;
  }
}

/** The secret's value (trimmed), registered with the redactor. Throws naming the variable or file, never the value. */
export function readSecret(ref: SecretRef, what: string, redactor: Redactor, env: NodeJS.ProcessEnv = process.env): string {
  let value: string | undefined;
  if (ref.env !== undefined) {
    value = env[ref.env];
    if (value === undefined || value.trim() === '') throw new Error(`${what}: environment variable ${ref.env} is not set`);
  } else {
    try {
      value = readFileSync(ref.file!, 'utf8');
    } catch (e) {
      throw new Error(`${what}: cannot read the secret file ${ref.file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    if (value.trim() === '') throw new Error(`${what}: the secret file ${ref.file} is empty`);
  }
  redactor.add(value);
  return value.trim();
}
