// The vetting-check contract, the twin of src/core/detector.ts for candidates. Each check is a folder
// src/vetting/checks/<id>/ with definition.ts (declarative), check.ts (pure logic over one enriched candidate and
// the reuse matches found for it), README.md and tests; all are listed in src/vetting/registry.ts. The wrapper
// (src/vetting/run-checks.ts) does params, suppression, timing and errors as results. Pure.
import type { z } from 'zod';
import type { Candidate, CandidateAddress, ChecklistEntry, ChecklistItem, VetFinding } from './candidate.ts';
import type { Place, Severity } from './model.ts';

export type VetNeed = 'contact' | 'resume' | 'verification' | 'github' | 'reuse' | 'directory' | 'photo';

export interface CheckDefinition<P extends z.ZodType = z.ZodType> {
  /** kebab-case, stable: used in config (`vetting.checks`), suppressions and reports. */
  id: string;
  title: string;
  description: string;
  /** The published indicator or guidance this implements, with where it was published. */
  indicator: { text: string; reference: string };
  needs: VetNeed[];
  severity: Severity;
  /** zod object whose every field has a default. */
  params: P;
  /** Microsoft checklist items this check decides (it returns an entry for each it can judge). */
  checklist: ChecklistItem[];
  knownFalsePositives?: string[];
}

/** A phone number as libphonenumber (full metadata) and, when configured, a carrier lookup see it. */
export interface PhoneFacts {
  raw: string;
  type?: string; // the record's label: mobile, home, work…
  /** E.164 when parseable. */
  e164?: string;
  valid: boolean;
  possible: boolean;
  /** ISO-2 of the number's region. */
  country?: string;
  /** libphonenumber's type: MOBILE, FIXED_LINE, FIXED_LINE_OR_MOBILE, VOIP, PERSONAL_NUMBER, PREMIUM_RATE, TOLL_FREE, PAGER, UAN, SHARED_COST, VOICEMAIL. */
  numberType?: string;
  /** Carrier lookup (Twilio Lookup v2 line_type_intelligence): mobile, landline, fixedVoip, nonFixedVoip, tollFree… */
  carrier?: { lineType?: string; name?: string; provider: string; error?: string };
  /** Why it could not be parsed. */
  error?: string;
}

/** An e-mail address, normalised and classified. */
export interface EmailFacts {
  raw: string;
  /** Lower case; for providers that ignore them, dots and +tags removed from the local part (the mailbox). */
  mailbox: string;
  local: string;
  domain: string;
  valid: boolean;
  /** On a disposable / throwaway domain list (with the list's name). */
  disposable?: string;
  /** A free-mail provider (gmail.com, outlook.com, proton.me…). */
  freeMail: boolean;
}

export interface AddressFacts {
  address: CandidateAddress;
  /** Normalised comparison key (lower case, street abbreviations unified, unit kept), '' when too vague to compare. */
  key: string;
  place?: Place;
  /** On the imported list of mail-forwarding / freight-forwarding addresses. */
  forwarding?: { name: string; source: string };
}

/** A candidate with everything the checks look at, computed once (src/app/vet-enrich.ts). */
export interface EnrichedCandidate {
  candidate: Candidate;
  phones: PhoneFacts[];
  emails: EmailFacts[];
  addresses: AddressFacts[];
  /** Normalised name keys (folded, sorted tokens; transliterations) used for fuzzy name reuse. */
  nameKeys: string[];
  /** 64-bit perceptual hash of the photo, 16 hex digits. */
  photoHash?: string;
  /** MinHash signature of the resume text (shingles), when there is text. */
  resumeSignature?: number[];
}

/** Someone else in the company's records: another candidate or an employee (directory). */
export interface Party {
  kind: 'candidate' | 'employee';
  id: string;
  displayName?: string;
}

/**
 * mailbox = the same normalised mailbox (dots/+tags folded); emailLocal = the same distinctive local part at another
 * provider (jdoe.dev@gmail.com and jdoe.dev@proton.me); address = the same normalised address key.
 */
export type ReuseField = 'phone' | 'mailbox' | 'emailLocal' | 'address' | 'name' | 'photo' | 'resume' | 'github' | 'referrer';

/** One piece of this candidate's data that another party also has. */
export interface ReuseMatch {
  field: ReuseField;
  /** The shared value as compared (normalised; for photo/resume the hash). */
  value: string;
  other: Party;
  /** 1 for exact; Jaccard estimate (resume), 1 − Hamming/64 (photo), name similarity. */
  similarity: number;
  /** e.g. "same family name (Kim)" for an address shared by a household. */
  detail?: string;
  /** The other party's family name, for telling a household from a ring. */
  otherFamilyName?: string;
  /**
   * Set when more parties share this value than the index returns per value (CandidateIndex bounds them): how many
   * others share it in all (counted up to SHARED_BY_CAP, 1,000: that value means "1,000 or more"). The matches given
   * for the value are then a sample of them.
   */
  sharedBy?: number;
}

/** A dated technology (first public release), from the committed catalogue with its sources. */
export interface TechRelease {
  name: string;
  /** yyyy-mm: the first public release anyone outside its makers could use (preview / beta / open-sourcing). */
  released: string;
  reference: string;
  /** yyyy-mm of 1.0 / general availability, when later than `released` (information only). */
  stable?: string;
  /** The name matched an ambiguous alias (Go, Swift…): trust it in a technologies list, not in prose. */
  ambiguous?: boolean;
  /**
   * With `ambiguous`: the name was written exactly as the technology writes it ("React", "Go", "dbt"; not "react") and
   * the catalogue trusts that spelling in prose when it is not the first word of a sentence ("built it with React").
   */
  casedMatch?: boolean;
}

export interface VetContext {
  /** Epoch ms of the vetting run (ages, retention). */
  now: number;
  /** Everything about this candidate that someone else also has. */
  matches: readonly ReuseMatch[];
  /** The dated-technology catalogue: a technology named in a resume, by name or alias (case-insensitive). */
  technology(name: string): TechRelease | undefined;
  /** Classify any e-mail address (a reference's, a referrer's): mailbox, free-mail, disposable (src/intel/email). */
  classifyEmail(address: string): EmailFacts;
  /** How many candidates name this referrer (normalised), this one included. */
  referrals(referrer: string): readonly Party[];
}

export type VetFindingDraft = Omit<VetFinding, 'check'>;
export type ChecklistDraft = Omit<ChecklistEntry, 'checks'>;

export interface CheckResult {
  findings: VetFindingDraft[];
  checklist: ChecklistDraft[];
}

export interface VetCheck<P extends z.ZodType = z.ZodType> {
  definition: CheckDefinition<P>;
  run(c: EnrichedCandidate, ctx: VetContext, params: z.infer<P>): CheckResult;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyVetCheck = VetCheck<any>;

export function defineCheck<P extends z.ZodType>(c: VetCheck<P>): VetCheck<P> {
  return c;
}
