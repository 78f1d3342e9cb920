import { z } from 'zod';
import type { DetectorDefinition } from '../../core/detector.ts';

export const definition = {
  id: 'high-risk-network',
  title: 'Sign-ins from North Korean, Chinese or Russian networks',
  description:
    'Successful sign-ins from North Korean address space (always critical), from Chinese or Russian networks, or from ' +
    'IPs the user imported as indicators. A Chinese or Russian sign-in that leaks out between VPN/hosting sign-ins ' +
    '(the anonymiser dropped) weighs far more than plain presence; a short trip weighs little.',
  stage: 'monitor',
  indicator: {
    text:
      'North Korean remote IT workers "are most often located in North Korea, China, and Russia, and use tools such as ' +
      'virtual private networks (VPNs)" to conceal their locations; they route through Astrill VPN and Chinese/North ' +
      'Korean networks, so sign-ins from those networks — especially ones leaking between VPN sign-ins — are the ' +
      'published location indicator.',
    reference:
      'Microsoft Threat Intelligence, "Jasper Sleet: North Korean remote IT workers\' evolving tactics to infiltrate ' +
      'organizations" (2025-06-30); Mandiant/Google Cloud, "Staying a Step Ahead: Mitigating the DPRK IT Worker Threat" ' +
      '(UNC5267, 2024-09-23); LevelBlue SpiderLabs case (Entra logins from China, then Astrill VPN, 2025); North Korea ' +
      'address space 175.45.176.0/22 (AS131279 Star JV)',
  },
  needs: ['signin', 'ip-intel', 'directory'],
  severity: 'high',
  params: z.strictObject({
    /** A risk-network sign-in within this many hours of a VPN/hosting/Tor sign-in (before or after) is a leak. */
    leakWindowHours: z.number().positive().default(12),
    /** Leaks needed (on non-corporate anonymisers) for the high "leak" verdict; fewer leaks count as presence. */
    minLeaks: z.number().int().positive().default(2),
    /** Risk-network sign-ins spanning at most this many days, by someone with home sign-ins, look like a trip. */
    tripMaxDays: z.number().positive().default(14),
    /** Successful sign-ins from ordinary (residential/business/mobile) networks outside CN/RU/KP needed to call it a trip. */
    minHomeFixes: z.number().int().nonnegative().default(3),
    /** Skip Chinese/Russian presence when the person claims to live in that country (regional staff). Never for KP. */
    ignoreClaimedHomeCountry: z.boolean().default(true),
    kpLikelihoodRatio: z.number().positive().default(1000),
    /** North Korean address space only in failed sign-ins (someone there holds or tries the credentials). */
    kpFailureLikelihoodRatio: z.number().positive().default(20),
    leakLikelihoodRatio: z.number().positive().default(100),
    presenceLikelihoodRatio: z.number().positive().default(10),
    tripLikelihoodRatio: z.number().positive().default(1.5),
    indicatorLikelihoodRatio: z.number().positive().default(30),
    indicatorFailureLikelihoodRatio: z.number().positive().default(4),
  }),
} satisfies DetectorDefinition;
