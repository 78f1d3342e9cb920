// What an export may show of people. By default (every API export, and the CLI unless --identities) people appear as
// keyed pseudonyms with their opaque personId; names, UPNs, e-mail addresses, phones and addresses are left out, and
// the free text that could name someone (finding explanations, peer and directory evidence labels) is dropped. Titles
// are kept with the person's own identifiers replaced by the pseudonym.
// TODO(lead): when the auth helper's redaction lands, build ExportView from the request's principal there (an
// investigator on an escalated case may see identities) and use its pseudonymiser instead of ../notify/pseudonym.ts.
import type { StoredPerson } from '../../store/types.ts';
import type { Pseudonymise } from '../notify/pseudonym.ts';

export interface ExportView {
  /** Show names, UPNs, e-mails and the detectors' free text (the CLI's --identities). */
  identities: boolean;
  pseudonym: Pseudonymise;
}

/** The strings that identify a person (display name, identifiers, directory e-mails and phones), longest first. */
export function identifyingStrings(p: Pick<StoredPerson, 'displayName' | 'identifiers' | 'directory'>): string[] {
  const d = p.directory;
  const all = [p.displayName, d?.displayName, ...p.identifiers, ...(d?.emails.map((e) => e.value) ?? []), ...(d?.phones.map((x) => x.value) ?? []), ...(d?.ids.map((i) => i.value) ?? [])];
  return [...new Set(all.filter((s): s is string => !!s && s.trim().length >= 3))].sort((a, b) => b.length - a.length);
}

/** `text` with each of `secrets` (case-insensitive) replaced by `by`. Linear: one pass per secret with indexOf. */
export function scrub(text: string, secrets: readonly string[], by: string): string {
  let out = text;
  for (const s of secrets) {
    const lower = s.toLowerCase();
    let low = out.toLowerCase();
    let i = low.indexOf(lower);
    if (i < 0) continue;
    let res = '';
    let from = 0;
    while (i >= 0) {
      res += out.slice(from, i) + by;
      from = i + s.length;
      i = low.indexOf(lower, from);
    }
    out = res + out.slice(from);
    low = out.toLowerCase();
  }
  return out;
}

/** The person as the export shows them: a label and the opaque id. */
export function personLabel(p: Pick<StoredPerson, 'personId' | 'displayName' | 'identifiers'>, view: ExportView): string {
  if (view.identities) return p.displayName ?? p.identifiers[0] ?? p.personId;
  return view.pseudonym({ kind: 'person', id: p.personId });
}
