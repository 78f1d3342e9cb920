// The answer key of the synthetic applicant pool (applicants.ts): which candidates carry a planted fraud case and
// which honest candidates were made to look odd (hard negatives). The vetting evaluation (vet-eval.ts) reads it;
// nothing in the product does. Every entry is the generator's intent, never a library's or a check's verdict.

export const APPLICANT_TRUTH_SCHEMA = 'sleetwatch.synth-applicants-truth/v1' as const;

/** Planted fraud cases (a fraudulent candidate carries one or several; `group` ties the members of one scheme). */
export const PLANTED_CASES = [
  'shared-phone', // one phone number behind several names
  'cloned-resume', // the same resume text, lightly edited, under other names
  'tech-anachronism', // a technology named at a job that ended years before it existed
  'concurrent-jobs', // several full-time jobs held at the same time
  'disposable-email', // a throwaway mailbox
  'foreign-phone', // a foreign mobile or VoIP number for a claimed US home
  'invalid-phone', // a number no US carrier can assign (exchange beginning with 0 or 1, or N11)
  'employee-phone', // a current employee's phone
  'employee-address', // a current employee's home address (not a relative: other family name)
  'shipping-mismatch', // laptop to be shipped far from the claimed home (a farm address shared by the scheme)
  'camera-refused', // camera off or refused for the interview
  'id-not-shown', // no identity document on camera, or the document check failed
  'references-email-only', // every reference reached only by e-mail, on free-mail addresses
  'referral-ring', // one outside person referring several candidates
  'young-github', // a GitHub account opened months before applying, beside a decade of claimed experience
  'commit-offset', // commits authored at UTC+09:00 / +08:00 for a claimed US home
] as const;
export type PlantedCase = (typeof PLANTED_CASES)[number];

/** Honest oddities: each a reason an honest candidate could be mistaken for a fraud. */
export const HARD_NEGATIVES = [
  'family-address', // relatives applying from one home: same family name, own phones and e-mails
  'employee-household', // a relative of an employee: same family name and home address as that employee
  'common-name', // several different people with one common name
  'free-mail', // a free-mail address (most honest candidates)
  'career-gap', // a gap of a year or more between jobs
  'part-time-beside-job', // a declared part-time contract beside a full-time job
  'job-change-overlap', // a new job starting a few weeks before the old one ended
  'tech-adopted-mid-job', // a technology released during a long job, adopted in a stated later year
  'international', // lives abroad: own country's phone and address
  'phone-other-state', // a US mobile number from another state (kept after a move)
  'agency-sourced', // came through an ordinary staffing agency
  'employee-referral', // referred by an employee (who refers one or two people)
  'shipping-written-differently', // the laptop goes home, the address spelled another way
  'one-reference-by-email', // one reference answered by e-mail, the other reached by phone
  'greenhouse-only', // known only from the ATS export (no resume text)
  'no-interview', // not interviewed yet: no verification record at all
  'github-export', // a GitHub export (account, commits in the home's time zone, a few while travelling)
] as const;
export type HardNegative = (typeof HARD_NEGATIVES)[number];

export interface ApplicantTruthEntry {
  /** the candidate's e-mail (unique in the pool): what the interview record and the evaluation match on */
  email: string;
  name: string;
  fraud: boolean;
  /** planted cases (fraud) */
  cases: PlantedCase[];
  /** hard-negative categories (honest) */
  negatives: HardNegative[];
  /** scheme ids per case, e.g. {"shared-phone": "phone-2"}: the other members carry the same id */
  groups: Partial<Record<PlantedCase, string>>;
  /** where the candidate is written: a JSON Resume file or a Greenhouse page (relative to the pool folder) */
  files: string[];
  interviewed: boolean;
  /** a word on what was planted, for the evaluation's table */
  note?: string;
}

export interface ApplicantTruth {
  schema: typeof APPLICANT_TRUTH_SCHEMA;
  seed: number;
  /** ISO date the pool is "now" at (applications fall in the months before) */
  now: string;
  candidates: ApplicantTruthEntry[];
  counts: { candidates: number; fraud: number; honest: number; jsonResume: number; greenhouse: number; interviews: number; employeesUsed: number };
}
