// The package runs compiled JavaScript: `npm install` (prepare) builds dist/ with tsc, bin/sleetwatch.js runs
// dist/cli/main.js without tsx or any TypeScript at run time, and the compiled CLI gives the same answers as the
// sources. (Start-up time is measured by `npm run bench:startup`, not asserted here.)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanPaths } from '../src/app/scan.ts';
import { loadConfig } from '../src/app/config-file.ts';
import { DIST, ensureBuilt, ROOT } from './dist.ts';
import { samplePath } from './samples.ts';

const BIN = join(ROOT, 'bin/sleetwatch.js');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  files?: string[];
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('the build', () => {
  beforeAll(ensureBuilt, 600_000);

  it('npm install builds dist/ (prepare), as does npm run build; tsx is only a dev dependency; dist/ is published', () => {
    expect(pkg.scripts.prepare).toMatch(/scripts\/build\.mjs|npm run build/);
    expect(pkg.scripts.build).toBe('node scripts/build.mjs');
    expect(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')).toMatch(/"rewriteRelativeImportExtensions": true/);
    expect(pkg.dependencies.tsx).toBeUndefined();
    expect(pkg.devDependencies.tsx).toBeDefined();
    expect(pkg.files).toContain('dist/');
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('dist/');
  });

  it('dist/ holds every runtime module as JavaScript, no test, no .ts import, and the SQL migrations beside the store', () => {
    const files = filesUnder(DIST).map((f) => relative(DIST, f));
    expect(files).toContain('cli/main.js');
    expect(files).toContain('store/migrate.js');
    expect(files.some((f) => f.endsWith('.ts'))).toBe(false);
    expect(files.some((f) => /\.test\.js$|fixtures\//.test(f))).toBe(false);
    const sql = readdirSync(join(ROOT, 'src/store/migrations')).sort();
    expect(sql.length).toBeGreaterThan(0);
    expect(readdirSync(join(DIST, 'store/migrations')).sort()).toEqual(sql);
    for (const f of files.filter((x) => x.endsWith('.js'))) {
      const js = readFileSync(join(DIST, f), 'utf8');
      // Relative imports (static or dynamic) point at .js files that exist.
      for (const m of js.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
        expect(m[1], `${f} imports ${m[1]}`).toMatch(/\.js$/);
        expect(existsSync(join(DIST, f, '..', m[1])), `${f} imports ${m[1]}`).toBe(true);
      }
      expect(js, f).not.toMatch(/['"]tsx(\/[^'"]*)?['"]/);
    }
  });

  it('bin/sleetwatch.js runs dist/cli/main.js and never loads tsx', () => {
    const bin = readFileSync(BIN, 'utf8');
    expect(bin).toMatch(/\.\.\/dist\/cli\/main\.js/);
    expect(bin).not.toMatch(/tsx/);
    expect(bin).not.toMatch(/src\/cli\/main\.ts/);
    const r = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`sleetwatch ${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });

  it('the installed package runs without tsx or typescript: --help and a scan of a real sample', () => {
    // A copy of the package whose node_modules has every installed package but tsx and typescript.
    const pkgDir = join(mkdtempSync(join(tmpdir(), 'sw-notsx-')), 'sleetwatch');
    mkdirSync(join(pkgDir, 'node_modules'), { recursive: true });
    for (const f of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, f), join(pkgDir, f), { recursive: true });
    symlinkSync(join(ROOT, 'data'), join(pkgDir, 'data'));
    const modules = realpathSync(join(ROOT, 'node_modules'));
    for (const name of readdirSync(modules)) {
      if (name === 'tsx' || name === 'typescript' || name.startsWith('.')) continue;
      symlinkSync(join(modules, name), join(pkgDir, 'node_modules', name));
    }
    const run = (args: string[]) => spawnSync(process.execPath, [join(pkgDir, 'bin/sleetwatch.js'), ...args], { encoding: 'utf8', cwd: pkgDir, env: { ...process.env, NODE_OPTIONS: '' } });
    const help = run(['--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^sleetwatch \S+ — /);
    const scan = run(['scan', samplePath('entra'), '--data-dir', join(pkgDir, '.sleetwatch')]);
    expect(scan.status, scan.stderr).toBe(0);
    expect(scan.stdout).toMatch(/adelev@m365x816222\.onmicrosoft\.com/);
  });

  it('the compiled CLI scans a real sample into the same report as the sources in process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-build-'));
    const sample = samplePath('entra');
    const reportFile = join(dir, 'report.json');
    const r = spawnSync(process.execPath, [BIN, 'scan', sample, '--report', reportFile, '--data-dir', join(dir, 'cli')], { encoding: 'utf8', cwd: ROOT });
    expect(r.status, r.stderr).toBe(0);
    const compiled = JSON.parse(readFileSync(reportFile, 'utf8')) as { schema: string; people: { personId: string; risk: number; level: string; findings: { detector: string }[] }[] };
    const { report } = await scanPaths([sample], { config: loadConfig(), dataDir: join(dir, 'src') });
    const view = (people: typeof compiled.people) =>
      people.map((p) => ({ personId: p.personId, risk: p.risk, level: p.level, findings: p.findings.map((f) => f.detector).sort() }));
    expect(compiled.schema).toBe(report.schema);
    expect(compiled.people.length).toBeGreaterThan(0);
    expect(compiled.people.some((p) => p.level !== 'none')).toBe(true);
    expect(view(compiled.people)).toEqual(view(report.people as unknown as typeof compiled.people));
    expect(statSync(reportFile).size).toBeGreaterThan(0);
  });
});
