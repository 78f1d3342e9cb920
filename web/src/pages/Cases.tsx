// The cases board: one column per workflow state, each card with its level, subject (pseudonym), assignee and the
// SLA clock (due in / overdue by).
import { useApi, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { ago, ErrorBox, LevelBadge, Loading, shownName } from '../components/ui.tsx';
import { CASE_STATES, type Case } from '../types.ts';

const RANK = { high: 3, medium: 2, low: 1 } as const;

export function SlaClock({ c }: { c: Case }) {
  const sla = c.sla;
  if (!sla || c.state === 'closed') return null;
  if (sla.breached) return <span className="sla breached">SLA overdue {ago(Date.now() - (sla.overdueMinutes ?? 0) * 60_000).replace(' ago', '')}</span>;
  if (!sla.dueAt) return null;
  return <span className="sla">due {ago(Date.parse(sla.dueAt))}</span>;
}

export function CasesPage() {
  useTitle('Cases');
  const open = useApi<Case[]>('/api/cases?open=true&limit=1000');
  const closed = useApi<Case[]>('/api/cases?state=closed&limit=20');
  const all = [...(open.data ?? []), ...(closed.data ?? [])];
  return (
    <>
      <h1>Cases</h1>
      <ErrorBox error={open.error} what="Cases" />
      {open.loading && !open.data && <Loading what="cases" />}
      <div className="board">
        {CASE_STATES.map((s) => {
          // the most urgent first: highest level, then the SLA that runs out first
          const cards = all.filter((c) => c.state === s).sort((a, b) => RANK[b.level] - RANK[a.level] || (a.dueAt ?? '~').localeCompare(b.dueAt ?? '~'));
          return (
            <section key={s} className="column" aria-labelledby={`col-${s}`}>
              <h2 id={`col-${s}`}>
                {s} <span className="count">{cards.length}</span>
              </h2>
              <ul>
                {cards.map((c) => (
                  <li key={c.id} className={`case-card level-edge-${c.level}`}>
                    <Link to={`/cases/${encodeURIComponent(c.id)}`}>{c.id}</Link> <LevelBadge level={c.level} />
                    <div>{shownName({ ...c, personId: c.subject.id })}</div>
                    <div className="muted">{c.assignee ? `assigned to ${c.assignee}` : 'unassigned'}</div>
                    <SlaClock c={c} />
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </>
  );
}
