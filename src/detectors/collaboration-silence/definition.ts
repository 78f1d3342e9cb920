import { z } from 'zod';
import type { DetectorDefinition } from '../../core/detector.ts';

export const definition = {
  id: 'collaboration-silence',
  title: 'Near-silent in company chat and calls, camera always off',
  description:
    'Compares a person\'s collaboration activity (Teams user-activity reports, Slack member analytics) with their ' +
    'department peers using robust statistics (median, MAD on a log scale, low quantile): chat messages per day AND ' +
    'calls + meetings per day far below the peers (near-silence), and meetings attended with the camera off while the ' +
    'peers usually turn it on. Strongest for a new hire whose interactive sign-ins show daily work.',
  stage: 'monitor',
  indicator: {
    text:
      'The workers behind a rented or invented identity avoid being seen or heard: they keep cameras off or refuse ' +
      'video calls, and take little part in company communication while the account shows daily work.',
    reference:
      'Microsoft Threat Intelligence, "Jasper Sleet: North Korean remote IT workers\' evolving tactics to infiltrate ' +
      'organizations" (2025-06-30: reluctance to turn on cameras or appear on video); FBI / Republic of Korea, ' +
      '"Additional Guidance on the Democratic People\'s Republic of Korea Information Technology Workers" (2023-10-18, ' +
      'red flags: unwilling or unable to appear on camera for video meetings); Mandiant/Google Cloud, "Staying a Step ' +
      'Ahead: Mitigating the DPRK IT Worker Threat" (UNC5267, 2024-09-23: verify identity on camera)',
  },
  needs: ['usage', 'signin', 'directory', 'peers'],
  severity: 'medium',
  params: z.strictObject({
    /** Daily rows (Slack member analytics, periodDays 1) are summed over this many days ending at the latest one. */
    dailyWindowDays: z.number().int().min(7).max(90).default(30),
    /** Among several periodic reports of one source with the same end, the period closest to this one is used. */
    preferredPeriodDays: z.number().int().positive().default(30),
    /** Days of employment a report must cover (its period after the hire date) to be judged at all. */
    minPeriodDays: z.number().int().positive().default(7),
    /** Department peers (same source, with a usable report) needed for a department baseline. */
    minDepartmentPeers: z.number().int().positive().default(4),
    /** Below that, the whole company (same source) is the baseline when it has this many people. */
    minCompanyPeers: z.number().int().positive().default(8),
    /** Far below peers: the person's rate is at most this share of the peers' median... */
    maxShareOfMedian: z.number().gt(0).lt(1).default(0.2),
    /** ...at or below the peers' low quantile... */
    lowQuantile: z.number().gt(0).lt(0.5).default(0.1),
    /** ...and at least this many robust standard deviations (1.4826 × MAD of log rates) below their median. */
    minRobustZ: z.number().positive().default(2.5),
    /** Log rates are taken of (rate + floorShareOfMedian × peer median), so zero is finite and the scale is relative. */
    floorShareOfMedian: z.number().positive().default(0.05),
    /** Camera-off: video time at most this share of the person's call and meeting audio time... */
    cameraOffShare: z.number().min(0).lt(1).default(0.02),
    /** ...with at least this many calls + meetings and this many minutes of audio in the period... */
    minMeetingsForCamera: z.number().int().positive().default(4),
    minAudioMinutes: z.number().nonnegative().default(60),
    /** ...while the peers' median video share is at least this (a team that never turns on video is not flagged)... */
    minPeerVideoShare: z.number().gt(0).lt(1).default(0.1),
    /** ...and at most this share of the peers keep their camera off too. */
    maxPeersCameraOff: z.number().min(0).lt(1).default(0.25),
    /** Works daily: distinct days with a successful interactive sign-in, as a share of the weekdays in the period. */
    dailyWorkMinShare: z.number().gt(0).max(1).default(0.6),
    dailyWorkMinDays: z.number().int().positive().default(5),
    /** A person hired at most this many days before the end of the report is a new hire. */
    newHireDays: z.number().nonnegative().default(90),
    /** Without a directory entry (no department, no hire date; e.g. an unresolved report row) nothing is reported. */
    requireDirectory: z.boolean().default(true),
    likelihoodRatioLow: z.number().positive().default(1.5),
    likelihoodRatioMedium: z.number().positive().default(5),
    likelihoodRatioHigh: z.number().positive().default(25),
  }),
  stateVersion: 1,
  knownFalsePositives: [
    'New teams and people hired during the report period: counts are normalised per day of employment, and under minPeriodDays of employment a report is not judged.',
    'People on leave or part-time: without daily interactive sign-ins in the period the finding stays low.',
    'Roles that do not use chat or video (field, warehouse, phone support): compared with their own department; a team that never turns on video is not flagged, and a small quiet team is not judged by the company\'s habits.',
    'Tenants that conceal user names in Microsoft 365 reports (on by default): the rows name a hash, not a person; they are ignored by the Teams source and a row without a directory entry is never judged (requireDirectory).',
    'Chat in another tool (Slack beside Teams): silence must hold in every source that measures chat; a source that does not give a count is not read as 0.',
    'Camera-shy but otherwise ordinary colleagues: camera off alone is low, medium only for a new hire working daily.',
  ],
} satisfies DetectorDefinition;
