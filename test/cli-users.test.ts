// `sleetwatch user … --password-stdin` through the compiled CLI (bin/sleetwatch.js, dist/): the password comes from
// stdin and is never printed; a password under the minimum length is a usage error (exit 2) naming the rule.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../src/app/auth.ts';
import { defaultConfig } from '../src/core/config.ts';
import { openPGliteStore } from '../src/store/pglite.ts';
import { ensureBuilt, ROOT } from './dist.ts';

const BIN = join(ROOT, 'bin/sleetwatch.js');

describe('user commands with --password-stdin', () => {
  let dir: string;
  beforeAll(async () => {
    await ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'sw-users-'));
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (args: string[], input?: string) => spawnSync('node', [BIN, ...args, '--data-dir', dir], { cwd: ROOT, encoding: 'utf8', input, env: { ...process.env, DATABASE_URL: '' } });

  it('adds a user with the password from stdin, refuses a short one, changes it from stdin', async () => {
    const add = cli(['user', 'add', 'bob', '--role', 'auditor', '--password-stdin'], 'a long enough password\n');
    expect(add.status, add.stderr).toBe(0);
    expect(add.stdout).toBe('');
    expect(add.stderr).toContain("created user 'bob' (auditor).");
    const short = cli(['user', 'passwd', 'bob', '--password-stdin'], 'short\n');
    expect(short.status).toBe(2);
    expect(short.stderr).toMatch(/a password has at least 12 characters/);
    const ok = cli(['user', 'passwd', 'bob', '--password-stdin'], 'another long password');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('');
    const store = await openPGliteStore(join(dir, 'db'));
    try {
      const auth = new AuthService(store, defaultConfig().auth);
      expect((await auth.login('bob', 'a long enough password', { ip: '127.0.0.1' })).ok).toBe(false);
      expect((await auth.login('bob', 'another long password', { ip: '127.0.0.1' })).ok).toBe(true);
      // The stored hash is argon2id with the configured (OWASP) parameters.
      expect((await store.auth().findUserByName('bob'))!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    } finally {
      await store.close();
    }
  }, 120_000);
});
