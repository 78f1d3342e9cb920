import { z } from 'zod';
import type { DetectorDefinition } from '../../core/detector.ts';

export const definition = {
  id: 'farm-tools',
  title: 'Laptop-farm hardware and tools: IP-KVM, keep-awake, consumer VPN client',
  description:
    'IP-KVM hardware plugged into the person\'s device (PiKVM, TinyPilot, JetKVM: their default USB names), keep-awake ' +
    'and mouse-jiggler tools, and consumer VPN clients (Astrill first) installed or running on it. One finding per ' +
    'kind; IP-KVM is the strongest. Sanctioned tools (config) and tools common in the department weigh little.',
  stage: 'monitor',
  indicator: {
    text:
      'Laptop farms in the US host company laptops for North Korean workers who operate them remotely through IP-KVM ' +
      'devices (PiKVM, TinyPilot) and keep them awake with mouse jigglers; Astrill VPN is the VPN most reported in ' +
      'these cases.',
    reference:
      'Microsoft Threat Intelligence, "Jasper Sleet" (2025-06-30: IP-KVM, Astrill VPN); US DoJ, "Justice Department ' +
      'Announces Coordinated, Nationwide Actions to Combat North Korean Remote IT Workers" (2025-06-30: laptop farms, ' +
      'KVM switches); Mandiant UNC5267 (2024-09-23: PiKVM/TinyPilot, Astrill)',
  },
  needs: ['endpoint', 'peers'],
  severity: 'high',
  stateVersion: 1,
  params: z.strictObject({
    /** Catalog ids (or names) the company uses on purpose: reported as info, weighing nothing. */
    sanctioned: z.array(z.string()).default([]),
    /** VPN clients reported in DPRK IT-worker cases (catalog ids or names): high instead of medium. */
    watchedVpns: z.array(z.string()).default(['astrill-vpn', 'Astrill VPN']),
    /** A tool run by at least this share of the department's other members (and this many) is common there. */
    commonShare: z.number().min(0).max(1).default(0.25),
    commonMinPeople: z.number().int().positive().default(3),
    ipKvmLikelihoodRatio: z.number().positive().default(40),
    keepAwakeLikelihoodRatio: z.number().positive().default(3),
    vpnLikelihoodRatio: z.number().positive().default(3),
    watchedVpnLikelihoodRatio: z.number().positive().default(15),
    commonLikelihoodRatio: z.number().positive().default(1.2),
  }),
  knownFalsePositives: [
    'A KVM used by an IT lab or a developer testing hardware (rare on an employee laptop).',
    'Keep-awake tools used for long builds or presentations (common in some teams: weighs little there).',
    'Consumer VPN clients installed for personal travel; the company\'s own VPN client is not in the catalog.',
  ],
} satisfies DetectorDefinition;
