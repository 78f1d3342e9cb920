import { z } from 'zod';
import type { DetectorDefinition } from '../../core/detector.ts';

export const definition = {
  id: 'away-from-home',
  title: 'Lives away from the claimed home',
  description:
    'Share of the days on which a person’s sign-ins locate them that they were outside the claimed home country ' +
    '(or, for US homes, the claimed state). Weighted by days, not sign-ins; short trips between days at home are ' +
    'excused; VPN, relay, SASE, hosting and home-country mobile sign-ins are not locations and are ignored.',
  stage: 'monitor',
  indicator: {
    text:
      'North Korean IT workers create, rent or procure identities that match the geo-location of their target ' +
      'organizations (e.g. a US-based identity for US roles) while most often being located in North Korea, China ' +
      'and Russia; inconsistencies in alleged work location are a red flag.',
    reference:
      'Microsoft Threat Intelligence, "Jasper Sleet: North Korean remote IT workers’ evolving tactics to infiltrate ' +
      'organizations" (2025-06-30); Mandiant, "Staying a Step Ahead: Mitigating the DPRK IT Worker Threat" (UNC5267, ' +
      '2024-09-23); US State/Treasury/FBI "Guidance on the DPRK Information Technology Workers" (2022-05-16); ' +
      'FBI PSA I-012325-PSA (2025-01-23)',
  },
  needs: ['signin', 'ip-intel', 'directory', 'peers'],
  severity: 'high',
  params: z.strictObject({
    /** Away days (after excusing trips) needed for a finding. */
    minAwayDays: z.number().int().min(1).default(3),
    /** Share of located days away needed for a finding. */
    minAwayShare: z.number().gt(0).max(1).default(0.3),
    /** A fix counts as away only when this far from the claimed home beyond both uncertainties (border towns, jitter). */
    minAwayKm: z.number().nonnegative().default(300),
    /** Away runs up to this many days, with days at home before and after, are trips. */
    maxTripDays: z.number().int().min(1).default(16),
    /** Trips excused: 1 plus 1 per this many located days (the longest trips are excused first). */
    extraTripEveryDays: z.number().int().min(1).default(30),
    /** Countries whose homes are checked at state level (ISO-2). */
    regionCountries: z.array(z.string().length(2)).default(['US']),
    /** Mobile fixes in the home country count (off: CGNAT gateways misplace phones; abroad they always count). */
    mobileIsLocation: z.boolean().default(false),
    interactiveOnly: z.boolean().default(true),
    /** Likelihood ratio when the person lives in another country than claimed (severity high). */
    likelihoodRatioCountry: z.number().positive().default(10),
    /** Likelihood ratio when the person lives in another US state than claimed (severity medium). */
    likelihoodRatioRegion: z.number().positive().default(4),
  }),
} satisfies DetectorDefinition;
