import { z } from 'zod';
import type { CheckDefinition } from '../../../core/check.ts';

export const definition = {
  id: 'throwaway-email',
  title: 'Throwaway e-mail: a disposable domain, or one distinctive local part under other names',
  description:
    'The candidate\'s e-mail addresses: on a disposable / throwaway domain list (strong); the same distinctive local ' +
    'part (jdoe.dev@…) used at other providers by candidates or employees with other names (one operator running ' +
    'several personas). A free-mail provider (gmail.com, outlook.com, proton.me) alone is not a finding: most honest ' +
    'applicants use one.',
  indicator: {
    text:
      'Microsoft: Jasper Sleet creates many personas, each with its own e-mail account, and reuses e-mail and ' +
      'naming patterns across them; verify the e-mail is not a throwaway mailbox. FBI: the workers apply with ' +
      'newly created or throwaway e-mail accounts.',
    reference:
      'Microsoft Threat Intelligence, "Jasper Sleet: North Korean remote IT workers\' evolving tactics to infiltrate ' +
      'organizations" (2025-06-30); FBI PSA I-052024-PSA (2024-05-16) and I-012325-PSA (2025-01-23); Mandiant, ' +
      '"Staying a Step Ahead: Mitigating the DPRK IT Worker Threat" (UNC5267, 2024-09-23)',
  },
  needs: ['contact', 'reuse'],
  severity: 'high',
  params: z.strictObject({
    /** An address on the disposable-domain list. */
    disposableLikelihoodRatio: z.number().positive().default(25),
    /** The same distinctive local part at another provider under another name. */
    localReuseLikelihoodRatio: z.number().positive().default(20),
    /** Multiplier when two or more other names share it. */
    severalFactor: z.number().positive().default(2),
    /** Local parts shorter than this are not distinctive (jo@, dev@) and are not reported. */
    minLocalLength: z.number().int().positive().default(6),
    /** An address that is not a valid e-mail address. */
    invalidLikelihoodRatio: z.number().positive().default(2),
    /** Report free-mail as an info finding (weighs nothing); off by default: it is said in the checklist evidence. */
    freeMailInfo: z.boolean().default(false),
  }),
  checklist: ['email'],
  knownFalsePositives: [
    'A privacy-minded candidate who uses a forwarding alias service (SimpleLogin, addy.io, Firefox Relay) that the disposable list includes: ask for a lasting address.',
    'A common handle (a first name plus digits) reused by chance: only local parts of at least minLocalLength characters count, and only under another family name.',
    'One person who applied twice under a former and a current name (marriage): the other party is named in the evidence.',
  ],
} satisfies CheckDefinition;
