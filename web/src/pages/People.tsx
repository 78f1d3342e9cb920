// People ranked by risk, highest first: server-paginated (GET /api/people with limit/offset and x-total-count), so a
// ranking of any size renders one page of rows. Filters live in the URL (shareable, back button works).
import { type FormEvent, useState } from 'react';
import { qs } from '../api.ts';
import { useApi, useTitle } from '../hooks.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { ErrorBox, LevelBadge, Loading, Pager, shownName, When } from '../components/ui.tsx';
import type { PersonSummary } from '../types.ts';

export const PAGE = 50;

interface Facets {
  departments: string[];
  detectors: string[];
}

export function PeoplePage() {
  useTitle('People');
  const { search } = useLocation();
  const f = {
    level: search.get('level') ?? '',
    department: search.get('department') ?? '',
    newHires: search.get('newHires') === 'true',
    detector: search.get('detector') ?? '',
    q: search.get('q') ?? '',
    offset: Math.max(0, Number(search.get('offset')) || 0),
  };
  const [q, setQ] = useState(f.q);
  const facets = useApi<Facets>('/api/facets');
  const people = useApi<PersonSummary[]>(
    `/api/people${qs({ level: f.level, department: f.department, newHires: f.newHires, detector: f.detector, q: f.q, limit: PAGE, offset: f.offset })}`,
  );
  const total = people.headers?.get('x-total-count');
  const set = (patch: Partial<typeof f>) => navigate(`/people${qs({ ...f, offset: 0, ...patch })}`);
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    set({ q });
  };
  return (
    <>
      <div className="title-row">
        <h1>People by risk</h1>
        <p className="exports">
          Export: <a href="/api/export/csv" download>CSV report</a> · <a href="/api/export/ocsf" download>OCSF findings</a> ·{' '}
          <a href="/api/export/stix" download>STIX bundle</a>
        </p>
      </div>
      <form className="filters" onSubmit={onSearch} role="search" aria-label="Filter people">
        <div>
          <label htmlFor="f-level">Level</label>
          <select id="f-level" value={f.level} onChange={(e) => set({ level: e.target.value })}>
            <option value="">any</option>
            <option value="high">high</option>
            <option value="medium">medium</option>
            <option value="low">low</option>
            <option value="none">none</option>
          </select>
        </div>
        <div>
          <label htmlFor="f-dept">Department</label>
          <select id="f-dept" value={f.department} onChange={(e) => set({ department: e.target.value })}>
            <option value="">any</option>
            {facets.data?.departments.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-detector">Detector</label>
          <select id="f-detector" value={f.detector} onChange={(e) => set({ detector: e.target.value })}>
            <option value="">any</option>
            {facets.data?.detectors.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </div>
        <div className="check">
          <input id="f-new" type="checkbox" checked={f.newHires} onChange={(e) => set({ newHires: e.target.checked })} />
          <label htmlFor="f-new">New hires only</label>
        </div>
        <div>
          <label htmlFor="f-q">Search</label>
          <input id="f-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="pseudonym or id" />
        </div>
        <button type="submit">Apply</button>
      </form>
      <ErrorBox error={people.error} what="People" />
      {people.loading && !people.data && <Loading what="people" />}
      {people.data && (
        <>
          <table className="grid" aria-label="People ranked by risk" data-testid="people-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Person</th>
                <th scope="col">Risk</th>
                <th scope="col">Department</th>
                <th scope="col">Hired</th>
                <th scope="col">Findings</th>
                <th scope="col">Top finding</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {people.data.map((p, i) => (
                <tr key={p.personId}>
                  <td className="num">{f.offset + i + 1}</td>
                  <td className="nowrap">
                    <Link to={`/people/${encodeURIComponent(p.personId)}`}>{shownName(p)}</Link>
                  </td>
                  <td>
                    <LevelBadge level={p.level} risk={p.risk} />
                  </td>
                  <td>{p.department ?? <span className="muted">—</span>}</td>
                  <td className="nowrap">{p.hiredAt ? p.hiredAt.slice(0, 10) : <span className="muted">—</span>}</td>
                  <td className="num">{p.findings}</td>
                  <td>{p.topFinding ?? (p.topDetectors?.join(', ') || <span className="muted">—</span>)}</td>
                  <td>
                    <When at={p.updatedAt} relative />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager label="People" offset={f.offset} limit={PAGE} total={total ? Number(total) : undefined} count={people.data.length} onChange={(offset) => set({ ...f, offset })} />
        </>
      )}
    </>
  );
}
