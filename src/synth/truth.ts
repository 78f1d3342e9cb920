// What the synthetic company's generator planted, written to truth.json next to the vendor files. The evaluation
// reads it to score the product; nothing in the product reads it.
import type { ApplicantTruth } from './applicants-truth.ts';

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
  | 'impossible-travel'
  | 'rmm-after-enrolment';

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

/** A laptop the stories put something on (see endpoint.ts). */
export interface EndpointTruth {
  upn: string;
  deviceName: string;
  os: 'Windows' | 'macOS';
  /** ISO time of the Intune enrolment (the laptop's arrival) */
  enrolled: string;
  /** tools the story put on the laptop, with the day each first appears */
  tools: { tool: string; first: string }[];
  /** USB devices of the story (IP-KVM) */
  usb: string[];
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

/** What one local database said about a line, and how far that is from the line's true place (null: no coordinates). */
export interface DbPlacement {
  country?: string;
  region?: string;
  city?: string;
  km: number | null;
}

/** A line some database places more than `model.agreeKm` from where it truly is (the vendors report the truth). */
export interface LinePlacement {
  ip: string;
  /** the story's labels of the sign-ins from it (home, second-line, mobile, sase, ...) */
  roles: string[];
  signIns: number;
  truth: { country: string; region?: string; city?: string };
  geolite2: DbPlacement;
  dbip: DbPlacement;
}

/** How far the local databases misplace the company's lines (see GEO_ERROR in ip-pools.ts). */
export interface PlacementTruth {
  model: { agreeKm: number; misplacedKm: readonly [number, number]; misplacedHomeShare: number; secondLineShare: number; secondLineUse: readonly [number, number] };
  /** sign-ins generated (an Okta sign-in is its session start) */
  signIns: number;
  /** of them, those from a line the database places more than agreeKm (and more than 100 km) from the truth */
  misplacedSignIns: { geolite2: { over50km: number; over100km: number }; dbip: { over50km: number; over100km: number } };
  /** per person, every line a database places more than agreeKm from its true place */
  people: { upn: string; lines: LinePlacement[] }[];
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
  counts: { entraSignIns: number; oktaEvents: number; directoryUsers: number; managedDevices: number; defenderRows: number; osqueryRows: number; teamsRows: number };
  /** the laptops the stories put tools or USB devices on (enrolment, each tool and the day it arrived) */
  endpoint: EndpointTruth[];
  /** which lines the local databases misplace, by how much (an eval failure's first suspect) */
  placement: PlacementTruth;
  /** the vetting pool written to applicants/ (applicants.ts): planted fraud and hard negatives per candidate */
  applicants?: ApplicantTruth;
}
