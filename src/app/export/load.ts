// What the exports read from the store: every person with findings (highest risk first) and the case of each.
import type { Case } from '../../core/respond.ts';
import type { Store, StoredPerson } from '../../store/types.ts';

const PAGE = 1000;
/** Most people one export covers (a bound on memory; the highest-risk ones). */
export const EXPORT_MAX_PEOPLE = 50_000;

export async function peopleWithFindings(store: Store, max = EXPORT_MAX_PEOPLE): Promise<StoredPerson[]> {
  const out: StoredPerson[] = [];
  for (let offset = 0; out.length < max; offset += PAGE) {
    const page = await store.listPeople({ limit: PAGE, offset });
    for (const s of page) {
      if (s.findings === 0 || out.length >= max) continue;
      const p = await store.getPerson(s.personId);
      if (p) out.push(p);
    }
    if (page.length < PAGE) break;
  }
  return out;
}

/** The latest case of each person (open first), by person id. */
export async function casesByPerson(store: Store): Promise<Map<string, Case>> {
  const cases = await store.respond().listCases({ limit: 10_000 });
  const out = new Map<string, Case>();
  for (const c of cases) {
    if (c.subject.kind !== 'person') continue;
    const prev = out.get(c.subject.id);
    if (!prev || (prev.state === 'closed' && c.state !== 'closed') || (prev.state === c.state && c.openedAt > prev.openedAt)) out.set(c.subject.id, c);
  }
  return out;
}
