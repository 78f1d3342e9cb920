import { z } from 'zod';
import type { CheckDefinition } from '../../../core/check.ts';

export const definition = {
  id: 'photo-reuse',
  title: 'The same or a near-identical photo under another name',
  description:
    'The candidate photo\'s 64-bit perceptual hash (DCT pHash of a 32×32 grayscale) compared, by multi-index ' +
    'lookups (4 bands of 16 bits, probed within 2 bits each), with every stored candidate\'s and employee\'s; a ' +
    'Hamming distance within the threshold under another name means one face picture is used by several identities. ' +
    'Re-saving, resizing, recompressing or a small crop moves the hash by 0–6 bits (measured); a different picture by ~32.',
  indicator: {
    text:
      'Microsoft: Jasper Sleet personas use stolen photos and photos altered with AI tools (face swaps, "enhanced" ' +
      'profile pictures), reused across many profiles and applications; the FBI notes fake or borrowed identity ' +
      'photos among the signs of North Korean IT workers.',
    reference:
      'Microsoft Threat Intelligence, "Jasper Sleet: North Korean remote IT workers\' evolving tactics to infiltrate ' +
      'organizations" (2025-06-30); FBI Public Service Announcement I-012325-PSA (2025-01-23)',
  },
  needs: ['reuse', 'photo'],
  severity: 'high',
  params: z.strictObject({
    /** Hamming distance (of 64 bits) at or below which two photos are the same picture (the index verifies at 10). */
    maxHamming: z.number().int().min(0).max(11).default(10),
    /** At or below: "the same photo"; above: "a near-identical (edited or re-saved) photo". Both are high. */
    sameHamming: z.number().int().min(0).max(11).default(4),
    maxListed: z.number().int().min(1).default(10),
    likelihoodRatio: z.number().positive().default(25),
  }),
  checklist: ['profiles'],
  knownFalsePositives: [
    'The same person applying twice with the same photo (same name key): reported as a duplicate, info.',
    'Placeholder pictures (a company logo, a default avatar, a blank image) shared by many applicants: the evidence shows how many share it; exclude such files from the intake.',
    'Very plain photos (a face on a flat background, tiny images) hash closer to each other than detailed ones; check the pictures side by side.',
  ],
} satisfies CheckDefinition;
