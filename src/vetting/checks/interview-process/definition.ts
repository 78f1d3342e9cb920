import { z } from 'zod';
import type { CheckDefinition } from '../../../core/check.ts';

export const definition = {
  id: 'interview-process',
  title: 'Camera refused, ID not shown, document check failed, interview not archived',
  description:
    'From the interview and verification record (candidate.verification): the camera refused or off, no identity document ' +
    'shown on camera, a failed document / identity verification, and whether the interview recording is archived with its ' +
    'SHA-256. A field the record does not give leaves its checklist item "not done": missing data is never a failure.',
  indicator: {
    text:
      'Guidance for hiring remote IT workers: require the camera on during interviews, have the candidate show an identity ' +
      'document on camera and compare it with the face, use document verification, and record and keep the interviews; ' +
      'refusing video or showing a face that does not match the documents is a reported sign of these workers.',
    reference:
      'Microsoft Threat Intelligence, "Jasper Sleet: North Korean remote IT workers\' evolving tactics to infiltrate ' +
      'organizations" (2025-06-30: video on, ID on camera, record interviews); FBI PSA I-012325-PSA (2025-01-23: mandate video, ' +
      'examine identity documents, capture images to compare with later meetings, in-person meetings); FBI / Republic of ' +
      'Korea PSA 2023-10-18 (ic3.gov PSA231018: unwillingness or inability to appear on camera); Mandiant UNC5267 (2024-09-23)',
  },
  needs: ['verification'],
  severity: 'medium',
  params: z.strictObject({
    cameraRefusedLikelihoodRatio: z.number().positive().default(6),
    idNotShownLikelihoodRatio: z.number().positive().default(6),
    /** Camera refused and no ID shown, together. */
    bothLikelihoodRatio: z.number().positive().default(20),
    documentFailedLikelihoodRatio: z.number().positive().default(30),
  }),
  checklist: ['camera-and-id', 'interview-recorded'],
  knownFalsePositives: [
    'A connection too weak for video (ask for another session rather than accept audio only).',
    'A document check that failed on a poor photo or an expired document: look at the provider\'s reason before concluding.',
    'Candidates with a disability or a religious reason to limit video: arrange an in-person identity check instead.',
  ],
} satisfies CheckDefinition;
