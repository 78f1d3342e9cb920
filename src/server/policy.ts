// THE role policy (docs/roles.md is its table; test/role-matrix.test.ts checks every registered route against it).
// Each route's config names one of these sets: `config: { roles: POLICY.people }`. A route naming none (and not
// `public: true`) is refused to everyone (security.ts), so a forgotten route is closed, and the matrix test fails.
import { ROLES, type Role } from '../core/roles.ts';

const all: readonly Role[] = ROLES;

export const POLICY = {
  /** Risk-ranked people, one person and their findings (pseudonymised: src/server/privacy.ts). */
  people: ['admin', 'analyst', 'investigator'],
  /** Ingest runs and their rejected records. */
  runs: ['admin', 'analyst', 'investigator'],
  /** Upload a vendor export (analysts bring exports during an investigation; automation uses an analyst token). */
  ingest: ['admin', 'analyst'],
  /** Vetting: candidates are the recruiters' (and shown to them by name: they are applicants, not monitored staff). */
  candidates: ['admin', 'recruiter'],
  /** Cases, alerts, notes, playbook steps, suppressions, calibration: read and work them. */
  cases: ['admin', 'analyst', 'investigator'],
  /** Exports (OCSF, CSV, STIX): the analyst's reports. */
  exports: ['admin', 'analyst', 'investigator'],
  /** The identity behind a pseudonym on an escalated case (audited: identity.reveal). */
  reveal: ['admin', 'investigator'],
  /** Containment: propose, approve, reject (another person approves: four eyes). */
  containment: ['admin', 'investigator'],
  /** Collectors' health: checkpoints, lag, back-off and last error (never a secret). */
  collectors: ['admin', 'analyst'],
  /** The audit log and its verification (read only). */
  audit: ['admin', 'auditor'],
  /** Users and settings. */
  admin: ['admin'],
  /** Anyone signed in: who am I, sign out, the API description. */
  anyone: all,
} as const satisfies Record<string, readonly Role[]>;

export type PolicyName = keyof typeof POLICY;
