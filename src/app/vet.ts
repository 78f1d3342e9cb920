// Wires vetting (stage one): candidate files and directory exports → candidate records → merged candidates →
// enriched (contact intel, photo hash, resume signature) → reuse lookup against every other candidate and every
// employee (a CandidateIndex: in memory for a batch, the store's with --store) → checks → assess → report.
// `vet`, `POST /api/candidates` and `scan` (after-hire join) all go through vetRecords().
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve as resolvePath, sep } from 'node:path';
import type { ArchivedFileRow, Store } from '../store/types.ts';
import { exportShare, importShare, partyFromCandidate as shareParty, type ShareFile, type ShareParty } from './share.ts';
import type { Candidate, CandidateRecord, CandidateResult, VetCheckError, VettingReport } from '../core/candidate.ts';
import type { CandidateIndex } from '../core/candidate-index.ts';
import type { EnrichedCandidate, Party, ReuseMatch, VetContext } from '../core/check.ts';
import { Config as ConfigSchema, type Config } from '../core/config.ts';
import type { DirectoryEntry, InputSummary } from '../core/model.ts';
import { classifyEmail } from '../intel/email.ts';
import { analysePhone } from '../intel/phone.ts';
import { addressKey, loadForwardingList } from '../intel/address.ts';
import { technology } from '../intel/tech.ts';
import { carrierLookupFromConfig } from '../intel/phone-lookup.ts';
import { InputError, listInputFiles, readInputText, type Sink } from '../sources/reader.ts';
import { mergeCandidates } from '../vetting/merge.ts';
import { nameKeys } from '../vetting/similarity/names.ts';
import { assess } from '../vetting/assess.ts';
import { prepareChecks, runChecks } from '../vetting/run-checks.ts';
import { checks } from '../vetting/registry.ts';
import { MemoryCandidateIndex } from '../vetting/index/memory.ts';
import { partyFromDirectory } from '../vetting/index/keys.ts';
import { enrichContact } from './vet-enrich-contact.ts';
import { enrichSimilarity } from './vet-enrich-similarity.ts';
import { readOneFile } from './read-one.ts';
import { contactKeys } from './vet-join.ts';
import { candidateAlertsFor, previousCandidateLevels, SYSTEM_ACTOR } from './respond.ts';
import { getIntel } from './scan.ts';

export const VETTING_SCHEMA = 'sleetwatch.vetting/v1' as const;

export interface VetOptions {
  config?: Config;
  /** Epoch ms the vetting is "now" (ages, retention); default Date.now(). */
  now?: number;
  dataDir?: string;
  /** A persistent index (the store's): earlier candidates are matched too, and these are added to it. */
  index?: CandidateIndex;
  onProgress?: (p: { file: string; index: number; files: number }) => void;
}

export interface VetInput {
  records: CandidateRecord[];
  directory: DirectoryEntry[];
  /** Folder each record's relative files (photo, resume) are resolved against, by record key. */
  baseDirs?: Map<string, string>;
}

/** Read candidate files and directory exports. Sign-in and endpoint logs are not vetting input: unreadable, with why. */
export async function readVettingInputs(paths: string[], opts: Pick<VetOptions, 'onProgress'> = {}): Promise<VetInput & { inputs: InputSummary[] }> {
  const files = await listInputFiles(paths);
  const records: CandidateRecord[] = [];
  const directory: DirectoryEntry[] = [];
  const baseDirs = new Map<string, string>();
  const inputs: InputSummary[] = [];
  for (const [index, file] of files.entries()) {
    opts.onProgress?.({ file, index, files: files.length });
    const sink: Sink = {
      event: () => {
        throw new InputError(`holds activity logs (sign-ins, endpoint or usage records), not candidates: read it with 'sleetwatch scan'`, file);
      },
      directory: (e) => directory.push(e),
      candidate: (r) => {
        records.push(r);
        baseDirs.set(r.key, dirname(file));
      },
    };
    inputs.push(await readOneFile({ file, json: false, empty: false }, sink));
  }
  return { records, directory, baseDirs, inputs };
}

/** Keys of an employee, normalised exactly as candidates' are (so an applicant reusing staff data is found). */
export function employeeParty(e: DirectoryEntry) {
  return partyFromDirectory(e, {
    phones: e.phones.map((p) => analysePhone(p.value, e.homeAddress?.country).e164).filter((x): x is string => !!x),
    mailboxes: e.emails.map((m) => classifyEmail(m.value)).filter((m) => m.valid).map((m) => m.mailbox),
    addressKeys: e.homeAddress ? [addressKey(e.homeAddress)].filter((k) => k !== '') : [],
  });
}

async function enrich(c: Candidate, baseDir: string, deps: Parameters<typeof enrichContact>[1]): Promise<EnrichedCandidate> {
  const [contact, sim] = await Promise.all([enrichContact(c, deps), enrichSimilarity(c, baseDir)]);
  return { candidate: c, ...contact, ...sim };
}

const norm = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** The one vetting pipeline over records already read (files, API body). */
export async function vetRecords(input: VetInput, opts: VetOptions = {}): Promise<{ candidates: CandidateResult[]; errors: VetCheckError[]; enriched: EnrichedCandidate[] }> {
  const config = opts.config ?? ConfigSchema.parse({});
  const now = opts.now ?? Date.now();
  const intel = await getIntel(opts.dataDir, config);
  const lookup = carrierLookupFromConfig(config.vetting.phoneLookup, process.env);
  const listFile = config.vetting.forwardingList;
  const forwarding = listFile ? loadForwardingList(await readFile(listFile, 'utf8'), listFile) : undefined;
  const deps = { lookup, forwarding, geocode: (a: Parameters<typeof intel.geocode>[0]) => intel.geocode(a) };
  const merged = mergeCandidates(input.records);
  const enriched: EnrichedCandidate[] = [];
  for (const c of merged) enriched.push(await enrich(c, input.baseDirs?.get(c.keys[0]) ?? '.', deps));

  const index = opts.index ?? new MemoryCandidateIndex();
  await index.add([...input.directory.map(employeeParty)]);
  await index.add(enriched.map((e) => index.partyOf(e)));

  const prepared = prepareChecks(checks, config.vetting);
  const results: CandidateResult[] = [];
  const errors: VetCheckError[] = [];
  for (const e of enriched) {
    const matches: ReuseMatch[] = await index.lookup(e);
    const c = e.candidate;
    const ctx: VetContext = {
      now,
      matches,
      technology,
      classifyEmail,
      referrals: (referrer: string): Party[] => {
        const key = norm(referrer);
        const self: Party = { kind: 'candidate', id: c.candidateId, displayName: c.displayName };
        return [self, ...matches.filter((m) => m.field === 'referrer' && norm(m.value) === key).map((m) => m.other)];
      },
    };
    const run = runChecks(prepared, e, ctx, config.vetting);
    errors.push(...run.errors);
    // Already hired: an employee with this candidate's mailbox or phone AND name (someone else's reused data is reuse).
    const mine = new Set(e.nameKeys);
    const employee = matches.find(
      (m) => m.other.kind === 'employee' && (m.field === 'mailbox' || m.field === 'phone') && nameKeys(undefined, undefined, m.other.displayName).some((k) => mine.has(k)),
    );
    const identifiers = [...c.emails.map((x) => x.value), ...c.phones.map((x) => x.value), ...c.profiles.map((x) => x.url)];
    results.push(
      assess(
        {
          candidateId: c.candidateId,
          displayName: c.displayName ?? ([c.givenName, c.familyName].filter(Boolean).join(' ') || undefined),
          identifiers,
          sources: c.sources,
          ...(employee ? { personId: employee.other.id } : {}),
        },
        run.findings,
        run.checklist,
        config.scoring,
        config.vetting,
        now,
      ),
    );
  }
  results.sort((a, b) => b.risk - a.risk || a.candidateId.localeCompare(b.candidateId));
  return { candidates: results, errors, enriched };
}

export function buildVettingReport(candidates: CandidateResult[], inputs: InputSummary[], errors: VetCheckError[], generatedAt: Date): VettingReport {
  return { schema: VETTING_SCHEMA, generatedAt: generatedAt.toISOString(), inputs, candidates, checkErrors: errors };
}

/** `sleetwatch vet <paths>`: files → vetting report. Needs no database unless an index is given. */
export async function vetPaths(paths: string[], opts: VetOptions = {}): Promise<VettingReport> {
  const input = await readVettingInputs(paths, opts);
  const { candidates, errors } = await vetRecords(input, opts);
  return buildVettingReport(candidates, input.inputs, errors, new Date(opts.now ?? Date.now()));
}

/** Archive the files a candidate's records point to (recording, resume, photo, attachments) under their SHA-256. */
async function archiveFiles(store: Store, dataDir: string, c: Candidate, baseDir: string, now: number, retentionDays: number): Promise<void> {
  const retainUntil = new Date(now + retentionDays * 86_400_000).toISOString();
  const wanted: { kind: string; file: string; sha256?: string }[] = [];
  const rec = c.verification?.recording;
  if (rec) wanted.push({ kind: 'recording', file: rec.file, sha256: rec.sha256 });
  if (c.photo?.file) wanted.push({ kind: 'photo', file: c.photo.file, sha256: c.photo.sha256 });
  for (const a of c.attachments) if (!/^https?:/i.test(a.filename)) wanted.push({ kind: a.type, file: a.filename, sha256: a.sha256 });
  for (const w of wanted) {
    const path = resolvePath(baseDir, w.file);
    const inside = path.startsWith(resolvePath(baseDir) + sep);
    let bytes: Buffer | undefined;
    if (inside) {
      try {
        const st = await stat(path);
        if (st.isFile() && st.size <= MAX_ARCHIVE_BYTES) bytes = await readFile(path);
      } catch {
        bytes = undefined;
      }
    }
    const sha256 = bytes ? createHash('sha256').update(bytes).digest('hex') : w.sha256;
    if (!sha256 || !/^[0-9a-f]{64}$/.test(sha256)) continue; // nothing to prove what was reviewed
    if (bytes) {
      const dir = join(dataDir, 'archive');
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, sha256), bytes, { flag: 'w' });
    }
    await store.archiveFile({ candidateId: c.candidateId, sha256, kind: w.kind, file: w.file, ...(bytes ? { bytes: bytes.length } : {}), retainUntil });
  }
}

const MAX_ARCHIVE_BYTES = 2 * 1024 ** 3;

/**
 * `vet --store` and POST /api/candidates: vet against everyone the store has seen (its candidate index), keep each
 * candidate's result and archive the files its records name.
 */
export async function vetStored(input: VetInput, store: Store, opts: VetOptions & { dataDir: string }): Promise<{ candidates: CandidateResult[]; errors: VetCheckError[] }> {
  const config = opts.config ?? ConfigSchema.parse({});
  const now = opts.now ?? Date.now();
  const index = store.candidateIndex();
  const { candidates, errors, enriched } = await vetRecords(input, { ...opts, index });
  const byId = new Map(enriched.map((e) => [e.candidate.candidateId, e]));
  // Results and the alerts of candidates whose level rose (with their cases and audit rows) commit together.
  await store.atomic(async (tx) => {
    const before = await previousCandidateLevels(tx, candidates);
    await tx.saveCandidates(
      candidates.map((result) => {
        const e = byId.get(result.candidateId)!;
        return { result, candidate: e.candidate, keys: contactKeys(e.emails, e.phones) };
      }),
    );
    await candidateAlertsFor(tx, candidates, before, { config, now });
  });
  for (const e of enriched) await archiveFiles(store, opts.dataDir, e.candidate, input.baseDirs?.get(e.candidate.keys[0]) ?? '.', now, config.vetting.retentionDays);
  return { candidates, errors };
}

export async function vetPathsStored(paths: string[], store: Store, opts: VetOptions & { dataDir: string }): Promise<VettingReport> {
  const input = await readVettingInputs(paths, opts);
  const { candidates, errors } = await vetStored(input, store, opts);
  return buildVettingReport(candidates, input.inputs, errors, new Date(opts.now ?? Date.now()));
}

/** Delete archived files whose retention has passed; each deletion is logged in the store. */
/**
 * Delete archived files whose retention ended. The deletions are logged in archive_log and, in the same transaction,
 * in the hash-chained audit log (`archive.purge`: candidate ids, hashes and kinds, never file names, which may name
 * the candidate), so `audit verify` covers them.
 */
export async function purgeArchive(store: Store, dataDir: string, now = new Date(), actor = SYSTEM_ACTOR): Promise<ArchivedFileRow[]> {
  const gone = await store.atomic(async (tx) => {
    const rows = await tx.expireArchive(now);
    if (rows.length > 0)
      await tx.respond().appendAudit(
        [{ actor, action: 'archive.purge', subject: 'archive', detail: { files: rows.map((f) => ({ candidateId: f.candidateId, sha256: f.sha256, kind: f.kind, retainUntil: f.retainUntil })) } }],
        now.getTime(),
      );
    return rows;
  });
  const stillUsed = new Set((await store.listArchive()).filter((f) => !f.deletedAt).map((f) => f.sha256));
  for (const f of gone) if (!stillUsed.has(f.sha256)) await rm(join(dataDir, 'archive', f.sha256), { force: true });
  return gone;
}

async function enrichedParties(paths: string[], opts: VetOptions): Promise<{ candidates: EnrichedCandidate[]; employees: DirectoryEntry[] }> {
  const input = await readVettingInputs(paths, opts);
  const { enriched } = await vetRecords(input, opts);
  return { candidates: enriched, employees: input.directory };
}

/** `share export`: keyed hashes of the candidates' and staff's contact data in these files. */
export async function shareExportPaths(paths: string[], key: string, opts: VetOptions & { referenceKey: string; org?: string }): Promise<ShareFile> {
  const { candidates, employees } = await enrichedParties(paths, opts);
  return exportShare(shareParties(candidates, employees), key, { referenceKey: opts.referenceKey, issuer: opts.org, createdAt: new Date(opts.now ?? Date.now()) });
}

/** `share import`: which of our candidates and staff share keyed data with another company's share file. */
export async function shareImportPaths(shareFile: string, paths: string[], key: string, opts: VetOptions) {
  const file = JSON.parse(await readFile(shareFile, 'utf8')) as unknown;
  const { candidates, employees } = await enrichedParties(paths, opts);
  return importShare(file, shareParties(candidates, employees), key);
}

/** Candidates as enriched, employees normalised the same way (phones E.164, mailboxes, address keys). */
function shareParties(candidates: EnrichedCandidate[], employees: DirectoryEntry[]): ShareParty[] {
  return [
    ...candidates.map(shareParty),
    ...employees.map((d): ShareParty => ({
      kind: 'employee',
      id: d.id,
      ...(d.displayName ? { displayName: d.displayName } : {}),
      phones: d.phones.map((p) => ({ e164: analysePhone(p.value, d.homeAddress?.country).e164 })),
      emails: d.emails.map((m) => classifyEmail(m.value)).filter((m) => m.valid),
      addresses: d.homeAddress ? [{ key: addressKey(d.homeAddress) }].filter((a) => a.key !== '') : [],
    })),
  ];
}

/**
 * POST /api/candidates: one uploaded candidate file through the same pipeline as `vet --store`. An unreadable body
 * is an error with statusCode 400. `onHired` is told when a vetted candidate is already in the directory (the
 * monitor's people then carry the findings).
 */
export async function vetBody(
  body: string,
  meta: { name: string; format?: string },
  store: Store,
  opts: VetOptions & { dataDir: string; onHired?: () => Promise<void> },
): Promise<{ inputs: InputSummary[]; candidates: CandidateResult[] }> {
  const records: CandidateRecord[] = [];
  const directory: DirectoryEntry[] = [];
  let input: InputSummary;
  try {
    input = readInputText(meta.name, body, {
      event: () => {
        throw new InputError(`holds activity logs (sign-ins, endpoint or usage records), not candidates: send it to POST /api/ingest`, meta.name);
      },
      directory: (e) => directory.push(e),
      candidate: (r) => records.push(r),
    }, { format: meta.format });
    if (input.records === 0) throw new InputError('no records found (a header or text with no rows in any supported format)', meta.name);
  } catch (e) {
    throw Object.assign(e instanceof Error ? e : new Error(String(e)), { statusCode: 400 });
  }
  // Files the records name (recordings, photos) are not part of an upload: nothing under the current folder is read.
  const { candidates } = await vetStored({ records, directory, baseDirs: new Map(records.map((r) => [r.key, join(opts.dataDir, 'uploads-none')])) }, store, opts);
  if (candidates.some((c) => c.personId !== undefined) || directory.length > 0) await opts.onHired?.();
  return { inputs: [input], candidates };
}
