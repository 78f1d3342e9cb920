// One Store interface; adapters: PGlite (embedded, default) and PostgreSQL. Both run the same SQL migrations
// (src/store/migrations/*.sql) and pass the same conformance suite (src/store/conformance.ts).
import type { DirectoryEntry, Finding, InputSummary, PersonResult, RiskLevel } from '../core/model.ts';

export interface IngestRun {
  id: string;
  /** 'scan' | 'api' | 'stream' */
  via: string;
  startedAt: string; // ISO
  finishedAt: string; // ISO
  inputs: InputSummary[]; // with every rejected record and its reason
}

export interface PersonSummary {
  personId: string;
  displayName?: string;
  risk: number;
  level: RiskLevel;
  findings: number;
  topFinding?: string;
  identifiers: string[];
  updatedAt: string;
}

export interface StoredPerson extends PersonResult {
  riskHistory: { at: string; risk: number; level: RiskLevel; runId: string }[];
  updatedAt: string;
}

export interface Store {
  /** Apply pending migrations (idempotent). */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Record an ingest run and its inputs with their rejected records. */
  saveRun(run: IngestRun): Promise<void>;
  getRun(id: string): Promise<IngestRun | undefined>;
  /** Latest runs first (default 50). Summaries: inputs keep their counts, `errors` is empty (getRun has them). */
  listRuns(limit?: number): Promise<IngestRun[]>;
  /**
   * Upsert people with their identifiers; replace their current findings; append one risk-history point per
   * person for this run. Idempotent per (runId, personId).
   */
  savePeople(people: PersonResult[], runId: string): Promise<void>;
  listPeople(filter?: { level?: RiskLevel; limit?: number; offset?: number }): Promise<PersonSummary[]>;
  getPerson(personId: string): Promise<StoredPerson | undefined>;
  /** Find the person owning an identifier (UPN, e-mail, vendor id), case-insensitive. */
  findPersonByIdentifier(value: string): Promise<string | undefined>;
  /** Per-person detector state for streaming (JSON). */
  saveState(personId: string, state: Record<string, unknown>): Promise<void>;
  loadState(personId: string): Promise<Record<string, unknown> | undefined>;
  /**
   * Record event ids as ingested and return the ones that were NOT seen before (in input order), atomically, so a
   * batch posted twice — even across restarts — is processed once.
   */
  claimEvents(eventIds: string[]): Promise<string[]>;
  /** Detector state of many people in one call (after a scan with --store). */
  saveStates(states: { personId: string; state: Record<string, unknown> }[]): Promise<void>;
  /** What a stream pipeline needs to resume, in one read: every stored person's directory entry and detector state. */
  loadPipelineSeed(): Promise<{ personId: string; directory?: DirectoryEntry; state?: Record<string, unknown> }[]>;
  /** Cheap round trip to the database (health checks); throws when it is unreachable. */
  ping?(): Promise<void>;
}

export type { Finding };
