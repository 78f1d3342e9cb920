// The roles of issue 11 (docs/roles.md): who may do what is declared per route (src/server/policy.ts). Pure.
export const ROLES = ['admin', 'analyst', 'investigator', 'recruiter', 'auditor'] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);
