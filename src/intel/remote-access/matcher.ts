// Matching endpoint observations (an installed program, a process, a network connection, a USB device) against
// the remote-access catalog with matchers compiled once from it:
//   names / products / descriptions → Map of compact name keys (exact, or the longest leading words)
//   publishers / signers / companies → Map of organisation keys, plus Splunk's file-info globs indexed by prefix
//   executable and original file names → Map of lower-case file names, plus '*' globs indexed by prefix
//   install paths → '*' globs over canonical paths, indexed by their most specific literal segment
//   domains → Map from a literal label suffix ("anydesk.com") to rules checking the labels to its left
//   USB → vendor:product id plus the default manufacturer/product/serial strings of IP-KVMs
// No regular expression is built from catalog text: globs are split at '*' and matched with indexOf, so every
// match is linear in the observation's length (observations over MAX_VALUE characters are not matched).
import {
  compileGlob, exeKey, globMatch, globPrefix, hostKey, ipv4Key, MAX_VALUE, nameKey, nameWords, normText, orgKey, pathKey, type Glob,
} from './normalize.ts';
import type { RemoteAccessCatalog, RemoteAccessTool, UsbIdentity } from './catalog.ts';
import {
  DENIED_DOMAINS, DENIED_EXECUTABLES, DENIED_FILEINFO, DENIED_ORG_FIRST_WORDS, DENIED_NAMES, DENIED_ORGS, GENERIC_PATH_SEGMENTS, NO_PREFIX_NAMES, ORG_FILLER_WORDS,
  PUBLIC_SUFFIXES, SHARED_HOSTING_SUFFIXES, WEAK_DOMAINS, WEAK_FILEINFO, WEAK_EXECUTABLES, WEAK_NAMES,
} from './deny.ts';

/** One observation; any subset of fields. */
export interface RemoteAccessObservation {
  /** Program / package / app display name ("AnyDesk", "TeamViewer 15"). */
  name?: string;
  /** Publisher / PE CompanyName / package vendor. */
  publisher?: string;
  /** PE ProductName. */
  product?: string;
  /** PE FileDescription. */
  description?: string;
  /** Process or file name, or a full path to one ("AnyDesk.exe", "C:\\…\\AnyDesk.exe", "/usr/bin/anydesk"). */
  executable?: string;
  /** PE OriginalFileName. */
  originalFileName?: string;
  /** Install location or file path. */
  path?: string;
  /** Authenticode / code-signing signer. */
  signer?: string;
  /** Remote host, URL or host:port. */
  domain?: string;
  /** A USB device (osquery usb_devices, Defender PnP events). Ids as hex strings ("1d6b", "0x1D6B") or numbers. */
  usb?: {
    vendorId?: string | number; productId?: string | number; manufacturer?: string; product?: string; serial?: string;
    /** A Windows PnP device instance id ("USB\\VID_1D6B&PID_0104\\CAFEBABE", Defender DeviceEvents): ids and serial are read from it when not given. */
    deviceId?: string;
  };
}

export type ObservationField = Exclude<keyof RemoteAccessObservation, 'usb'> | 'usb';
export type CatalogField =
  | 'name' | 'names' | 'products' | 'descriptions' | 'companies' | 'signers' | 'fileInfo' | 'executables' | 'originalFileNames'
  | 'installPaths' | 'domains' | 'usb';
export type Confidence = 'high' | 'low';

export interface MatchEvidence {
  /** Which field of the observation matched. */
  field: ObservationField;
  /** The observed value (as given, cut to 200 characters). */
  observed: string;
  /** Where in the catalog entry the match is. */
  catalogField: CatalogField;
  /** The catalog value that matched (a name, file name, glob, domain pattern, USB identity). */
  catalogValue: string;
  how: 'exact' | 'leading-words' | 'glob' | 'folder' | 'domain' | 'usb';
  confidence: Confidence;
  /** Why the confidence is low. */
  reason?: string;
}

export interface RemoteAccessMatch {
  tool: RemoteAccessTool;
  /** 'high' when any evidence is high. */
  confidence: Confidence;
  evidence: MatchEvidence[];
}

interface Entry { tool: RemoteAccessTool; catalogField: CatalogField; value: string; weak?: string }
interface GlobEntry extends Entry { glob: Glob }
interface PathRule extends Entry { glob: Glob; folder?: string }
interface DomainRule extends Entry { left: Glob[]; anySub: boolean }
interface UsbRule { tool: RemoteAccessTool; id: UsbIdentity; manufacturers: Set<string>; products: Set<string>; serials: Set<string> }

const push = <K, V>(m: Map<K, V[]>, k: K, v: V): void => {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
};

/** Precompiled matchers over one catalog. */
export class RemoteAccessMatcher {
  readonly catalog: RemoteAccessCatalog;
  private readonly names = new Map<string, Entry[]>();
  private readonly prefixNames = new Map<string, Entry[]>();
  private readonly orgs = new Map<string, Entry[]>();
  private readonly infoGlobs = new Map<string, GlobEntry[]>();
  private readonly exes = new Map<string, Entry[]>();
  private readonly exeGlobs = new Map<string, GlobEntry[]>();
  private readonly paths = new Map<string, PathRule[]>();
  /** Path patterns without a literal segment, by the first 3 characters of a segment glob ("screenconnect client*"). */
  private readonly pathPrefixes = new Map<string, PathRule[]>();
  private readonly domains = new Map<string, DomainRule[]>();
  /** IPv4 addresses some sources list among domains (a vendor's relay or a campaign's server). */
  private readonly ips = new Map<string, Entry[]>();
  private readonly usb: UsbRule[] = [];
  private readonly maxNameWords: number;
  /** Catalog values not used as keys, with the reason (for the README and tests). */
  readonly skipped: { tool: string; catalogField: CatalogField; value: string; reason: string }[] = [];

  constructor(catalog: RemoteAccessCatalog) {
    this.catalog = catalog;
    const orgOwners = new Map<string, Set<string>>();
    for (const t of catalog.tools) for (const o of [...(t.companies ?? []), ...(t.signers ?? [])]) {
      const k = orgKey(o);
      if (k) (orgOwners.get(k) ?? orgOwners.set(k, new Set()).get(k)!).add(t.id);
    }
    let maxWords = 1;
    for (const t of catalog.tools) {
      const identity = identityText(t);
      // names, products, descriptions
      const nameVals: [CatalogField, string][] = [['name', t.name], ...(t.names ?? []).map((n): [CatalogField, string] => ['names', n])];
      for (const p of t.products ?? []) nameVals.push(['products', p]);
      for (const d of t.descriptions ?? []) nameVals.push(['descriptions', d]);
      const seen = new Set<string>();
      for (const [field, v] of nameVals) {
        for (const k of new Set([nameKey(v), nameKey(v, true)])) {
          if (!k || seen.has(k)) continue;
          seen.add(k);
          if (DENIED_NAMES.has(k) || k.length < 3) {
            this.skipped.push({ tool: t.id, catalogField: field, value: v, reason: 'generic name' });
            continue;
          }
          if ((field === 'products' || field === 'descriptions') && !sharesWord(v, identity)) {
            this.skipped.push({ tool: t.id, catalogField: field, value: v, reason: 'PE text without a word of the tool\'s names' });
            continue;
          }
          const e: Entry = { tool: t, catalogField: field, value: v, weak: WEAK_NAMES.get(k) };
          push(this.names, k, e);
          const words = nameWords(v).length;
          if (!e.weak && k.length >= 5 && !NO_PREFIX_NAMES.has(k)) {
            push(this.prefixNames, k, e);
            maxWords = Math.max(maxWords, words);
          }
        }
      }
      // organisations
      for (const [field, vals] of [['companies', t.companies ?? []], ['signers', t.signers ?? []]] as const) {
        for (const v of vals) {
          const k = orgKey(v);
          if (!k || k.length < 3) continue;
          if (DENIED_ORGS.has(k) || DENIED_ORG_FIRST_WORDS.has(normText(v).split(/[^\p{L}\p{N}]+/u).find(Boolean) ?? '')) {
            this.skipped.push({ tool: t.id, catalogField: field, value: v, reason: 'organisation of much ordinary software, or a source\'s noise' });
            continue;
          }
          if ((orgOwners.get(k)?.size ?? 0) > 1 && !sharesWord(v, identity, ORG_FILLER_WORDS)) {
            this.skipped.push({ tool: t.id, catalogField: field, value: v, reason: 'organisation listed for several tools, none of its words in this tool\'s names, files or domains' });
            continue;
          }
          if ((this.orgs.get(k) ?? []).some((e) => e.tool === t)) continue;
          push(this.orgs, k, { tool: t, catalogField: field, value: v });
        }
      }
      for (const v of t.fileInfo ?? []) {
        const g = normText(v);
        const lit = globPrefix(g);
        const k = orgKey(lit);
        const nk = nameKey(lit);
        if (lit.length < 3 || DENIED_FILEINFO.has(g) || DENIED_ORG_FIRST_WORDS.has(lit.split(/[^\p{L}\p{N}]+/u).find(Boolean) ?? '') || DENIED_ORGS.has(k) || DENIED_NAMES.has(nk) || NO_PREFIX_NAMES.has(nk) || WEAK_NAMES.has(nk)) {
          this.skipped.push({ tool: t.id, catalogField: 'fileInfo', value: v, reason: lit.length < 3 ? 'no literal prefix' : 'prefix is a word or a generic name' });
          continue;
        }
        push(this.infoGlobs, lit.slice(0, 3), { tool: t, catalogField: 'fileInfo', value: v, glob: compileGlob(g), weak: WEAK_FILEINFO.get(g) });
      }
      // file names
      for (const [field, vals] of [['executables', t.executables ?? []], ['originalFileNames', t.originalFileNames ?? []]] as const) {
        for (const v of vals) {
          const f = exeKey(v);
          if (!f) continue;
          if (f.includes('*')) {
            const lit = globPrefix(f);
            if (lit.length < 3 || DENIED_EXECUTABLES.has(lit)) {
              this.skipped.push({ tool: t.id, catalogField: field, value: v, reason: 'glob without a specific prefix' });
              continue;
            }
            push(this.exeGlobs, lit.slice(0, 3), { tool: t, catalogField: field, value: v, glob: compileGlob(f) });
            continue;
          }
          if (DENIED_EXECUTABLES.has(f) || f.length < 3) {
            this.skipped.push({ tool: t.id, catalogField: field, value: v, reason: 'generic file name' });
            continue;
          }
          const e: Entry = { tool: t, catalogField: field, value: v, weak: WEAK_EXECUTABLES.get(f) };
          if (!(this.exes.get(f) ?? []).some((x) => x.tool === t)) push(this.exes, f, e);
          // "anydesk.exe" also matches a process "anydesk" (Linux/macOS binaries have no extension)
          if (f.endsWith('.exe')) {
            const stem = f.slice(0, -4);
            if (stem.length >= 4 && !DENIED_EXECUTABLES.has(stem) && !DENIED_NAMES.has(stem) && !(this.exes.get(stem) ?? []).some((x) => x.tool === t)) {
              push(this.exes, stem, e);
            }
          }
        }
      }
      // install paths
      for (const v of t.installPaths ?? []) {
        const p = pathKey(v);
        const anchor = pathAnchor(p);
        if (!anchor) {
          this.skipped.push({ tool: t.id, catalogField: 'installPaths', value: v, reason: 'no specific path segment' });
          continue;
        }
        const weak = WEAK_EXECUTABLES.get(anchor.key) ?? (anchor.key === 'gotomeeting' ? 'GoToMeeting (conferencing) folder' : undefined);
        const rule: PathRule = { tool: t, catalogField: 'installPaths', value: v, glob: compileGlob(p), folder: folderOf(p), weak };
        push(anchor.prefix ? this.pathPrefixes : this.paths, anchor.key, rule);
      }
      // domains
      for (const v of t.domains ?? []) {
        const ip = ipv4Key(v);
        if (ip) {
          push(this.ips, ip, { tool: t, catalogField: 'domains', value: v });
          continue;
        }
        const r = compileDomain(v);
        if (typeof r === 'string') {
          this.skipped.push({ tool: t.id, catalogField: 'domains', value: v, reason: r });
          continue;
        }
        push(this.domains, r.suffix, { tool: t, catalogField: 'domains', value: v, left: r.left, anySub: r.anySub, weak: WEAK_DOMAINS.get(v) });
      }
      for (const id of t.usb ?? []) {
        this.usb.push({
          tool: t, id,
          manufacturers: new Set(id.manufacturers.map((m) => nameKey(m)).filter(Boolean)),
          products: new Set(id.products.map((m) => nameKey(m)).filter(Boolean)),
          serials: new Set((id.serials ?? []).map((s) => normText(s))),
        });
      }
    }
    this.maxNameWords = Math.min(maxWords, 8);
  }

  /** Every tool the observation matches, strongest first; [] when none. */
  match(obs: RemoteAccessObservation): RemoteAccessMatch[] {
    const found = new Map<string, RemoteAccessMatch>();
    const add = (e: Entry, field: ObservationField, observed: string, how: MatchEvidence['how']): void => {
      let m = found.get(e.tool.id);
      if (!m) found.set(e.tool.id, (m = { tool: e.tool, confidence: 'low', evidence: [] }));
      const ev: MatchEvidence = {
        field, observed: observed.length > 200 ? observed.slice(0, 200) + '…' : observed, catalogField: e.catalogField, catalogValue: e.value, how,
        confidence: e.weak ? 'low' : 'high',
      };
      if (e.weak) ev.reason = e.weak;
      if (m.evidence.some((x) => x.field === ev.field && x.catalogField === ev.catalogField && x.catalogValue === ev.catalogValue)) return;
      m.evidence.push(ev);
      if (!e.weak) m.confidence = 'high';
    };
    for (const field of ['name', 'product', 'description'] as const) {
      const v = obs[field];
      if (typeof v === 'string' && v) this.matchName(v, field, add);
    }
    for (const field of ['publisher', 'signer'] as const) {
      const v = obs[field];
      if (typeof v === 'string' && v) this.matchOrg(v, field, add);
    }
    for (const field of ['product', 'description', 'name'] as const) {
      const v = obs[field];
      if (typeof v === 'string' && v) this.matchInfo(v, field, add);
    }
    for (const field of ['executable', 'originalFileName'] as const) {
      const v = obs[field];
      if (typeof v === 'string' && v) {
        this.matchExe(v, field, add);
        if (/[\\/]/.test(v)) this.matchPath(v, field, add);
      }
    }
    if (typeof obs.path === 'string' && obs.path) {
      this.matchPath(obs.path, 'path', add);
      // a path to a file ("…\\AnyDesk.exe") or a bare file name is also a file name; a folder ("…\\AnyDesk") is not
      if (exeKey(obs.path).includes('.') || !/[\\/]/.test(obs.path)) this.matchExe(obs.path, 'path', add);
    }
    if (typeof obs.domain === 'string' && obs.domain) this.matchDomain(obs.domain, add);
    if (obs.usb) this.matchUsb(obs.usb, add);
    const out = [...found.values()];
    out.sort((a, b) => (a.confidence === b.confidence ? b.evidence.length - a.evidence.length : a.confidence === 'high' ? -1 : 1));
    return out;
  }

  private matchName(v: string, field: ObservationField, add: (e: Entry, f: ObservationField, o: string, how: MatchEvidence['how']) => void): void {
    if (v.length > MAX_VALUE) return;
    let hit = false;
    for (const k of new Set([nameKey(v), nameKey(v, true)])) {
      for (const e of this.names.get(k) ?? []) {
        add(e, field, v, 'exact');
        hit = true;
      }
    }
    if (hit) return;
    // the longest run of leading words that is a tool's name ("TeamViewer Host", "AnyDesk MSI")
    const words = nameWords(v);
    for (let n = Math.min(words.length - 1, this.maxNameWords); n >= 1; n--) {
      const k = words.slice(0, n).join('').replace(/\./g, '');
      const es = this.prefixNames.get(k);
      if (es) {
        for (const e of es) add(e, field, v, 'leading-words');
        return;
      }
    }
  }

  private matchOrg(v: string, field: ObservationField, add: (e: Entry, f: ObservationField, o: string, how: MatchEvidence['how']) => void): void {
    if (v.length > MAX_VALUE) return;
    const k = orgKey(v);
    for (const e of this.orgs.get(k) ?? []) add(e, field, v, 'exact');
    this.matchInfo(v, field, add);
  }

  private matchInfo(v: string, field: ObservationField, add: (e: Entry, f: ObservationField, o: string, how: MatchEvidence['how']) => void): void {
    const s = normText(v);
    if (s.length < 3) return;
    for (const e of this.infoGlobs.get(s.slice(0, 3)) ?? []) if (globMatch(e.glob, s)) add(e, field, v, 'glob');
  }

  private matchExe(v: string, field: ObservationField, add: (e: Entry, f: ObservationField, o: string, how: MatchEvidence['how']) => void): void {
    if (v.length > MAX_VALUE) return;
    const f = exeKey(v);
    if (!f) return;
    for (const e of this.exes.get(f) ?? []) add(e, field, v, 'exact');
    if (f.length >= 3) for (const e of this.exeGlobs.get(f.slice(0, 3)) ?? []) if (globMatch(e.glob, f)) add(e, field, v, 'glob');
  }

  private matchPath(v: string, field: ObservationField, add: (e: Entry, f: ObservationField, o: string, how: MatchEvidence['how']) => void): void {
    if (v.length > MAX_VALUE) return;
    const p = pathKey(v);
    if (!p) return;
    const segs = new Set(p.split('/'));
    if (segs.size > 128) return;
    for (const s of segs) {
      for (const r of [...(this.paths.get(s) ?? []), ...(s.length >= 3 ? this.pathPrefixes.get(s.slice(0, 3)) ?? [] : [])]) {
        if (globMatch(r.glob, p) || globMatch(r.glob, p + '/')) add(r, field, v, 'glob');
        else if (r.folder && (p === r.folder || p.startsWith(r.folder + '/'))) add(r, field, v, 'folder');
      }
    }
  }

  private matchDomain(v: string, add: (e: Entry, f: ObservationField, o: string, how: MatchEvidence['how']) => void): void {
    const ip = ipv4Key(v);
    if (ip) {
      for (const e of this.ips.get(ip) ?? []) add(e, 'domain', v, 'exact');
      return;
    }
    const h = hostKey(v);
    if (!h) return;
    const labels = h.split('.');
    if (labels.length > 127) return;
    // every suffix of at least two labels, shortest first: "anydesk.com", "net.anydesk.com", …
    let suffix = labels[labels.length - 1];
    for (let i = labels.length - 2; i >= 0; i--) {
      suffix = labels[i] + '.' + suffix;
      const rules = this.domains.get(suffix);
      if (!rules) continue;
      const left = labels.slice(0, i);
      for (const r of rules) if (domainLeftMatch(r, left)) add(r, 'domain', v, 'domain');
    }
  }

  private matchUsb(u0: NonNullable<RemoteAccessObservation['usb']>, add: (e: Entry, f: ObservationField, o: string, how: MatchEvidence['how']) => void): void {
    let u = u0;
    const pnp = typeof u.deviceId === 'string' && u.deviceId.length <= 512 ? /VID_([0-9A-F]{4})&PID_([0-9A-F]{4})(?:[^\\]*\\([^\\&]+)$)?/i.exec(u.deviceId) : null;
    const vid = hexId(u.vendorId) || (pnp ? pnp[1].toLowerCase() : '');
    const pid = hexId(u.productId) || (pnp ? pnp[2].toLowerCase() : '');
    if (pnp?.[3] && u.serial === undefined) u = { ...u, serial: pnp[3] };
    const man = typeof u.manufacturer === 'string' ? nameKey(u.manufacturer) : '';
    const prod = typeof u.product === 'string' ? nameKey(u.product) : '';
    const serial = typeof u.serial === 'string' ? normText(u.serial) : '';
    const observed = [vid && pid ? `${vid}:${pid}` : '', u.manufacturer ?? '', u.product ?? '', u.serial ?? ''].filter(Boolean).join(' / ');
    for (const r of this.usb) {
      const idMatch = vid === r.id.vendorId && pid === r.id.productId;
      const why: string[] = [];
      if (man && r.manufacturers.has(man)) why.push(`manufacturer "${u.manufacturer}"`);
      if (prod && r.products.has(prod) && (r.id.distinctiveProducts || idMatch)) why.push(`product "${u.product}"`);
      if (serial && idMatch && r.serials.has(serial)) why.push(`serial "${u.serial}"`);
      if (!why.length) continue;
      if (idMatch) why.push(`id ${vid}:${pid} (Linux Foundation multifunction composite gadget)`);
      const value = `${r.id.vendorId}:${r.id.productId} ${r.id.manufacturers.join('|')} / ${r.id.products.join('|')}`;
      add({ tool: r.tool, catalogField: 'usb', value }, 'usb', `${observed} — ${why.join(', ')}`, 'usb');
    }
  }
}

/** Words of a tool's names, file names and domains, as one compact lower-case string. */
function identityText(t: RemoteAccessTool): string {
  const parts = [t.name, ...(t.names ?? []), ...(t.executables ?? []), ...(t.domains ?? [])];
  return parts.map((p) => normText(p).replace(/[^a-z0-9]+/g, '')).join(' ');
}

/** Whether a word of v (≥ 3 characters, not a filler word) appears in the tool's identity text. */
function sharesWord(v: string, identity: string, filler?: ReadonlySet<string>): boolean {
  for (const w of normText(v).split(/[^a-z0-9]+/)) {
    if (w.length < 3 || filler?.has(w) || ORG_FILLER_WORDS.has(w)) continue;
    if (identity.includes(w)) return true;
  }
  return false;
}

/**
 * The segment a path pattern is found by: its longest literal segment that is not a root token, a generic folder
 * or a generic file name; else (prefix) the first 3 characters of a segment glob with a literal prefix of at
 * least 4 ("screenconnect client*" → "scr").
 */
function pathAnchor(p: string): { key: string; prefix: boolean } | undefined {
  const segs = p.split('/');
  let best: string | undefined;
  for (const s of segs) {
    if (!s || s.includes('*') || s.startsWith('%') || s === '~' || GENERIC_PATH_SEGMENTS.has(s) || s.length < 3 || (s.includes('.') && DENIED_EXECUTABLES.has(s))) continue;
    if (!best || s.length > best.length) best = s;
  }
  if (best) return { key: best, prefix: false };
  let bestGlob: string | undefined;
  for (const s of segs) {
    if (!s.includes('*') || s.startsWith('%')) continue;
    const lit = globPrefix(s);
    if (lit.length >= 4 && !GENERIC_PATH_SEGMENTS.has(lit) && (!bestGlob || lit.length > bestGlob.length)) bestGlob = lit;
  }
  return bestGlob ? { key: bestGlob.slice(0, 3), prefix: true } : undefined;
}

/** For a pattern naming a folder ("%programfiles%/anydesk", "%programfiles%/anydesk/*"): that folder, if specific. */
function folderOf(p: string): string | undefined {
  let f = p.endsWith('/*') ? p.slice(0, -2) : p;
  if (f.includes('*')) return undefined;
  const last = f.slice(f.lastIndexOf('/') + 1);
  if (/\.(exe|msi|dll|json|xml|service|plist|lnk|zip|bat|cmd|ps1)$/.test(last)) {
    f = f.slice(0, f.lastIndexOf('/'));
  }
  const segs = f.split('/').filter(Boolean);
  const lastSeg = segs[segs.length - 1];
  if (segs.length < 2 || !lastSeg || GENERIC_PATH_SEGMENTS.has(lastSeg) || lastSeg.startsWith('%') || lastSeg === '~') return undefined;
  return f;
}

/** A catalog domain pattern → literal suffix + glob labels to its left, or the reason it is not usable. */
function compileDomain(v: string): { suffix: string; left: Glob[]; anySub: boolean } | string {
  const labels = normText(v).split('.');
  if (labels.some((l) => !l)) return 'empty label';
  let i = labels.length;
  while (i > 0 && !labels[i - 1].includes('*')) i--;
  const suffixLabels = labels.slice(i);
  const suffix = suffixLabels.join('.');
  if (suffixLabels.length < 2 || PUBLIC_SUFFIXES.has(suffix)) return 'no registrable domain';
  const leftLabels = labels.slice(0, i);
  const anySub = leftLabels.length === 1 && leftLabels[0] === '*';
  if (leftLabels.length === 0 || anySub) {
    if (DENIED_DOMAINS.has(suffix)) return 'generic domain';
    if (SHARED_HOSTING_SUFFIXES.has(suffix)) return 'shared hosting platform (any customer\'s host)';
  }
  for (const l of leftLabels) if (l.replace(/\*/g, '') === '' && l !== '*') return 'bad label';
  return { suffix, left: anySub ? [] : leftLabels.map(compileGlob), anySub };
}

function domainLeftMatch(r: DomainRule, left: string[]): boolean {
  if (r.anySub) return true; // "*.x.com": any sub-domain, and x.com itself (the vendor's own domain)
  if (left.length !== r.left.length) return false;
  for (let i = 0; i < left.length; i++) if (!globMatch(r.left[i], left[i])) return false;
  return true;
}

/** "0x1D6B", "1d6b", 7531 → "1d6b"; '' when not an id. */
function hexId(v: string | number | undefined): string {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 0xffff ? v.toString(16).padStart(4, '0') : '';
  if (typeof v !== 'string') return '';
  const t = v.trim().toLowerCase().replace(/^0x/, '');
  return /^[0-9a-f]{1,4}$/.test(t) ? t.padStart(4, '0') : '';
}
