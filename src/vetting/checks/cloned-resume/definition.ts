import { z } from 'zod';
import type { CheckDefinition } from '../../../core/check.ts';

export const definition = {
  id: 'cloned-resume',
  title: 'Resume text nearly identical to another applicant\'s under another name',
  description:
    'The resume\'s 4-word shingles compared by MinHash (128 values) and LSH (32 bands of 4) with every stored ' +
    'candidate\'s; a near-duplicate (Jaccard estimate at or above the threshold) under another name means one text ' +
    'is being sent under several identities. Boilerplate-heavy honest resumes stay well below the threshold ' +
    '(measured: highest 0.41 over 124,750 pairs of generated stock-phrase resumes).',
  indicator: {
    text:
      'Microsoft: Jasper Sleet operators build many personas from templates and reuse resume content, profiles and ' +
      'portfolios across identities; the FBI lists resumes that copy other applicants\' or public profiles among ' +
      'the signs of North Korean IT workers.',
    reference:
      'Microsoft Threat Intelligence, "Jasper Sleet: North Korean remote IT workers\' evolving tactics to infiltrate ' +
      'organizations" (2025-06-30); FBI Public Service Announcement I-012325-PSA (2025-01-23)',
  },
  needs: ['reuse', 'resume'],
  severity: 'high',
  params: z.strictObject({
    /** Jaccard estimate from which a resume is a near-duplicate (the index verifies at 0.5 by default). */
    minJaccard: z.number().min(0).max(1).default(0.5),
    /** From this estimate: high (below: medium). */
    highJaccard: z.number().min(0).max(1).default(0.7),
    maxListed: z.number().int().min(1).default(10),
    highLikelihoodRatio: z.number().positive().default(25),
    mediumLikelihoodRatio: z.number().positive().default(6),
  }),
  checklist: ['profiles', 'consistent-history'],
  knownFalsePositives: [
    'The same person applying twice with the same resume (same name key): reported as a duplicate, info.',
    'Resumes written by one agency or bootcamp from one template with little personal content: check the shared passages; people of one bootcamp cohort can share project descriptions.',
    'Very short resumes (a few lines) have no signature and are not compared.',
  ],
} satisfies CheckDefinition;
