import { z } from 'zod';
import type { DetectorDefinition } from '../../core/detector.ts';

export const definition = {
  id: 'anonymising-infra',
  title: 'Working through VPNs, hosting servers or Tor',
  description:
    'Share of a person\'s successful sign-ins (and of their active days) that come through commercial VPNs, ' +
    'hosting/datacenter servers or Tor. Corporate egress (SASE/proxy networks and VPN/hosting addresses shared by ' +
    'many colleagues) and Apple iCloud Private Relay are not counted. Occasional personal VPN use stays quiet.',
  stage: 'monitor',
  indicator: {
    text:
      'North Korean IT workers hide their location behind VPNs and virtual private servers — Astrill VPN is the most ' +
      'reported — and "use tools such as virtual private networks (VPNs) ... to conceal their locations"; defenders are ' +
      'advised to scrutinise connections from known VPN exit nodes.',
    reference:
      'Microsoft Threat Intelligence, "Jasper Sleet: North Korean remote IT workers\' evolving tactics to infiltrate ' +
      'organizations" (2025-06-30); Mandiant/Google Cloud, "Staying a Step Ahead: Mitigating the DPRK IT Worker Threat" ' +
      '(UNC5267, 2024-09-23: Astrill VPN, VPN exit nodes); FBI/State/Treasury "Guidance on the DPRK IT Workers" (2022-05-16)',
  },
  needs: ['signin', 'ip-intel', 'peers'],
  severity: 'medium',
  params: z.strictObject({
    /** Successful sign-ins needed before a share-based verdict (fewer: only Tor and watched providers count). */
    minSignIns: z.number().int().positive().default(5),
    /** Anonymised sign-ins needed for any share-based finding. */
    minAnonSignIns: z.number().int().positive().default(3),
    /** Anonymised share at or below which nothing is reported (occasional personal VPN). */
    lowShare: z.number().min(0).max(1).default(0.1),
    mediumShare: z.number().min(0).max(1).default(0.4),
    highShare: z.number().min(0).max(1).default(0.8),
    /** A high verdict also needs this many anonymised sign-ins on this many distinct days. */
    highMinSignIns: z.number().int().positive().default(10),
    highMinDays: z.number().int().positive().default(3),
    /** Providers reported in DPRK IT-worker cases; matched case-insensitively in the provider / AS organisation. */
    watchedProviders: z.array(z.string()).default(['Astrill']),
    /** Multiplier on the likelihood ratio when a watched provider is among the anonymisers. */
    watchedFactor: z.number().positive().default(2),
    lowLikelihoodRatio: z.number().positive().default(2),
    mediumLikelihoodRatio: z.number().positive().default(5),
    highLikelihoodRatio: z.number().positive().default(80),
    /** Any Tor sign-in: at least medium with this ratio. */
    torLikelihoodRatio: z.number().positive().default(6),
  }),
} satisfies DetectorDefinition;
