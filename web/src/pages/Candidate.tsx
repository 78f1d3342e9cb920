import { enc } from '../api.ts';
import { useApi, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { ErrorBox, LevelBadge, Loading, shownName, When } from '../components/ui.tsx';
import { VettingReport } from '../components/Vetting.tsx';
import type { StoredCandidate } from '../types.ts';

export default function CandidatePage({ id }: { id: string }) {
  const c = useApi<StoredCandidate & { pseudonym?: string }>(`/api/candidates/${enc(id)}`);
  const r = c.data?.result;
  const name = r ? shownName({ ...r, pseudonym: r.pseudonym ?? c.data?.pseudonym }) : 'Candidate';
  useTitle(name);
  if (c.error) return <ErrorBox error={c.error} what="This candidate" />;
  if (!r) return <Loading what="the candidate" />;
  return (
    <>
      <p className="crumbs">
        <Link to="/candidates">Candidates</Link> / {name}
      </p>
      <h1>
        {name} <LevelBadge level={r.level} risk={r.risk} />
      </h1>
      <p className="muted">
        Vetted <When at={r.vettedAt ?? c.data?.updatedAt} /> from {r.sources.join(', ')} ·{' '}
        <a href={`/api/candidates/${enc(id)}/report.html`} target="_blank" rel="noreferrer">
          printable report
        </a>
      </p>
      <section className="card" aria-label="Vetting report">
        <VettingReport result={r} />
      </section>
    </>
  );
}
