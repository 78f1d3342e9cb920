import { z } from 'zod';
import type { CheckDefinition } from '../../../core/check.ts';

export const definition = {
  id: 'anachronistic-tech',
  title: 'A technology used before it existed',
  description:
    'A work entry names a technology (in its technologies list, or in its summary) although the entry ended before the ' +
    'technology\'s first public release (dated catalogue data/tech/releases.json, each date with its source), allowing ' +
    '`slackMonths` for previews; or the summary ties the technology to a year before its release ("built in React in ' +
    '2011"); or the resume claims more years of experience with a technology than it has existed ("8 years of LangChain"). ' +
    'An entry that started before a release and ended after it is not flagged: the technology may have been adopted during ' +
    'the job. Uncertain dates (a year alone) are read in the candidate\'s favour.',
  indicator: {
    text:
      'Fabricated or cloned resumes list technologies the claimed jobs could not have used; guidance asks reviewers to look ' +
      'for inconsistencies in the work history and to compare the claimed experience with what can be verified.',
    reference:
      'Microsoft Threat Intelligence, "Jasper Sleet: North Korean remote IT workers\' evolving tactics to infiltrate ' +
      'organizations" (2025-06-30: AI-polished, templated resumes); FBI PSA I-012325-PSA (2025-01-23: verify employment and education history directly); FBI/ROK PSA 2023-10-18 (online profiles not matching the resume); ' +
      'Mandiant UNC5267 (2024-09-23: resumes reused across personas)',
  },
  needs: ['resume'],
  severity: 'medium',
  params: z.strictObject({
    /** Months before the release in which use still counts as plausible (betas, early access, insiders). */
    slackMonths: z.number().int().nonnegative().default(6),
    /** An entry that ended this many months (beyond the slack) before the release is high. */
    farMonths: z.number().int().positive().default(12),
    /** Claimed years of experience may exceed the technology's age by this many months. */
    experienceSlackMonths: z.number().int().nonnegative().default(12),
    /** Look at entry summaries and the resume text as well as the technologies lists. */
    scanProse: z.boolean().default(true),
    maxEntries: z.number().int().positive().default(60),
    /** Characters of prose read per entry / of the resume text (hostile input bound). */
    maxProseChars: z.number().int().positive().default(20_000),
    mediumLikelihoodRatio: z.number().positive().default(6),
    highLikelihoodRatio: z.number().positive().default(30),
  }),
  checklist: ['consistent-history'],
  knownFalsePositives: [
    'People who worked on the technology before its public release (its makers, design partners, private betas longer than the slack): ask; the reference shows the public date.',
    'A technology renamed after the fact ("Azure DevOps" for the earlier VSTS): the catalogue dates renamed products by their predecessor where it knows it.',
    'A resume entry whose end date is wrong (a typo in the year).',
    'A catalogue date that is wrong: every entry cites its source — correct data/tech/releases.json.',
  ],
} satisfies CheckDefinition;
