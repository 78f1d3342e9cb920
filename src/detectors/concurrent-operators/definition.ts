import { z } from 'zod';
import type { DetectorDefinition } from '../../core/detector.ts';

export const definition = {
  id: 'concurrent-operators',
  title: 'One account used from two distant places at once',
  description:
    'Sign-ins of one account that alternate between two distant places (A-B-A-B) faster than anyone could go back ' +
    'and forth: two operators sharing one identity, or an operator plus a laptop-farm facilitator. Unlike impossible ' +
    'travel (one hop), it needs the account to return, repeatedly, to a place it could not have left.',
  stage: 'monitor',
  indicator: {
    text:
      'Multiple logins into one account from various IP addresses in a relatively short period of time, especially ' +
      'if the IP addresses are associated with different countries; facilitators receive and host company laptops ' +
      '(laptop farms) that North Korean IT workers, located abroad, control remotely.',
    reference:
      'US State/Treasury/FBI "Guidance on the DPRK Information Technology Workers" (2022-05-16), red flag indicators; ' +
      'Mandiant, "Staying a Step Ahead: Mitigating the DPRK IT Worker Threat" (UNC5267, 2024-09-23); Microsoft Threat ' +
      'Intelligence, "Jasper Sleet: North Korean remote IT workers’ evolving tactics to infiltrate organizations" ' +
      '(2025-06-30); FBI PSA I-012325-PSA (2025-01-23)',
  },
  needs: ['signin', 'ip-intel', 'peers'],
  severity: 'high',
  params: z.strictObject({
    /** The two places must be at least this far apart beyond both fixes' uncertainty. */
    minSeparationKm: z.number().nonnegative().default(500),
    /** A switch between the places is infeasible above this speed (door to door, no trip back and forth sustains it). */
    switchSpeedKmh: z.number().positive().default(500),
    /** Longest pause between consecutive located sign-ins inside one alternation. */
    maxGapHours: z.number().positive().default(6),
    /** Switches in one alternation (A-B-A-B = 3) that make it interleaved. */
    minSwitches: z.number().int().min(2).default(3),
    /** Distinct days with an alternation of at least 2 switches (A-B-A) that make it repeated. */
    minDays: z.number().int().min(1).default(2),
    mobileIsLocation: z.boolean().default(false),
    interactiveOnly: z.boolean().default(true),
    /** Likelihood ratio of one day of interleaving (severity medium). */
    likelihoodRatioSingle: z.number().positive().default(5),
    /**
     * Likelihood ratio (severity low) when no episode is firm: every switch stays within one country on a single
     * location source's city-level opinion (common/location-fix.ts firmPair).
     */
    likelihoodRatioUnconfirmed: z.number().positive().default(1.5),
    /** Likelihood ratio when repeated on several days or from two different devices (severity high). */
    likelihoodRatioRepeated: z.number().positive().default(15),
  }),
} satisfies DetectorDefinition;
