// The one config file: the committed example holds every default, loads through the same schema, and overrides work.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/app/config-file.ts';
import { defaultConfigDocument } from '../src/app/default-config.ts';
import { detectors } from '../src/detectors/registry.ts';

const EXAMPLE = join(import.meta.dirname, '../sleetwatch.config.example.json');

describe('config', () => {
  it('sleetwatch.config.example.json is current (regenerate with `npx sleetwatch config > sleetwatch.config.example.json`)', () => {
    expect(JSON.parse(readFileSync(EXAMPLE, 'utf8'))).toEqual(defaultConfigDocument());
  });

  it('lists every registered detector with all its params and loads unchanged', () => {
    const cfg = loadConfig(EXAMPLE);
    expect(Object.keys(cfg.detectors).sort()).toEqual(detectors.map((d) => d.definition.id).sort());
    for (const d of detectors) expect(d.definition.params.parse(cfg.detectors[d.definition.id].params)).toEqual(d.definition.params.parse({}));
    expect(cfg.scoring.levels).toEqual({ high: 70, medium: 40, low: 15 });
  });

  it('rejects a bad config naming the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-cfg-'));
    const f = join(dir, 'bad.json');
    writeFileSync(f, JSON.stringify({ scoring: { priorProbability: 2 } }));
    expect(() => loadConfig(f)).toThrow(/bad\.json: invalid config: scoring\.priorProbability/);
    writeFileSync(f, '{ nope');
    expect(() => loadConfig(f)).toThrow(/bad\.json: not valid JSON/);
  });
});
