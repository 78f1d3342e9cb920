// After hire: a person in the directory whose personal e-mail or phone is a vetted candidate's carries that
// candidate's vetting findings in their risk and report (Pipeline.setVetting). Candidates and directory entries are
// compared on the same normalised contact keys: 'mailbox:<mailbox>' (src/intel/email) and 'phone:<E.164>'
// (src/intel/phone). `scan --vetting report.json` reads them from vetting reports; the store keeps them per candidate.
import type { CandidateResult, VettingReport } from '../core/candidate.ts';
import type { EmailFacts, PhoneFacts } from '../core/check.ts';
import type { DirectoryEntry, Finding } from '../core/model.ts';
import { classifyEmail } from '../intel/email.ts';
import { analysePhone } from '../intel/phone.ts';
import { asFindings } from '../vetting/assess.ts';
import { nameKeys } from '../vetting/similarity/names.ts';

export function contactKeys(emails: readonly Pick<EmailFacts, 'mailbox' | 'valid'>[], phones: readonly Pick<PhoneFacts, 'e164' | 'valid'>[]): string[] {
  const keys = new Set<string>();
  for (const e of emails) if (e.valid && e.mailbox) keys.add(`mailbox:${e.mailbox}`);
  for (const p of phones) if (p.valid && p.e164) keys.add(`phone:${p.e164}`);
  return [...keys];
}

/** Keys of a directory entry: every e-mail it lists (work and personal) and phone, and its UPN-like identifiers. */
export function directoryKeys(e: DirectoryEntry): string[] {
  const emails = [...e.emails.map((m) => m.value), ...e.ids.filter((i) => i.kind === 'email' || i.kind === 'upn').map((i) => i.value)].map((v) => classifyEmail(v));
  const phones = e.phones.map((p) => analysePhone(p.value, e.homeAddress?.country));
  return contactKeys(emails, phones);
}

/** Keys of a candidate as a vetting report lists them (identifiers: e-mails, phones, profile URLs). */
export function resultKeys(r: CandidateResult): string[] {
  const emails = r.identifiers.filter((x) => x.includes('@') && !/^https?:/i.test(x)).map((x) => classifyEmail(x));
  const phones = r.identifiers.filter((x) => /^\+?[\d\s().-]{6,}$/.test(x)).map((x) => analysePhone(x));
  return contactKeys(emails, phones);
}

/** A candidate's vetting findings as the hired person's, each saying where it came from. */
export function vettingFindingsOf(r: CandidateResult): Finding[] {
  return asFindings(r.findings, r.vettedAt ?? new Date(0).toISOString()).map((f) => ({
    ...f,
    title: `Vetting: ${f.title}`,
    explanation: `From the vetting of candidate ${r.candidateId} (recommendation ${r.recommendation}, risk ${r.risk}): ${f.explanation}`,
    evidence: [{ type: 'directory' as const, label: `vetted as candidate ${r.candidateId}`, value: r.recommendation }, ...f.evidence],
  }));
}

/**
 * Vetting findings for each directory entry that matches a vetted candidate (by e-mail or phone, and by name), keyed by
 * entry id.
 * `find` answers the candidates holding any of the keys (the store's index, or a report's).
 */
export async function vettingByDirectory(
  directory: Iterable<DirectoryEntry>,
  find: (keys: string[]) => Promise<CandidateResult[]> | CandidateResult[],
): Promise<Map<string, Finding[]>> {
  const out = new Map<string, Finding[]>();
  for (const e of directory) {
    const keys = directoryKeys(e);
    if (keys.length === 0) continue;
    // The same person, not someone else reusing their contact data (that is the reuse check's finding): the candidate's
    // name must agree with the entry's (name keys: folded, token order and romanisation variants joined).
    const mine = new Set(nameKeys(e.givenName, e.familyName, e.displayName));
    const found = (await find(keys)).filter((r) => r.displayName !== undefined && nameKeys(undefined, undefined, r.displayName).some((k) => mine.has(k)));
    if (found.length === 0) continue;
    const findings = found.flatMap((r) => vettingFindingsOf(r));
    if (findings.length > 0) out.set(e.id, findings);
  }
  return out;
}

/** An in-memory `find` over vetting reports (`scan --vetting FILE`). */
export function reportFinder(reports: readonly VettingReport[]): (keys: string[]) => CandidateResult[] {
  const byKey = new Map<string, CandidateResult[]>();
  for (const rep of reports)
    for (const c of rep.candidates) {
      const r = { ...c, vettedAt: c.vettedAt ?? rep.generatedAt };
      for (const k of resultKeys(r)) byKey.set(k, [...(byKey.get(k) ?? []), r]);
    }
  return (keys) => [...new Set(keys.flatMap((k) => byKey.get(k) ?? []))].sort((a, b) => a.candidateId.localeCompare(b.candidateId));
}
