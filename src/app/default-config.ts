// The full default configuration — every detector's params and the scoring — as one JSON document a company can
// copy to sleetwatch.config.json and tune (`sleetwatch config`). Validated by the same schema that loads it.
import { Config } from '../core/config.ts';
import { detectors } from '../detectors/registry.ts';

export function defaultConfigDocument(): Config {
  const base = Config.parse({});
  const det: Config['detectors'] = {};
  for (const d of detectors) {
    det[d.definition.id] = { enabled: true, params: d.definition.params.parse({}) as Record<string, unknown> };
  }
  return { ...base, detectors: det };
}
