// The server's contract: what it is given (ServerDeps) and what POST /api/ingest returns; JSON error bodies.
import { STATUS_CODES } from 'node:http';
import type { FastifyServerOptions } from 'fastify';
import type { InputSummary } from '../core/model.ts';
import type { CandidateResult } from '../core/candidate.ts';
import type { PersonSummary, Store } from '../store/types.ts';
import type { RespondService } from '../app/respond.ts';
import type { AuthService } from '../app/auth.ts';
import type { OidcClient } from '../app/oidc.ts';
import type { SettingsService } from '../app/settings.ts';
import type { UiDataService } from '../app/ui-data.ts';
import type { ContainmentService } from '../app/containment.ts';
import type { Config } from '../core/config.ts';
import type { CollectorStatus } from '../app/collectors/runner.ts';

export interface IngestResult {
  runId: string;
  inputs: InputSummary[];
  /** Events of this batch the store had already ingested (an earlier batch or scan): not processed again. */
  alreadyIngested: number;
  people: number;
  updated: PersonSummary[];
  /** Scale-out mode: events published to the stream for the workers (`updated` is then empty). */
  queued?: number;
}

export interface VetResult {
  inputs: InputSummary[];
  candidates: CandidateResult[];
}

export interface IngestOptions {
  /** Name of the upload (`?name=`), used as the input's path in the run and in error messages. */
  name: string;
  contentType?: string;
  /** Force a format id instead of sniffing (`?format=`). */
  format?: string;
}

export interface ServerDeps {
  store: Store;
  /**
   * Ingest one uploaded file (raw text). A thrown error carrying a numeric 4xx `statusCode` (a bad file: 400) is
   * answered with that status and its message; any other error (the database failing, a bug) is a 500 whose
   * message names only a request id (the cause is logged).
   */
  ingest(body: string, opts: IngestOptions): Promise<IngestResult>;
  /**
   * Vet one uploaded candidate file (raw text: JSON Resume, Greenhouse candidates, candidate CSV, interview records)
   * with the same pipeline as `vet --store`. Errors as for `ingest`. Absent: POST /api/candidates answers 501.
   */
  vet?(body: string, opts: IngestOptions): Promise<VetResult>;
  /**
   * Cases, alerts, suppressions and the audit log (src/app/respond.ts), built by the app layer with the config and a
   * hook that rebuilds the pipeline when suppressions change. Absent: one over `store` with the default config.
   */
  respond?: RespondService;
  /** Users, sessions, sign-in and pseudonyms (src/app/auth.ts). Absent: one over `store` with the default config. */
  auth?: AuthService;
  /** OIDC single sign-on, when the config has `auth.oidc` (discovered by the app layer before the server starts). */
  oidc?: OidcClient;
  /**
   * The UI's people data (src/app/ui-data.ts), built by the app layer with the config and intel. Absent: one over
   * `store` with the default config, opening intel from ./.sleetwatch when a map is first asked for.
   */
  ui?: UiDataService;
  /** GET/PUT /api/settings (src/app/settings.ts), wired to rebuild the pipeline on a change. Absent: default config, no rebuild. */
  settings?: SettingsService;
  /**
   * The pseudonymiser of personIds (the auth part of issue 11: an HMAC under the store's secret, AuthService
   * `pseudonyms()`). Given: people rows carry `pseudonym` and `q` searches pseudonym prefixes too. Absent: neither.
   */
  pseudonyms?: () => Promise<(personId: string) => string>;
  /**
   * Containment requests and their connectors (src/app/containment.ts), built by the app layer with the config.
   * Absent: one over `store` with the default config (no connector configured: proposals are refused).
   */
  containment?: ContainmentService;
  /** The configuration (exports read the pseudonym key's variable from it). Absent: the defaults. */
  config?: Config;
  version: string;
  /** fastify logger option (default off). Server errors are logged at level error with their cause. */
  logger?: FastifyServerOptions['logger'];
  /**
   * Host header values this server answers to (DNS rebinding): `name` (on the serving port) or `name:port`.
   * Default: localhost, 127.0.0.1 and [::1].
   */
  allowedHosts?: string[];
  /** The built web UI to serve (default: dist/web, see src/server/web.ts); false: serve the API only. */
  webRoot?: string | false;
  /** Largest POST /api/ingest body in bytes (default DEFAULT_BODY_LIMIT); larger is a 413. */
  bodyLimit?: number;
  /** The collectors' status (GET /api/collectors); absent: the stored state alone, no configured collector. */
  collectors?: () => Promise<CollectorStatus[]>;
}

/** Default largest ingest body: 100 MiB (about 50,000 Graph sign-in records of ~2 KB). */
export const DEFAULT_BODY_LIMIT = 100 * 1024 * 1024;
/** @deprecated the default; a server's own limit is ServerDeps.bodyLimit */
export const INGEST_BODY_LIMIT = DEFAULT_BODY_LIMIT;

export function errorBody(statusCode: number, message: string): { error: string; message: string } {
  return { error: STATUS_CODES[statusCode] ?? 'Error', message };
}

/** An error with the HTTP status to answer with. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}
