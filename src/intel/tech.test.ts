import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TechCatalog, findTechnologies, loadTechCatalog, techCatalog, technology } from './tech.ts';

describe('dated-technology catalogue', () => {
  it('loads the committed catalogue with 80–150 dated, referenced entries', () => {
    const c = techCatalog();
    expect(c.entries.length).toBeGreaterThanOrEqual(80);
    expect(c.entries.length).toBeLessThanOrEqual(150);
    for (const e of c.entries) {
      expect(e.released, e.name).toMatch(/^\d{4}-\d{2}$/);
      expect(e.reference, e.name).toMatch(/^https:\/\//);
      if (e.stable) expect(e.stable >= e.released, e.name).toBe(true);
    }
  });

  it('answers the dates the brief names', () => {
    const want: Record<string, string> = {
      React: '2013-05', Kubernetes: '2014-06', TypeScript: '2012-10', Swift: '2014-06', Flutter: '2017-05', 'Next.js': '2016-10',
      Terraform: '2014-07', GraphQL: '2015-07', Bun: '2022-07', ChatGPT: '2022-11', LangChain: '2022-10', 'Tailwind CSS': '2017-11',
      Svelte: '2016-11', Vue: '2014-02', AngularJS: '2010-10', Docker: '2013-03', 'AWS Lambda': '2014-11',
      PyTorch: '2016-09', TensorFlow: '2015-11', 'Angular 2': '2016-09',
    };
    for (const [name, released] of Object.entries(want)) expect(technology(name)?.released, name).toBe(released);
    expect(technology('Rust')?.stable).toBe('2015-05');
    expect(technology('Kotlin')?.stable).toBe('2016-02');
    expect(technology('Flutter')?.stable).toBe('2018-12');
  });

  it('matches aliases case-insensitively, with or without a version', () => {
    expect(technology('React.js')?.name).toBe('React');
    expect(technology('reactjs')?.name).toBe('React');
    expect(technology('  ReactJS ')?.name).toBe('React');
    expect(technology('React 18')?.name).toBe('React');
    expect(technology('Vue3')?.name).toBe('Vue.js');
    expect(technology('Python 3.11')?.name).toBe('Python');
    expect(technology('k8s')?.name).toBe('Kubernetes');
    expect(technology('Angular 1.5')?.name).toBe('AngularJS');
    expect(technology('Angular 1.x')?.name).toBe('AngularJS');
    expect(technology('Angular 14')?.name).toBe('Angular (2+)');
    expect(technology('Angular v17.3')?.name).toBe('Angular (2+)');
    expect(technology('Angular2+')?.name).toBe('Angular (2+)');
    // Bare "Angular" is what people call AngularJS too: it resolves to the earlier entry, so nobody is flagged for it.
    expect(technology('Angular')).toMatchObject({ name: 'AngularJS', released: '2010-10', ambiguous: true });
    expect(technology('.NET Core')?.name).toBe('.NET Core');
  });

  it('marks ambiguous names and refuses the bank network SWIFT', () => {
    expect(technology('Go')).toMatchObject({ name: 'Go', ambiguous: true });
    expect(technology('Golang')?.ambiguous).toBeUndefined();
    expect(technology('Swift')).toMatchObject({ name: 'Swift', ambiguous: true });
    expect(technology('SWIFT')).toBeUndefined();
    // Bare names that also mean older things are not in the catalogue at all (their qualified names are).
    for (const other of ['Lambda', 'Compose', 'YARN', 'Yarn', 'Vault', 'Bootstrap', 'TF', 'TS', 'ECS', 'CDK', 'Presto', 'Aurora', 'Copilot', 'Whisper', 'Carbon', 'Mojo', 'Express', 'DART'])
      expect(technology(other), other).toBeUndefined();
    expect(technology('HashiCorp Vault')?.released).toBe('2015-04');
    expect(technology('Yarn package manager')?.released).toBe('2016-10');
    expect(technology('Dart')?.released).toBe('2011-10');
    expect(technology('Snowflake')).toMatchObject({ name: 'Snowflake Data Cloud', ambiguous: true, casedMatch: true });
    expect(technology('snowflake')).toMatchObject({ ambiguous: true });
    expect(technology('snowflake')?.casedMatch).toBeUndefined();
    expect(technology('R')).toBeUndefined();
    expect(technology('C')).toBeUndefined();
    expect(technology('Reactor')).toBeUndefined();
    expect(technology('x'.repeat(500))).toBeUndefined();
  });

  it('finds whole-word technologies in prose, skipping ambiguous words', () => {
    const hits = findTechnologies('Built dashboards in React.js and Next.js on AWS Lambda; we go to market and react quickly, a swift rollout. Kubernetes-based.');
    expect(hits.map((h) => h.tech.name)).toEqual(['React', 'Next.js', 'AWS Lambda', 'Kubernetes']);
    // An ambiguous name written exactly so, mid-sentence, is the technology; as a sentence's first word it is not.
    expect(findTechnologies('Rewrote the admin app with React and Go. React was new then. Go figure.').map((h) => h.as)).toEqual(['React', 'Go']);
    expect(findTechnologies('Worked with Julia and Claude on the Ruby account.')).toEqual([]); // people's names: never in prose
    expect(hits[0]).toMatchObject({ as: 'React.js', index: 20 });
    expect(findTechnologies('Golang services, SWIFT MT103 payments, Swift lang apps').map((h) => h.tech.name)).toEqual(['Go', 'Swift']);
  });

  it('tokenises a very long hostile text in linear time', () => {
    const t0 = performance.now();
    expect(findTechnologies('a.'.repeat(100_000) + ' React.js').length).toBe(0); // past the 200 000-character cap
    expect(findTechnologies('x-'.repeat(50_000) + ' Kubernetes').map((h) => h.tech.name)).toEqual(['Kubernetes']);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('rejects a bad catalogue with the field named, and conflicting aliases', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tech-'));
    const f = join(dir, 'bad.json');
    writeFileSync(f, JSON.stringify({ schema: 'sleetwatch.tech-releases/v1', technologies: [{ name: 'X', released: '2013-13', category: 'x', reference: 'https://x' }] }));
    expect(() => loadTechCatalog(f)).toThrow(/technologies\.0\.released/);
    expect(
      () =>
        new TechCatalog([
          { name: 'A', released: '2010-01', category: 'x', aliases: ['same'], ambiguousAliases: [], excludeExact: [], proseCased: false, reference: 'https://a' },
          { name: 'B', released: '2011-01', category: 'x', aliases: ['Same'], ambiguousAliases: [], excludeExact: [], proseCased: false, reference: 'https://b' },
        ]),
    ).toThrow(/names both "A" and "B"/);
  });
});
