import { qs } from '../api.ts';
import { useApi, useTitle } from '../hooks.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { ErrorBox, LevelBadge, Loading, Pager, shownName, When } from '../components/ui.tsx';
import type { CandidateSummary } from '../types.ts';

const PAGE = 50;

export function CandidatesPage() {
  useTitle('Candidates');
  const { search } = useLocation();
  const rec = search.get('recommendation') ?? '';
  const offset = Math.max(0, Number(search.get('offset')) || 0);
  const list = useApi<CandidateSummary[]>(`/api/candidates${qs({ recommendation: rec, limit: PAGE, offset })}`);
  const set = (p: { recommendation?: string; offset?: number }) => navigate(`/candidates${qs({ recommendation: rec, offset: 0, ...p })}`);
  return (
    <>
      <h1>Candidates</h1>
      <form className="filters" aria-label="Filter candidates" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor="f-rec">Recommendation</label>
          <select id="f-rec" value={rec} onChange={(e) => set({ recommendation: e.target.value })}>
            <option value="">any</option>
            <option value="stop">stop</option>
            <option value="verify">verify</option>
            <option value="proceed">proceed</option>
          </select>
        </div>
      </form>
      <ErrorBox error={list.error} what="Candidates" />
      {list.loading && !list.data && <Loading what="candidates" />}
      {list.data && (
        <>
          <table className="grid" aria-label="Candidates by risk">
            <thead>
              <tr>
                <th scope="col">Candidate</th>
                <th scope="col">Risk</th>
                <th scope="col">Recommendation</th>
                <th scope="col">Hired</th>
                <th scope="col">Vetted</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((c) => (
                <tr key={c.candidateId}>
                  <td>
                    <Link to={`/candidates/${encodeURIComponent(c.candidateId)}`}>{shownName(c)}</Link>
                  </td>
                  <td>
                    <LevelBadge level={c.level} risk={c.risk} />
                  </td>
                  <td>
                    <span className={`rec rec-${c.recommendation}`}>{c.recommendation}</span>
                  </td>
                  <td>{c.directoryId ? 'yes' : 'no'}</td>
                  <td>
                    <When at={c.updatedAt} relative />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager label="Candidates" offset={offset} limit={PAGE} count={list.data.length} onChange={(o) => set({ offset: o })} />
        </>
      )}
    </>
  );
}
