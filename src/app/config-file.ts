// Loads sleetwatch.config.json (thresholds, weights, suppressions) and validates it; defaults when absent.
import { existsSync, readFileSync } from 'node:fs';
import { Config } from '../core/config.ts';

export function loadConfig(path?: string): Config {
  const file = path ?? (existsSync('sleetwatch.config.json') ? 'sleetwatch.config.json' : undefined);
  if (!file) return Config.parse({});
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  const parsed = Config.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${file}: invalid config: ${issues}`);
  }
  return parsed.data;
}
