// The six checks of the consistency branch: registered, definitions well-formed, a README each.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ChecklistItem } from '../../../core/candidate.ts';
import { checks } from '../../registry.ts';

const MINE = ['overlapping-jobs', 'anachronistic-tech', 'github-account', 'interview-process', 'references', 'sourcing'];

describe('consistency-branch checks', () => {
  for (const id of MINE)
    it(`${id}: registered, defaults parse, cites its indicator, README with the sections`, () => {
      const c = checks.find((x) => x.definition.id === id);
      expect(c, id).toBeDefined();
      const d = c!.definition;
      expect(() => d.params.parse({})).not.toThrow();
      expect(d.indicator.reference).toMatch(/Jasper Sleet/);
      expect(d.indicator.reference).toMatch(/20\d\d-\d\d-\d\d/);
      for (const item of d.checklist) expect(ChecklistItem.options).toContain(item);
      expect(d.knownFalsePositives?.length).toBeGreaterThan(0);
      const readme = new URL(`../${id}/README.md`, import.meta.url);
      expect(existsSync(readme)).toBe(true);
      const text = readFileSync(readme, 'utf8');
      for (const h of ['## Published indicator', '## Data', '## Algorithm', '## Known false positives']) expect(text, `${id} ${h}`).toContain(h);
    });

  it('ids are unique in the registry', () => {
    const ids = checks.map((c) => c.definition.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
