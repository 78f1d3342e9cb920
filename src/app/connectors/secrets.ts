// Connector secrets: from the environment variable the config names, else from the file it names. Never logged,
// never returned by the API, never put in an error message (the messages name the variable or file, not the value).
import { readFileSync, statSync } from 'node:fs';
import { ConnectorError } from './http.ts';

const MAX_SECRET_FILE = 64 * 1024;

export function readSecret(where: { secretEnv: string; secretFile?: string }, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[where.secretEnv];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv.trim();
  if (where.secretFile !== undefined) {
    let size: number;
    try {
      size = statSync(where.secretFile).size;
    } catch (e) {
      throw new ConnectorError(`cannot read the secret file ${where.secretFile}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, 0);
    }
    if (size > MAX_SECRET_FILE) throw new ConnectorError(`the secret file ${where.secretFile} is larger than ${MAX_SECRET_FILE} bytes`, 0);
    const v = readFileSync(where.secretFile, 'utf8').trim();
    if (v !== '') return v;
    throw new ConnectorError(`the secret file ${where.secretFile} is empty`, 0);
  }
  throw new ConnectorError(`no secret: set the environment variable ${where.secretEnv}${where.secretFile ? '' : ' (or secretFile in the config)'}`, 0);
}
