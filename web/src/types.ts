// The API shapes the UI reads (the server's OpenAPI document, /api/openapi.json, is the reference). Only the fields
// the pages use; everything person-identifying may be replaced by the server with a `pseudonym`.
export type Role = 'admin' | 'analyst' | 'investigator' | 'recruiter' | 'auditor';
export type Level = 'high' | 'medium' | 'low' | 'none';

export interface User {
  id: string;
  username: string;
  role: Role;
}

export interface PersonSummary {
  personId: string;
  pseudonym?: string;
  displayName?: string;
  risk: number;
  level: Level;
  findings: number;
  topFinding?: string;
  identifiers: string[];
  updatedAt: string;
  department?: string;
  hiredAt?: string;
  topDetectors?: string[];
}

export interface Place {
  country?: string;
  region?: string;
  city?: string;
  lat?: number;
  lon?: number;
  accuracyKm?: number;
  source?: string;
}

export interface Evidence {
  type: 'event' | 'measure' | 'peer' | 'directory' | 'intel';
  label: string;
  eventId?: string;
  time?: string;
  ip?: string;
  network?: { class: string; asn?: number; org?: string; provider?: string };
  place?: Place;
  disputed?: boolean;
  value?: number | string | boolean;
  threshold?: number | string;
  unit?: string;
  personId?: string;
}

export interface Finding {
  detector: string;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  title: string;
  explanation: string;
  firstSeen: string;
  lastSeen: string;
  evidence: Evidence[];
  likelihoodRatio?: number;
}

export interface RiskBreakdown {
  priorOdds: number;
  newHire: boolean;
  contributions: { detector: string; likelihoodRatio: number; calibrated?: { lr: number; verdicts: number; priorLR: number } }[];
  odds: number;
  formula: string;
}

export interface StoredPerson {
  personId: string;
  pseudonym?: string;
  displayName?: string;
  identifiers: string[];
  directory?: {
    id: string;
    displayName?: string;
    department?: string;
    title?: string;
    timezone?: string;
    userType?: string;
    created?: number;
    homeAddress?: { locality?: string; region?: string; country?: string };
  };
  risk: number;
  level: Level;
  riskBreakdown?: RiskBreakdown;
  findings: Finding[];
  firstEvent?: string;
  lastEvent?: string;
  events: number;
  riskHistory: { at: string; risk: number; level: Level; runId: string }[];
  updatedAt: string;
}

export interface SignIns {
  home?: { lat: number; lon: number; label: string; country?: string };
  points: { at: string; ip: string; lat: number; lon: number; country?: string; city?: string; networkClass?: string; accuracyKm?: number; disputed?: boolean }[];
  travel: { from: TravelEnd; to: TravelEnd; km?: number; kmh: number | null; impossible: boolean }[];
  /** Sign-ins left out of `points` (the server bounds the answer). */
  truncated?: number;
}

export interface TravelEnd {
  at: string;
  ip: string;
  lat: number;
  lon: number;
}

export interface Hours {
  person: number[];
  department: number[];
  zone: string;
}

export interface Device {
  deviceId: string;
  name?: string;
  os?: string;
  enrolledAt?: string;
  tools: { name: string; category: string; firstSeen?: string }[];
}

export interface Calibration {
  kind: 'person' | 'candidate';
  calibrated: { detector: string; lr: number; verdicts: number; priorLR: number; precision: number; applied: boolean; explanation: string };
}

export type CaseState = 'new' | 'triage' | 'investigating' | 'escalated' | 'contained' | 'closed';
export const CASE_STATES: CaseState[] = ['new', 'triage', 'investigating', 'escalated', 'contained', 'closed'];
export const NEXT_STATES: Record<CaseState, CaseState[]> = {
  new: ['triage', 'closed'],
  triage: ['investigating', 'closed'],
  investigating: ['escalated', 'contained', 'closed'],
  escalated: ['escalated', 'contained', 'closed'],
  contained: ['closed'],
  closed: [],
};

export interface Sla {
  dueAt?: string;
  breached: boolean;
  overdueMinutes?: number;
}

export interface Case {
  id: string;
  subject: { kind: 'person' | 'candidate'; id: string };
  displayName?: string;
  pseudonym?: string;
  state: CaseState;
  escalatedTo?: 'insider-risk' | 'hr' | 'legal';
  verdict?: 'true-positive' | 'false-positive' | 'benign';
  verdictReason?: string;
  assignee?: string;
  level: 'high' | 'medium' | 'low';
  openedAt: string;
  updatedAt: string;
  stateSince: string;
  dueAt?: string;
  closedAt?: string;
  sla?: Sla;
}

export interface Alert {
  id: string;
  caseId: string;
  level: 'high' | 'medium' | 'low';
  previousLevel: Level;
  risk: number;
  raisedAt: string;
  reason: string;
  contributions: { detector: string; likelihoodRatio: number }[];
}

export interface Note {
  id: string;
  at: string;
  author: string;
  text: string;
}

export interface PlaybookStep {
  step: string;
  title: string;
  status: 'pending' | 'done' | 'skipped';
  by?: string;
  at?: string;
  comment?: string;
  serial?: string;
  reference?: string;
}

export interface CaseDetail {
  case: Case;
  sla: Sla;
  alerts: Alert[];
  notes: Note[];
  steps: PlaybookStep[];
}

export interface ContainmentRequest {
  id: string;
  caseId: string;
  connector: 'graph' | 'okta';
  action: 'revoke-sessions' | 'disable-account';
  target?: string;
  reason?: string;
  proposedBy: string;
  proposedAt?: string;
  state: 'pending' | 'done' | 'failed' | 'rejected' | string;
  approvedBy?: string;
  decidedAt?: string;
  /** done: what the vendor answered; failed: why */
  result?: string;
  reference?: string;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: string;
  prevHash: string;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  rows: number;
  head?: { seq: number; hash: string };
  firstBad?: { seq: number; kind: string; message: string };
}

export interface CandidateSummary {
  candidateId: string;
  pseudonym?: string;
  displayName?: string;
  risk: number;
  level: Level;
  recommendation: 'stop' | 'verify' | 'proceed';
  directoryId?: string;
  updatedAt: string;
}

export interface ChecklistEntry {
  item: string;
  status: 'verified' | 'failed' | 'not done';
  evidence: string;
  checks: string[];
}

export interface CandidateResult {
  candidateId: string;
  pseudonym?: string;
  displayName?: string;
  identifiers: string[];
  sources: string[];
  risk: number;
  level: Level;
  recommendation: 'stop' | 'verify' | 'proceed';
  recommendationReason: string;
  riskBreakdown?: RiskBreakdown;
  checklist: ChecklistEntry[];
  findings: { check: string; severity: Finding['severity']; title: string; explanation: string; evidence: Evidence[]; likelihoodRatio?: number }[];
  personId?: string;
  vettedAt?: string;
}

export interface StoredCandidate {
  result: CandidateResult;
  updatedAt: string;
}
