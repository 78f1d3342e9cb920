// The server's contract: what it is given (ServerDeps) and what POST /api/ingest returns; JSON error bodies.
import { STATUS_CODES } from 'node:http';
import type { InputSummary } from '../core/model.ts';
import type { PersonSummary, Store } from '../store/types.ts';

export interface IngestResult {
  runId: string;
  inputs: InputSummary[];
  /** Events of this batch the store had already ingested (an earlier batch or scan): not processed again. */
  alreadyIngested: number;
  people: number;
  updated: PersonSummary[];
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
   * Ingest one uploaded file (raw text). A thrown error becomes HTTP 400 with its message (a bad file), unless it
   * carries a numeric `statusCode` (used as is) or is a database error (HTTP 500).
   */
  ingest(body: string, opts: IngestOptions): Promise<IngestResult>;
  version: string;
  /** fastify logger option (default off). */
  logger?: boolean;
}

export const INGEST_BODY_LIMIT = 100 * 1024 * 1024;

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
