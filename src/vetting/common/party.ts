// How the reuse checks name another party (a candidate or an employee) in keys and explanations. Pure.
import type { Party } from '../../core/check.ts';

/** A stable key of a party: `candidate:<id>` or `employee:<id>`. */
export const partyKey = (p: Party): string => `${p.kind}:${p.id}`;

/** "candidate Min Park (jsonresume:…)" or "employee <id>". */
export const partyLabel = (p: Party): string => `${p.kind} ${p.displayName ? `${p.displayName} (${p.id})` : p.id}`;
