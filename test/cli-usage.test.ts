// The CLI as people expect it to behave, run in-process (fast): help for every command, --version, usage errors with
// a suggestion, empty and binary inputs, the person id in the ranking, the demo's answer key outside the scanned folder.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rankingTable, startServer, truthPathFor, VERSION } from '../src/cli/main.ts';
import { request } from 'node:http';
import { didYouMean, editDistance } from '../src/core/suggest.ts';
import type { PersonResult } from '../src/core/model.ts';
import { samplePath } from './samples.ts';
import { runCli } from './run-cli.ts';

const run = runCli;
afterEach(() => vi.restoreAllMocks());

const COMMANDS = [
  'scan',
  'vet',
  'checks',
  'formats',
  'detectors',
  'config',
  'serve',
  'worker',
  'publish',
  'demo',
  'generate',
  'intel refresh',
  'intel import',
  'intel lookup',
  'token create',
  'token list',
  'token revoke',
  'user add',
  'user list',
  'user set-role',
  'user disable',
  'user enable',
  'user passwd',
  'share export',
  'share import',
  'archive list',
  'archive purge',
  'audit verify',
  'audit list',
  'case list',
  'case show',
  'suppression list',
  'suppression revoke',
  'containment list',
  'containment propose',
  'containment approve',
  'containment reject',
  'calibration',
  'export',
  'notify deliver',
  'notify outbox',
];

describe('help and version', () => {
  it('every command answers --help, -h and `help <command>` with its usage, exit 0', async () => {
    for (const c of COMMANDS) {
      const words = c.split(' ');
      for (const argv of [[...words, '--help'], [...words, '-h'], ['help', ...words]]) {
        const r = await run(...argv);
        expect(r.code, argv.join(' ')).toBe(0);
        expect(r.out).toMatch(new RegExp(`^Usage: sleetwatch ${c}`));
        expect(r.out).toContain('-h, --help');
      }
    }
    // --help wins over anything else on the line, even a bad option; it never runs the command
    expect(await run('serve', '--bogus', '--help')).toMatchObject({ code: 0, out: expect.stringMatching(/^Usage: sleetwatch serve/) });
    expect((await run('intel', '--help')).out).toMatch(/^Usage: sleetwatch intel <refresh\|import\|lookup>/);
  });

  it('sleetwatch, --help, -h and help print the overview; --version and -v the package version', async () => {
    for (const argv of [[], ['--help'], ['-h'], ['help']]) {
      const r = await run(...argv);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Usage: sleetwatch <command>/);
      for (const c of ['scan', 'vet', 'checks', 'formats', 'detectors', 'config', 'serve', 'demo', 'generate', 'intel', 'token create|list|revoke', 'share export|import', 'archive list|purge'])
        expect(r.out).toContain(`  ${c}`);
    }
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    for (const v of ['--version', '-v']) expect(await run(v)).toEqual({ code: 0, out: `sleetwatch ${pkg.version}\n`, err: '' });
  });
});

describe('usage errors exit 2 and suggest the closest name', () => {
  it.each([
    [['scna', 'x'], /^sleetwatch: unknown command 'scna' \(did you mean scan\?\)/],
    [['worker', '--config', join(import.meta.dirname, '../sleetwatch.config.example.json')], /no stream configured: set NATS_URL/],
    [['detectrs'], /unknown command 'detectrs' \(did you mean detectors\?\)/],
    [['help', 'formts'], /unknown command 'formts' \(did you mean formats\?\)/],
    [['scan', '--repot', 'r.json', 'x'], /^sleetwatch scan: unknown option '--repot' \(did you mean --report\?\)/],
    [['serve', '--prot=80'], /unknown option '--prot' \(did you mean --port\?\)/],
    [['intel', 'improt', 'x'], /unknown intel subcommand 'improt' \(did you mean import\?\)/],
    [['intel'], /^sleetwatch intel: needs a subcommand: refresh, import, lookup/],
    [['--verison'], /unknown option '--verison' \(did you mean --version\?\)/],
    [['scan'], /^sleetwatch scan: missing <file\|folder>/],
    [['formats', 'extra'], /takes no arguments, got 'extra'/],
    [['scan', '--top', 'ten', 'x'], /--top must be a whole number of at least 1, got 'ten'/],
    [['scan', 'x', '--report'], /option '--report' needs a value/],
    [['scan', '--store=yes', 'x'], /option '--store' takes no value/],
    [['generate'], /generate needs --out DIR/],
    [['serve', '--port', '99999'], /--port must be a whole number from 0 to 65535/],
    [['serve', '--body-limit', '0'], /--body-limit must be a whole number from 1 to 1024/],
    [['serve', '--allowed-host', 'evil.example/x'], /--allowed-host: not a host name or address \(with an optional :port\): 'evil.example\/x'/],
    [['token'], /^sleetwatch token: needs a subcommand: create, list, revoke/],
    [['token', 'craete'], /unknown token subcommand 'craete' \(did you mean create\?\)/],
    [['token', 'create'], /^sleetwatch token create: needs --name NAME/],
    [['token', 'create', '--name', 'two words'], /a token name is 1 to 64 letters, digits/],
    [['token', 'create', '--name', 'tok_0123456789ab'], /looks like a token id/],
    [['token', 'revoke'], /^sleetwatch token revoke: missing <name\|id>/],
    [['token', 'create', '--name', 'ci'], /^sleetwatch token create: token create needs --role ROLE \(one of admin, analyst, investigator, recruiter, auditor/],
    [['token', 'create', '--name', 'ci', '--role', 'root'], /--role must be one of admin, analyst, investigator, recruiter, auditor, got 'root'/],
    [['user', 'add', 'bob'], /^sleetwatch user add: user add needs --role ROLE/],
    [['user', 'set-role', 'bob', '--role', 'god'], /--role must be one of/],
    [['serve', '--host', '0.0.0.0'], /--host 0\.0\.0\.0 listens beyond this machine: add --expose to mean it/],
  ])('%j', async (argv, re) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(re);
    expect(r.err).toMatch(/Run 'sleetwatch [a-z -]*--help'/);
  });

  it('a bad config file is an error naming the file and the key (exit 2), before anything is read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-cli-cfg-'));
    const cfg = join(dir, 'sleetwatch.config.json');
    writeFileSync(cfg, JSON.stringify({ detectors: { 'working-hourz': { enabled: false } } }));
    const r = await run('scan', samplePath('entra'), '--config', cfg, '--data-dir', join(dir, 'data'));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${cfg}: detectors.working-hourz: unknown detector (did you mean working-hours?)`);
  });

  it('edit distance counts a swap of neighbours as one edit; nothing close, no suggestion', () => {
    expect(editDistance('scna', 'scan')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(didYouMean('frobnicate', ['scan', 'formats'])).toBeUndefined();
    expect(didYouMean('det', ['detectors', 'demo'])).toBe('detectors');
    expect(didYouMean('WORKING-HOURS', ['working-hours'])).toBe('working-hours');
  });
});

describe('scan says clearly when it read nothing (exit 3)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sw-cli-empty-'));
  const data = join(dir, 'data');

  it('an empty folder, a missing path', async () => {
    mkdirSync(join(dir, 'none'));
    writeFileSync(join(dir, 'none', '.hidden.json'), '[]');
    const r = await run('scan', join(dir, 'none'), '--data-dir', data);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/no input files in .*none \(folders are read recursively; dotfiles are skipped\)/);
    expect(r.out).toBe('');
    const m = await run('scan', join(dir, 'missing'), '--data-dir', data);
    expect(m.code).toBe(3);
    expect(m.err).toMatch(/missing: cannot read: ENOENT \(no such file or folder\)/);
  });

  it('empty files', async () => {
    mkdirSync(join(dir, 'empty'));
    writeFileSync(join(dir, 'empty', 'a.json'), '');
    writeFileSync(join(dir, 'empty', 'b.csv'), '\n\n');
    const r = await run('scan', join(dir, 'empty'), '--data-dir', data, '--store');
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/a\.json {2}EMPTY \(no records\)/);
    expect(r.err).toMatch(/no record was read from 2 files \(they are empty\): nothing to scan/);
    expect(r.err).not.toMatch(/stored run/);
    expect(r.out).toBe(''); // no empty ranking table
  });

  it('a folder of binary files: each UNREADABLE with a short escaped excerpt, never the raw bytes', async () => {
    mkdirSync(join(dir, 'bin'));
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(3000, 0)]);
    writeFileSync(join(dir, 'bin', 'logo.png'), png);
    let seed = 7;
    writeFileSync(join(dir, 'bin', 'blob.json'), Buffer.from(Buffer.alloc(4000).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff)));
    const r = await run('scan', join(dir, 'bin'), '--data-dir', data);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/logo\.png {2}UNREADABLE/);
    expect(r.err).toMatch(/not a text export: a PNG image; it starts with \\x89PNG/);
    expect(r.err).toMatch(/no record was read from 2 files \(none could be read\)/);
    expect(r.err).not.toMatch(/[\u0000-\u0008\u000b-\u001a\u001c-\u001f\ufffd]/);
    for (const line of r.err.split('\n')) expect(line.length).toBeLessThan(400);
  });
});

describe('ranking and demo answer key', () => {
  it('the ranking shows each person id in its own column', () => {
    const p = (personId: string, upn: string): PersonResult =>
      ({ personId, identifiers: [upn], risk: 91, level: 'high', findings: [{ severity: 'critical', title: 'Sign-in from North Korean address space' }] }) as unknown as PersonResult;
    const t = rankingTable([p('p_0e52f9590606', 'adelev@contoso.com'), p('p_aabbf3e0da96', 'bob@contoso.com')], 20).split('\n');
    expect(t[0]).toMatch(/^ {2}# {2}risk {2}level {3}id {14}person/);
    expect(t[1]).toMatch(/^ {2}1 {4}91 {2}high {4}p_0e52f9590606 {2}adelev@contoso\.com +\[critical\]/);
    expect(t[2]).toContain('p_aabbf3e0da96');
  });

  it('the answer key goes beside the company folder, never inside it', () => {
    expect(truthPathFor('./.sleetwatch/demo-company')).toBe('./.sleetwatch/demo-company-truth.json');
    expect(truthPathFor('/tmp/co/')).toBe('/tmp/co-truth.json');
    expect(truthPathFor('.')).toBe(resolve('..', 'truth.json'));
    for (const d of ['./.sleetwatch/demo-company', '/tmp/co/', '.']) expect(resolve(truthPathFor(d)).startsWith(resolve(d) + '/')).toBe(false);
  });
});

describe('API tokens from the command line, and serve/demo with them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sw-cli-token-'));
  const data = join(dir, 'data');

  /** GET over a real socket; the status and body. */
  const get = (url: string, token?: string) =>
    new Promise<{ status: number; body: string }>((ok, fail) => {
      const u = new URL(url);
      const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
        let body = '';
        res.on('data', (c) => (body += String(c)));
        res.on('end', () => ok({ status: res.statusCode!, body }));
      });
      req.on('error', fail);
      req.end();
    });

  /** Start the server in-process (as serve / demo do), with what it prints on stderr. */
  async function serve(demoToken = false, demoAdmin = false) {
    let err = '';
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
    try {
      const server = await startServer({ dataDir: data, host: '127.0.0.1', port: 0, demoToken, demoAdmin });
      return { ...server, err };
    } finally {
      e.mockRestore();
    }
  }

  it('serve with no token says how to create one; token create prints it once; list and revoke manage it', async () => {
    const first = await serve();
    try {
      expect(first.err).toMatch(/No API token yet: every request but \/healthz is refused \(401\)\. Create one with\n {2}sleetwatch token create --name NAME --role ROLE --data-dir /);
      expect(first.err).toMatch(/answers to Host localhost, 127\.0\.0\.1, \[::1\]/);
      expect((await get(`${first.url}/healthz`)).status).toBe(200);
      expect((await get(`${first.url}/api/people`)).status).toBe(401);
    } finally {
      await first.close();
    }

    const created = await run('token', 'create', '--name', 'ci', '--role', 'analyst', '--data-dir', data);
    expect(created.code, created.err).toBe(0);
    const token = created.out.trim();
    expect(token).toMatch(/^sw_[A-Za-z0-9_-]{43}$/);
    expect(created.err).toMatch(/created API token 'ci' \(tok_[0-9a-f]{12}, role analyst\)\. It is shown only now/);
    const dup = await run('token', 'create', '--name', 'ci', '--role', 'analyst', '--data-dir', data);
    expect(dup.code).toBe(1);
    expect(dup.err).toMatch(/an active token is already named "ci"/);

    const list = await run('token', 'list', '--data-dir', data);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^id\s+name\s+role\s+created\s+last used\s+revoked\n/);
    expect(list.out).toMatch(/tok_[0-9a-f]{12}\s+ci\s+analyst\s+\d{4}-\d\d-\d\dT/);
    expect(list.out + list.err).not.toContain(token);

    const second = await serve();
    try {
      expect(second.err).toMatch(/1 active API token \(sleetwatch token list\)/);
      const people = await get(`${second.url}/api/people`, token);
      expect(people.status).toBe(200);
      expect(JSON.parse(people.body)).toEqual([]);
      expect((await get(`${second.url}/api/people`, token.replace(/.$/, (c) => (c === 'x' ? 'y' : 'x')))).status).toBe(401);
    } finally {
      await second.close();
    }
    expect((await run('token', 'list', '--data-dir', data)).out).toMatch(/ci\s+analyst\s+\S+Z\s+\d{4}-\S+Z\s+-/); // last used, not revoked

    const id = /tok_[0-9a-f]{12}/.exec(list.out)![0];
    const revoked = await run('token', 'revoke', id, '--data-dir', data);
    expect(revoked.code, revoked.err).toBe(0);
    expect(revoked.err).toContain(`revoked API token 'ci' (${id})`);
    const again = await run('token', 'revoke', 'ci', '--data-dir', data);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/no active token named or with id 'ci'/);
    const third = await serve();
    try {
      expect((await get(`${third.url}/api/people`, token)).status).toBe(401);
    } finally {
      await third.close();
    }
  });

  it('the demo creates a token named "demo", prints it with a curl line, and replaces it on the next start', async () => {
    const one = await serve(true);
    let firstToken: string;
    try {
      const m = /API token \(demo, role admin, shown once; revoke with: sleetwatch token revoke demo\): (sw_\S+)/.exec(one.err);
      expect(m, one.err).not.toBeNull();
      firstToken = m![1];
      expect(one.token).toBe(firstToken);
      expect(one.err).toContain(`curl -H 'Authorization: Bearer ${firstToken}' ${one.url}/api/people?level=high`);
      expect((await get(`${one.url}/api/runs`, firstToken)).status).toBe(200);
    } finally {
      await one.close();
    }
    const two = await serve(true);
    try {
      expect(two.token).not.toBe(firstToken!);
      expect((await get(`${two.url}/api/runs`, firstToken!)).status).toBe(401);
      expect((await get(`${two.url}/api/runs`, two.token)).status).toBe(200);
    } finally {
      await two.close();
    }
  });

  it('the demo creates (then resets) the user admin and prints the web UI line; users are managed with `user`', async () => {
    const login = async (url: string, username: string, password: string) => {
      const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      return res.status;
    };
    const one = await serve(false, true);
    let first: string;
    try {
      const m = /Web UI: (http:\/\/127\.0\.0\.1:\d+)\/ {2}user: admin {2}password: (\S+)\n/.exec(one.err);
      expect(m, one.err).not.toBeNull();
      expect(m![1]).toBe(one.url);
      first = m![2];
      expect(one.adminPassword).toBe(first);
      expect(await login(one.url, 'admin', first)).toBe(200);
    } finally {
      await one.close();
    }
    const two = await serve(false, true);
    try {
      expect(two.adminPassword).not.toBe(first!);
      expect(await login(two.url, 'admin', first!)).toBe(401);
      expect(await login(two.url, 'admin', two.adminPassword!)).toBe(200);
    } finally {
      await two.close();
    }

    const added = await run('user', 'add', 'alice', '--role', 'analyst', '--data-dir', data);
    expect(added.code, added.err).toBe(0);
    const pw = added.out.trim();
    expect(pw).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(added.err).toContain("created user 'alice' (analyst); the password above is shown only now.");
    expect((await run('user', 'add', 'Alice', '--role', 'auditor', '--data-dir', data)).code).toBe(1);
    const list = await run('user', 'list', '--data-dir', data);
    expect(list.out).toMatch(/^id\s+username\s+role\s+sign-in\s+disabled\s+created\n/);
    expect(list.out).toMatch(/usr_\S+\s+alice\s+analyst\s+password\s+-\s+\d{4}-/);
    expect(list.out + list.err).not.toContain(pw);
    expect((await run('user', 'set-role', 'alice', '--role', 'investigator', '--data-dir', data)).code).toBe(0);
    expect((await run('user', 'disable', 'alice', '--data-dir', data)).code).toBe(0);
    expect((await run('user', 'list', '--data-dir', data)).out).toMatch(/alice\s+investigator\s+password\s+yes/);
    expect((await run('user', 'enable', 'alice', '--data-dir', data)).code).toBe(0);
    const passwd = await run('user', 'passwd', 'alice', '--data-dir', data);
    expect(passwd.code, passwd.err).toBe(0);
    expect(passwd.out.trim()).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await run('user', 'disable', 'nobody', '--data-dir', data)).code).toBe(1);
    const three = await serve();
    try {
      expect(await login(three.url, 'alice', pw)).toBe(401);
      expect(await login(three.url, 'alice', passwd.out.trim())).toBe(200);
    } finally {
      await three.close();
    }
    const audit = await run('audit', 'list', '--data-dir', data);
    for (const a of ['user.create', 'user.update', 'auth.login', 'auth.login-failed', 'token.create', 'token.revoke']) expect(audit.out + audit.err, a).toContain(a);
  });
});
