import { z } from 'zod';
import type { CheckDefinition } from '../../../core/check.ts';

export const definition = {
  id: 'github-account',
  title: 'GitHub account younger than its claimed work, or commits from another time zone',
  description:
    'From the GitHub users/commits export of the account the resume names: (1) the account was created after the first ' +
    'job the resume attributes to public work (a work entry on github.com, or naming GitHub / open source), beyond a ' +
    'slack; (2) a young account beside many years of claimed experience (low weight: many honest engineers keep their ' +
    'work in company repositories; medium when the resume links the account as its public profile); (3) commit author-date UTC offsets ' +
    'concentrated far from every offset of the claimed home country (IANA time zones of the country, standard and ' +
    'daylight-saving offsets of the review year), strongest at +0800 / +0900 (China, the Koreas, Russia\'s Far East). ' +
    'Offsets +0000 are neutral (servers, CI and UTC-configured machines).',
  indicator: {
    text:
      'North Korean IT workers build or borrow GitHub profiles to support their personas; guidance asks reviewers to check ' +
      'that the profiles and their history are consistent with the claimed experience and location. Commit time-zone ' +
      'offsets of +0900 / +0800 on an account claimed from the Americas or Europe are a recurring artefact of these personas.',
    reference:
      'Microsoft Threat Intelligence, "Jasper Sleet: North Korean remote IT workers\' evolving tactics to infiltrate ' +
      'organizations" (2025-06-30: fake GitHub profiles, check profile consistency); Mandiant, "Staying a Step Ahead: ' +
      'Mitigating the DPRK IT Worker Threat" (UNC5267, 2024-09-23); FBI / Republic of Korea PSA 2023-10-18 (ic3.gov ' +
      'PSA231018: online profiles that do not match the resume)',
  },
  needs: ['github', 'resume', 'contact'],
  severity: 'medium',
  params: z.strictObject({
    /** Public work may predate the account by this many months (repositories moved from another account, imports). */
    accountSlackMonths: z.number().int().nonnegative().default(6),
    /** A "young" account, for the experience comparison. */
    youngAccountMonths: z.number().int().positive().default(12),
    /** Experience (from the first dated job) from which a young account is worth a note. */
    seniorExperienceYears: z.number().positive().default(8),
    /** Commits needed before the offsets are judged. */
    minCommits: z.number().int().positive().default(10),
    /** Share of the (non-neutral) commits at far offsets that makes a finding. */
    farShare: z.number().gt(0).max(1).default(0.5),
    /** An offset this many hours or more from every offset of the home country is far. */
    farHours: z.number().positive().default(3),
    /** Offsets that say nothing about where someone is. */
    neutralOffsets: z.array(z.string().regex(/^[+-]\d{4}$/)).default(['+0000']),
    /** Offsets that make a far concentration high (China, the Koreas, Russia's Far East; Pyongyang was +0830 2015–2018). */
    watchOffsets: z.array(z.string().regex(/^[+-]\d{4}$/)).default(['+0800', '+0830', '+0900']),
    linkedPredatesLikelihoodRatio: z.number().positive().default(4),
    /** A young account the resume does not link. */
    youngAccountLikelihoodRatio: z.number().positive().default(1.5),
    /** A young account the resume links as its public profile. */
    linkedYoungAccountLikelihoodRatio: z.number().positive().default(4),
    farOffsetLikelihoodRatio: z.number().positive().default(5),
    watchOffsetLikelihoodRatio: z.number().positive().default(20),
  }),
  checklist: ['profiles'],
  knownFalsePositives: [
    'A new account for a job search by an engineer whose past work is in employers\' private repositories (low when the resume does not link the account; when it does, ask for the earlier accounts).',
    'A candidate who moved recently (commits from the previous country): the offsets then match where they lived; ask.',
    'Commits authored on a machine set to another zone (a company laptop on headquarters time, a cloud VM) or rebased/imported history.',
    'Frequent travellers and people working night shifts for a team elsewhere: the offset follows the machine clock, not the hours.',
  ],
} satisfies CheckDefinition;
