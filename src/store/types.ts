// One Store interface; adapters: PGlite (embedded, default) and PostgreSQL. Both run the same SQL migrations
// (src/store/migrations/*.sql) and pass the same conformance suite (src/store/conformance.ts).
import type { Candidate, CandidateResult, Recommendation } from '../core/candidate.ts';
import type { CandidateIndex } from '../core/candidate-index.ts';
import type { RespondStore } from './respond-types.ts';
import type { AuthStore } from './auth-types.ts';
import type { Role } from '../core/roles.ts';
import type { ContainmentStore } from './containment-types.ts';
import type { OutboxStore } from './outbox-types.ts';
import type { CollectorStore } from './collector-types.ts';
import type { DirectoryEntry, Finding, InputSummary, NormalizedEvent, PersonResult, Place, RiskLevel } from '../core/model.ts';

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

/** Sort orders of the people list: risk (highest first), updated (latest first), hired (latest hire first). */
export type PeopleSort = 'risk' | 'updated' | 'hired';

/** Filters of the people list (GET /api/people); every one optional, all of them combined with AND. */
export interface PeopleFilter {
  level?: RiskLevel;
  /** Directory department, compared trimmed and case-insensitively (as detectors group colleagues). */
  department?: string;
  /** Only people whose directory `created` (hire) is at or after this instant (epoch ms). */
  hiredSince?: number;
  /** Only people with a current finding of this detector. */
  detector?: string;
  /**
   * Search: people whose personId starts with `idPrefix`, or whose personId is one of `ids` (the server resolves a
   * pseudonym prefix to ids). Neither given: no search. Never names or e-mails (see docs/ui-data.md).
   */
  idPrefix?: string;
  ids?: string[];
  sort?: PeopleSort;
  limit?: number;
  offset?: number;
}

/** A row of the people list for the UI: the summary plus the directory's department and hire date. */
export interface PersonListRow extends PersonSummary {
  department?: string;
  /** ISO, from the directory's `created`. */
  hiredAt?: string;
  /** Detectors of the risk breakdown with a likelihood ratio above 1, strongest first (at most 3). */
  topDetectors: string[];
}

/** The settings overlay (migration 013): a partial config merged over the file's, with its concurrency version. */
export interface StoredSettings {
  /** 0 when nothing was ever stored. */
  version: number;
  overlay: Record<string, unknown>;
  updatedAt?: string;
  updatedBy?: string;
}

export interface StoredPerson extends PersonResult {
  riskHistory: { at: string; risk: number; level: RiskLevel; runId: string }[];
  updatedAt: string;
}

/** An API token as listed: never the token itself (only its SHA-256 is stored, and only the store sees it). */
export interface ApiToken {
  id: string;
  name: string;
  /** What the token may do (migration 010: tokens made before roles are 'admin'). */
  role: Role;
  createdAt: string; // ISO
  lastUsedAt?: string; // ISO, updated at most about once a minute
  revokedAt?: string; // ISO; a revoked token authenticates nothing
}

/** One event in the store's event log: what a person's detector state is rebuilt from (replayed in time, id order). */
export interface LoggedEvent {
  id: string;
  /** The person the event resolved to when it was ingested. */
  personId: string;
  /** epoch ms */
  time: number;
  ip?: string;
  deviceId?: string;
  /** The normalised event as parsed (stored as JSON; strings already sanitised by the reader). */
  event: NormalizedEvent;
}

/** What other batches committed after a version: enough for a process to bring its in-memory pipeline up to date. */
export interface StoreChanges {
  /** The latest committed version (0 for a store no batch wrote). */
  version: number;
  /** People whose row or detector state was written after `since`, with their directory entry and state. */
  people: { personId: string; directory?: DirectoryEntry; state?: Record<string, unknown> }[];
  /** Distinct (ip, person) pairs of events logged after `since`. */
  ipPeople: { ip: string; personId: string }[];
  /** Distinct (device, person) pairs of events logged after `since`. */
  devicePeople: { deviceId: string; personId: string }[];
  /** Per IP, the earliest (time, then id) event logged after `since` that carries a vendor place, and that place. */
  vendorPlaces: { ip: string; time: number; eventId: string; place: Place }[];
}

/**
 * Parts of a person that savePeople may leave as stored, because the caller saved them in an earlier committed call
 * and they have not changed since. A promise by the caller, not checked: a part kept for a person with no stored row
 * is written after all (the row, its findings and identifiers), but a wrong promise about a stored person leaves the
 * stale part. Identifiers of a kept person are still written when another person of the same call names one of them
 * (so the last person naming an identifier still wins).
 */
export interface KeepParts {
  directory?: boolean;
  findings?: boolean;
  identifiers?: boolean;
}

export interface CandidateSummary {
  candidateId: string;
  displayName?: string;
  risk: number;
  level: RiskLevel;
  recommendation: Recommendation;
  directoryId?: string;
  updatedAt: string;
}

export interface ArchivedFileRow {
  candidateId: string;
  sha256: string;
  /** recording | resume | photo | attachment */
  kind: string;
  file: string;
  bytes?: number;
  archivedAt?: string;
  retainUntil: string;
  deletedAt?: string;
}

export interface Store {
  /**
   * Run `fn` in one transaction with a Store bound to it: everything `fn` writes through that store commits together
   * when it resolves and nothing does when it throws (or the process dies). Reads through it see its own writes.
   */
  atomic<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * Inside atomic(): take the store-wide ingest turn and return this batch's version (the previous committed version
   * plus one). Another process's batch calling it waits until this transaction ends, so batches of several processes
   * on one database run one at a time and each sees everything committed before it.
   */
  beginBatch(): Promise<number>;
  /** The latest committed batch version (0 when none). */
  currentVersion(): Promise<number>;
  /**
   * Log events whose id was never logged before, stamped with `version`, and return the ids that were new, in input
   * order, each once (a later copy of an id in the same call is not new). Atomic with the rest of the transaction.
   */
  appendEvents(events: LoggedEvent[], version: number): Promise<string[]>;
  /**
   * For events logged unstamped (appendEvents with version 0, before the batch took the ingest turn): record, at
   * `version`, what changesSince reports of them (their (ip, person) and (device, person) pairs, each IP's earliest
   * vendor place). Pass the events appendEvents returned as new.
   */
  indexEvents(events: LoggedEvent[], version: number): Promise<void>;
  /**
   * Every logged event of these people in (time, id) order. `legacy` counts, per person, events known only by id
   * (claimed before the event log existed): their content cannot be replayed.
   */
  eventsOf(personIds: string[]): Promise<{ events: LoggedEvent[]; legacy: Record<string, number> }>;
  /** What was committed after `since` (0: everything). */
  changesSince(since: number): Promise<StoreChanges>;

  /** Apply pending migrations (idempotent). */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Record an ingest run and its inputs with their rejected records. */
  saveRun(run: IngestRun): Promise<void>;
  getRun(id: string): Promise<IngestRun | undefined>;
  /** Latest runs first (default 50). Summaries: inputs keep their counts, `errors` is empty (getRun has them). */
  listRuns(limit?: number): Promise<IngestRun[]>;
  /**
   * Upsert people with their identifiers; replace their current findings; append a risk-history point for this run
   * to each person whose risk or level differs from the stored one (or who is new). Idempotent per (runId, personId).
   * `version` (default 0) stamps the rows for changesSince. `keep` names, per person, the parts the caller saved
   * before and knows to be unchanged since (see KeepParts): they are left as stored instead of being rewritten.
   */
  savePeople(people: PersonResult[], runId: string, version?: number, keep?: ReadonlyMap<string, KeepParts>): Promise<void>;
  listPeople(filter?: { level?: RiskLevel; limit?: number; offset?: number }): Promise<PersonSummary[]>;
  /** One page of the UI's people list (`limit`, `offset` and `sort` of the filter apply). */
  listPeoplePage(filter?: PeopleFilter): Promise<PersonListRow[]>;
  /** How many people match the filter in all (its `limit`, `offset` and `sort` are ignored). */
  countPeople(filter?: PeopleFilter): Promise<number>;
  /**
   * Stored personIds, in no particular order (the server's pseudonym search index): every one, or (`sinceVersion`)
   * those written by a batch after that version.
   */
  personIds(sinceVersion?: number): Promise<string[]>;
  /** Distinct departments (one spelling per trimmed lower-cased key: the highest-risk member's) and detectors with a current finding. */
  peopleFacets(): Promise<{ departments: string[]; detectors: string[] }>;
  /** Stored detector state of up to `limit` people of a department (trimmed, case-insensitive), highest risk first. */
  departmentStates(department: string, limit: number): Promise<{ personId: string; state: Record<string, unknown> }[]>;
  /** The settings overlay (version 0 and {} when none was stored). */
  getSettings(): Promise<StoredSettings>;
  /**
   * Replace the settings overlay when the stored version is `expectedVersion` (else nothing is written and the stored
   * settings are returned with ok false), writing `audit` in the same transaction.
   */
  putSettings(
    overlay: Record<string, unknown>,
    expectedVersion: number,
    ctx: { actor: string; now: number; audit: { action: string; subject: string; detail: unknown } },
  ): Promise<{ ok: true; settings: StoredSettings } | { ok: false; settings: StoredSettings }>;
  getPerson(personId: string): Promise<StoredPerson | undefined>;
  /** Find the person owning an identifier (UPN, e-mail, vendor id), case-insensitive. */
  findPersonByIdentifier(value: string): Promise<string | undefined>;
  /** Every stored person's directory entry, in person-id order (a stream publisher's router learns their identifiers at start). */
  directoryEntries(): Promise<DirectoryEntry[]>;
  /** Per-person detector state for streaming (JSON). */
  saveState(personId: string, state: Record<string, unknown>): Promise<void>;
  loadState(personId: string): Promise<Record<string, unknown> | undefined>;
  /** Detector state of many people in one call, stamped with `version` (default 0) for changesSince. */
  saveStates(states: { personId: string; state: Record<string, unknown> }[], version?: number): Promise<void>;
  /**
   * Store a new API token by the hex SHA-256 of its value. Throws when an active token already has this name (names
   * are unique among active tokens) or the id or hash exists. Audited (`token.create`, by `actor`, default 'cli').
   */
  createToken(token: { id: string; name: string; hash: string; role: Role }, actor?: string): Promise<ApiToken>;
  /** Every token, revoked ones too, oldest first. */
  listTokens(): Promise<ApiToken[]>;
  /** Revoke the active token with this id, or else the active token with this name; undefined when there is none. */
  revokeToken(idOrName: string, actor?: string): Promise<ApiToken | undefined>;
  /** The active (not revoked) token whose hash this is, with the stored hash (for a constant-time comparison). */
  findActiveToken(hash: string): Promise<(ApiToken & { hash: string }) | undefined>;
  /** Record that a token was just used (lastUsedAt). */
  touchToken(id: string): Promise<void>;

  // Vetting (src/app/vet.ts): the reuse index of every candidate and employee vetted with --store, each candidate's
  // latest assessment and the merged candidate behind it.
  candidateIndex(): CandidateIndex;
  /**
   * Upsert candidates' results (one transaction), replacing each one's contact keys (normalised mailboxes and phones,
   * for the after-hire join). `result.personId`: the directory entry a hired candidate matched when vetted.
   */
  saveCandidates(items: { result: CandidateResult; candidate: Candidate; keys?: string[] }[]): Promise<void>;
  /** Latest results of the candidates holding any of these contact keys ('mailbox:…', 'phone:+…'), by candidate id. */
  candidatesByKeys(keys: string[]): Promise<CandidateResult[]>;
  listCandidates(filter?: { recommendation?: Recommendation; limit?: number; offset?: number }): Promise<CandidateSummary[]>;
  getCandidate(candidateId: string): Promise<{ result: CandidateResult; candidate: Candidate; updatedAt: string } | undefined>;
  /** Results of candidates that matched a directory entry, keyed by that entry's id (the after-hire join). */
  hiredCandidates(): Promise<Map<string, CandidateResult[]>>;
  /** Archive a file's record (its bytes are kept by the caller under its SHA-256); idempotent per candidate+hash. */
  archiveFile(f: ArchivedFileRow): Promise<void>;
  listArchive(candidateId?: string): Promise<ArchivedFileRow[]>;
  /** Mark files whose retention passed at `now` as deleted, log each deletion, and return them (for the caller to unlink). */
  expireArchive(now: Date): Promise<ArchivedFileRow[]>;
  archiveLog(limit?: number): Promise<{ seq: number; at: string; action: string; candidateId: string; sha256: string; detail: string }[]>;
  /**
   * Stage three (migration 009): alerts, cases, notes, playbook steps, suppressions, verdicts and the hash-chained audit
   * log (src/store/respond-types.ts). On the store atomic() hands its callback, its writes join that transaction.
   */
  respond(): RespondStore;
  /** Users, sessions and per-store secrets (migration 010, src/store/auth-types.ts); joins atomic() like respond(). */
  auth(): AuthStore;
  /**
   * Containment requests (migration 011, src/store/containment-types.ts): two-person approval of connector actions,
   * audited through the respond store's log. On the store atomic() hands its callback, its writes join that transaction.
   */
  containment(): ContainmentStore;
  /**
   * The notification outbox (migration 012, src/store/outbox-types.ts). On the store atomic() hands its callback, its
   * writes join that transaction (notifications commit with the alert or change they announce).
   */
  outbox(): OutboxStore;
  /**
   * Collectors' checkpoints and health (migration 014, src/store/collector-types.ts). On the store atomic() hands its
   * callback, its writes join that transaction (a page's checkpoint commits with its events).
   */
  collectors(): CollectorStore;
  /** Cheap round trip to the database (health checks); throws when it is unreachable. */
  ping?(): Promise<void>;
}

export type { Finding };
