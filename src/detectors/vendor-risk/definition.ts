import { z } from 'zod';
import type { DetectorDefinition } from '../../core/detector.ts';

export const definition = {
  id: 'vendor-risk',
  title: "The identity provider's own risk verdict",
  description:
    'Successful sign-ins that the identity provider itself rated risky: Microsoft Entra ID Protection ' +
    '(riskLevelDuringSignIn / riskLevelAggregated high or medium, riskState atRisk or confirmedCompromised, ' +
    'riskEventTypes), Okta (risk level, debugData.threatSuspected, securityContext.isProxy) and Google Workspace ' +
    '(is_suspicious). Risk that was dismissed, remediated or confirmed safe is not counted. A weak-to-moderate ' +
    'signal, independent of our own geolocation and network catalogues.',
  stage: 'monitor',
  indicator: {
    text:
      'Identity Protection risk detections: anonymous IP address, unfamiliar sign-in properties, atypical / impossible ' +
      'travel, malicious IP, verified threat actor IP — "sign-ins from an anonymous IP address (for example, Tor ' +
      'browser or anonymous VPN)"; Jasper Sleet operators hide behind VPNs and sign in from locations unfamiliar for ' +
      'the identity, which the identity provider rates as sign-in risk.',
    reference:
      'Microsoft Learn, "Risk detections mapped to risk event types" (Microsoft Entra ID Protection, ' +
      'learn.microsoft.com/entra/id-protection/reference-risk-event-types, 2025-05-08) and Graph signIn resource ' +
      '(riskLevelDuringSignIn, riskState); Okta System Log API (securityContext.isProxy, debugContext.debugData ' +
      'threatSuspected — Okta ThreatInsight); Google Admin SDK Reports API, login events (is_suspicious); Microsoft ' +
      'Threat Intelligence, "Jasper Sleet: North Korean remote IT workers\' evolving tactics" (2025-06-30)',
  },
  needs: ['signin', 'ip-intel', 'peers'],
  severity: 'medium',
  params: z.strictObject({
    /** High-risk verdicts (level high, or riskState confirmedCompromised) needed for a medium finding. */
    minHighSignIns: z.number().int().positive().default(1),
    /** Distinct days with a medium-risk verdict needed for a low finding (one unfamiliar sign-in is ordinary). */
    minMediumDays: z.number().int().positive().default(2),
    /** ... and the share of successful sign-ins with a medium-risk verdict must reach this. */
    minMediumShare: z.number().min(0).max(1).default(0.1),
    /** Count verdicts on failed sign-in attempts too (off: an outsider's attempts say nothing about the worker). */
    countFailed: z.boolean().default(false),
    /**
     * Risk event types that only describe the network (anonymous IP). A verdict resting only on them, or only on
     * Okta's isProxy, is dropped when our intel says the IP is Apple iCloud Private Relay or SASE egress, left to
     * anonymising-infra when our intel already says VPN / hosting / Tor, and dropped when the /24 is corporate
     * egress shared by ≥ shared.corporateEgressMinPeople colleagues (one knob for every detector: config `shared`).
     */
    networkOnlyTypes: z.array(z.string()).default(['anonymizedIPAddress', 'riskyIPAddress']),
    highLikelihoodRatio: z.number().positive().default(4),
    mediumLikelihoodRatio: z.number().positive().default(2),
  }),
} satisfies DetectorDefinition;
