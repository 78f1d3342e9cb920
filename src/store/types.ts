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

/** An API token as listed: never the token itself (only its SHA-256 is stored, and only the store sees it). */
export interface ApiToken {
  id: string;
  name: string;
  createdAt: string; // ISO
  lastUsedAt?: string; // ISO, updated at most about once a minute
  revokedAt?: string; // ISO; a revoked token authenticates nothing
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
  /**
   * Store a new API token by the hex SHA-256 of its value. Throws when an active token already has this name (names
   * are unique among active tokens) or the id or hash exists.
   */
  createToken(token: { id: string; name: string; hash: string }): Promise<ApiToken>;
  /** Every token, revoked ones too, oldest first. */
  listTokens(): Promise<ApiToken[]>;
  /** Revoke the active token with this id, or else the active token with this name; undefined when there is none. */
  revokeToken(idOrName: string): Promise<ApiToken | undefined>;
  /** The active (not revoked) token whose hash this is, with the stored hash (for a constant-time comparison). */
  findActiveToken(hash: string): Promise<(ApiToken & { hash: string }) | undefined>;
  /** Record that a token was just used (lastUsedAt). */
  touchToken(id: string): Promise<void>;
  /** Cheap round trip to the database (health checks); throws when it is unreachable. */
  ping?(): Promise<void>;
}

export type { Finding };
