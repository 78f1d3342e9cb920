import { z } from 'zod';
import type { DetectorDefinition } from '../../core/detector.ts';

export const definition = {
  id: 'impossible-travel',
  title: 'Impossible travel between sign-ins',
  description:
    'Consecutive located sign-ins of one person that are farther apart, beyond both fixes’ uncertainty, than anyone ' +
    'could travel in the time between them (faster than an airliner). VPN, Tor, hosting, SASE/corporate egress, mobile ' +
    'and Apple Private Relay sign-ins are not locations and are skipped. No learning period: works from the first sign-in.',
  stage: 'monitor',
  indicator: {
    text:
      'Logins from multiple IP addresses, often associated with different countries, into one account within a short ' +
      'period of time; North Korean IT workers, most often located in North Korea, China and Russia, use VPNs and ' +
      'witting accomplices (laptop farms) to conceal their locations.',
    reference:
      'US State/Treasury/FBI "Guidance on the DPRK Information Technology Workers" (2022-05-16), red flag indicators; ' +
      'Microsoft Threat Intelligence, "Jasper Sleet: North Korean remote IT workers’ evolving tactics to infiltrate ' +
      'organizations" (2025-06-30); Mandiant, "Staying a Step Ahead: Mitigating the DPRK IT Worker Threat" (UNC5267, ' +
      '2024-09-23); FBI PSA I-012325-PSA (2025-01-23)',
  },
  needs: ['signin', 'ip-intel', 'peers'],
  severity: 'medium',
  params: z.strictObject({
    /** Faster than this between two fixes is impossible (airliner cruise; Panther uses 900 too). */
    maxSpeedKmh: z.number().positive().default(900),
    /** Only hops whose places are at least this far apart beyond both fixes' uncertainty count (GeoIP jitter). */
    minSeparationKm: z.number().nonnegative().default(500),
    /** Treat mobile-network IPs as locations (off: CGNAT gateways and home-routed roaming misplace phones). */
    mobileIsLocation: z.boolean().default(false),
    /** Only interactive sign-ins (non-interactive token refreshes come from machines left running elsewhere). */
    interactiveOnly: z.boolean().default(true),
    /** Separate episodes (hops not sharing a sign-in) from which severity is high. */
    highEpisodes: z.number().int().min(1).default(2),
    /** Likelihood ratio of one isolated episode (severity medium). */
    likelihoodRatioSingle: z.number().positive().default(4),
    /**
     * Likelihood ratio (severity low) when no hop is firm: every one stays within one country on a single location
     * source's city-level opinion, which databases get wrong for a fifth of residential lines (common/location-fix.ts
     * firmPair).
     */
    likelihoodRatioUnconfirmed: z.number().positive().default(1.5),
    /** Likelihood ratio of repeated episodes (severity high). */
    likelihoodRatioRepeated: z.number().positive().default(12),
  }),
} satisfies DetectorDefinition;
