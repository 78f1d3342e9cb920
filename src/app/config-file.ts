// Loads sleetwatch.config.json (thresholds, weights, suppressions) and validates it strictly; defaults when absent.
// An unknown key anywhere, an unknown detector id or an unknown detector param is an error naming it, with the
// closest known name ("did you mean …?"): a typo must never silently leave a default in force.
import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import { Config } from '../core/config.ts';
import { didYouMeanText } from '../core/suggest.ts';
import { detectors } from '../detectors/registry.ts';

/** A config file that cannot be used; the message names the file and every problem. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; valueType?: z.ZodType; element?: z.ZodType };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The keys an object schema allows at `path` inside `schema` (through defaults, optionals, records and arrays). */
function knownKeysAt(schema: z.ZodType, path: PropertyKey[]): string[] {
  let s: z.ZodType | undefined = schema;
  let i = 0;
  while (s) {
    const d = defOf(s);
    if (d.innerType && ['default', 'optional', 'nullable', 'prefault', 'catch', 'readonly', 'nonoptional'].includes(d.type)) {
      s = d.innerType;
      continue;
    }
    if (i === path.length) return d.type === 'object' && d.shape ? Object.keys(d.shape) : [];
    const key = path[i++];
    if (d.type === 'object' && d.shape) s = d.shape[String(key)];
    else if (d.type === 'record') s = d.valueType;
    else if (d.type === 'array') s = d.element;
    else return [];
  }
  return [];
}

/** zod issues as "path: problem" lines; unknown keys one by one, with a suggestion. */
function describeIssues(schema: z.ZodType, issues: z.core.$ZodIssue[], prefix: PropertyKey[], noun: string): string[] {
  const out: string[] = [];
  for (const i of issues) {
    const at = [...prefix, ...i.path];
    if (i.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, i.path);
      for (const k of i.keys) out.push(`${[...at, k].join('.')}: unknown ${noun}${didYouMeanText(k, known)}`);
    } else out.push(`${at.join('.') || '(root)'}: ${i.message}`);
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Validate a config document (parsed JSON). Throws a ConfigError listing every problem, prefixed by `source`. */
export function parseConfig(raw: unknown, source = 'config'): Config {
  const problems: string[] = [];
  const parsed = Config.safeParse(raw);
  if (!parsed.success) problems.push(...describeIssues(Config, parsed.error.issues, [], 'key'));
  // Detector ids and params: only the registry knows them (core stays free of the detectors).
  const ids = detectors.map((d) => d.definition.id);
  if (isObject(raw) && isObject(raw.detectors)) {
    for (const [id, dc] of Object.entries(raw.detectors)) {
      const d = detectors.find((x) => x.definition.id === id);
      if (!d) {
        problems.push(`detectors.${id}: unknown detector${didYouMeanText(id, ids)}`);
        continue;
      }
      if (!isObject(dc) || dc.params === undefined) continue;
      const params = d.definition.params as z.ZodType;
      const p = params.safeParse(dc.params);
      if (!p.success) problems.push(...describeIssues(params, p.error.issues, ['detectors', id, 'params'], 'param'));
    }
  }
  if (problems.length > 0) throw new ConfigError(`${source}: ${[...new Set(problems)].join('; ')}`);
  return parsed.data!;
}

export function loadConfig(path?: string): Config {
  const file = path ?? (existsSync('sleetwatch.config.json') ? 'sleetwatch.config.json' : undefined);
  if (!file) return Config.parse({});
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  return parseConfig(raw, file);
}
