// The vetting model (stage one: candidates before an offer). Pure: zod schemas and inferred types; no I/O.
// Flow: candidate sources (src/sources/<format>/, `produces: 'candidates'`) → CandidateRecord → merged by
// candidate key into Candidate (src/vetting/merge.ts) → enriched (phones, e-mails, addresses, photo hash, resume
// signature: src/app/vet-enrich.ts with src/intel) → reuse lookup against every other candidate and employee
// (CandidateIndex) → checks (src/vetting/checks/<id>/, pure) → score (the same scoring as people) → recommendation
// and Microsoft's checklist → sleetwatch.vetting/v1 report. After hire, a candidate whose e-mail / phone matches a
// directory person adds its findings to that person's risk.
import { z } from 'zod';
import { Address, Evidence, InputSummary, Origin, RiskBreakdown, RiskLevel, Severity } from './model.ts';

/** yyyy, yyyy-mm or yyyy-mm-dd, as resumes give dates. */
export const PartialDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/);
export type PartialDate = z.infer<typeof PartialDate>;

export const EmploymentType = z.enum(['full-time', 'part-time', 'contract', 'freelance', 'internship', 'unknown']);
export type EmploymentType = z.infer<typeof EmploymentType>;

export const WorkEntry = z.object({
  employer: z.string(),
  position: z.string().optional(),
  start: PartialDate.optional(),
  /** Absent with `current: true` (or unknown end). */
  end: PartialDate.optional(),
  current: z.boolean().optional(),
  /** As the candidate declared it; 'unknown' when the resume does not say (treated as full-time by the overlap check). */
  employment: EmploymentType.default('unknown'),
  location: z.string().optional(),
  url: z.string().optional(),
  summary: z.string().optional(),
  /** Technologies named in this entry (skills, summary, highlights), as written. */
  technologies: z.array(z.string()).default([]),
});
export type WorkEntry = z.infer<typeof WorkEntry>;

export const EducationEntry = z.object({
  institution: z.string(),
  area: z.string().optional(),
  studyType: z.string().optional(),
  start: PartialDate.optional(),
  end: PartialDate.optional(),
});
export type EducationEntry = z.infer<typeof EducationEntry>;

export const SourcingChannel = z.enum(['agency', 'referral', 'job-board', 'cold', 'direct', 'internal', 'unknown']);
export type SourcingChannel = z.infer<typeof SourcingChannel>;

export const Sourcing = z.object({
  channel: SourcingChannel,
  /** Staffing agency's name (channel agency), job board's name, or the source as the ATS names it. */
  name: z.string().optional(),
  /** Who referred the candidate (channel referral): an employee's name, e-mail or id. */
  referrer: z.string().optional(),
});
export type Sourcing = z.infer<typeof Sourcing>;

export const ReferenceCheck = z.object({
  name: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  /** How the reference was actually reached: by phone or video (a live voice), or only by e-mail, or not at all. */
  channel: z.enum(['phone', 'video', 'email', 'none']),
  reached: z.boolean().optional(),
  company: z.string().optional(),
  notes: z.string().optional(),
});
export type ReferenceCheck = z.infer<typeof ReferenceCheck>;

/** A stored file: an interview recording, the resume, a photo. Hash so the archive proves what was reviewed. */
export const ArchivedFile = z.object({
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  bytes: z.number().int().nonnegative().optional(),
  archivedAt: z.string().optional(), // ISO
  /** ISO date after which it is deleted (retention); the deletion is logged. */
  retainUntil: z.string().optional(),
});
export type ArchivedFile = z.infer<typeof ArchivedFile>;

/** What the interview and verification process recorded (our own documented JSON/CSV; later a UI form). */
export const Verification = z.object({
  interviewedAt: z.string().optional(), // ISO
  interviewer: z.string().optional(),
  /** Camera on for the whole interview (true), refused or off (false); absent = not recorded. */
  cameraOn: z.boolean().optional(),
  /** An identity document shown on camera and compared with the face. */
  idShownOnCamera: z.boolean().optional(),
  /** Result of a document / identity verification service. */
  documentCheck: z.enum(['passed', 'failed', 'not done']).optional(),
  documentCheckProvider: z.string().optional(),
  references: z.array(ReferenceCheck).default([]),
  recording: ArchivedFile.optional(),
  /** Where the candidate asks the laptop to be shipped. */
  shippingAddress: Address.optional(),
  notes: z.string().optional(),
});
export type Verification = z.infer<typeof Verification>;

/** A GitHub account as the users/commits API export shows it (no network call in tests). */
export const GithubFacts = z.object({
  login: z.string(),
  created: z.string().optional(), // ISO (users API created_at)
  publicRepos: z.number().int().optional(),
  followers: z.number().int().optional(),
  /** Commit author-date UTC offsets, e.g. {"+0900": 41, "-0500": 3}. */
  commitOffsets: z.record(z.string(), z.number().int()).default({}),
});
export type GithubFacts = z.infer<typeof GithubFacts>;

export const Profile = z.object({
  url: z.string(),
  /** linkedin | github | gitlab | stackoverflow | twitter | website | … (lower case) */
  network: z.string().optional(),
  username: z.string().optional(),
});
export type Profile = z.infer<typeof Profile>;

export const AddressUse = z.enum(['home', 'shipping', 'mailing', 'other']);
export const CandidateAddress = Address.extend({ use: AddressUse.default('home') });
export type CandidateAddress = z.infer<typeof CandidateAddress>;

export const Attachment = z.object({
  filename: z.string(),
  /** resume | cover_letter | photo | recording | offer | other */
  type: z.string(),
  url: z.string().optional(),
  sha256: z.string().optional(),
});
export type Attachment = z.infer<typeof Attachment>;

/**
 * What one input record says about one candidate. Records with the same `key` merge (a Greenhouse candidate and
 * its verification record); a record whose key is unknown merges into the candidate that has `ref` among its
 * e-mails or ids. Every field is optional except key/source.
 */
export const CandidateRecord = z.object({
  /** `${source}:${id}` (Greenhouse id, the JSON Resume file + index, the CSV's id column). */
  key: z.string().min(1),
  source: z.string(),
  /** For verification / GitHub records: the candidate they are about (a candidate key, e-mail or id). */
  ref: z.string().optional(),
  displayName: z.string().optional(),
  givenName: z.string().optional(),
  familyName: z.string().optional(),
  /** Other names the record gives (maiden name, transliteration, name on a profile). */
  otherNames: z.array(z.string()).default([]),
  emails: z.array(z.object({ value: z.string(), type: z.string().optional() })).default([]),
  phones: z.array(z.object({ value: z.string(), type: z.string().optional() })).default([]),
  addresses: z.array(CandidateAddress).default([]),
  profiles: z.array(Profile).default([]),
  work: z.array(WorkEntry).default([]),
  education: z.array(EducationEntry).default([]),
  skills: z.array(z.string()).default([]),
  /** Free text of the resume (from PDF/DOCX, or the JSON Resume summary + highlights joined). */
  resumeText: z.string().optional(),
  /** Photo file (path relative to the input) or its perceptual hash when the source gives one. */
  photo: z.object({ file: z.string().optional(), url: z.string().optional(), sha256: z.string().optional() }).optional(),
  sourcing: Sourcing.optional(),
  appliedAt: z.string().optional(), // ISO
  jobs: z.array(z.string()).default([]),
  attachments: z.array(Attachment).default([]),
  verification: Verification.optional(),
  github: GithubFacts.optional(),
  origin: Origin.optional(),
});
export type CandidateRecord = z.infer<typeof CandidateRecord>;

/** A candidate after merging every record about them. Same fields; `sources` and `origins` list them all. */
export const Candidate = CandidateRecord.omit({ key: true, source: true, ref: true, origin: true }).extend({
  /** Stable: the first record's key. */
  candidateId: z.string(),
  keys: z.array(z.string()),
  sources: z.array(z.string()),
  origins: z.array(Origin).default([]),
});
export type Candidate = z.infer<typeof Candidate>;

/** Microsoft's vetting items (Jasper Sleet guidance, 2025-06-30), one checklist entry each. */
export const ChecklistItem = z.enum([
  'home-address', // a real, verifiable home address (not a forwarding address; laptop shipped there)
  'phone', // a real phone (not VoIP / unassigned), matching the claimed home
  'email', // not a throwaway mailbox
  'consistent-history', // names, dates, employers consistent
  'profiles', // profiles not cloned, account ages consistent with the experience claimed
  'references', // reached by phone or video
  'camera-and-id', // camera on, ID shown on camera
  'interview-recorded', // recorded and archived
  'sourcing', // staffing agencies vetted, referrals
  'contact-reuse', // contact data not reused across applicants / employees
]);
export type ChecklistItem = z.infer<typeof ChecklistItem>;

export const ChecklistStatus = z.enum(['verified', 'failed', 'not done']);
export const ChecklistEntry = z.object({
  item: ChecklistItem,
  status: ChecklistStatus,
  /** What decided it, e.g. "phone +1 415… is a mobile number in US (libphonenumber); candidate claims US". */
  evidence: z.string(),
  /** The checks that decided it. */
  checks: z.array(z.string()).default([]),
});
export type ChecklistEntry = z.infer<typeof ChecklistEntry>;

export const VetFinding = z.object({
  check: z.string(),
  severity: Severity,
  title: z.string(),
  explanation: z.string(),
  evidence: z.array(Evidence),
  likelihoodRatio: z.number().positive().optional(),
});
export type VetFinding = z.infer<typeof VetFinding>;

export const Recommendation = z.enum(['stop', 'verify', 'proceed']);
export type Recommendation = z.infer<typeof Recommendation>;

export const CandidateResult = z.object({
  candidateId: z.string(),
  displayName: z.string().optional(),
  /** Every e-mail, phone and profile URL. */
  identifiers: z.array(z.string()),
  sources: z.array(z.string()),
  risk: z.number().min(0).max(100),
  level: RiskLevel,
  recommendation: Recommendation,
  /** Why this recommendation, in one sentence. */
  recommendationReason: z.string(),
  riskBreakdown: RiskBreakdown.optional(),
  checklist: z.array(ChecklistEntry),
  findings: z.array(VetFinding),
  /** Set when the candidate is already an employee in the directory (after hire): that directory entry's id. */
  personId: z.string().optional(),
  /** When this assessment was made (ISO). */
  vettedAt: z.string().optional(),
});
export type CandidateResult = z.infer<typeof CandidateResult>;

export const VetCheckError = z.object({ check: z.string(), candidateId: z.string().optional(), message: z.string() });
export type VetCheckError = z.infer<typeof VetCheckError>;

export const VettingReport = z.object({
  schema: z.literal('sleetwatch.vetting/v1'),
  generatedAt: z.string(),
  inputs: z.array(InputSummary),
  candidates: z.array(CandidateResult),
  checkErrors: z.array(VetCheckError).default([]),
});
export type VettingReport = z.infer<typeof VettingReport>;
