// The one config file: the committed example holds every default, loads through the same schema, and overrides work.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../src/app/config-file.ts';
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
    expect(() => loadConfig(f)).toThrow(/bad\.json: scoring\.priorProbability: /);
    writeFileSync(f, '{ nope');
    expect(() => loadConfig(f)).toThrow(/bad\.json: not valid JSON/);
  });

  it('an unknown detector, detector param or key anywhere is an error naming it, with the closest name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-cfg-'));
    const f = join(dir, 'sleetwatch.config.json');
    writeFileSync(f, JSON.stringify({ detectors: { 'working-hourz': { enabled: false } } }));
    expect(() => loadConfig(f)).toThrow(`${f}: detectors.working-hourz: unknown detector (did you mean working-hours?)`);
    expect(() => loadConfig(f)).toThrow(ConfigError);
    const bad = (doc: unknown): string => {
      try {
        parseConfig(doc, 'c.json');
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error('expected a ConfigError');
    };
    expect(bad({ detectors: { 'working-hours': { params: { minSignInz: 3 } } } })).toBe('c.json: detectors.working-hours.params.minSignInz: unknown param (did you mean minSignIns?)');
    expect(bad({ detectors: { 'working-hours': { enabeld: false } } })).toBe('c.json: detectors.working-hours.enabeld: unknown key (did you mean enabled?)');
    expect(bad({ scoring: { priorProbabilty: 0.1 } })).toBe('c.json: scoring.priorProbabilty: unknown key (did you mean priorProbability?)');
    expect(bad({ scoring: { levels: { hihg: 80 } } })).toBe('c.json: scoring.levels.hihg: unknown key (did you mean high?)');
    expect(bad({ suppressions: [{ reason: 'travel', persn: 'a@b.c' }] })).toBe('c.json: suppressions.0.persn: unknown key (did you mean person?)');
    expect(bad({ detector: {} })).toBe('c.json: detector: unknown key (did you mean detectors?)');
    expect(bad({ zzz: 1 })).toBe('c.json: zzz: unknown key');
    // every problem at once
    expect(bad({ zzz: 1, detectors: { nope: {}, 'vendor-risk': { params: { x: 1 } } } }).split('; ')).toHaveLength(3);
  });

  it('every detector param schema is strict, and a valid override still loads', () => {
    for (const d of detectors) expect(d.definition.params.safeParse({ surelyNotAParam: 1 }).success, d.definition.id).toBe(false);
    const cfg = parseConfig({ detectors: { 'working-hours': { enabled: false, params: { minSignIns: 3 } } }, scoring: { levels: { high: 80 } } });
    expect(cfg.detectors['working-hours']).toEqual({ enabled: false, params: { minSignIns: 3 } });
    expect(cfg.scoring.levels).toEqual({ high: 80, medium: 40, low: 15 });
  });
});
