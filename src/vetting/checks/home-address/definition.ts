import { z } from 'zod';
import type { CheckDefinition } from '../../../core/check.ts';

export const definition = {
  id: 'home-address',
  title: 'Home address: missing or vague, a forwarding address, or a laptop shipping address elsewhere',
  description:
    'The claimed home address against the laptop shipping address (verification record, or an address with use ' +
    '"shipping"): shipped elsewhere is the laptop-farm pattern (strong), with both addresses and the distance. ' +
    'Home or shipping address on the imported mail-forwarding / freight-forwarding list. A PO box as home. No home ' +
    'address, or one too vague to verify, leaves the checklist item not done. Address reuse across candidates and ' +
    'employees is the contact-reuse check\'s.',
  indicator: {
    text:
      'Microsoft: verify a real home address and ship the laptop there; a request to ship the device to another ' +
      'address (a facilitator\'s laptop farm) is a key sign. FBI: the workers ask for company laptops to be sent to ' +
      'addresses other than the one on file, often to facilitators who host laptop farms; DoJ indictments (2024-2025) ' +
      'describe such farms. Mandiant: UNC5267 uses US addresses of facilitators and mail forwarders.',
    reference:
      'Microsoft Threat Intelligence, "Jasper Sleet: North Korean remote IT workers\' evolving tactics to infiltrate ' +
      'organizations" (2025-06-30); FBI PSA I-052024-PSA (2024-05-16) and I-012325-PSA (2025-01-23); Mandiant, ' +
      '"Staying a Step Ahead: Mitigating the DPRK IT Worker Threat" (UNC5267, 2024-09-23)',
  },
  needs: ['contact', 'verification'],
  severity: 'high',
  params: z.strictObject({
    /** Shipping address farther than this from the home (geocoded centres, minus their accuracy) is "far". */
    farKm: z.number().positive().default(100),
    /** Shipping elsewhere, far (or distance unknown). */
    elsewhereLikelihoodRatio: z.number().positive().default(30),
    /** Shipping elsewhere but near the home (same metro area: a friend, an office). */
    nearLikelihoodRatio: z.number().positive().default(6),
    /** Shipping to another country than the home's. */
    otherCountryLikelihoodRatio: z.number().positive().default(40),
    /** Shipping to another unit of the home's building. */
    sameBuildingLikelihoodRatio: z.number().positive().default(3),
    /** The shipping address is on the forwarding list (a reshipper's address: critical). */
    forwardingShippingLikelihoodRatio: z.number().positive().default(100),
    /** The home address is on the forwarding list. */
    forwardingHomeLikelihoodRatio: z.number().positive().default(40),
    /** Only the forwarder's building matched (another suite/unit): this factor lowers the ratio. */
    buildingOnlyFactor: z.number().positive().max(1).default(0.5),
    /** A PO box given as the home. */
    poBoxLikelihoodRatio: z.number().positive().default(4),
    /** A shipping address too vague to compare with the home (no house number / postal code). */
    vagueShippingLikelihoodRatio: z.number().positive().default(3),
  }),
  checklist: ['home-address'],
  knownFalsePositives: [
    'A candidate who is moving: the laptop goes to the new home. Ask for the new address as the home on file.',
    'Shipping to a parent\'s or partner\'s home nearby, or to a co-working space (near: medium).',
    'A forwarding list entry that is also a residential building: building-only matches weigh half.',
    'Rural addresses that are PO boxes by necessity.',
  ],
} satisfies CheckDefinition;
