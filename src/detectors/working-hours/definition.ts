import { z } from 'zod';
import type { DetectorDefinition } from '../../core/detector.ts';

export const definition = {
  id: 'working-hours',
  title: 'Works outside business hours of the claimed time zone',
  description:
    'Circular statistics over the hours of a person\'s interactive sign-ins in their claimed time zone: when the mean ' +
    'hour lies far outside business hours there AND far from their department\'s own hours (a night-shift team is ' +
    'normal), it reports the hours in the claimed zone and the UTC offsets in which they would be business hours.',
  stage: 'monitor',
  indicator: {
    text:
      'Red flag: "an inability to conduct business during regular business hours"; DPRK IT workers keep the working ' +
      'day of North Korea or China (UTC+8/+9) while claiming to live in the US or Europe, and log in during hours that ' +
      'do not match their claimed location.',
    reference:
      'US Department of State, Treasury and FBI, "Guidance on the Democratic People\'s Republic of Korea Information ' +
      'Technology Workers" (2022-05-16, red flag indicators); FBI/ROK "Additional Guidance on the DPRK IT Workers" ' +
      '(PSA 2023-10-18); Microsoft Threat Intelligence, "Jasper Sleet" (2025-06-30)',
  },
  needs: ['signin', 'directory', 'peers'],
  severity: 'medium',
  params: z.strictObject({
    /** Interactive successful sign-ins and distinct days needed for any verdict (quiet people get none). */
    minSignIns: z.number().int().positive().default(10),
    minDays: z.number().int().positive().default(3),
    /** Mean resultant length needed: activity must be concentrated around one time of day. */
    minConcentration: z.number().min(0).max(1).default(0.4),
    /** Business hours in the claimed zone (local clock hours). */
    businessStart: z.number().min(0).max(24).default(8),
    businessEnd: z.number().min(0).max(24).default(18),
    /** Hours between the mean sign-in hour and the middle of business hours beyond which it is off-hours. */
    maxShiftHours: z.number().positive().default(5),
    /** Department peers with a verdict-worthy pattern needed to compare against the team (a team of 3 has 2 peers). */
    minPeers: z.number().int().positive().default(2),
    /** The peers' mean hours must agree (resultant length of their means) to form a baseline. */
    minPeerAgreement: z.number().min(0).max(1).default(0.5),
    /** Within this many hours of the department's mean hour the person simply works the team's hours. */
    maxPeerShiftHours: z.number().positive().default(4),
    /** Share of sign-ins the reported "active hours" span covers. */
    coverage: z.number().gt(0).max(1).default(0.8),
    /** UTC offsets of the published DPRK IT-worker locations (China UTC+8, North Korea UTC+9). */
    suspectUtcOffsets: z.array(z.number()).default([8, 9]),
    /** How close (hours) the best-fitting business-hours offset must be to a suspect offset. */
    suspectToleranceHours: z.number().nonnegative().default(1.5),
    likelihoodRatioPeers: z.number().positive().default(5),
    likelihoodRatioPeersSuspect: z.number().positive().default(20),
    likelihoodRatioNoPeers: z.number().positive().default(2.5),
    likelihoodRatioNoPeersSuspect: z.number().positive().default(5),
  }),
} satisfies DetectorDefinition;
