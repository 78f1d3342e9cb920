// Settings of stage three (respond): when an alert is raised, the SLA of each case state, how long a suppression
// made from a false-positive verdict lasts, and the prior of the likelihood-ratio calibration. Pure (zod only).
// Lives apart from src/core/respond.ts so config.ts can import it without an import cycle.
import { z } from 'zod';

/** Hours a case may stay in each open state before its SLA is breached (absent: no clock in that state). */
export const SlaHours = z.strictObject({
  new: z.number().positive().default(4),
  triage: z.number().positive().default(24),
  investigating: z.number().positive().default(72),
  escalated: z.number().positive().default(72),
  contained: z.number().positive().default(168),
});
export type SlaHours = z.infer<typeof SlaHours>;

/**
 * Calibration of a detector's likelihood ratio by adjudicated cases (src/core/respond.ts calibratedLR): a Beta prior on
 * the detector's precision centred on its configured likelihood ratio, worth `strength` verdicts, and bounds.
 */
export const CalibrationConfig = z.strictObject({
  /** Pseudo-verdicts the prior is worth: with 10, ten real verdicts weigh as much as the configured value. */
  strength: z.number().positive().default(10),
  /** The calibrated likelihood ratio never goes below this (1: a verdict can neutralise a detector, never exonerate). */
  floor: z.number().positive().default(1),
  /** ... nor above this. */
  cap: z.number().positive().default(1000),
  /** Apply calibration from this many verdicts on (before it, the configured value stands). */
  minVerdicts: z.number().int().nonnegative().default(1),
});
export type CalibrationConfig = z.infer<typeof CalibrationConfig>;

export const RespondConfig = z.strictObject({
  /** Lowest level at which a rise raises an alert (a rise from none to low is not an alert by default). */
  alertLevel: z.enum(['high', 'medium', 'low']).default('medium'),
  sla: SlaHours.default(SlaHours.parse({})),
  /** Days a suppression made when closing a case as a false positive lasts unless its expiry is given. */
  suppressionDays: z.number().int().positive().max(3650).default(90),
  calibration: CalibrationConfig.default(CalibrationConfig.parse({})),
});
export type RespondConfig = z.infer<typeof RespondConfig>;
