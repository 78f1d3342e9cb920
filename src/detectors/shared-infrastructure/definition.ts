import { z } from 'zod';
import type { DetectorDefinition } from '../../core/detector.ts';

export const definition = {
  id: 'shared-infrastructure',
  title: 'Shares a home network, device or contact details with other people',
  description:
    'Laptop farms and identity reuse: several people signing in from the same non-corporate IP while claiming homes ' +
    'elsewhere, the same device id across people, or the same phone number, personal e-mail or home street address ' +
    'in the directory. Corporate egress and co-working spaces in the city people claim are not reported.',
  stage: 'monitor',
  indicator: {
    text:
      'Facilitators host company laptops for several North Korean IT workers at one residence ("laptop farms"); the ' +
      'red flags include developers "logging into multiple accounts on the same platform from one IP address" and ' +
      'identities sharing contact details and shipping addresses.',
    reference:
      'US Department of Justice, United States v. Christina Chapman (D.D.C.; laptop farm at her Arizona home, 68 ' +
      'identities, 309 companies; sentenced 2025-07-24); US State/Treasury/FBI "Guidance on the DPRK Information ' +
      'Technology Workers" (2022-05-16, red flags); Microsoft Threat Intelligence, "Jasper Sleet" (2025-06-30, ' +
      'facilitators and laptop farms)',
  },
  needs: ['signin', 'ip-intel', 'directory', 'peers'],
  severity: 'high',
  params: z.strictObject({
    /** Successful sign-ins a person needs on an IP for it to count as one of their networks. */
    minSignInsOnIp: z.number().int().positive().default(2),
    /**
     * People on one home IP from which a far claim staying there is high even when only one of them claims a far
     * home (and, with no claims at all to check, from which a residential IP shared by them is medium).
     */
    ipGroupMinPeople: z.number().int().min(2).default(3),
    /** People at one street address (different family names) from which it is high, not medium. */
    addressHighMinPeople: z.number().int().min(2).default(3),
    /** A claimed home further than this from the shared IP's place (or its accuracy radii, if larger) is "far". */
    farKm: z.number().positive().default(250),
    /** Distinct days a far-claimed person must have signed in from the shared IP for the high verdict (not a visit). */
    minFarDays: z.number().int().positive().default(5),
    /** A device id used by more people than this is a shared workstation / kiosk, not identity reuse. */
    maxDevicePeople: z.number().int().positive().default(6),
    ipHighLikelihoodRatio: z.number().positive().default(30),
    ipMediumLikelihoodRatio: z.number().positive().default(6),
    deviceHighLikelihoodRatio: z.number().positive().default(25),
    deviceMediumLikelihoodRatio: z.number().positive().default(4),
    phoneLikelihoodRatio: z.number().positive().default(25),
    emailLikelihoodRatio: z.number().positive().default(30),
    addressLikelihoodRatio: z.number().positive().default(25),
    /** Two people with different family names at one address (partners, flatmates): medium. */
    addressPairLikelihoodRatio: z.number().positive().default(6),
    /** Everyone at the address shares a family name (a household): low. */
    householdLikelihoodRatio: z.number().positive().default(1.5),
  }),
} satisfies DetectorDefinition;
