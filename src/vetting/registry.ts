// The one list of vetting checks. Add a check by creating src/vetting/checks/<id>/ and adding it here.
import type { AnyVetCheck } from '../core/check.ts';
// contact checks (phone, e-mail, home address)
import { check as phoneLine } from './checks/phone-line/check.ts';
import { check as throwawayEmail } from './checks/throwaway-email/check.ts';
import { check as homeAddress } from './checks/home-address/check.ts';
// reuse (contact, resume, photo) — src/vetting/checks/{contact-reuse,cloned-resume,photo-reuse}
import { check as contactReuse } from './checks/contact-reuse/check.ts';
import { check as clonedResume } from './checks/cloned-resume/check.ts';
import { check as photoReuse } from './checks/photo-reuse/check.ts';
// Resume consistency and process red flags (consistency branch).
import { check as anachronisticTech } from './checks/anachronistic-tech/check.ts';
import { check as githubAccount } from './checks/github-account/check.ts';
import { check as interviewProcess } from './checks/interview-process/check.ts';
import { check as overlappingJobs } from './checks/overlapping-jobs/check.ts';
import { check as references } from './checks/references/check.ts';
import { check as sourcing } from './checks/sourcing/check.ts';

export const checks: AnyVetCheck[] = [
  // contact checks
  phoneLine,
  throwawayEmail,
  homeAddress,
  // reuse
  contactReuse,
  clonedResume,
  photoReuse,
  // Resume consistency and process red flags (consistency branch).
  overlappingJobs,
  anachronisticTech,
  githubAccount,
  interviewProcess,
  references,
  sourcing,
];
