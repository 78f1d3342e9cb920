import { z } from 'zod';
import type { CheckDefinition } from '../../../core/check.ts';

export const definition = {
  id: 'phone-line',
  title: 'Phone number: invalid, unassigned, VoIP or premium range, or not in the claimed home country',
  description:
    'Every phone the candidate gave, as the numbering plans (libphonenumber full metadata) and, when configured, a ' +
    'carrier lookup (Twilio Lookup v2 line type intelligence) see it: not a possible number; in no assigned range; ' +
    'in a VoIP, personal ("follow-me"), premium-rate, toll-free, UAN, shared-cost or pager range; a carrier that ' +
    'says non-fixed VoIP (an app number: strong) or fixed VoIP; a number whose country is not the claimed home ' +
    'country. A candidate who claims a home abroad and gives a phone of that country is not a finding.',
  indicator: {
    text:
      'Microsoft: Jasper Sleet applicants use VoIP numbers and phone numbers that do not match the claimed location; ' +
      'verify that the phone is a real number (not VoIP) tied to the claimed home. FBI: the workers use VoIP numbers ' +
      'and addresses that cannot be verified.',
    reference:
      'Microsoft Threat Intelligence, "Jasper Sleet: North Korean remote IT workers\' evolving tactics to infiltrate ' +
      'organizations" (2025-06-30); FBI PSA I-052024-PSA (2024-05-16) and I-012325-PSA (2025-01-23); Mandiant, ' +
      '"Staying a Step Ahead: Mitigating the DPRK IT Worker Threat" (UNC5267, 2024-09-23)',
  },
  needs: ['contact'],
  severity: 'high',
  params: z.strictObject({
    /** libphonenumber types reported as a non-subscriber range, with their likelihood ratios. */
    rangeLikelihoodRatios: z.record(z.string(), z.number().positive()).default({
      VOIP: 10, PERSONAL_NUMBER: 8, PREMIUM_RATE: 12, TOLL_FREE: 6, UAN: 4, SHARED_COST: 4, PAGER: 4, VOICEMAIL: 4,
    }),
    /** Not a possible number (wrong length / not a number). */
    impossibleLikelihoodRatio: z.number().positive().default(8),
    /** Possible length but in no assigned range (unassigned or reserved, e.g. NANP 999, UK drama 07700 900xxx). */
    unassignedLikelihoodRatio: z.number().positive().default(20),
    /** Carrier line types (Twilio Lookup v2 `type`) with their likelihood ratios. */
    carrierLikelihoodRatios: z.record(z.string(), z.number().positive()).default({
      nonFixedVoip: 25, fixedVoip: 3, personal: 8, premium: 12, tollFree: 6, sharedCost: 4, uan: 4, pager: 4, voicemail: 4,
    }),
    /** The phone's country is not the claimed home country and no phone is in the home country. */
    foreignLikelihoodRatio: z.number().positive().default(10),
    /** A foreign phone beside another phone in the home country (a second SIM, a number kept from abroad). */
    foreignBesideHomeLikelihoodRatio: z.number().positive().default(1.5),
    /** Phone countries weighed `highRiskFactor` times more when they do not match the home (DPRK and the countries the workers are placed in). */
    highRiskCountries: z.array(z.string()).default(['KP', 'CN', 'RU']),
    highRiskFactor: z.number().positive().default(3),
    /** A phone of these countries is reported whatever home is claimed (DPRK: no honest applicant has one). */
    sanctionedCountries: z.array(z.string()).default(['KP']),
    sanctionedLikelihoodRatio: z.number().positive().default(50),
  }),
  checklist: ['phone'],
  knownFalsePositives: [
    'Honest VoIP users (Google Voice numbers are non-fixed VoIP): a candidate who keeps a Google Voice number for job hunting. The finding asks for a live call on another number, not a rejection.',
    'Fixed VoIP from cable and fibre providers (a home line over the internet): weighs little.',
    'A number kept from abroad (an immigrant, a returning expatriate) beside a local one: weighs little when another phone is in the home country.',
    'A recent move: a phone from the previous country before the new contract.',
    'Typing mistakes in the number (an invalid number): ask for the number again.',
    'The numbering-plan metadata is as current as libphonenumber-js: a range opened very recently may be unknown.',
  ],
} satisfies CheckDefinition;
