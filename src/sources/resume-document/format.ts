// Resume documents (PDF, DOCX) read to text by ./extract.ts, parsed here for what a resume without structure says:
// e-mails, phones, profile URLs (LinkedIn, GitHub...), the name (first-line heuristics), employers with their date
// ranges ("Jan 2019 – Present", "2018-2020", "03/2017 - 06/2019") → work, education lines, and the whole text as
// resumeText. The reader recognises the documents by magic bytes and hands this format one record per document:
// {documentKind, documentText}. Pure; every pattern is linear (tokens are split first and each is matched anchored;
// date ranges are matched on lines of at most MAX_LINE characters with bounded quantifiers only).
import type { CandidateRecord, EducationEntry, PartialDate, Profile, WorkEntry } from '../../core/candidate.ts';
import type { Origin } from '../../core/model.ts';
import type { CandidateFormat, ParseOutcome } from '../types.ts';
import { MAX_LIST, MAX_PHONE, MAX_RESUME_TEXT, employmentOf, profile, reject, technologiesIn } from '../common/candidate.ts';
import { looksLikeEmail, isObj } from '../okta-systemlog/values.ts';

const SOURCE = 'resume-document';
/** Lines longer than this are prose, not headers: no date range or name is looked for in them. */
const MAX_LINE = 200;
const MAX_LINES = 5_000;

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DATE = String.raw`(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?\s{1,3}\d{4}|\d{1,2}/\d{4}|\d{4}-\d{2}|\d{4})`;
const RANGE = new RegExp(String.raw`(?<![\d/])(${DATE})\s{0,3}(?:-|–|—|to|until)\s{0,3}(${DATE}|present|current|now|today)(?![\d/])`, 'i');
const SECTION = /^(work experience|professional experience|experience|employment history|employment|work history|career history|education|skills|technical skills|summary|profile|projects|certifications|languages|interests|references)\s*:?$/i;

/** "Jan 2019" → 2019-01, "03/2017" → 2017-03, "2019-03", "2019"; undefined when out of range. */
function dateOf(s: string): PartialDate | undefined {
  const t = s.trim().toLowerCase();
  let y: number;
  let m: number | undefined;
  const slash = t.indexOf('/');
  if (slash > 0) {
    m = Number(t.slice(0, slash));
    y = Number(t.slice(slash + 1));
  } else if (/^\d{4}-\d{2}$/.test(t)) {
    y = Number(t.slice(0, 4));
    m = Number(t.slice(5));
  } else if (/^\d{4}$/.test(t)) y = Number(t);
  else {
    m = MONTHS[t.slice(0, 3)];
    y = Number(t.slice(-4));
  }
  if (!(y >= 1950 && y <= 2100) || (m !== undefined && !(m >= 1 && m <= 12))) return undefined;
  return m === undefined ? String(y) : `${y}-${String(m).padStart(2, '0')}`;
}

/** "Title, Company — Location", "Company | Title", "Title at Company" → employer and position (a heuristic). */
function headerOf(line: string): { employer: string; position?: string } | undefined {
  let s = line.replace(/\s+/g, ' ').trim();
  // the location after a dash or bar: "…, Bluebird Logistics — Denver, CO"
  for (const sep of [' — ', ' – ', ' | ', ' · ']) {
    const i = s.indexOf(sep);
    if (i > 0) {
      s = s.slice(0, i).trim();
      break;
    }
  }
  s = s.replace(/^[-•*·]\s*/, '').replace(/[,;:\s]+$/, '');
  if (s === '' || s.length > 150) return undefined;
  const at = s.toLowerCase().indexOf(' at ');
  if (at > 0) return { position: s.slice(0, at).trim(), employer: s.slice(at + 4).trim() };
  // "Title (Part-time contract), Company": the comma after the closing bracket
  const close = s.lastIndexOf(')');
  const comma = s.indexOf(',', close >= 0 ? close : 0);
  if (comma > 0) return { position: s.slice(0, comma).trim(), employer: s.slice(comma + 1).trim() };
  return { employer: s };
}

/** Tokens of a text that may be e-mails or URLs: split on spaces and the separators resumes put between them. */
function tokens(text: string): string[] {
  return text.split(/[\s,;|·•<>()[\]"'“”]+/).filter((t) => t.length > 3 && t.length <= 320);
}

function contacts(text: string): { emails: string[]; phones: string[]; profiles: Profile[] } {
  const emails: string[] = [];
  const profiles: Profile[] = [];
  const seen = new Set<string>();
  for (let t of tokens(text)) {
    t = t.replace(/^mailto:/i, '').replace(/[.:]+$/, '');
    const l = t.toLowerCase();
    if (seen.has(l)) continue;
    if (t.includes('@') && /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63}){1,6}$/.test(t) && looksLikeEmail(t)) {
      seen.add(l);
      if (emails.length < 20) emails.push(t);
    } else if (/(^|[/.])(linkedin\.com\/(in|pub)\/|github\.com\/|gitlab\.com\/|stackoverflow\.com\/users\/)/.test(l)) {
      const p = profile(t);
      if (p && p.username) {
        seen.add(l);
        if (profiles.length < 20) profiles.push(p);
      }
    }
  }
  // phones: runs of digits, spaces and + ( ) - . with 10-15 digits, or 8+ after a leading "+"
  const phones: string[] = [];
  let run = '';
  const flush = () => {
    const r = run.replace(/^[-.)\s]+/, '').replace(/[-.(\s]+$/, '');
    run = '';
    if (r.length > MAX_PHONE) return;
    let digits = 0;
    for (let i = 0; i < r.length; i++) if (r.charCodeAt(i) >= 48 && r.charCodeAt(i) <= 57) digits++;
    if (digits > 15 || !(digits >= 10 || (r.startsWith('+') && digits >= 8))) return;
    // "2016-2018 2019-2020" is years, not a phone
    if (/^\d{4}\s?[-–]\s?\d{4}/.test(r)) return;
    if (!phones.includes(r) && phones.length < 10) phones.push(r);
  };
  for (let i = 0; i < text.length && i < MAX_RESUME_TEXT * 4; i++) {
    const c = text[i];
    const phoneChar = (c >= '0' && c <= '9') || c === '+' || c === '(' || c === ')' || c === '-' || c === '.' || c === ' ';
    if (phoneChar && !(c === '+' && run.trim() !== '')) {
      if (run.length <= MAX_PHONE) run += c;
    } else {
      flush();
      if (c === '+') run = '+';
    }
  }
  flush();
  return { emails, phones, profiles };
}

const isNameWord = (w: string): boolean => /^\p{Lu}[\p{L}'’.-]{0,30}$/u.test(w);
const NOT_NAMES = /^(resume|résumé|curriculum vitae|cv|contact|profile|summary)$/i;

/** The candidate's name: the first of the first lines that is 2-4 capitalised words without digits or '@'. */
function nameOf(lines: string[]): string | undefined {
  const head = lines.slice(0, 6);
  for (let k = 0; k < head.length; k++) {
    const line = head[k];
    if (line.length > 60 || NOT_NAMES.test(line)) continue;
    const words = line.split(' ');
    if (words.length < 2 || words.length > 4 || !words.every(isNameWord)) continue;
    if (line !== line.toUpperCase()) return line;
    // a name set in capitals on the first line: "OLEKSANDR HRYTSENKO" → "Oleksandr Hrytsenko"
    if (k === 0) return words.map((w) => w[0] + w.slice(1).toLowerCase()).join(' ');
  }
  return undefined;
}

/** The parse of a resume's text (exported for tests). */
export function parseResumeText(text: string, origin: Origin): ParseOutcome<CandidateRecord> {
  const allLines = text.split(/\r?\n/).map((l) => l.replace(/\s+/g, ' ').trim());
  const lines = allLines.filter((l) => l !== '').slice(0, MAX_LINES);
  if (lines.length === 0) return reject('(text)', 'no text in the document (a scanned image without a text layer?)');
  const { emails, phones, profiles } = contacts(text.length > MAX_RESUME_TEXT * 4 ? text.slice(0, MAX_RESUME_TEXT * 4) : text);
  const work: WorkEntry[] = [];
  const education: EducationEntry[] = [];
  const skills: string[] = [];
  let section = '';
  for (let i = 0; i < lines.length && work.length < MAX_LIST; i++) {
    const line = lines[i];
    if (line.length <= 40 && SECTION.test(line)) {
      section = line.toLowerCase();
      continue;
    }
    if (line.length > MAX_LINE) continue;
    if (section.endsWith('skills')) {
      for (const sk of line.split(/[,;·•|]/)) {
        const t = sk.replace(/^[-*\s]+/, '').trim();
        if (t.length > 0 && t.length <= 60 && skills.length < MAX_LIST && !skills.includes(t)) skills.push(t);
      }
      continue;
    }
    const m = RANGE.exec(line);
    if (!m) continue;
    const start = dateOf(m[1]);
    const endWord = m[2].toLowerCase();
    const current = endWord === 'present' || endWord === 'current' || endWord === 'now' || endWord === 'today';
    const end = current ? undefined : dateOf(m[2]);
    if (!start || (!current && !end) || (end && end < start)) continue;
    // the header: the rest of the line, or the line above when the dates stand alone
    const rest = (line.slice(0, m.index) + ' ' + line.slice(m.index + m[0].length)).replace(/[\s,–—|-]+$/, '').trim();
    const headerLine = rest.length >= 3 && /\p{L}{2}/u.test(rest) ? rest : i > 0 ? lines[i - 1] : '';
    if (section.startsWith('education')) {
      const parts = headerLine.split(',').map((p) => p.trim()).filter(Boolean);
      const inst = parts.find((p) => /\b(university|college|institute|school|academy|polytechnic)\b/i.test(p)) ?? parts[parts.length - 1];
      if (inst) {
        const e: EducationEntry = { institution: inst, start };
        const other = parts.filter((p) => p !== inst);
        if (other.length > 0) e.studyType = other.join(', ');
        if (end) e.end = end;
        education.push(e);
      }
      continue;
    }
    if (section !== '' && !/experience|employment|work|career/.test(section)) continue;
    const h = headerOf(headerLine);
    if (!h) continue;
    // the lines describing the role: until the next date range or section
    const body: string[] = [];
    for (let j = i + 1; j < lines.length && body.length < 40; j++) {
      const l = lines[j];
      if ((l.length <= 40 && SECTION.test(l)) || (l.length <= MAX_LINE && RANGE.test(l))) break;
      body.push(l);
    }
    // the next role's header (just before its date line) is not part of this role
    if (body.length > 0) {
      const nextIdx = i + 1 + body.length;
      if (nextIdx < lines.length && lines[nextIdx].length <= MAX_LINE && RANGE.test(lines[nextIdx]) && !/^[-•*·]/.test(body[body.length - 1])) body.pop();
    }
    const w: WorkEntry = {
      employer: h.employer,
      employment: employmentOf(headerLine, ...body.slice(0, 3)),
      technologies: technologiesIn([h.position ?? '', ...body].join('\n')),
      start,
    };
    if (h.position) w.position = h.position;
    if (end) w.end = end;
    if (current) w.current = true;
    if (body.length > 0) w.summary = body.join('\n').slice(0, 4000);
    work.push(w);
  }
  const name = nameOf(lines);
  const rec: CandidateRecord = {
    key: '',
    source: SOURCE,
    otherNames: [],
    emails: emails.map((value) => ({ value })),
    phones: phones.map((value) => ({ value })),
    addresses: [],
    profiles,
    work,
    education,
    skills,
    jobs: [],
    attachments: [{ filename: origin.file, type: 'resume' }],
    resumeText: text.length > MAX_RESUME_TEXT ? text.slice(0, MAX_RESUME_TEXT) : text,
    origin,
  };
  if (name) {
    rec.displayName = name;
    const parts = name.split(' ');
    rec.givenName = parts.slice(0, -1).join(' ');
    rec.familyName = parts[parts.length - 1];
  }
  // joins the candidate with the same e-mail (the ATS record it was attached to); else it stands alone
  if (emails.length > 0) {
    rec.key = `${SOURCE}:${emails[0].toLowerCase()}`;
    rec.ref = emails[0];
  } else rec.key = `${SOURCE}:${origin.file}`;
  return { ok: true, items: [rec] };
}

export interface DocumentRecord {
  documentKind: 'pdf' | 'docx';
  documentText: string;
}

function parse(record: unknown, origin: Origin): ParseOutcome<CandidateRecord> {
  if (!isObj(record) || typeof record.documentText !== 'string')
    return reject('documentText', 'a resume document is read from a PDF or DOCX file (recognised by its bytes), not from JSON or CSV');
  return parseResumeText(record.documentText, origin);
}

export const resumeDocument: CandidateFormat = {
  id: SOURCE,
  title: 'Resume documents (PDF, DOCX: read to text, parsed for contact data, employers and dates)',
  produces: 'candidates',
  containers: ['json-object'],
  example: 'Oleksandr Hrytsenko\nDenver, CO · +1 (720) 555-0163 · o.hrytsenko.dev@gmail.com\nSenior Software Engineer, Bluebird Logistics\nJan 2019 – Present',
  // never detected from JSON or CSV records: the reader recognises PDF and DOCX files by their magic bytes
  sniff: () => false,
  parse,
};
