import { z } from 'zod';
import type { CheckDefinition } from '../../../core/check.ts';

export const definition = {
  id: 'sourcing',
  title: 'Staffing-agency source, one referrer behind several candidates, cold approach',
  description:
    'How the candidate came: through a staffing agency (a low-weight finding naming the agency and what to ask it: its ' +
    'identity verification, in person or on camera, and who will hold the laptop); referred by someone who referred several ' +
    'candidates (ctx.referrals: the candidates naming the same referrer; at or above `referralThreshold`); or a cold ' +
    'approach (no third party vouches: verify identity directly).',
  indicator: {
    text:
      'North Korean IT workers reach employers through staffing and outsourcing firms and through facilitators who refer ' +
      'several "candidates"; guidance asks companies to vet the staffing firms they use and to look at who refers whom.',
    reference:
      'Microsoft Threat Intelligence, "Jasper Sleet: North Korean remote IT workers\' evolving tactics to infiltrate ' +
      'organizations" (2025-06-30: staffing agencies, facilitators); FBI PSA 2024-05-16 (ic3.gov PSA240516: U.S.-based ' +
      'facilitators; companies that outsource to third parties are removed from the hiring process); FBI PSA I-012325-PSA ' +
      '(2025-01-23: contract IT work through third parties is a common route); US DoJ 2025-01-23 indictment of two ' +
      'staffing-firm owners who placed North Korean IT workers',
  },
  needs: ['resume'],
  severity: 'low',
  params: z.strictObject({
    /** This many candidates naming one referrer (this one included) is a finding. */
    referralThreshold: z.number().int().min(2).default(3),
    /** From this many it is high. */
    referralHighThreshold: z.number().int().min(2).default(5),
    agencyLikelihoodRatio: z.number().positive().default(1.5),
    coldLikelihoodRatio: z.number().positive().default(1.2),
    referralsLikelihoodRatio: z.number().positive().default(6),
    manyReferralsLikelihoodRatio: z.number().positive().default(20),
    /** Agencies the company has vetted (case-insensitive names): no finding, the checklist is verified. */
    vettedAgencies: z.array(z.string()).default([]),
  }),
  checklist: ['sourcing'],
  knownFalsePositives: [
    'A reputable agency the company has vetted: list it in `vettedAgencies`.',
    'An employee who refers many people from a bootcamp or a former team (the referrals are then real people with their own histories: check them, not the referrer).',
    'Candidates who write to the company on their own initiative — most honest ones: a cold approach weighs almost nothing.',
  ],
} satisfies CheckDefinition;
