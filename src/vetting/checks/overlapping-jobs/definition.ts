import { z } from 'zod';
import type { CheckDefinition } from '../../../core/check.ts';

export const SIDE_ROLE_WORDS = [
  'part-time', 'part time', 'contract', 'contractor', 'freelance', 'freelancer', 'consultant', 'consulting', 'intern',
  'internship', 'volunteer', 'advisor', 'adviser', 'board member', 'mentor', 'founder', 'co-founder', 'cofounder',
  'self-employed', 'self employed', 'owner', 'teaching assistant', 'adjunct', 'side project', 'maintainer', 'moonlighting',
];

export const definition = {
  id: 'overlapping-jobs',
  title: 'Several full-time jobs at the same time',
  description:
    'Work entries of the resume that are full-time (or undeclared) and overlap by more than a hand-over: two different ' +
    'employers at once for months, or three at once. Entries declared part-time, contract, freelance or internship, and ' +
    'side roles named as such (founder, advisor, volunteer, maintainer…), do not count; nor do two entries at the same ' +
    'employer (a promotion). Dates given as a year only are read in the candidate\'s favour (shortest overlap).',
  indicator: {
    text:
      'North Korean IT workers hold several remote jobs at once and their resumes are assembled from real and invented ' +
      'employers; guidance asks reviewers to look for inconsistencies in the work history (dates, employers) and to verify ' +
      'employment with the employers.',
    reference:
      'Microsoft Threat Intelligence, "Jasper Sleet: North Korean remote IT workers\' evolving tactics to infiltrate ' +
      'organizations" (2025-06-30); FBI PSA I-012325-PSA (2025-01-23: workers seek multiple remote jobs; verify employment history with former employers directly); Mandiant, ' +
      '"Staying a Step Ahead: Mitigating the DPRK IT Worker Threat" (UNC5267, 2024-09-23)',
  },
  needs: ['resume'],
  severity: 'medium',
  params: z.strictObject({
    /** Overlaps up to this many months are a hand-over at a job change (notice periods, last weeks of one, first of the next). */
    maxOverlapMonths: z.number().int().nonnegative().default(3),
    /** An overlap longer than this many months (or three jobs at once) is high. */
    longOverlapMonths: z.number().int().positive().default(12),
    /** Words in the position or employer that make an undeclared entry a side role (whole words, case-insensitive). */
    sideRoleWords: z.array(z.string().min(1)).default(SIDE_ROLE_WORDS),
    /** Entries beyond this many are ignored (hostile input bound). */
    maxEntries: z.number().int().positive().default(60),
    mediumLikelihoodRatio: z.number().positive().default(6),
    highLikelihoodRatio: z.number().positive().default(20),
  }),
  checklist: ['consistent-history'],
  knownFalsePositives: [
    'Moonlighting that the candidate did not label (an evening contract, a weekend teaching job): ask; label it part-time or contract and it no longer counts.',
    'An acquisition or rename shown as two employers (the old and the new company name overlap for the transition).',
    'A resume that forgot to end an old job ("present" on two entries): the overlap then runs to today — ask for the real end date.',
    'Joint appointments (a university and its hospital, a holding and its subsidiary).',
  ],
} satisfies CheckDefinition;
