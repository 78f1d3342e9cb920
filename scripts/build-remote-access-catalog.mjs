#!/usr/bin/env node
// Builds data/remote-access/catalog.json — the remote-access tool catalog of issue 9 — from the third-party lists
// in ../shared/data/rmm (LOLRMM, the Microsoft hunting list of jischell-msft, Splunk's lookup) plus the curated
// entries of data/remote-access/curated.json (VPN clients, keep-awake tools, IP-KVMs). Run by hand, never at
// install or test time:
//
//   node --import tsx scripts/build-remote-access-catalog.mjs [--from ../shared/data/rmm]
//
// (tsx: it shares the normalisation of src/intel/remote-access/normalize.ts with the matcher.) It also copies the
// licences to data/remote-access/licenses/ and the upstream files the tests check the catalog against to
// src/intel/remote-access/fixtures/upstream/ (rmm_tools.json without its base64 certificates). The output is
// deterministic: same inputs, same bytes.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { compileGlob, exeKey, hostKey, nameKey, normText, orgKey, pathKey } from '../src/intel/remote-access/normalize.ts';

const ROOT = join(import.meta.dirname, '..');
const argFrom = process.argv.indexOf('--from');
const FROM = resolve(argFrom > 0 ? process.argv[argFrom + 1] : join(ROOT, '..', 'shared', 'data', 'rmm'));
const OUT = join(ROOT, 'data', 'remote-access');
const FIX = join(ROOT, 'src', 'intel', 'remote-access', 'fixtures', 'upstream');

/** Where each input came from (../shared/data/PROVENANCE.md). */
const SOURCES = {
  lolrmm: {
    name: 'LOLRMM', repo: 'magicsword-io/LOLRMM', commit: '3c75cf09', date: '2026-08-21', licence: 'Apache-2.0',
    licenceFile: 'LOLRMM-LICENSE', files: ['rmm_tools.json', 'rmm_domains.csv'], url: 'https://github.com/magicsword-io/LOLRMM',
  },
  jischell: {
    name: 'Microsoft RMM hunting list (jischell-msft)', repo: 'jischell-msft/RemoteManagementMonitoringTools', commit: '7bb251e6',
    licence: 'MIT', licenceFile: 'jischell-LICENSE', files: ['jischell_RMM_SummaryNetworkURI.csv'],
    url: 'https://github.com/jischell-msft/RemoteManagementMonitoringTools',
  },
  splunk: {
    name: 'Splunk security_content remote_access_software lookup', repo: 'splunk/security_content', commit: 'b13b314a', date: '2024-10',
    licence: 'Apache-2.0', licenceFile: 'splunk-LICENSE', files: ['splunk_remote_access_software.csv'],
    url: 'https://github.com/splunk/security_content',
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Merging. Tools are merged by the compact key of their name without bracketed parts (nameKey), then through
// ALIASES: the same product under another name in another source (or twice in LOLRMM).
const ALIASES = {
  aterarmm: 'atera',
  acroniccyberprotect: 'acroniscyberprotect', // Splunk's typo
  fleetdeskio: 'fleetdeckio', // Splunk's typo
  fleetdeck: 'fleetdeckio',
  microsoftrdp: 'mstscexe',
  nateondesktopsharing: 'noteondesktopsharing', // LOLRMM's typo of NateOn
  remotepassaccess: 'remotepass',
  ammyy: 'ammyyadmin',
  barracudarmm: 'barracuda',
  connectwisecontinuummanaged: 'itsupport247', // itsupport247.net is Continuum's (now ConnectWise) RMM
  datto: 'centrastage', // Datto RMM = CentraStage
  kaseyavsa: 'kaseya',
  nable: 'nableadvancedmonitoringagent', // jischell's N-Able rows are N-able N-sight / Advanced Monitoring Agent domains
  netsupport: 'netsupportmanager',
  pdq: 'pdqconnect',
  synchromsp: 'syncro',
  techinline: 'fixmeit', // Techinline makes FixMe.it
  level: 'levelio',
  splashtopremote: 'splashtop',
  ninjaone: 'ninjarmm',
  connectwisecontrol: 'screenconnect',
  labteach: 'connectwiseautomate',
  labtechrmm: 'connectwiseautomate',
  microsoftquickassist: 'quickassist',
  netopremotecontrol: 'netop',
  devtunnels: 'visualstudiodevtunnel',
  remotedesktopmanager: 'devolutionsremotedesktopmanager',
  vncconnect: 'realvnc',
  pandorarc: 'ehorus',
  mionet: 'mionet',
};

/** Display names where the sources' first spelling is a typo or a file name. */
const DISPLAY = {
  noteondesktopsharing: 'NateOn desktop sharing',
  mstscexe: 'Microsoft Remote Desktop Connection (mstsc)',
  microsofttsc: 'Microsoft Terminal Services (termsrv)',
  levelio: 'Level.io',
  screenconnect: 'ScreenConnect (ConnectWise Control)',
  ninjarmm: 'NinjaOne (NinjaRMM)',
  connectwiseautomate: 'ConnectWise Automate (LabTech)',
  centrastage: 'Datto RMM (CentraStage)',
  visualstudiodevtunnel: 'Visual Studio Dev Tunnels',
  quickassist: 'Microsoft Quick Assist',
  fleetdeckio: 'FleetDeck.io',
  realvnc: 'RealVNC (VNC Connect)',
  splashtop: 'Splashtop',
  ultravnc: 'UltraVNC',
  psexecclone: 'PsExec clones (PAExec, RemCom, CSExec, xCmd)',
  psexec: 'PsExec',
};

/**
 * Names inside brackets that are another name of the product (added as aliases); other bracketed words ("Now
 * Datto", "Clone", "Beta", a vendor's name) are not names of that tool.
 */
const BRACKET_ALIASES = {
  acroniscyberprotect: ['Remotix'], beyondtrust: ['Bomgar'], connectwiseautomate: ['LabTech', 'ConnectWise Automate'],
  manageengine: ['ManageEngine Desktop Central', 'Desktop Central'], ehorus: ['Pandora RC'], gotoassist: ['GoTo Resolve'],
  pocketcontroller: ['Soti Xsight'], mionet: ['WD Anywhere Access'], netop: ['Impero Connect'], ninjarmm: ['NinjaRMM', 'NinjaOne'],
  visualstudiodevtunnel: ['Dev Tunnels', 'Visual Studio Dev Tunnel'], devolutionsremotedesktopmanager: ['Remote Desktop Manager'],
  mstscexe: ['Microsoft Remote Desktop Connection', 'Remote Desktop Connection', 'mstsc'], absolute: ['Computrace'],
  centrastage: ['Datto RMM', 'CentraStage'], screenconnect: ['ConnectWise Control', 'ScreenConnect'], ninitepro: ['Ninite Agent'],
  questkaceagent: ['KACE Agent', 'Dell KACE'], netviewer: ['Netviewer'], pocketcloud: ['Wyse PocketCloud'],
};

// Category of each merged tool. Sources say RMM or RAT (LOLRMM calls any remote-access tool a RAT) or
// "Remote Access"/"Built-in"/"Utility" (Splunk); the catalog refines that so a detector can weigh an SSH client
// differently from an unattended remote-control agent.
const CATEGORY = {
  'remote-desktop': [
    'anydesk', 'teamviewer', 'screenconnect', 'splashtop', 'rustdesk', 'ammyyadmin', 'aeroadmin', 'ultraviewer', 'supremo', 'todesk',
    'sunlogin', 'hoptodesk', 'anyviewer', 'getscreen', 'remoteutilities', 'radmin', 'realvnc', 'tightvnc', 'tigervnc', 'ultravnc', 'vnc',
    'chromeremotedesktop', 'parsec', 'nomachine', 'zohoassist', 'logmein', 'logmeinrescue', 'gotomypc', 'gotoassist', 'remotepc',
    'jumpdesktop', 'parallelsaccess', 'islonline', 'isllight', 'iperiusremote', 'alpemix', 'litemanager', 'distantdesktop', 'dwservice',
    'showmypc', 'fixmeit', 'simplehelp', 'meshcentral', 'remotely', 'beyondtrust', 'dameware', 'netsupportmanager', 'netop', 'gotohttp',
    'rudesktop', 'helpwire', 'remotepass', 'anyplacecontrol', 'anysupport', 'aweray', 'appleremotedesktop', 'x2go', 'xpra', 'freenx',
    'duetdisplay', 'mousewithoutborders', 'synergy', 'remoteview', 'remotecall', 'screenmeet', 'skyfex', 'pcvisit', 'fastviewer',
    'mikogo', 'beamyourscreen', 'crossloop', 'instanthousecall', 'pcanywhere', 'remotedesktopplus', 'veyon', 'smartcodewebvnc',
    'jollysfastvnc', 'mochavnclite', 'chickenofthevnc', 'ezhelp', 'seetrol', 'helpu', 'khelpdesk', 'mygreenpc', 'deskshare', 'desktopnow',
    'bluetrait', 'remsupp', 'lunixar', 'controlr', 'ericomaccessnow', 'ericomconnect', 'guacamole', 'webrdp', 'impero', 'teledesktop',
    'neturo', 'pilixo', 'weezo', 'beanywhere', 'imintouch', 'laplinkeverywhere', 'laplinkgold', 'intelliadminremotecontrol',
    'crosstecremotecontrol', 'ivantiremotecontrol', 'remotemanipulatorsystem', 'remobo', 'rocketremotedesktop', 'helpbeam',
    'gatherplacedesktopsharing', 'noteondesktopsharing', 'qqimremoteassistance', 'aliwangwangremotecontrol', 'turbomeeting', 'echoware',
    'cruzcontrol', 'ntrremote', 'myivo', 'pcnow', 'webexremoteaccess', 'adobeconnect', 'accessremotepc', 'trustconnect', 'sorillus',
    'xeox', 'rdpview', 'rdclient', 'remoteripple', 'remmina', 'freerdp', 'xrdp',
  ],
  'built-in': ['mstscexe', 'microsofttsc', 'quickassist'],
  tunnel: [
    'ngrok', 'cloudflaretunnel', 'visualstudiodevtunnel', 'localxpose', 'pitunnel', 'tailscale', 'zerotier', 'netbird', 'remoteit',
    'tmate', 'dataplicity', 'rport', 'shellhub', 'rdp2tcp', 'onionshare',
  ],
  'admin-tool': [
    'psexecclone', 'putty', 'puttytray', 'kitty', 'extraputty', 'superputty', 'solarputty', 'securecrt', 'xshell', 'mobaxterm', 'bitvisesshclient',
    'bitvisesshserver', 'smartty', 'zoc', 'winscp', 'rdcman', 'mremoteng', 'royalts', 'royalapps', 'royalserver', 'terminals',
    'chromesshextension', 'devolutionsremotedesktopmanager', 'teleportconnect', 'psexec', 'psexecclone', 'emcoremoteconsole',
    'freepingtool', 'freetoolslauncher', 'rdpwrap', 'goverlan',
  ],
  'file-sync': [
    'megasync', 'yandexdisk', 'koofr', 'insync', 'multcloud', 'duplicati', 's3browser', 'smartftp', 'syncthing', 'dragondisk', 'idrive',
    'nordlocker', 'beinsync', 'msp360',
  ],
  'employee-monitoring': ['teramind', 'controlio', 'kickidler', 'netmonitorforemployees', 'spyanywhere', 'syspectr'],
  monitoring: [
    'zabbixagent', 'site24x7', 'netreo', 'panorama9', 'auvik', 'domotz', 'rapid7', 'ocsinventory', 'glpiagent', 'nezha', 'komari',
    'servereye',
  ],
  rat: ['remcos'],
  other: ['basecamp', 'nvda'], // a project-management service and a screen reader, listed by LOLRMM
};
const CATEGORY_OF = new Map();
for (const [cat, ids] of Object.entries(CATEGORY)) for (const id of ids) CATEGORY_OF.set(id, cat);

// ---------------------------------------------------------------------------------------------------------------
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const read = (f) => readFileSync(join(FROM, f));
const inputs = {};
for (const s of Object.values(SOURCES)) for (const f of s.files) inputs[f] = read(f);
const csv = (f) => parse(inputs[f], { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true });

/** @type {Map<string, any>} */
const tools = new Map();
const dropped = { domains: [], paths: [], names: [] };

/** Bracketed words that make a different product ("PSEXEC (Clone)" is PAExec/RemCom, not PsExec). */
const KEEP_BRACKETS = new Set(['psexecclone']);
function canonicalKey(raw) {
  const kb = nameKey(raw, true);
  const k = KEEP_BRACKETS.has(kb) ? kb : nameKey(raw);
  return ALIASES[k] ?? k;
}
function tool(rawName, source) {
  const key = canonicalKey(rawName);
  if (!key) throw new Error(`tool without a usable name: ${JSON.stringify(rawName)}`);
  let t = tools.get(key);
  if (!t) {
    t = {
      key, name: DISPLAY[key] ?? rawName.trim(), names: new Set(), sourceCategories: new Set(), sources: new Set(),
      executables: new Set(), originalFileNames: new Set(), products: new Set(), descriptions: new Set(), companies: new Set(),
      signers: new Set(), fileInfo: new Set(), installPaths: new Set(), domains: new Set(), ports: new Set(), websites: new Set(),
      references: new Set(), supportedOs: new Set(), usb: [],
    };
    tools.set(key, t);
    for (const a of BRACKET_ALIASES[key] ?? []) t.names.add(a);
  }
  t.names.add(rawName.trim());
  t.sources.add(source);
  return t;
}

const OS = { windows: 'Windows', linux: 'Linux', macos: 'macOS', mac: 'macOS', osx: 'macOS', android: 'Android', ios: 'iOS', freebsd: 'FreeBSD', chromeos: 'ChromeOS' };
const clean = (s) => (typeof s === 'string' ? s.normalize('NFKC').replace(/\s+/g, ' ').trim() : '');

/** A short, name-like PE description (LOLRMM sometimes puts prose there). */
function peDescription(s) {
  const d = clean(s);
  if (!d || d.length > 60 || /\b(verified|observed|reported|via|unverified|used by|binary|executable)\b/i.test(d) || /[.;:]\s/.test(d)) return undefined;
  return d;
}

function addExe(t, raw, field = 'executables') {
  const e = exeKey(raw);
  if (!e || e.length < 2 || /\s{2,}/.test(e)) return;
  t[field].add(e);
}

/** Domain patterns: lower case, no scheme/port/path; globs kept; regex fragments turned into '*'; placeholders dropped. */
function addDomain(t, raw, source) {
  let d = normText(raw);
  if (!d) return;
  if (d === 'user_managed' || d.startsWith('<') || d.includes(' vps') || d.includes('operator')) {
    dropped.domains.push({ tool: t.key, source, value: raw, reason: 'placeholder (self-hosted server)' });
    return;
  }
  d = d.replace(/^\*\s+\./, '*.').replace(/\s+/g, '');
  const scheme = d.indexOf('://');
  if (scheme >= 0) d = d.slice(scheme + 3);
  d = d.replace(/[/?#].*$/, '');
  // regex fragments: character classes with a count, escaped dots, anchors
  if (/[\\[\](){}^$+?|]/.test(d)) {
    // a regular expression, not a glob: "relay-[a-f0-9]{8}.net.anydesk.com", "^x\.example\.com$"
    d = d.replace(/^\^|\$$/g, '').replace(/\[[^\]]*\](\{\d+(,\d*)?\}|[+*?])?/g, '*').replace(/\.[*+]/g, '*').replace(/\\\./g, '.');
  }
  d = d.replace(/:\d+$/, '').replace(/\.$/, '').replace(/\*+/g, '*');
  if (d.startsWith('*') && !d.startsWith('*.') && d.length > 1) d = '*.' + d.slice(1).replace(/^\./, ''); // "*search.namequery.com"
  if (!/^[a-z0-9*_.-]+$/.test(d) || !d.includes('.')) {
    dropped.domains.push({ tool: t.key, source, value: raw, reason: 'not a host name pattern' });
    return;
  }
  t.domains.add(d);
}

function addPath(t, raw, source) {
  const p = clean(raw);
  if (!p) return;
  if (!/[\\/]/.test(p)) {
    // LOLRMM lists bare file names among installation paths
    if (/\.(exe|msi|dll|app|pkg|dmg|bat|cmd|ps1|scr)$/i.test(p) || /^[a-z0-9_.*-]+$/i.test(p)) addExe(t, p);
    else dropped.paths.push({ tool: t.key, source, value: raw, reason: 'neither a path nor a file name' });
    return;
  }
  const k = pathKey(p);
  if (!k || !k.replace(/[*/]/g, '')) {
    dropped.paths.push({ tool: t.key, source, value: raw, reason: 'empty pattern' });
    return;
  }
  t.installPaths.add(k);
  // the file name of a path is also an executable name
  const last = k.slice(k.lastIndexOf('/') + 1);
  if (/\.(exe|msi|app|scr)$/.test(last)) addExe(t, last);
}

// --- LOLRMM rmm_tools.json -------------------------------------------------------------------------------------
const lolrmm = JSON.parse(inputs['rmm_tools.json'].toString('utf8'));
for (const r of lolrmm) {
  const t = tool(r.Name, 'lolrmm');
  if (r.Category) t.sourceCategories.add(`lolrmm:${r.Category}`);
  const d = r.Details ?? {};
  if (d.Website) t.websites.add(clean(d.Website));
  for (const os of d.SupportedOS ?? []) {
    const k = String(os).toLowerCase().replace(/\s+/g, '');
    t.supportedOs.add(OS[k] ?? clean(os));
  }
  // PEMetadata: a dict, a list of dicts, or null
  const pes = d.PEMetadata == null ? [] : Array.isArray(d.PEMetadata) ? d.PEMetadata : [d.PEMetadata];
  for (const pe of pes) {
    if (!pe || typeof pe !== 'object') continue;
    if (pe.Filename) addExe(t, pe.Filename);
    if (pe.OriginalFileName) addExe(t, pe.OriginalFileName, 'originalFileNames');
    if (pe.InternalName) addExe(t, pe.InternalName, 'originalFileNames');
    if (pe.Product) t.products.add(clean(pe.Product));
    if (pe.Company) t.companies.add(clean(pe.Company));
    const desc = peDescription(pe.Description);
    if (desc) t.descriptions.add(desc);
  }
  // installation paths: in Details, once at the top level, once in Artifacts
  for (const p of [...(d.InstallationPaths ?? []), ...(r.InstallationPaths ?? []), ...(r.Artifacts?.InstallationPaths ?? [])]) addPath(t, p, 'lolrmm');
  // disk artifacts: files the tool leaves (logs, traces, configs), as paths; bare file names as executables
  for (const disk of r.Artifacts?.Disk ?? []) {
    if (!disk?.File || typeof disk.File !== 'string') continue;
    if (/[\\/]/.test(disk.File)) addPath(t, disk.File, 'lolrmm');
    else if (/\.(exe|msi)$/i.test(disk.File)) addExe(t, disk.File);
  }
  for (const n of r.Artifacts?.Network ?? []) {
    for (const dm of n.Domains ?? []) addDomain(t, dm, 'lolrmm');
    for (const p of n.Ports ?? []) if (Number.isInteger(Number(p))) t.ports.add(Number(p));
  }
  const cs = r.CodeSigning;
  if (cs && typeof cs === 'object') {
    for (const c of cs.certificates ?? []) {
      if (c.signer_name) t.signers.add(clean(c.signer_name).replace(/\\$/, ''));
      if (c.src_file_company) t.companies.add(clean(c.src_file_company));
    }
    for (const s of cs.signer_names ?? []) t.signers.add(clean(s).replace(/\\$/, ''));
    for (const s of cs.company_names ?? []) t.companies.add(clean(s));
    for (const s of cs.search_names ?? []) if (/\.exe$/i.test(s)) addExe(t, s);
  }
  for (const ref of r.References ?? []) if (typeof ref === 'string' && /^https?:\/\//.test(ref)) t.references.add(ref.trim());
}

// --- LOLRMM rmm_domains.csv (domain → tool, derived from the same repository) ------------------------------------
for (const r of csv('rmm_domains.csv')) if (r.URI && r.RMM_Tool) addDomain(tool(r.RMM_Tool, 'lolrmm'), r.URI, 'lolrmm');

// --- jischell RMM_SummaryNetworkURI.csv ---------------------------------------------------------------------------
for (const r of csv('jischell_RMM_SummaryNetworkURI.csv')) if (r.URI && r.RMM_Tool) addDomain(tool(r.RMM_Tool, 'jischell'), r.URI, 'jischell');

// --- Splunk remote_access_software.csv ---------------------------------------------------------------------------
for (const r of csv('splunk_remote_access_software.csv')) {
  if (!r.description) continue;
  const t = tool(r.description, 'splunk');
  if (r.category) t.sourceCategories.add(`splunk:${r.category}`);
  if (r.remote_domain) addDomain(t, r.remote_domain, 'splunk');
  if (r.remote_utility) addExe(t, r.remote_utility);
  // remote_utility_fileinfo: a glob over the file's version info (product, description or company)
  if (r.remote_utility_fileinfo) t.fileInfo.add(normText(r.remote_utility_fileinfo));
  const ref = clean(r.comment_reference);
  if (/^https?:\/\//.test(ref)) t.references.add(ref);
}

// --- curated entries ------------------------------------------------------------------------------------------------
const curatedFile = join(OUT, 'curated.json');
const curated = JSON.parse(readFileSync(curatedFile, 'utf8'));
for (const c of curated.tools) {
  if (!c.reference) throw new Error(`curated ${c.name}: no reference`);
  const t = tool(c.name, 'curated');
  t.curatedCategory = c.category;
  for (const n of c.names ?? []) t.names.add(n);
  for (const e of c.executables ?? []) addExe(t, e);
  for (const p of c.publishers ?? []) t.companies.add(p);
  for (const s of c.signers ?? []) t.signers.add(s);
  for (const p of c.installPaths ?? []) addPath(t, p, 'curated');
  for (const d of c.domains ?? []) addDomain(t, d, 'curated');
  for (const u of c.usb ?? []) t.usb.push(u);
  for (const r of [c.reference, ...(c.references ?? [])]) t.references.add(r);
  if (c.website) t.websites.add(c.website);
  if (c.note) t.note = c.note;
}

// ---------------------------------------------------------------------------------------------------------------
function categoryOf(t) {
  if (t.curatedCategory) return t.curatedCategory;
  const c = CATEGORY_OF.get(t.key);
  if (c) return c;
  const sc = [...t.sourceCategories];
  if (sc.some((x) => x.endsWith(':Built-in'))) return 'built-in';
  if (sc.some((x) => x.endsWith(':Developer Utility'))) return 'tunnel';
  return 'rmm';
}
const sorted = (set) => [...set].filter((x) => x !== '').sort();
const slug = (s) => normText(s).replace(/\([^)]*\)/g, ' ').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

const out = [...tools.values()].map((t) => {
  const o = {
    id: slug(t.name) || t.key,
    name: t.name,
    category: categoryOf(t),
    sourceCategories: sorted(t.sourceCategories),
    sources: sorted(t.sources),
    names: sorted(t.names).filter((n) => n !== t.name),
    executables: sorted(t.executables),
    originalFileNames: sorted([...t.originalFileNames].filter((x) => !t.executables.has(x))),
    products: sorted(t.products),
    descriptions: sorted(t.descriptions),
    companies: sorted(t.companies),
    signers: sorted(t.signers),
    fileInfo: sorted(t.fileInfo),
    installPaths: sorted(t.installPaths),
    domains: sorted(t.domains),
    ports: [...t.ports].sort((a, b) => a - b),
    usb: t.usb,
    supportedOs: sorted(t.supportedOs),
    websites: sorted(t.websites),
    references: sorted(t.references).slice(0, 8),
  };
  if (t.note) o.note = t.note;
  for (const k of Object.keys(o)) if (Array.isArray(o[k]) && o[k].length === 0 && k !== 'sources') delete o[k];
  return o;
});
out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const ids = new Set();
for (const o of out) {
  if (ids.has(o.id)) throw new Error(`duplicate tool id ${o.id}`);
  ids.add(o.id);
  for (const g of o.installPaths ?? []) compileGlob(g); // every pattern compiles
}

const perSource = {};
for (const s of [...Object.keys(SOURCES), 'curated']) perSource[s] = out.filter((o) => o.sources.includes(s)).length;
const sourceRows = {
  'rmm_tools.json': lolrmm.length,
  'rmm_domains.csv': csv('rmm_domains.csv').length,
  'jischell_RMM_SummaryNetworkURI.csv': csv('jischell_RMM_SummaryNetworkURI.csv').length,
  'splunk_remote_access_software.csv': csv('splunk_remote_access_software.csv').length,
};
const catalog = {
  format: 1,
  about: 'Remote-access tools (RMM, remote desktop, tunnels, admin tools), consumer VPN clients, keep-awake tools and IP-KVM USB identifiers. Built by scripts/build-remote-access-catalog.mjs; see data/remote-access/README.md.',
  sources: Object.fromEntries(Object.entries(SOURCES).map(([id, s]) => [id, {
    ...s, files: s.files.map((f) => ({ file: f, sha256: sha256(inputs[f]), rows: sourceRows[f] })), licenceFile: `licenses/${s.licenceFile}`,
  }])),
  curated: { file: 'curated.json', sha256: sha256(readFileSync(curatedFile)), tools: curated.tools.length },
  stats: {
    tools: out.length,
    toolsPerSource: perSource,
    executables: new Set(out.flatMap((o) => [...(o.executables ?? []), ...(o.originalFileNames ?? [])])).size,
    domains: new Set(out.flatMap((o) => o.domains ?? [])).size,
    installPaths: new Set(out.flatMap((o) => o.installPaths ?? [])).size,
    signers: new Set(out.flatMap((o) => o.signers ?? [])).size,
  },
  dropped,
  tools: out,
};

mkdirSync(join(OUT, 'licenses'), { recursive: true });
writeFileSync(join(OUT, 'catalog.json'), JSON.stringify(catalog, null, 1) + '\n');
for (const s of Object.values(SOURCES)) writeFileSync(join(OUT, 'licenses', s.licenceFile), read(s.licenceFile));

// Upstream copies for the tests (the catalog must match every tool they name by its own names, files, domains).
mkdirSync(FIX, { recursive: true });
const slim = lolrmm.map((r) => {
  if (!r.CodeSigning?.certificates) return r;
  return { ...r, CodeSigning: { ...r.CodeSigning, certificates: r.CodeSigning.certificates.map(({ certificate_der_base64: _d, ...c }) => c) } };
});
writeFileSync(join(FIX, 'rmm_tools.slim.json'), JSON.stringify(slim) + '\n');
for (const f of ['rmm_domains.csv', 'jischell_RMM_SummaryNetworkURI.csv', 'splunk_remote_access_software.csv']) writeFileSync(join(FIX, f), inputs[f]);
for (const s of Object.values(SOURCES)) writeFileSync(join(FIX, s.licenceFile), read(s.licenceFile));

console.error(`remote-access catalog: ${out.length} tools (${JSON.stringify(perSource)}), ${catalog.stats.executables} file names, ${catalog.stats.domains} domain patterns, ${catalog.stats.installPaths} path patterns; dropped ${dropped.domains.length} domains, ${dropped.paths.length} paths`);
