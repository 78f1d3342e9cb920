// Connector secrets: from the environment variable the config names, else from the file it names. Never logged,
// never returned by the API, never put in an error message (the messages name the variable or file, not the value).
import { readFileSync, statSync } from 'node:fs';

const MAX_SECRET_FILE = 64 * 1024;

export function readSecret(where: { secretEnv: string; secretFile?: string }, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[where.secretEnv];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv.trim();
  if (where.secretFile !== undefined) {
    let size: number;
    try {
      size = statSync(where.secretFile).size;
    } catch (e) {
      throw new Error(`cannot read the secret file ${where.secretFile}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    if (size > MAX_SECRET_FILE) throw new Error(`the secret file ${where.secretFile} is larger than ${MAX_SECRET_FILE} bytes`);
    const v = readFileSync(where.secretFile, 'utf8').trim();
    if (v !== '') return v;
    throw new Error(`the secret file ${where.secretFile} is empty`);
  }
  throw new Error(`no secret: set the environment variable ${where.secretEnv}${where.secretFile ? '' : ' (or secretFile in the config)'}`);
}
