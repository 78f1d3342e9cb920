import { z } from 'zod';
import type { DetectorDefinition } from '../../core/detector.ts';

export const definition = {
  id: 'remote-access-tool',
  title: 'Remote-access tool on a company device soon after it arrived',
  description:
    'Remote-management, remote-desktop, tunnelling and remote-access-trojan software (remote-access catalog: LOLRMM, ' +
    'the Microsoft RMM hunting list, Splunk\'s lookup) installed or running on the person\'s devices. Weighted by how ' +
    'soon after the device was enrolled it appeared and whether the person is a new hire; two or more tools are ' +
    'stronger; together with VPN/hosting sign-ins in the same days it is a separate, stronger finding. Sanctioned tools ' +
    '(config) and tools common in the person\'s department weigh little and say why.',
  stage: 'monitor',
  indicator: {
    text:
      'Microsoft: "installation of remote monitoring and management (RMM) tools ... in combination with VPN usage, ' +
      'shortly after the laptop is received" is among the strongest post-hire signals of a North Korean IT worker; ' +
      'laptop farms install remote-access software so the worker abroad can operate the company laptop.',
    reference:
      'Microsoft Threat Intelligence, "Jasper Sleet: North Korean remote IT workers\' evolving tactics to infiltrate ' +
      'organizations" (2025-06-30); US DoJ laptop-farm indictments (2024-2025: remote-access software on company laptops); ' +
      'Mandiant, "Staying a Step Ahead: Mitigating the DPRK IT Worker Threat" (2024-09-23)',
  },
  needs: ['endpoint', 'signin', 'ip-intel', 'peers'],
  severity: 'high',
  stateVersion: 1,
  params: z.strictObject({
    /** Catalog categories that count as remote access. */
    categories: z.array(z.string()).default(['rmm', 'remote-desktop', 'tunnel', 'rat']),
    /** Catalog ids (or names, case-insensitive) the company uses on purpose: reported as info, weighing nothing. */
    sanctioned: z.array(z.string()).default([]),
    /** Days after enrolment within which a tool's arrival is "right after the laptop arrived". */
    earlyDays: z.number().positive().default(14),
    /** Days after enrolment within which it still counts as medium. */
    mediumDays: z.number().positive().default(60),
    /** A person hired this many days before the tool arrived is a new hire. */
    newHireDays: z.number().positive().default(90),
    /** Days either side of the tool's arrival searched for VPN/hosting/Tor sign-ins. */
    vpnWindowDays: z.number().int().nonnegative().default(3),
    /** A tool run by at least this share of the department's other members (and this many) is common there. */
    commonShare: z.number().min(0).max(1).default(0.25),
    commonMinPeople: z.number().int().positive().default(3),
    lowLikelihoodRatio: z.number().positive().default(2),
    mediumLikelihoodRatio: z.number().positive().default(6),
    highLikelihoodRatio: z.number().positive().default(30),
    /** Multiplier when two or more different remote-access tools are present. */
    severalFactor: z.number().positive().default(2),
    /** Remote-access tool and anonymised sign-ins in the same days. */
    withVpnLikelihoodRatio: z.number().positive().default(60),
    /** Tools common in the department. */
    commonLikelihoodRatio: z.number().positive().default(1.2),
  }),
  knownFalsePositives: [
    'IT support and help-desk staff who use ScreenConnect, TeamViewer or similar to support colleagues (common in their department: weighs little; list it in `sanctioned` when it is policy).',
    'Developers running tunnels (ngrok, Cloudflare Tunnel, Tailscale) for testing.',
    'A tool installed by the company\'s own imaging before hand-over (it then appears on most new laptops: common in the department).',
    'Weak catalog matches (generic names such as "Remote Desktop") are marked and lowered one step.',
  ],
} satisfies DetectorDefinition;
