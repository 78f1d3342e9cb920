import { z } from 'zod';
import type { CheckDefinition } from '../../../core/check.ts';

export const definition = {
  id: 'references',
  title: 'References not reached by a live voice, on throwaway mail, or the candidate\'s own contacts',
  description:
    'From the verification record\'s references: none reached by phone or video (only by e-mail, or not at all); ' +
    'reference e-mails on disposable domains (and, weighing little, on free-mail instead of the company\'s domain); a ' +
    'reference whose phone or e-mail is the candidate\'s own; two references sharing one phone or mailbox.',
  indicator: {
    text:
      'Guidance asks hiring teams to check references by phone or video at numbers found independently, because these ' +
      'workers supply references that are their own accomplices or themselves, reachable only by e-mail.',
    reference:
      'Microsoft Threat Intelligence, "Jasper Sleet: North Korean remote IT workers\' evolving tactics to infiltrate ' +
      'organizations" (2025-06-30: verify references); FBI PSA I-012325-PSA (2025-01-23: verify employment history by contacting former employers directly); Mandiant UNC5267 (2024-09-23)',
  },
  needs: ['verification', 'contact'],
  severity: 'medium',
  params: z.strictObject({
    /** Two phones are the same when their last this-many digits are (written with or without country code / trunk 0). */
    phoneMinDigits: z.number().int().min(6).default(9),
    maxReferences: z.number().int().positive().default(20),
    ownContactLikelihoodRatio: z.number().positive().default(30),
    sharedContactLikelihoodRatio: z.number().positive().default(10),
    noLiveVoiceLikelihoodRatio: z.number().positive().default(4),
    disposableLikelihoodRatio: z.number().positive().default(10),
    freeMailLikelihoodRatio: z.number().positive().default(1.5),
  }),
  checklist: ['references'],
  knownFalsePositives: [
    'Former managers who left the company and give a personal (free-mail) address: weighs little; reach them by phone.',
    'References abroad who prefer e-mail: arrange a video call.',
    'A household phone shared with a spouse who is also a reference (should not be a reference anyway).',
  ],
} satisfies CheckDefinition;
