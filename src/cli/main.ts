// `npx sleetwatch <command>`: scan, formats, detectors, config, serve, demo, generate, intel, token. Progress goes to stderr,
// results to stdout. Every command answers --help; a mistyped command or option is a usage error (exit 2) that
// suggests the closest one.
import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { PersonResult, Report } from '../core/model.ts';
import type { CandidateResult, VettingReport } from '../core/candidate.ts';
import { didYouMeanText } from '../core/suggest.ts';
import type { Config } from '../core/config.ts';
import type { Store } from '../store/types.ts';
import type { Role } from '../core/roles.ts';

// The heavy modules (parsers, detectors, intel, zod, the store drivers, fastify) load only when a command needs them,
// so that `sleetwatch --help` and the commands that need little start about as fast as node itself.
const configFile = () => import('../app/config-file.ts');
const scanning = () => import('../app/scan.ts');
const ingestService = () => import('../app/service.ts');
const reader = () => import('../sources/reader.ts');
const storeModule = () => import('../store/index.ts');
const serverModule = () => import('../server/index.ts');
const intelModule = () => import('../intel/index.ts');
const tokens = () => import('../app/tokens.ts'); // node:crypto: only the commands that make tokens
const userModule = () => import('./users.ts'); // argon2: only the commands that touch users
import { roleOption, UserCmdError } from './users.ts';

/**
 * The server's default largest ingest body in MiB: DEFAULT_BODY_LIMIT of server/types.ts, which is not imported here
 * because it loads node:http for every command (main.test.ts checks they agree).
 */
export const DEFAULT_BODY_LIMIT_MB = 100;

/** The version in package.json. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Exit codes (also listed in the help). */
export const EXIT = { ok: 0, failed: 1, usage: 2, input: 3, rejected: 4 } as const;

/** Where `intel refresh` reads the third-party lists by default: data/upstream of this installation. */
const UPSTREAM = fileURLToPath(new URL('../../data/upstream/', import.meta.url));

const err = (s: string) => process.stderr.write(s + '\n');
const out = (s: string) => process.stdout.write(s);

/** A mistake in how the command was called (exit 2); `command` names whose usage to point to. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

type Values = Record<string, string | boolean | string[] | undefined>;

interface OptionSpec {
  type: 'string' | 'boolean';
  /** value placeholder in the help, e.g. FILE */
  arg?: string;
  default?: string | boolean;
  /** may be given several times (the value is then a list) */
  multiple?: boolean;
  help: string;
}

interface Command {
  /** "scan", or "intel import" */
  name: string;
  /** words after the command in the usage line: "<file|folder>..." */
  args?: string;
  /** positionals: none, any, or at least one */
  positionals: 'none' | 'any' | 'required';
  summary: string;
  /** more lines for the command's help */
  details?: string;
  options: Record<string, OptionSpec>;
  run(values: Values, positionals: string[]): Promise<number> | number;
}

const DATA_DIR: OptionSpec = { type: 'string', arg: 'DIR', default: './.sleetwatch', help: 'embedded store, indicators and caches' };
const CONFIG: OptionSpec = { type: 'string', arg: 'FILE', help: 'thresholds and weights (default: ./sleetwatch.config.json if present)' };

const COMMANDS: Command[] = [
  {
    name: 'scan',
    args: '<file|folder>...',
    positionals: 'required',
    summary: 'read sign-in and directory exports, detect, score, print a ranked table',
    details:
      'Files and folders (recursive; dotfiles skipped). The format of each file is detected by its content; gzip-\n' +
      'compressed files are read as they are (.gz or not). See `sleetwatch formats`.',
    options: {
      report: { type: 'string', arg: 'FILE', help: 'write the JSON report (schema: schemas/report.v1.schema.json)' },
      store: { type: 'boolean', default: false, help: 'also persist results in the store (PGlite in --data-dir, or PostgreSQL via DATABASE_URL)' },
      vetting: { type: 'string', arg: 'FILE', multiple: true, help: 'a vetting report (sleetwatch vet --report): hired candidates\' findings join their risk (repeatable)' },
      'batch-events': { type: 'string', arg: 'N', default: '50000', help: 'with --store: events per transaction (a stopped scan resumes from the last one committed)' },
      config: CONFIG,
      'data-dir': DATA_DIR,
      top: { type: 'string', arg: 'N', default: '20', help: 'rows of the ranking to print' },
    },
    run: (v, p) => scanCmd(v, p),
  },
  {
    name: 'vet',
    args: '<file|folder>...',
    positionals: 'required',
    summary: 'vet candidates (resumes, ATS exports, interview records) against each other and the directory',
    details:
      'Candidate files (JSON Resume, Greenhouse Harvest candidates, the candidate CSV, interview/verification records,\n' +
      'GitHub exports, resumes as PDF or DOCX) and directory exports (SCIM, HR CSV: the employees to cross-check).\n' +
      'Prints candidates ranked by risk with a recommendation (stop | verify | proceed). See `sleetwatch checks`.',
    options: {
      report: { type: 'string', arg: 'FILE', help: 'write the JSON report (schema: schemas/vetting.v1.schema.json)' },
      html: { type: 'string', arg: 'FILE', help: 'write a printable HTML vetting report' },
      store: { type: 'boolean', default: false, help: 'also keep the candidates in the store and match against earlier ones' },
      config: CONFIG,
      'data-dir': DATA_DIR,
      top: { type: 'string', arg: 'N', default: '20', help: 'rows of the ranking to print' },
    },
    run: (v, p) => vetCmd(v, p),
  },
  { name: 'checks', positionals: 'none', summary: 'list the vetting checks: published indicator, data needed, checklist items', options: {}, run: () => checksCmd() },
  {
    name: 'share export',
    args: '<file|folder>...',
    positionals: 'required',
    summary: 'write keyed hashes of candidates\' and staff contact data for a consortium (no raw data leaves)',
    details:
      'HMAC-SHA256 with the consortium key from the environment variable in config vetting.consortiumKeyEnv\n' +
      '(default SLEETWATCH_CONSORTIUM_KEY) of normalised phones, mailboxes, addresses and photo hashes. See src/app/SHARE.md.',
    options: {
      out: { type: 'string', arg: 'FILE', help: 'the share file to write (required)' },
      org: { type: 'string', arg: 'NAME', help: 'your organisation\'s name in the file (optional)' },
      config: CONFIG,
      'data-dir': DATA_DIR,
    },
    run: (v, p) => shareCmd('export', v, p),
  },
  {
    name: 'share import',
    args: '<share.json> <file|folder>...',
    positionals: 'required',
    summary: 'match another company\'s share file against your candidates and staff (same consortium key)',
    options: { config: CONFIG, 'data-dir': DATA_DIR },
    run: (v, p) => shareCmd('import', v, p),
  },
  {
    name: 'archive list',
    positionals: 'none',
    summary: 'list archived vetting files (recordings, resumes, photos) with SHA-256 and retention date',
    options: { candidate: { type: 'string', arg: 'ID', help: 'only this candidate\'s files' }, 'data-dir': DATA_DIR },
    run: (v) => archiveCmd('list', v),
  },
  {
    name: 'archive purge',
    positionals: 'none',
    summary: 'delete archived files whose retention has passed (config vetting.retentionDays); each deletion is logged',
    options: { 'data-dir': DATA_DIR },
    run: (v) => archiveCmd('purge', v),
  },
  {
    name: 'export',
    args: '<ocsf|cef|stix|csv>',
    positionals: 'required',
    summary: 'export findings (OCSF), alerts (CEF, to syslog), shared infrastructure (STIX 2.1) or the report (CSV)',
    details:
      'People appear as the pseudonyms the web UI shows (the store\'s key) unless --identities.\n' +
      'cef --syslog udp://host:514 or tcp://host:601 sends RFC 5424 messages (TCP with octet counting) instead of printing.',
    options: {
      out: { type: 'string', arg: 'FILE', help: 'write to FILE instead of stdout' },
      syslog: { type: 'string', arg: 'URL', help: 'cef only: send to udp://host:port or tcp://host:port' },
      identities: { type: 'boolean', default: false, help: 'include names, UPNs, e-mails and phones (personal data)' },
      config: CONFIG,
      'data-dir': DATA_DIR,
    },
    run: (v, p) => exportCmd(v, p),
  },
  {
    name: 'notify deliver',
    positionals: 'none',
    summary: 'send the notifications that are due (serve does this by itself; for cron with scan --store)',
    options: { config: CONFIG, 'data-dir': DATA_DIR },
    run: (v) => notifyCmd('deliver', v),
  },
  {
    name: 'notify outbox',
    positionals: 'none',
    summary: 'list the notification outbox: channel, event, state, attempts, last error',
    options: {
      state: { type: 'string', arg: 'STATE', help: 'pending, delivered or dead' },
      limit: { type: 'string', arg: 'N', default: '100', help: 'rows to print' },
      'data-dir': DATA_DIR,
    },
    run: (v) => notifyCmd('outbox', v),
  },
  {
    name: 'audit verify',
    positionals: 'none',
    summary: 'recompute the hash-chained audit log: exit 1 naming the first edited, deleted, reordered or inserted row',
    options: { anchor: { type: 'string', arg: 'SEQ:HASH', help: 'a head printed by an earlier verify (kept elsewhere): also catches a rewritten tail' }, 'data-dir': DATA_DIR },
    run: (v) => respondCmd('audit verify', v, []),
  },
  {
    name: 'audit list',
    positionals: 'none',
    summary: 'print the audit log (seq, time, actor, action, subject, detail)',
    options: { after: { type: 'string', arg: 'SEQ', help: 'rows after this sequence number' }, limit: { type: 'string', arg: 'N', default: '1000', help: 'rows to print' }, 'data-dir': DATA_DIR },
    run: (v) => respondCmd('audit list', v, []),
  },
  {
    name: 'case list',
    positionals: 'none',
    summary: 'cases by state and assignee, with their SLA clocks',
    options: { state: { type: 'string', arg: 'STATE', help: 'new, triage, investigating, escalated, contained or closed' }, assignee: { type: 'string', arg: 'NAME', help: 'only cases assigned to NAME' }, config: CONFIG, 'data-dir': DATA_DIR },
    run: (v) => respondCmd('case list', v, []),
  },
  {
    name: 'case show',
    args: '<case-id>',
    positionals: 'required',
    summary: 'one case: alerts, playbook steps, notes, SLA',
    options: { config: CONFIG, 'data-dir': DATA_DIR },
    run: (v, p) => respondCmd('case show', v, p),
  },
  {
    name: 'suppression list',
    positionals: 'none',
    summary: 'suppressions created by false-positive verdicts (person + detector + reason + expiry)',
    options: { active: { type: 'boolean', default: false, help: 'only those in force' }, config: CONFIG, 'data-dir': DATA_DIR },
    run: (v) => respondCmd('suppression list', v, []),
  },
  {
    name: 'suppression revoke',
    args: '<suppression-id>',
    positionals: 'required',
    summary: 'revoke a suppression (audited)',
    options: { as: { type: 'string', arg: 'NAME', help: 'who revokes it (required: it goes into the audit log)' }, config: CONFIG, 'data-dir': DATA_DIR },
    run: (v, p) => respondCmd('suppression revoke', v, p),
  },
  {
    name: 'containment list',
    positionals: 'none',
    summary: 'containment requests (connector actions awaiting or after a second person\'s approval)',
    options: { state: { type: 'string', arg: 'STATE', help: 'pending, approved, rejected, done or failed' }, case: { type: 'string', arg: 'ID', help: 'only this case\'s requests' }, config: CONFIG, 'data-dir': DATA_DIR },
    run: (v) => containmentCmd('list', v, []),
  },
  {
    name: 'containment propose',
    args: '<case-id>',
    positionals: 'required',
    summary: 'propose revoking sessions or disabling the account of an escalated case\'s person (Graph or Okta); audited',
    options: {
      connector: { type: 'string', arg: 'graph|okta', help: 'the identity provider to act in (configured under connectors)' },
      action: { type: 'string', arg: 'ACTION', help: 'revoke-sessions or disable-account' },
      target: { type: 'string', arg: 'ACCOUNT', help: 'the account at the vendor (default: from the person\'s identifiers)' },
      reason: { type: 'string', arg: 'TEXT', help: 'why' },
      as: { type: 'string', arg: 'NAME', help: 'who proposes (default: the operating-system user)' },
      config: CONFIG,
      'data-dir': DATA_DIR,
    },
    run: (v, p) => containmentCmd('propose', v, p),
  },
  {
    name: 'containment approve',
    args: '<request-id>',
    positionals: 'required',
    summary: 'approve a request proposed by someone else and run the connector now (exit 1 when the vendor call failed)',
    options: { reason: { type: 'string', arg: 'TEXT', help: 'why' }, as: { type: 'string', arg: 'NAME', help: 'who approves (default: the operating-system user)' }, config: CONFIG, 'data-dir': DATA_DIR },
    run: (v, p) => containmentCmd('approve', v, p),
  },
  {
    name: 'containment reject',
    args: '<request-id>',
    positionals: 'required',
    summary: 'reject a pending request (its proposer may withdraw it)',
    options: { reason: { type: 'string', arg: 'TEXT', help: 'why' }, as: { type: 'string', arg: 'NAME', help: 'who rejects (default: the operating-system user)' }, config: CONFIG, 'data-dir': DATA_DIR },
    run: (v, p) => containmentCmd('reject', v, p),
  },
  {
    name: 'calibration',
    positionals: 'none',
    summary: 'each detector\'s and check\'s likelihood ratio calibrated by closed cases\' verdicts, with the arithmetic',
    options: { config: CONFIG, 'data-dir': DATA_DIR },
    run: (v) => respondCmd('calibration', v, []),
  },
  { name: 'formats', positionals: 'none', summary: 'list the supported input formats with an example of each', options: {}, run: () => formatsCmd() },
  { name: 'detectors', positionals: 'none', summary: 'list the detectors: stage, published indicator, data needed', options: {}, run: () => detectorsCmd() },
  {
    name: 'config',
    positionals: 'none',
    summary: 'print every default threshold and weight (copy to sleetwatch.config.json to tune)',
    options: {},
    run: async () => {
      const { defaultConfigDocument } = await import('../app/default-config.ts');
      out(JSON.stringify(defaultConfigDocument(), null, 2) + '\n');
      return EXIT.ok;
    },
  },
  {
    name: 'serve',
    positionals: 'none',
    summary: 'HTTP API on the store',
    details:
      'GET /api/people, GET /api/people/:id, POST /api/ingest, GET /api/runs, GET /api/openapi.json, GET /healthz.\n' +
      'Every route but /healthz and sign-in needs a signed-in user (sleetwatch user add NAME --role ROLE) or\n' +
      'Authorization: Bearer <token> (sleetwatch token create --name NAME --role ROLE); each route names its roles\n' +
      '(docs/roles.md); monitored people appear under pseudonyms. Requests\n' +
      'whose Host header is not localhost, 127.0.0.1, [::1] (on the serving port), the --host address or an\n' +
      '--allowed-host are refused (421), against DNS rebinding.',
    options: {
      port: { type: 'string', arg: 'N', default: '8080', help: 'TCP port' },
      host: { type: 'string', arg: 'HOST', default: '127.0.0.1', help: 'address to listen on (beyond loopback only with --expose)' },
      expose: { type: 'boolean', default: false, help: 'allow a --host other than loopback (0.0.0.0, a LAN address): put TLS in front' },
      'allowed-host': { type: 'string', arg: 'NAME[:PORT]', multiple: true, help: 'another Host header value to answer to, e.g. a proxy\'s name (repeatable)' },
      'body-limit': { type: 'string', arg: 'MB', default: String(DEFAULT_BODY_LIMIT_MB), help: 'largest POST /api/ingest body in MiB (1 to 1024)' },
      'data-dir': DATA_DIR,
      config: CONFIG,
    },
    run: (v) => serveCmd(v),
  },
  {
    name: 'demo',
    positionals: 'none',
    summary: 'generate a synthetic company, scan it and vet its applicants into the embedded store, print both rankings, serve the API',
    details:
      'The answer key (what was planted) is written beside the company folder as <out>-truth.json, not inside it.\n' +
      'Before serving, the demo creates an API token named "demo" (role admin, replacing the previous demo token) and\n' +
      'the user "admin" with a fresh random password (reset on each run), and prints both.',
    options: {
      out: { type: 'string', arg: 'DIR', default: './.sleetwatch/demo-company', help: 'folder for the synthetic vendor exports' },
      'data-dir': DATA_DIR,
      'no-serve': { type: 'boolean', default: false, help: 'stop after printing the ranking' },
      port: { type: 'string', arg: 'N', default: '8080', help: 'TCP port of the API' },
      host: { type: 'string', arg: 'HOST', default: '127.0.0.1', help: 'address the API listens on (beyond loopback only with --expose)' },
      expose: { type: 'boolean', default: false, help: 'allow a --host other than loopback' },
    },
    run: (v) => demoCmd(v),
  },
  {
    name: 'generate',
    positionals: 'none',
    summary: 'write a synthetic company (vendor exports) and, beside it, its answer key',
    details: 'The answer key is written to <out>-truth.json, outside the folder you scan.',
    options: {
      out: { type: 'string', arg: 'DIR', help: 'folder for the synthetic vendor exports (required)' },
      seed: { type: 'string', arg: 'N', default: '7', help: 'random seed' },
      people: { type: 'string', arg: 'N', help: 'head count (default 400, at least 60)' },
      days: { type: 'string', arg: 'N', help: 'days of sign-ins (default 60, at least 21)' },
    },
    run: (v) => generateCmd(v),
  },
  {
    name: 'intel refresh',
    positionals: 'none',
    summary: 'rebuild the data/intel catalogues from third-party IP lists (offline)',
    options: {
      shared: { type: 'string', arg: 'DIR', help: 'folder holding ipintel/ (default: data/upstream of this installation)' },
      out: { type: 'string', arg: 'DIR', help: 'where to write the catalogue (default: data/intel of this installation)' },
    },
    run: async (v) => {
      const { refreshIntel } = await intelModule();
      const r = await refreshIntel({ sharedDir: (v.shared as string | undefined) ?? UPSTREAM, outDir: v.out as string | undefined });
      out(JSON.stringify(r, null, 2) + '\n');
      return EXIT.ok;
    },
  },
  {
    name: 'intel import',
    args: '<file.csv|bundle.json>...',
    positionals: 'required',
    summary: 'import IP / CIDR / ASN indicators (CSV or STIX 2.1 bundle) into the store',
    options: { 'data-dir': DATA_DIR },
    run: (v, p) => intelImportCmd(v, p),
  },
  {
    name: 'intel lookup',
    args: '<ip>...',
    positionals: 'required',
    summary: 'show what the offline intel knows about IP addresses (your trustedEgress shows as class corporate)',
    options: { 'data-dir': DATA_DIR, config: CONFIG },
    run: async (v, p) => {
      const [{ getIntel }, { loadConfig }] = await Promise.all([scanning(), configFile()]);
      const intel = await getIntel(v['data-dir'] as string, loadConfig(v.config as string | undefined));
      for (const ip of p) out(JSON.stringify(intel.lookupIp(ip) ?? { ip, error: 'not an IP address' }) + '\n');
      return EXIT.ok;
    },
  },
  {
    name: 'worker',
    positionals: 'none',
    summary: 'scale-out: consume the NATS JetStream stream (NATS_URL) and commit to the store (DATABASE_URL), one of N workers',
    details:
      'Workers split the stream\'s partitions among themselves (a person\'s records share a partition); each commit holds\n' +
      'its events\' claims, people, findings and states, and messages are acknowledged only after it. Stats as JSON\n' +
      'lines on stdout. SIGTERM stops after the commit in progress. See docs/scale-out.md.',
    options: {
      id: { type: 'string', arg: 'ID', help: 'worker id (default: host name and process id)' },
      'stats-ms': { type: 'string', arg: 'MS', default: '5000', help: 'how often to print stats' },
      config: CONFIG,
      'data-dir': DATA_DIR,
    },
    run: (v) => streamCmd('worker', (m) => m.workerCmd(v)),
  },
  {
    name: 'publish',
    args: '<file|folder>...',
    positionals: 'required',
    summary: 'scale-out: read exports as scan does and publish their records to the stream (NATS_URL) for the workers',
    options: {
      'batch-events': { type: 'string', arg: 'N', default: '5000', help: 'events per publish round' },
      config: CONFIG,
    },
    run: (v, p) => streamCmd('publish', (m) => m.publishCmd(v, p)),
  },
  {
    name: 'collect',
    positionals: 'none',
    summary: 'pull new events from the vendor APIs in the config (Graph, Okta, Google): --once, or --status',
    details:
      'Collectors are configured under "collectors" in the config file (docs/collect.md); secrets come from the\n' +
      'environment variables or files it names. Each page commits with its checkpoint; `serve` runs them on a schedule.',
    options: {
      once: { type: 'boolean', default: false, help: 'one pass of every configured collector, then exit (1 when one failed)' },
      status: { type: 'boolean', default: false, help: 'print each collector\'s lag, last success and error, back-off' },
      only: { type: 'string', arg: 'ID', multiple: true, help: 'with --once: only this collector (e.g. graph-signins; repeatable)' },
      json: { type: 'boolean', default: false, help: 'print JSON' },
      'data-dir': DATA_DIR,
      config: CONFIG,
    },
    run: (v) => collectCmd(v),
  },
  {
    name: 'token create',
    positionals: 'none',
    summary: 'create an API token for `serve`: printed once on stdout, only its SHA-256 is stored',
    details:
      'Send it as Authorization: Bearer <token>. Tokens live in the store (PGlite in --data-dir, or PostgreSQL via\n' +
      'DATABASE_URL). The embedded store is locked while `serve` runs: stop it first, or use PostgreSQL.\n' +
      'Every token has a role, named explicitly with --role (there is no default: give it the least it needs).',
    options: {
      name: { type: 'string', arg: 'NAME', help: 'what or who it is for, e.g. ci or alice (unique among active tokens; letters, digits, . _ @ -)' },
      role: { type: 'string', arg: 'ROLE', help: 'what it may do (required): admin, analyst, investigator, recruiter or auditor (docs/roles.md)' },
      'data-dir': DATA_DIR,
    },
    run: (v) => tokenCreateCmd(v),
  },
  {
    name: 'token list',
    positionals: 'none',
    summary: 'list the API tokens (id, name, created, last used, revoked); never the tokens themselves',
    options: { 'data-dir': DATA_DIR },
    run: (v) => tokenListCmd(v),
  },
  {
    name: 'token revoke',
    args: '<name|id>...',
    positionals: 'required',
    summary: 'revoke API tokens by name or id: they stop working at the next request',
    options: { 'data-dir': DATA_DIR },
    run: (v, p) => tokenRevokeCmd(v, p),
  },
  {
    name: 'user add',
    args: '<name>',
    positionals: 'required',
    summary: 'add a user of the web UI and API: a password is generated and printed once unless --password-stdin',
    details: 'Roles (docs/roles.md): admin, analyst, investigator, recruiter, auditor. The change is written to the audit log.',
    options: {
      role: { type: 'string', arg: 'ROLE', help: 'admin, analyst, investigator, recruiter or auditor (required)' },
      'password-stdin': { type: 'boolean', default: false, help: 'read the password from stdin (at least auth.password.minLength characters)' },
      'data-dir': DATA_DIR,
      config: CONFIG,
    },
    run: (v, p) => userAddCmd(v, p),
  },
  { name: 'user list', positionals: 'none', summary: 'list the users: id, name, role, sign-in method, disabled', options: { 'data-dir': DATA_DIR }, run: (v) => withStore(v, async (s) => (await userModule()).userList(s).then(() => EXIT.ok)) },
  {
    name: 'user set-role',
    args: '<name|id>',
    positionals: 'required',
    summary: "change a user's role (their sessions end)",
    options: { role: { type: 'string', arg: 'ROLE', help: 'the new role (required)' }, 'data-dir': DATA_DIR, config: CONFIG },
    run: (v, p) => userUpdateCmd(v, p, 'user set-role'),
  },
  {
    name: 'user disable',
    args: '<name|id>',
    positionals: 'required',
    summary: 'disable a user: they cannot sign in and their sessions end (the row and its audit history stay)',
    options: { 'data-dir': DATA_DIR, config: CONFIG },
    run: (v, p) => userUpdateCmd(v, p, 'user disable'),
  },
  {
    name: 'user enable',
    args: '<name|id>',
    positionals: 'required',
    summary: 'enable a disabled user again',
    options: { 'data-dir': DATA_DIR, config: CONFIG },
    run: (v, p) => userUpdateCmd(v, p, 'user enable'),
  },
  {
    name: 'user passwd',
    args: '<name|id>',
    positionals: 'required',
    summary: "set a user's password (generated and printed once unless --password-stdin); their sessions end",
    options: { 'password-stdin': { type: 'boolean', default: false, help: 'read the password from stdin' }, 'data-dir': DATA_DIR, config: CONFIG },
    run: (v, p) => userUpdateCmd(v, p, 'user passwd'),
  },
];

const GROUPS = ['intel', 'token', 'user', 'share', 'archive', 'audit', 'case', 'suppression', 'containment', 'notify'];
/** The overview's line for each group of subcommands. */
const GROUP_SUMMARY: Record<string, string> = {
  intel: 'offline network intel: rebuild catalogues, import indicators, look up IPs',
  token: 'API tokens for serve, each with a role: create (shown once), list, revoke',
  user: 'users of the web UI and API: add, list, set-role, disable, enable, passwd',
  share: 'consortium matching of keyed hashes: export yours, import another company\'s',
  archive: 'vetting archive: list files with hashes and retention, purge expired ones (logged)',
  audit: 'the hash-chained audit log: verify it, list it',
  case: 'cases (one per person or candidate): list, show',
  suppression: 'suppressions from false-positive verdicts: list, revoke',
  containment: 'connector actions with two-person approval: list, propose, approve, reject',
  notify: 'notifications: deliver what is due, list the outbox',
};
/** The stream commands live in ./stream.ts (loaded on use); their usage mistakes become UsageErrors here. */
async function streamCmd(name: string, fn: (m: typeof import('./stream.ts')) => Promise<number>): Promise<number> {
  const m = await import('./stream.ts');
  try {
    return await fn(m);
  } catch (e) {
    if (e instanceof m.StreamUsage) throw new UsageError(e.message, name);
    throw e;
  }
}

const topNames = [...new Set(COMMANDS.map((c) => c.name.split(' ')[0]))];

function usageLine(c: Command): string {
  return `sleetwatch ${c.name}${c.args ? ' ' + c.args : ''}${Object.keys(c.options).length ? ' [options]' : ''}`;
}

/** The help of one command: usage, what it does, every option with its default. */
export function commandHelp(c: Command): string {
  const rows: [string, string][] = Object.entries(c.options).map(([name, o]) => [
    `--${name}${o.arg ? ' ' + o.arg : ''}`,
    o.help + (o.default !== undefined && o.type === 'string' ? ` (default ${o.default})` : '') + (o.multiple && !/repeatable/.test(o.help) ? ' (repeatable)' : ''),
  ]);
  rows.push(['-h, --help', 'show this help']);
  const w = Math.max(...rows.map(([a]) => a.length));
  return (
    `Usage: ${usageLine(c)}\n\n${c.summary[0].toUpperCase()}${c.summary.slice(1)}.\n` +
    (c.details ? c.details + '\n' : '') +
    `\nOptions:\n${rows.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`).join('\n')}\n`
  );
}

function groupHelp(group: string): string {
  const subs = COMMANDS.filter((c) => c.name.startsWith(group + ' '));
  const left = (c: Command) => `${c.name.split(' ')[1]}${c.args ? ' ' + c.args : ''}`;
  const w = Math.max(...subs.map((c) => left(c).length));
  return (
    `Usage: sleetwatch ${group} <${subs.map((c) => c.name.split(' ')[1]).join('|')}> [options]\n\n` +
    subs.map((c) => `  ${left(c).padEnd(w)}  ${c.summary}`).join('\n') +
    `\n\nRun 'sleetwatch ${group} <subcommand> --help' for its options.\n`
  );
}

/** The overview printed by `sleetwatch`, `sleetwatch --help` and `sleetwatch help`. */
export function overviewHelp(): string {
  const rows: [string, string][] = [];
  for (const c of COMMANDS) {
    const [head] = c.name.split(' ');
    if (GROUPS.includes(head)) {
      const subs = COMMANDS.filter((x) => x.name.startsWith(head + ' ')).map((x) => x.name.split(' ')[1]);
      if (!rows.some(([a]) => a.startsWith(head + ' '))) rows.push([`${head} ${subs.join('|')}`, GROUP_SUMMARY[head]]);
      continue;
    }
    rows.push([`${c.name}${c.args ? ' ' + c.args : ''}`, c.summary]);
  }
  const w = Math.max(...rows.map(([a]) => a.length));
  return `sleetwatch ${VERSION} — find fraudulent remote IT workers in identity data

Usage: sleetwatch <command> [options]

Commands:
${rows.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`).join('\n')}

Run 'sleetwatch <command> --help' (or 'sleetwatch help <command>') for a command's options.
Inputs may be gzip-compressed (detected by content, .gz name or not).

Options:
  -h, --help     show this help
  -v, --version  print the version

Exit codes: 0 done; 1 failed; 2 usage or configuration error; 3 an input could not be read, or no record was read;
4 some indicators were rejected (intel import).
`;
}

/** Resolve "intel import" etc. from the words of argv; throws a UsageError for an unknown name. */
function findCommand(words: string[]): { command?: Command; group?: string; used: number } {
  const [first, second] = words;
  if (GROUPS.includes(first)) {
    if (second === undefined || second.startsWith('-')) return { group: first, used: 1 };
    const c = COMMANDS.find((x) => x.name === `${first} ${second}`);
    if (!c) {
      const subs = COMMANDS.filter((x) => x.name.startsWith(first + ' ')).map((x) => x.name.split(' ')[1]);
      throw new UsageError(`unknown ${first} subcommand '${second}'${didYouMeanText(second, subs)}; ${first} has: ${subs.join(', ')}`, first);
    }
    return { command: c, used: 2 };
  }
  const c = COMMANDS.find((x) => x.name === first);
  if (!c) throw new UsageError(`unknown command '${first}'${didYouMeanText(first, topNames)}; the commands are ${topNames.join(', ')}`);
  return { command: c, used: 1 };
}

const wantsHelp = (args: string[]): boolean => {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
};

/** Parse a command's arguments strictly; node's parse errors become usage errors with a suggestion. */
function parseCommand(c: Command, args: string[]): { values: Values; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries(c.options).map(([k, o]) => [k, { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.default !== undefined ? { default: o.default } : {}) }]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: c.positionals !== 'none', strict: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const msg = (e as Error).message;
    const name = /'(-[^' ]*)/.exec(msg)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const known = [...Object.keys(c.options).map((k) => `--${k}`), '--help'];
      throw new UsageError(`unknown option '${name.split('=')[0]}'${didYouMeanText(name.split('=')[0], known)}`, c.name);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const arg = /'([^']*)'/.exec(msg)?.[1] ?? '';
      const hint = c.positionals === 'none' ? didYouMeanText(arg, topNames) : '';
      throw new UsageError(`takes no arguments, got '${arg}'${hint}`, c.name);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const opt = name.replace(/^(--[^ =]+).*/, '$1');
      const spec = c.options[opt.replace(/^--/, '')];
      throw new UsageError(spec?.type === 'boolean' ? `option '${opt}' takes no value` : `option '${opt}' needs a value (${opt} ${spec?.arg ?? 'VALUE'})`, c.name);
    }
    throw new UsageError(msg, c.name);
  }
  if (c.positionals === 'required' && parsed.positionals.length === 0) throw new UsageError(`missing ${c.args}`, c.name);
  return { values: parsed.values as Values, positionals: parsed.positionals };
}

/** A whole number from an option (usage error otherwise). */
function intOption(v: Values, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const raw = v[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw.trim()) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number ${max < Number.MAX_SAFE_INTEGER ? `from ${min} to ${max}` : `of at least ${min}`}, got '${raw}'`);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  const [first] = argv;
  let label = 'sleetwatch';
  try {
    if (first === undefined || first === '--help' || first === '-h') {
      out(overviewHelp());
      return EXIT.ok;
    }
    if (first === '--version' || first === '-v' || first === 'version') {
      out(`sleetwatch ${VERSION}\n`);
      return EXIT.ok;
    }
    if (first === 'help') {
      const words = argv.slice(1);
      if (words.length === 0) {
        out(overviewHelp());
        return EXIT.ok;
      }
      const { command, group } = findCommand(words);
      out(command ? commandHelp(command) : groupHelp(group!));
      return EXIT.ok;
    }
    if (first.startsWith('-')) throw new UsageError(`unknown option '${first}'${didYouMeanText(first, ['--help', '--version'])}`);
    const { command, group, used } = findCommand(argv);
    const args = argv.slice(used);
    if (group !== undefined) {
      label = `sleetwatch ${group}`;
      if (wantsHelp(args)) {
        out(groupHelp(group));
        return EXIT.ok;
      }
      const subs = COMMANDS.filter((x) => x.name.startsWith(group + ' ')).map((x) => x.name.split(' ')[1]);
      throw new UsageError(args.length ? `unknown option '${args[0]}'` : `needs a subcommand: ${subs.join(', ')}`, group);
    }
    const c = command!;
    label = `sleetwatch ${c.name}`;
    if (wantsHelp(args)) {
      out(commandHelp(c));
      return EXIT.ok;
    }
    const { values, positionals } = parseCommand(c, args);
    return await c.run(values, positionals);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`${label}: ${e.message}`);
      const cmd = e.command ?? (label === 'sleetwatch' ? undefined : label.slice('sleetwatch '.length));
      err(cmd ? `Run 'sleetwatch ${cmd} --help' for usage.` : `Run 'sleetwatch --help' for the commands.`);
      return EXIT.usage;
    }
    // (Already loaded when one of these was thrown: they come from those modules.)
    const [{ ConfigError }, { InputError }] = await Promise.all([configFile(), reader()]);
    if (e instanceof ConfigError) {
      err(`${label}: ${e.message}`);
      return EXIT.usage;
    }
    if (e instanceof InputError) {
      err(`${label}: ${e.message}`);
      return EXIT.input;
    }
    err(`${label}: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT.failed;
  }
}

function progressPrinter(): (p: { file: string; index: number; files: number; bytesRead: number; totalBytes: number; events: number }) => void {
  let last = 0;
  const tty = process.stderr.isTTY;
  return (p) => {
    const now = Date.now();
    if (now - last < (tty ? 200 : 2000) && p.bytesRead < p.totalBytes) return;
    last = now;
    const pct = p.totalBytes ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 100;
    const line = `[${p.index + 1}/${p.files}] ${p.file} ${pct}%  ${groupDigits(p.events)} events`;
    if (tty) process.stderr.write(`\r\x1b[K${line}`);
    else err(line);
  };
}

async function scanCmd(values: Values, positionals: string[]): Promise<number> {
  const top = intOption(values, 'top', 1)!;
  const [{ loadConfig }, { listInputFiles, NO_RECORDS }] = await Promise.all([configFile(), reader()]);
  const config = loadConfig(values.config as string | undefined);
  const dataDir = values['data-dir'] as string;
  // Nothing to read is said at once, before opening any store.
  const files = await listInputFiles(positionals);
  if (files.length === 0) {
    err(`sleetwatch scan: no input files in ${positionals.join(', ')} (folders are read recursively; dotfiles are skipped)`);
    return EXIT.input;
  }
  const startedAt = new Date();
  const t0 = performance.now();
  let report: Report;
  if (values.store) {
    // The same path as the API: the stream pipeline on the store, each batch of events committed in one transaction.
    const [{ openStore }, { IngestService }, { loadInputs }, { buildReport }] = await Promise.all([storeModule(), ingestService(), scanning(), import('../core/report.ts')]);
    const store = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir });
    try {
      const service = await IngestService.open(store, { config, dataDir });
      const read = await loadInputs(positionals, { onProgress: progressPrinter() });
      if (process.stderr.isTTY) process.stderr.write('\n');
      if (read.inputs.some((i) => i.records > 0)) {
        const stored = await service.ingestRead(read, 'scan', startedAt, intOption(values, 'batch-events', 1)!);
        report = buildReport(await service.results(), read.inputs, new Date());
        err(
          `stored run ${stored.runId} (${stored.fresh} new events, ${stored.alreadyIngested} already in the store, ${stored.batches} transaction(s); ` +
            `${report.people.length} people) in ${process.env.DATABASE_URL ? 'PostgreSQL' : `${dataDir}/db`}`,
        );
      } else report = buildReport(await service.results(), read.inputs, new Date()); // nothing read: nothing stored
    } finally {
      await store.close();
    }
  } else {
    const { scanPaths } = await scanning();
    // A few small files are read in this thread: starting a reader thread (and its modules) costs more than reading
    // them. SLEETWATCH_READ_WORKERS still decides when set.
    const small = process.env.SLEETWATCH_READ_WORKERS === undefined && files.length <= 4 && (await totalBytes(files)) <= SMALL_INPUT_BYTES;
    const vetting = await readVettingReports(values.vetting as string[] | undefined);
    ({ report } = await scanPaths(positionals, { config, dataDir, onProgress: progressPrinter(), vetting, ...(small ? { readWorkers: 0 } : {}) }));
    if (process.stderr.isTTY) process.stderr.write('\n');
  }
  const secs = (performance.now() - t0) / 1000;
  printInputs(report, NO_RECORDS);
  const records = readRecords(report);
  const unreadable = report.inputs.filter((i) => i.format === 'unreadable').length;
  if (records === 0) {
    const n = report.inputs.length;
    const empty = report.inputs.filter((i) => i.format === NO_RECORDS).length;
    const why = unreadable === n ? 'none could be read' : unreadable > 0 ? `${unreadable} could not be read, ${empty} had none` : n === 1 ? 'it is empty' : 'they are empty';
    err(`sleetwatch scan: no record was read from ${n} file${n === 1 ? '' : 's'} (${why}): nothing to scan`);
    return EXIT.input;
  }
  printRanking(report.people, top);
  const total = (k: 'records' | 'accepted' | 'ignored' | 'rejected') => groupDigits(report.inputs.reduce((n, i) => n + i[k], 0));
  err(`scanned ${total('records')} records (${total('accepted')} accepted, ${total('ignored')} ignored, ${total('rejected')} rejected) in ${secs.toFixed(1)} s`);
  const reportFile = values.report as string | undefined;
  if (reportFile) {
    mkdirSync(dirname(resolve(reportFile)), { recursive: true });
    writeFileSync(reportFile, JSON.stringify(report, null, 2));
    err(`report written to ${reportFile}`);
  }
  return unreadable > 0 ? EXIT.input : EXIT.ok;
}

/**
 * 1234567 → "1,234,567", as toLocaleString('en-US') writes a count, without starting ICU's number formatting (its
 * first use cost a tenth of a small scan).
 */
export function groupDigits(n: number): string {
  return Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+$)/g, ',') : n.toLocaleString('en-US');
}

/** Inputs up to this size (all files together) are read without reader threads. */
const SMALL_INPUT_BYTES = 4 * 1024 * 1024;

async function totalBytes(files: string[]): Promise<number> {
  const { stat } = await import('node:fs/promises');
  let n = 0;
  for (const f of files) n += (await stat(f)).size;
  return n;
}

/** Records read from readable inputs (accepted or rejected). */
const readRecords = (report: Report): number => report.inputs.reduce((n, i) => n + (i.format === 'unreadable' ? 0 : i.records), 0);

function printInputs(report: Pick<Report, 'inputs'>, NO_RECORDS: string): void {
  // One line per format (with why records were ignored); files are listed one by one only when something was
  // rejected, unreadable or empty.
  type Group = { files: number; records: number; accepted: number; ignored: number; rejected: number; reasons: Map<string, number> };
  const byFormat = new Map<string, Group>();
  for (const i of report.inputs) {
    if (i.format === 'unreadable' || i.format === NO_RECORDS) continue;
    const g = byFormat.get(i.format) ?? { files: 0, records: 0, accepted: 0, ignored: 0, rejected: 0, reasons: new Map() };
    g.files++;
    g.records += i.records;
    g.accepted += i.accepted;
    g.ignored += i.ignored;
    g.rejected += i.rejected;
    for (const [r, k] of Object.entries(i.ignoredReasons)) g.reasons.set(r, (g.reasons.get(r) ?? 0) + k);
    byFormat.set(i.format, g);
  }
  const n = groupDigits;
  for (const [format, g] of byFormat) {
    err(
      `  ${format}: ${n(g.records)} records, ${n(g.accepted)} accepted, ${n(g.ignored)} ignored, ${n(g.rejected)} rejected (${g.files} file${g.files === 1 ? '' : 's'})`,
    );
    if (g.reasons.size > 0)
      err(`      ignored: ${[...g.reasons].sort((a, b) => b[1] - a[1]).map(([r, k]) => `${n(k)} ${r}`).join('; ')}`);
  }
  for (const i of report.inputs) {
    if (i.format === NO_RECORDS) {
      err(`  ${i.path}  EMPTY (no records)`);
      continue;
    }
    if (i.format !== 'unreadable' && i.errors.length === 0) continue;
    const status = i.format === 'unreadable' ? 'UNREADABLE' : `${i.format}: ${i.rejected} rejected of ${i.records}`;
    err(`  ${i.path}  ${status}`);
    for (const e of i.errors.slice(0, 5)) {
      const where = e.line !== undefined ? `line ${e.line}` : e.index !== undefined ? `index ${e.index}` : '';
      err(`      ${where ? where + ': ' : ''}${e.field}: ${e.message}`);
    }
    if (i.errors.length > 5) err(`      … ${i.errors.length - 5} more (see the report)`);
  }
}

/** The ranking as printed by scan and demo: rank, risk, level, person id, the person's e-mail or name, top findings. */
export function rankingTable(people: PersonResult[], top: number): string {
  const rows = people.filter((p) => p.level !== 'none').slice(0, top);
  const idW = Math.max(2, ...rows.map((p) => p.personId.length));
  const lines = [`${'#'.padStart(3)}  ${'risk'.padStart(4)}  ${'level'.padEnd(6)}  ${'id'.padEnd(idW)}  ${'person'.padEnd(34)}  top findings`];
  rows.forEach((p, i) => {
    const who = (p.identifiers.find((x) => x.includes('@')) ?? p.displayName ?? p.identifiers[0] ?? '').slice(0, 34);
    const finds = p.findings.slice(0, 3).map((f) => `[${f.severity}] ${f.title}`).join('; ');
    lines.push(`${String(i + 1).padStart(3)}  ${String(p.risk).padStart(4)}  ${p.level.padEnd(6)}  ${p.personId.padEnd(idW)}  ${who.padEnd(34)}  ${finds}`);
  });
  const counts = ['high', 'medium', 'low', 'none'].map((l) => `${l}: ${people.filter((p) => p.level === l).length}`).join(', ');
  lines.push(`${people.length} people — ${counts}`);
  return lines.join('\n');
}

function printRanking(people: PersonResult[], top: number): void {
  out(rankingTable(people, top) + '\n');
}

/** `scan --vetting FILE`: vetting reports, validated (a file that is not one is a usage error naming it). */
async function readVettingReports(files: string[] | undefined): Promise<VettingReport[] | undefined> {
  if (!files?.length) return undefined;
  const { VettingReport: Schema } = await import('../core/candidate.ts');
  return files.map((f) => {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(f, 'utf8'));
    } catch (e) {
      throw new UsageError(`--vetting ${f}: not readable JSON (${e instanceof Error ? e.message.slice(0, 200) : e})`, 'scan');
    }
    const r = Schema.safeParse(raw);
    if (!r.success) throw new UsageError(`--vetting ${f}: not a sleetwatch.vetting/v1 report (${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message})`, 'scan');
    return r.data;
  });
}

/** Candidates ranked by risk with the recommendation and the top findings. */
export function candidateTable(candidates: CandidateResult[], top: number): string {
  const rows = candidates.slice(0, top);
  const idW = Math.max(2, ...rows.map((c) => c.candidateId.length));
  const lines = [`${'#'.padStart(3)}  ${'risk'.padStart(4)}  ${'advice'.padEnd(7)}  ${'id'.padEnd(idW)}  ${'candidate'.padEnd(28)}  top findings`];
  rows.forEach((c, i) => {
    const who = (c.displayName ?? c.identifiers[0] ?? '').slice(0, 28);
    const finds = c.findings.slice(0, 3).map((f) => `[${f.severity}] ${f.title}`).join('; ');
    lines.push(`${String(i + 1).padStart(3)}  ${String(c.risk).padStart(4)}  ${c.recommendation.padEnd(7)}  ${c.candidateId.padEnd(idW)}  ${who.padEnd(28)}  ${finds}`);
  });
  const count = (r: string) => candidates.filter((c) => c.recommendation === r).length;
  lines.push(`${candidates.length} candidates: ${count('stop')} stop, ${count('verify')} verify, ${count('proceed')} proceed`);
  return lines.join('\n');
}

async function vetCmd(values: Values, positionals: string[]): Promise<number> {
  const top = intOption(values, 'top', 1)!;
  const [{ loadConfig }, { listInputFiles, NO_RECORDS }] = await Promise.all([configFile(), reader()]);
  const config = loadConfig(values.config as string | undefined);
  const dataDir = values['data-dir'] as string;
  const files = await listInputFiles(positionals);
  if (files.length === 0) {
    err(`sleetwatch vet: no input files in ${positionals.join(', ')} (folders are read recursively; dotfiles are skipped)`);
    return EXIT.input;
  }
  const t0 = performance.now();
  const vet = await import('../app/vet.ts');
  let report: VettingReport;
  if (values.store) {
    const { openStore } = await storeModule();
    const store = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir });
    try {
      report = await vet.vetPathsStored(positionals, store, { config, dataDir });
      err(`stored ${report.candidates.length} candidates in ${process.env.DATABASE_URL ? 'PostgreSQL' : `${dataDir}/db`}`);
      // People already monitored who were these candidates (same contact data and name) carry the findings now.
      if ((await store.listPeople({ limit: 1 })).length > 0) {
        const { IngestService } = await ingestService();
        await (await IngestService.open(store, { config, dataDir })).vettingChanged();
      }
    } finally {
      await store.close();
    }
  } else report = await vet.vetPaths(positionals, { config, dataDir });
  printInputs(report, NO_RECORDS);
  const unreadable = report.inputs.filter((i) => i.format === 'unreadable').length;
  if (report.candidates.length === 0) {
    err(`sleetwatch vet: no candidate was read from ${report.inputs.length} file(s)${unreadable ? ` (${unreadable} could not be read)` : ''}: nothing to vet`);
    return EXIT.input;
  }
  out(candidateTable(report.candidates, top) + '\n');
  for (const e of report.checkErrors) err(`check ${e.check} failed on ${e.candidateId ?? '?'}: ${e.message}`);
  err(`vetted ${groupDigits(report.candidates.length)} candidates in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const reportFile = values.report as string | undefined;
  if (reportFile) {
    mkdirSync(dirname(resolve(reportFile)), { recursive: true });
    writeFileSync(reportFile, JSON.stringify(report, null, 2));
    err(`report written to ${reportFile}`);
  }
  const htmlFile = values.html as string | undefined;
  if (htmlFile) {
    const { vettingHtml } = await import('../server/vet-html.ts');
    mkdirSync(dirname(resolve(htmlFile)), { recursive: true });
    writeFileSync(htmlFile, vettingHtml(report));
    err(`printable report written to ${htmlFile}`);
  }
  return unreadable > 0 ? EXIT.input : EXIT.ok;
}

async function archiveCmd(mode: 'list' | 'purge', values: Values): Promise<number> {
  const dataDir = values['data-dir'] as string;
  const { openStore } = await storeModule();
  const store = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir });
  try {
    if (mode === 'list') {
      for (const f of await store.listArchive(values.candidate as string | undefined))
        out(`${f.candidateId}  ${f.kind}  ${f.sha256}  ${f.file}  kept until ${f.retainUntil}${f.deletedAt ? `  deleted ${f.deletedAt}` : ''}\n`);
      return EXIT.ok;
    }
    const { purgeArchive } = await import('../app/vet.ts');
    const gone = await purgeArchive(store, dataDir);
    for (const f of gone) out(`deleted ${f.candidateId}  ${f.kind}  ${f.sha256}  ${f.file}  (retention ended ${f.retainUntil})\n`);
    err(`${gone.length} archived file(s) past retention deleted; each deletion is in the archive log`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

async function respondCmd(cmd: string, values: Values, positionals: string[]): Promise<number> {
  const [{ openStore }, { loadConfig }, r] = await Promise.all([storeModule(), configFile(), import('../app/respond-cli.ts')]);
  const config = loadConfig(values.config as string | undefined);
  if (cmd === 'suppression revoke' && !values.as) throw new UsageError('--as NAME is required (who revokes it goes into the audit log)', cmd);
  const store = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir: values['data-dir'] as string });
  try {
    let lines: string[];
    let code: number = EXIT.ok;
    if (cmd === 'audit verify') {
      const v = await r.auditVerify(store, { anchor: values.anchor as string | undefined });
      lines = v.lines;
      if (!v.ok) code = EXIT.failed;
    } else if (cmd === 'audit list') lines = (await r.auditList(store, { after: intOption(values, 'after', 0), limit: intOption(values, 'limit', 1) })).lines;
    else if (cmd === 'case list') lines = (await r.caseList(store, config, { state: values.state as never, assignee: values.assignee as string | undefined })).lines;
    else if (cmd === 'case show') {
      const c = await r.caseShow(store, config, positionals[0]);
      lines = c.lines;
      if (!c.found) code = EXIT.failed;
    } else if (cmd === 'suppression list') lines = (await r.suppressionList(store, config, { active: values.active === true })).lines;
    else if (cmd === 'suppression revoke') {
      const x = await r.suppressionRevoke(store, config, positionals[0], values.as as string);
      lines = x.lines;
      if (!x.ok) code = EXIT.failed;
    } else lines = (await r.calibrationReport(store, config)).lines;
    for (const l of lines) out(l + '\n');
    return code;
  } finally {
    await store.close();
  }
}

async function containmentCmd(mode: 'list' | 'propose' | 'approve' | 'reject', values: Values, positionals: string[]): Promise<number> {
  const cmd = `containment ${mode}`;
  if (mode === 'propose' && (!values.connector || !values.action)) throw new UsageError('--connector graph|okta and --action revoke-sessions|disable-account are required', cmd);
  const [{ openStore }, { loadConfig }, c] = await Promise.all([storeModule(), configFile(), import('../app/containment-cli.ts')]);
  const config = loadConfig(values.config as string | undefined);
  let actor = '';
  if (mode !== 'list') {
    try {
      actor = c.cliActor(values.as as string | undefined);
    } catch (e) {
      throw new UsageError((e as Error).message, cmd);
    }
  }
  const store = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir: values['data-dir'] as string });
  try {
    let res: { ok?: boolean; lines: string[] };
    if (mode === 'list') res = await c.containmentList(store, config, { state: values.state as string | undefined, caseId: values.case as string | undefined });
    else if (mode === 'propose')
      res = await c.containmentPropose(store, config, positionals[0], {
        connector: values.connector as string,
        action: values.action as string,
        target: values.target as string | undefined,
        reason: values.reason as string | undefined,
        actor,
      });
    else res = await c.containmentDecide(store, config, mode, positionals[0], { reason: values.reason as string | undefined, actor });
    for (const l of res.lines) out(l + '\n');
    return res.ok === false ? EXIT.failed : EXIT.ok;
  } finally {
    await store.close();
  }
}

async function notifyCmd(cmd: 'deliver' | 'outbox', values: Values): Promise<number> {
  const [{ openStore }, { loadConfig }, n] = await Promise.all([storeModule(), configFile(), import('../app/notify/cli.ts')]);
  const state = values.state as string | undefined;
  if (state !== undefined && !['pending', 'delivered', 'dead'].includes(state)) throw new UsageError(`--state: pending, delivered or dead, got '${state.slice(0, 50)}'`, `notify ${cmd}`);
  const config = cmd === 'deliver' ? loadConfig(values.config as string | undefined) : undefined;
  const store = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir: values['data-dir'] as string });
  try {
    if (cmd === 'deliver') {
      const r = await n.deliverNow(store, config!, err, VERSION);
      for (const l of r.lines) err(l);
      return r.failed > 0 ? EXIT.failed : EXIT.ok;
    }
    const r = await n.outboxList(store, { state: state as 'pending' | undefined, limit: intOption(values, 'limit', 1, 10_000) });
    for (const l of r.lines) out(l + '\n');
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

async function exportCmd(values: Values, positionals: string[]): Promise<number> {
  const [{ openStore }, { loadConfig }, { runExport, EXPORT_FORMATS }] = await Promise.all([storeModule(), configFile(), import('../app/export/cli.ts')]);
  const format = positionals[0] as (typeof EXPORT_FORMATS)[number];
  if (positionals.length !== 1 || !EXPORT_FORMATS.includes(format)) {
    throw new UsageError(`export takes one format: ${EXPORT_FORMATS.join(', ')}${positionals[0] ? didYouMeanText(positionals[0], [...EXPORT_FORMATS]) : ''}`, 'export');
  }
  if (values.syslog !== undefined && format !== 'cef') throw new UsageError('--syslog sends CEF: use it with `export cef`', 'export');
  if (values.syslog !== undefined && values.out !== undefined) throw new UsageError('give --out or --syslog, not both', 'export');
  const config = loadConfig(values.config as string | undefined);
  const store = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir: values['data-dir'] as string });
  try {
    const r = await runExport(store, config, format, { version: VERSION, identities: values.identities === true, syslog: values.syslog as string | undefined });
    const file = values.out as string | undefined;
    if (r.text !== undefined && file) {
      mkdirSync(dirname(resolve(file)), { recursive: true });
      writeFileSync(file, r.text);
      r.notes.push(`written to ${file}`);
    } else if (r.text !== undefined) out(r.text);
    for (const n of r.notes) err(n);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

async function checksCmd(): Promise<number> {
  const { checks } = await import('../vetting/registry.ts');
  for (const c of checks) {
    const d = c.definition;
    out(`${d.id}  [vet; default severity ${d.severity}; needs ${d.needs.join(', ')}; checklist ${d.checklist.join(', ')}]\n  ${d.title}\n  indicator: ${d.indicator.text}\n  source: ${d.indicator.reference}\n\n`);
  }
  return EXIT.ok;
}

async function shareCmd(mode: 'export' | 'import', values: Values, positionals: string[]): Promise<number> {
  const { loadConfig } = await configFile();
  const config = loadConfig(values.config as string | undefined);
  const keyEnv = config.vetting.consortiumKeyEnv;
  const key = process.env[keyEnv];
  if (!key) {
    err(`sleetwatch share ${mode}: set the consortium key in the environment variable ${keyEnv} (the same key at every member)`);
    return EXIT.usage;
  }
  const { shareExportPaths, shareImportPaths } = await import('../app/vet.ts');
  if (mode === 'export') {
    const outFile = values.out as string | undefined;
    if (!outFile) throw new UsageError('--out FILE is required', 'share export');
    const referenceKey = process.env[config.vetting.shareReferenceKeyEnv];
    if (!referenceKey) {
      err(`sleetwatch share export: set your own reference key (never shared) in the environment variable ${config.vetting.shareReferenceKeyEnv}`);
      return EXIT.usage;
    }
    const file = await shareExportPaths(positionals, key, { config, dataDir: values['data-dir'] as string, org: values.org as string | undefined, referenceKey });
    mkdirSync(dirname(resolve(outFile)), { recursive: true });
    writeFileSync(outFile, JSON.stringify(file, null, 2));
    err(`share file written to ${outFile}`);
    return EXIT.ok;
  }
  if (positionals.length < 2) throw new UsageError('needs the share file and at least one folder of your candidates or staff', 'share import');
  const [shareFile, ...rest] = positionals;
  const matches = await shareImportPaths(shareFile, rest, key, { config, dataDir: values['data-dir'] as string });
  out(JSON.stringify(matches, null, 2) + '\n');
  return EXIT.ok;
}

async function detectorsCmd(): Promise<number> {
  const { detectors } = await import('../detectors/registry.ts');
  for (const d of detectors) {
    const def = d.definition;
    out(`${def.id}  [${def.stage}; default severity ${def.severity}; needs ${def.needs.join(', ')}]\n  ${def.title}\n  indicator: ${def.indicator.text}\n  source: ${def.indicator.reference}\n\n`);
  }
  return EXIT.ok;
}

async function formatsCmd(): Promise<number> {
  const { formats } = await import('../sources/index.ts');
  for (const f of formats) {
    out(`${f.id}  (${f.produces}; ${f.containers.join(', ')})\n  ${f.title}\n  example:\n`);
    out(f.example.split('\n').map((l) => '    ' + l).join('\n') + '\n\n');
  }
  out('Any of them may be gzip-compressed (recognised by content, whatever the file name).\n');
  return EXIT.ok;
}

export interface ServeOptions {
  dataDir: string;
  host: string;
  port: number;
  config?: Config;
  /** --allowed-host values, besides the loopback names and the --host address */
  allowedHosts?: string[];
  bodyLimit?: number;
  /** Create (and print) a fresh token named "demo", replacing the previous one: `sleetwatch demo` only. */
  demoToken?: boolean;
  /** Create (or reset) the user `admin` with a random password and print it with the web UI's address: `demo` only. */
  demoAdmin?: boolean;
  /** Listening on an address other than loopback was asked for explicitly (--expose); else such a --host is refused. */
  expose?: boolean;
}

const LOOPBACK_HOSTS = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|\[::1\]|localhost)$/i;

const WILDCARD = new Set(['0.0.0.0', '::', '[::]', '']);

/** The Host names `serve` answers to: loopback names, the address it listens on (unless a wildcard), --allowed-host. */
export async function serveAllowedHosts(host: string, extra: string[] = []): Promise<string[]> {
  const { allowedHostSpecs, DEFAULT_ALLOWED_HOSTS } = await serverModule();
  try {
    allowedHostSpecs(extra);
  } catch (e) {
    throw new UsageError(`--allowed-host: ${(e as Error).message}`, 'serve');
  }
  let own: string[] = [];
  try {
    if (!WILDCARD.has(host.trim())) own = allowedHostSpecs([host]).length ? [host] : [];
  } catch {
    own = []; // not usable as a Host value (listening is what reports a bad address)
  }
  return [...new Set([...DEFAULT_ALLOWED_HOSTS, ...own, ...extra])];
}

/** Start the API on the store; resolves once listening (with the demo token when asked), `close` stops it. */
export async function startServer(o: ServeOptions): Promise<{ url: string; token?: string; adminPassword?: string; close: () => Promise<void> }> {
  // Personal data: the server answers this machine only unless told, explicitly, to listen further.
  if (!LOOPBACK_HOSTS.test(o.host.trim())) {
    if (!o.expose) throw new UsageError(`--host ${o.host} listens beyond this machine: add --expose to mean it (and put TLS in front: sign-in cookies are Secure there)`, 'serve');
    err(`WARNING: listening on ${o.host}, reachable from other machines. Serve it behind TLS (a reverse proxy); every route needs a signed-in user or a token.`);
  }
  const allowedHosts = await serveAllowedHosts(o.host, o.allowedHosts);
  const [{ openStore }, { IngestService }, { buildServer }, { loadConfig }] = await Promise.all([storeModule(), ingestService(), serverModule(), configFile()]);
  const store = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir: o.dataDir });
  let token: string | undefined;
  let adminPassword: string | undefined;
  let app;
  let stream: import('../stream/types.ts').EventStream | undefined;
  let collectors: { schedule: { stop(): Promise<void> }; status: () => Promise<import('../app/collectors/runner.ts').CollectorStatus[]> } | undefined;
  try {
    const config = o.config ?? loadConfig();
    if (o.demoToken) {
      await store.revokeToken('demo', 'demo');
      const { createToken } = await tokens();
      token = (await createToken(store, 'demo', 'admin', 'demo')).token;
    }
    if (o.demoAdmin) adminPassword = await (await userModule()).resetDemoAdmin(store, config);
    const { AuthService } = await import('../app/auth.ts');
    const auth = new AuthService(store, config.auth);
    const oidc = config.auth.oidc ? await (await import('../app/oidc.ts')).OidcClient.discover(config.auth.oidc) : undefined;
    const service = await IngestService.open(store, { config, dataDir: o.dataDir });
    const [{ UiDataService }, { SettingsService, withOverlay }, { getIntel }] = await Promise.all([import('../app/ui-data.ts'), import('../app/settings.ts'), import('../app/scan.ts')]);
    // Scale-out mode (NATS_URL or config `stream`): POST /api/ingest publishes to the stream; workers commit.
    const streaming = (await import('../app/stream.ts')).streamSettings(config);
    let ingest = (body: string, x: { name: string; format?: string }) => service.ingest(body, x);
    let toStream: import('../app/stream-publish.ts').StreamPublisher | undefined;
    if (streaming) {
      const [{ openPublisher }, { publishIngest }] = await Promise.all([import('../app/stream.ts'), import('../app/stream-ingest.ts')]);
      const opened = await openPublisher(store, streaming, 'sleetwatch-serve');
      stream = opened.stream;
      const publisher = opened.publisher;
      ingest = (body, x) => publishIngest(store, publisher, body, x);
      toStream = publisher;
    }
    // Vendor API collectors on their schedule (config "collectors"): committed through this process's IngestService,
    // or in scale-out mode published to the stream (NatsSink) with the checkpoint saved after the acknowledgement.
    const c = config.collectors;
    if (c.graph || c.okta || c.google) {
      const [{ CollectorRunner, collectorStatus }, { IngestSink }, { natsSinkFor }] = await Promise.all([
        import('../app/collectors/runner.ts'),
        import('../app/collectors/ingest-sink.ts'),
        import('../app/collectors/nats-sink.ts'),
      ]);
      const sink = toStream ? natsSinkFor(store, toStream) : new IngestSink(service, store);
      const runner = new CollectorRunner({ store, sink, config: c, log: (l) => err(JSON.stringify(l)) });
      for (const p of runner.problems) err(`collectors: ${p.vendor} not started: ${p.message}`);
      collectors = { schedule: runner.schedule(), status: async () => collectorStatus(await store.collectors().list(), runner, Date.now()) };
      err(`collectors: ${runner.ids().join(', ') || 'none usable'}`);
    }
    app = await buildServer({
      collectors: collectors?.status,
      store,
      auth,
      oidc,
      version: VERSION,
      ingest,
      // The workflow's settings (SLA hours, suppression days) with the stored settings overlay, as of this start.
      respond: new (await import('../app/respond.ts')).RespondService(store, withOverlay(config, (await store.getSettings()).overlay), { onSuppressionsChanged: () => service.configChanged() }),
      ui: new UiDataService(store, config, (c) => getIntel(o.dataDir, c)),
      settings: new SettingsService(store, config, { onChanged: () => service.configChanged() }),
      containment: new (await import('../app/containment.ts')).ContainmentService(store, config),
      vet: async (body, x) => {
        const { vetBody } = await import('../app/vet.ts');
        return vetBody(body, x, store, { config: o.config ?? loadConfig(), dataDir: o.dataDir, onHired: () => service.vettingChanged() });
      },
      config: o.config ?? loadConfig(),
      allowedHosts,
      bodyLimit: o.bodyLimit,
      // Server errors (with their cause: a request's answer names only its id) and warnings, as JSON lines on stderr.
      logger: { level: process.env.SLEETWATCH_LOG_LEVEL ?? 'warn', stream: process.stderr },
    });
    await app.listen({ host: o.host, port: o.port });
  } catch (e) {
    await collectors?.schedule.stop();
    await app?.close();
    await stream?.close();
    await store.close();
    throw e;
  }
  // Notifications queued by alerts, escalations and containment requests go out after their commits (never blocking
  // ingestion); rows left by a stopped server are sent by the next one.
  const deliverer = new (await import('../app/notify/deliver.ts')).Deliverer(store, o.config ?? loadConfig(), { log: (l) => err(l), version: VERSION });
  deliverer.start();
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port;
  const shown = o.host.includes(':') && !o.host.startsWith('[') ? `[${o.host}]` : o.host;
  const url = `http://${WILDCARD.has(o.host) ? 'localhost' : shown}:${port}`;
  err(`sleetwatch API on ${url}  (GET /api/people, /api/openapi.json, /healthz)`);
  err(`answers to Host ${allowedHosts.join(', ')} (names without a port: on port ${port})${WILDCARD.has(o.host) ? '; add the names clients use with --allowed-host NAME' : ''}`);
  if (adminPassword) err(`Web UI: ${url}/  user: admin  password: ${adminPassword}`);
  if (token) {
    err(`API token (demo, role admin, shown once; revoke with: sleetwatch token revoke demo): ${token}`);
    err(`  curl -H 'Authorization: Bearer ${token}' ${url}/api/people?level=high`);
  } else {
    const active = (await store.listTokens()).filter((t) => !t.revokedAt).length;
    if (active === 0)
      err(
        'No API token yet: every request but /healthz is refused (401). Create one with\n' +
          `  sleetwatch token create --name NAME --role ROLE${o.dataDir !== DATA_DIR.default ? ` --data-dir ${o.dataDir}` : ''}\n` +
          (process.env.DATABASE_URL ? '' : '(stop this server first: the embedded store is locked while it runs) ') +
          "and send it as: curl -H 'Authorization: Bearer <token>' " + `${url}/api/people`,
      );
    else err(`${active} active API token${active === 1 ? '' : 's'} (sleetwatch token list); send one as Authorization: Bearer <token>`);
  }
  const close = async () => {
    await collectors?.schedule.stop(); // passes in flight commit (or publish) or roll back whole before the store closes
    await deliverer.stop();
    await app.close();
    await stream?.close();
    await store.close();
  };
  return { url, token, adminPassword, close };
}

async function collectCmd(values: Values): Promise<number> {
  if (values.once === values.status) throw new UsageError('collect: give exactly one of --once or --status', 'collect');
  const [{ openStore }, { loadConfig }, cli] = await Promise.all([storeModule(), configFile(), import('../app/collectors/collect-cli.ts')]);
  const config = loadConfig(values.config as string | undefined);
  const store = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir: values['data-dir'] as string });
  try {
    const r = values.once
      ? await cli.collectOnce(store, config, { dataDir: values['data-dir'] as string, only: values.only as string[] | undefined, log: (l) => err(JSON.stringify(l)) })
      : await cli.collectStatus(store, config);
    out(values.json ? JSON.stringify(r.json, null, 2) + '\n' : r.lines.join('\n') + '\n');
    return r.ok ? EXIT.ok : EXIT.failed;
  } finally {
    await store.close();
  }
}

async function serveCmd(values: Values): Promise<number> {
  const port = intOption(values, 'port', 0, 65535)!;
  const { loadConfig } = await configFile();
  const bodyLimitMb = intOption(values, 'body-limit', 1, 1024)!;
  const server = await startServer({
    dataDir: values['data-dir'] as string,
    host: values.host as string,
    port,
    config: loadConfig(values.config as string | undefined),
    allowedHosts: (values['allowed-host'] as string[] | undefined) ?? [],
    bodyLimit: bodyLimitMb * 1024 * 1024,
    expose: values.expose as boolean,
  });
  stopOnSignal(server.close);
  await new Promise(() => {}); // serve until signalled
  return EXIT.ok;
}

function stopOnSignal(close: () => Promise<void>): void {
  const stop = async () => {
    await close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function withStore<T>(values: Values, fn: (store: Store) => Promise<T>): Promise<T> {
  const { openStore } = await storeModule();
  const store = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir: values['data-dir'] as string });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function tokenCreateCmd(values: Values): Promise<number> {
  const name = values.name as string | undefined;
  if (name === undefined) throw new UsageError('needs --name NAME (what or who the token is for)', 'token create');
  const { createToken, TokenNameError, tokenNameProblem } = await tokens();
  const problem = tokenNameProblem(name);
  if (problem) throw new UsageError(problem, 'token create');
  const role = usersCmd(() => roleOption(values.role, 'token create'), 'token create');
  return withStore(values, async (store) => {
    let created;
    try {
      created = await createToken(store, name, role);
    } catch (e) {
      if (e instanceof TokenNameError) throw new UsageError(e.message, 'token create');
      throw e;
    }
    out(created.token + '\n');
    err(`created API token '${created.info.name}' (${created.info.id}, role ${created.info.role}). It is shown only now: keep it in a secret store.`);
    err(`Send it as Authorization: Bearer <token>, e.g. curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/api/people`);
    return EXIT.ok;
  });
}

/** A user-command check as a usage error (exit 2) or a failure (exit 1). */
function usersCmd<T>(fn: () => T, cmd: string): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof UserCmdError && e.usage) throw new UsageError(e.message, cmd);
    throw e;
  }
}

async function userAddCmd(values: Values, positionals: string[]): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('needs one user name', 'user add');
  const role = usersCmd(() => roleOption(values.role, 'user add'), 'user add');
  const m = await userModule();
  const password = values['password-stdin'] ? await m.readPasswordStdin() : undefined;
  const { loadConfig } = await configFile();
  const config = loadConfig(values.config as string | undefined);
  return withStore(values, async (store) => {
    try {
      await m.userAdd(store, config, positionals[0], role, password);
      return EXIT.ok;
    } catch (e) {
      if (e instanceof UserCmdError) {
        if (e.usage) throw new UsageError(e.message, 'user add');
        err(`sleetwatch user add: ${e.message}`);
        return EXIT.failed;
      }
      throw e;
    }
  });
}

async function userUpdateCmd(values: Values, positionals: string[], cmd: string): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('needs one user name or id', cmd);
  const m = await userModule();
  const patch: { role?: Role; disabled?: boolean; password?: string } = {};
  if (cmd === 'user set-role') patch.role = usersCmd(() => roleOption(values.role, cmd), cmd);
  if (cmd === 'user disable') patch.disabled = true;
  if (cmd === 'user enable') patch.disabled = false;
  // '' asks userUpdate to generate one
  if (cmd === 'user passwd') patch.password = values['password-stdin'] ? await m.readPasswordStdin() : '';
  const { loadConfig } = await configFile();
  const config = loadConfig(values.config as string | undefined);
  return withStore(values, async (store) => {
    try {
      const generated = await m.userUpdate(store, config, positionals[0], patch);
      if (generated) out(generated + '\n');
      return EXIT.ok;
    } catch (e) {
      if (e instanceof UserCmdError) {
        if (e.usage) throw new UsageError(e.message, cmd);
        err(`sleetwatch ${cmd}: ${e.message}`);
        return EXIT.failed;
      }
      throw e;
    }
  });
}

async function tokenListCmd(values: Values): Promise<number> {
  return withStore(values, async (store) => {
    const tokens = await store.listTokens();
    if (tokens.length === 0) {
      err('no API tokens (sleetwatch token create --name NAME --role ROLE)');
      return EXIT.ok;
    }
    const rows = [['id', 'name', 'role', 'created', 'last used', 'revoked'], ...tokens.map((t) => [t.id, t.name, t.role, t.createdAt, t.lastUsedAt ?? '-', t.revokedAt ?? '-'])];
    const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    out(rows.map((r) => r.map((c, i) => c.padEnd(w[i])).join('  ').trimEnd()).join('\n') + '\n');
    return EXIT.ok;
  });
}

async function tokenRevokeCmd(values: Values, positionals: string[]): Promise<number> {
  return withStore(values, async (store) => {
    let missing = 0;
    for (const x of positionals) {
      const t = await store.revokeToken(x);
      if (t) err(`revoked API token '${t.name}' (${t.id})`);
      else {
        err(`sleetwatch token revoke: no active token named or with id '${x}' (sleetwatch token list)`);
        missing++;
      }
    }
    return missing ? EXIT.failed : EXIT.ok;
  });
}

/** Where the answer key of a synthetic company in `outDir` goes: beside the folder, never inside what users scan. */
export function truthPathFor(outDir: string): string {
  const trimmed = outDir.replace(/[\\/]+$/, '') || '.';
  return resolve(trimmed) === resolve('.') ? resolve('..', 'truth.json') : `${trimmed}-truth.json`;
}

async function generateCmd(values: Values): Promise<number> {
  const outDir = values.out as string | undefined;
  if (!outDir) throw new UsageError('generate needs --out DIR', 'generate');
  const seed = intOption(values, 'seed', 0)!;
  const people = intOption(values, 'people', 1);
  const days = intOption(values, 'days', 1);
  const { generateCompany } = await import('../synth/company.ts');
  const { files, truth } = await generateCompany({ outDir, seed, people, days });
  // The generator keeps truth.json with the exports; the answer key must not sit in the folder users scan.
  const truthFile = truthPathFor(outDir);
  rmSync(join(outDir, 'truth.json'), { force: true });
  writeFileSync(truthFile, JSON.stringify(truth, null, 1) + '\n');
  const vendorFiles = files.filter((f) => resolve(f) !== resolve(outDir, 'truth.json')).length;
  const planted = (truth as { planted?: unknown[] }).planted?.length ?? '?';
  err(`wrote ${vendorFiles} vendor files to ${outDir} (${planted} planted fraudulent workers); the answer key is ${truthFile}`);
  return EXIT.ok;
}

async function demoCmd(values: Values): Promise<number> {
  const outDir = values.out as string;
  const dataDir = values['data-dir'] as string;
  const port = intOption(values, 'port', 0, 65535)!;
  err(`1/4 generating a synthetic company in ${outDir} …`);
  await generateCmd({ out: outDir, seed: '7' });
  err(`2/4 scanning it into the embedded store (${dataDir}/db) …`);
  const code = await scanCmd({ store: true, 'data-dir': dataDir, report: `${dataDir}/demo-report.json`, top: '15' }, [outDir]);
  if (code !== EXIT.ok) return code;
  err(`Scan it yourself: npx sleetwatch scan ${outDir}   (the answer key, not an input: ${truthPathFor(outDir)})`);
  const applicants = join(outDir, 'applicants');
  const directory = join(outDir, 'directory');
  err(`3/4 vetting its applicant pool (${applicants}) against its staff, into the store …`);
  const vetCode = await vetCmd({ store: true, 'data-dir': dataDir, report: `${dataDir}/demo-vetting.json`, html: `${dataDir}/demo-vetting.html`, top: '10' }, [applicants, directory]);
  if (vetCode !== EXIT.ok) return vetCode;
  err(`Vet it yourself: npx sleetwatch vet ${applicants} ${directory}   (printable: ${dataDir}/demo-vetting.html)`);
  if (values['no-serve']) return EXIT.ok;
  err('4/4 serving the API (Ctrl-C to stop) …');
  const server = await startServer({ dataDir, host: values.host as string, port, demoToken: true, demoAdmin: true, expose: values.expose as boolean });
  stopOnSignal(server.close);
  await new Promise(() => {});
  return EXIT.ok;
}

async function intelImportCmd(values: Values, positionals: string[]): Promise<number> {
  const { importIndicators } = await intelModule();
  let failed = 0;
  for (const file of positionals) {
    const r = await importIndicators(file, values['data-dir'] as string);
    err(`${file}: ${r.added} indicators added (${r.total} in store), ${r.rejected.length} rejected`);
    for (const x of r.rejected.slice(0, 20)) {
      const where = x.line !== undefined ? `line ${x.line}` : x.index !== undefined ? `index ${x.index}` : '';
      err(`    ${where ? where + ': ' : ''}${x.field}: ${x.message}`);
    }
    if (r.rejected.length) failed++;
  }
  return failed ? EXIT.rejected : EXIT.ok;
}
