// The one list of vetting checks. Add a check by creating src/vetting/checks/<id>/ and adding it here.
import type { AnyVetCheck } from '../core/check.ts';
// Resume consistency and process red flags (consistency branch).
import { check as anachronisticTech } from './checks/anachronistic-tech/check.ts';
import { check as githubAccount } from './checks/github-account/check.ts';
import { check as interviewProcess } from './checks/interview-process/check.ts';
import { check as overlappingJobs } from './checks/overlapping-jobs/check.ts';
import { check as references } from './checks/references/check.ts';
import { check as sourcing } from './checks/sourcing/check.ts';

export const checks: AnyVetCheck[] = [
  // Resume consistency and process red flags (consistency branch).
  overlappingJobs,
  anachronisticTech,
  githubAccount,
  interviewProcess,
  references,
  sourcing,
];
