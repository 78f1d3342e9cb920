// What the synthetic company's generator planted, written to truth.json next to the vendor files. The evaluation
// reads it to score the product; nothing in the product reads it.

export const TRUTH_SCHEMA = 'sleetwatch.synth-truth/v1' as const;

/** Published indicators each planted pattern mirrors (see README.md for the references). */
export type PlantedPattern =
  | 'vpn-with-cn-leaks'
  | 'laptop-farm'
  | 'north-korea-ip'
  | 'russia-ip'
  | 'shared-phone-and-address'
  | 'hosting-only'
  | 'contractor-from-china'
  | 'wrong-state-foreign-hours'
  | 'concurrent-operators'
  | 'impossible-travel';

export interface PlantedTruth {
  upn: string;
  pattern: PlantedPattern;
  description: string;
  /** ISO hire date (directory meta.created) */
  hired: string;
  idp: 'entra' | 'okta';
  /** other planted people in the same scheme (laptop farm, shared identity) */
  group?: string[];
}

export interface HardNegativeTruth {
  category: string;
  description: string;
  upns: string[];
}

/** A network address the story relies on, with what the intel said about it when the company was generated. */
export interface NetworkTruth {
  role: string;
  ip: string;
  netClass: string;
  country: string;
  region?: string;
  city?: string;
  risks: string[];
  asn?: number;
  /** the people who used it in the story */
  upns: string[];
}

export interface Truth {
  schema: typeof TRUTH_SCHEMA;
  seed: number;
  start: string;
  days: number;
  people: number;
  planted: PlantedTruth[];
  hardNegatives: HardNegativeTruth[];
  networks: NetworkTruth[];
  counts: { entraSignIns: number; oktaEvents: number; directoryUsers: number };
}
