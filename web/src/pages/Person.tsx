// One person: the risk and how it was computed (each detector's likelihood ratio, calibrated by verdicts when there
// are some), the findings in time order with their evidence, sign-ins on a map with the claimed home, working hours
// against the department, devices and tools, the vetting report when the person was a vetted candidate.
import { enc } from '../api.ts';
import { can, useAuth } from '../auth.tsx';
import { useApi, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { ErrorBox, fmtLR, LevelBadge, Loading, Section, shownName, When } from '../components/ui.tsx';
import { EvidenceTable } from '../components/Evidence.tsx';
import { WorldMap } from '../components/WorldMap.tsx';
import { HoursChart } from '../components/HoursChart.tsx';
import { VettingReport } from '../components/Vetting.tsx';
import type { TravelEnd, Calibration, Case, CandidateSummary, Device, Hours, SignIns, StoredCandidate, StoredPerson } from '../types.ts';

export default function PersonPage({ id }: { id: string }) {
  const { user } = useAuth();
  const base = `/api/people/${enc(id)}`;
  const person = useApi<StoredPerson>(base);
  const p = person.data;
  const name = p ? shownName(p) : 'Person';
  useTitle(name);
  if (person.error) return <ErrorBox error={person.error} what="This person" />;
  if (!p) return <Loading what="the person" />;
  return (
    <>
      <p className="crumbs">
        <Link to="/people">People</Link> / {name}
      </p>
      <h1>
        {name} <LevelBadge level={p.level} risk={p.risk} />
      </h1>
      <dl className="facts">
        <dt>Department</dt>
        <dd>{p.directory?.department ?? '—'}</dd>
        <dt>Title</dt>
        <dd>{p.directory?.title ?? '—'}</dd>
        <dt>Hired</dt>
        <dd>{p.directory?.created ? new Date(p.directory.created).toISOString().slice(0, 10) : '—'}</dd>
        <dt>Claimed home</dt>
        <dd>{[p.directory?.homeAddress?.locality, p.directory?.homeAddress?.region, p.directory?.homeAddress?.country].filter(Boolean).join(', ') || '—'}</dd>
        <dt>Events</dt>
        <dd>
          {p.events.toLocaleString('en')} (<When at={p.firstEvent} /> – <When at={p.lastEvent} />)
        </dd>
      </dl>
      <CasesOf personId={p.personId} />
      <Explanation person={p} />
      <Timeline person={p} />
      <SignInMap path={`${base}/signins`} label={name} />
      <HoursSection path={`${base}/hours`} />
      <Devices path={`${base}/devices`} />
      {can(user, 'candidates') && p.directory?.id && <Vetting directoryId={p.directory.id} />}
    </>
  );
}

function CasesOf({ personId }: { personId: string }) {
  const cases = useApi<Case[]>('/api/cases?limit=1000');
  const mine = cases.data?.filter((c) => c.subject.kind === 'person' && c.subject.id === personId) ?? [];
  if (mine.length === 0) return null;
  return (
    <p>
      Cases:{' '}
      {mine.map((c) => (
        <Link key={c.id} to={`/cases/${enc(c.id)}`} className="tag">
          {c.id} ({c.state})
        </Link>
      ))}
    </p>
  );
}

function Explanation({ person }: { person: StoredPerson }) {
  const b = person.riskBreakdown;
  const cal = useApi<Calibration[]>(b && !b.contributions.some((c) => c.calibrated) ? '/api/calibration' : undefined);
  const byDetector = new Map((cal.data ?? []).filter((c) => c.kind === 'person').map((c) => [c.calibrated.detector, c.calibrated]));
  const counts = new Map<string, number>();
  for (const f of person.findings) counts.set(f.detector, (counts.get(f.detector) ?? 0) + 1);
  return (
    <Section title="Why this risk" id="explanation">
      {!b && <p className="muted">No breakdown stored for this person (scanned by an older version).</p>}
      {b && (
        <>
          <p>
            Prior odds {b.priorOdds.toPrecision(3)}
            {b.newHire ? ' (new-hire boost applied)' : ''}, times each detector's likelihood ratio, gives odds {b.odds.toPrecision(3)} → risk {person.risk}.
          </p>
          <p className="formula">
            <code>{b.formula}</code>
          </p>
          <table className="grid" aria-label="Risk contributions">
            <thead>
              <tr>
                <th scope="col">Detector</th>
                <th scope="col">Findings</th>
                <th scope="col">Likelihood ratio</th>
                <th scope="col">Calibrated LR</th>
                <th scope="col">Verdicts</th>
                <th scope="col">Share of the evidence</th>
              </tr>
            </thead>
            <tbody>
              {b.contributions.map((c) => {
                // the breakdown carries its calibration (uidata); older servers: the calibration endpoint's answer
                const k = c.calibrated ? { lr: c.calibrated.lr, verdicts: c.calibrated.verdicts, applied: true, explanation: `configured ×${fmtLR(c.calibrated.priorLR)} before verdicts` } : byDetector.get(c.detector);
                const total = b.contributions.reduce((s, x) => s + Math.abs(Math.log(x.likelihoodRatio)), 0);
                const pct = total > 0 ? (Math.abs(Math.log(c.likelihoodRatio)) / total) * 100 : 0;
                return (
                  <tr key={c.detector}>
                    <th scope="row">{c.detector}</th>
                    <td className="num">{counts.get(c.detector) ?? 0}</td>
                    <td className="num">× {fmtLR(c.likelihoodRatio)}</td>
                    <td className="num" title={k?.explanation}>
                      {k ? `× ${fmtLR(k.lr)}${k.applied ? '' : ' (not applied)'}` : '—'}
                    </td>
                    <td className="num">{k ? k.verdicts : '—'}</td>
                    <td>
                      <span className="meter" aria-hidden="true">
                        <span style={{ width: `${pct.toFixed(0)}%` }} />
                      </span>{' '}
                      {pct.toFixed(0)} %
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </Section>
  );
}

function Timeline({ person }: { person: StoredPerson }) {
  const findings = [...person.findings].sort((a, b) => a.firstSeen.localeCompare(b.firstSeen));
  return (
    <Section title={`Findings (${findings.length})`} id="findings">
      {findings.length === 0 && <p className="muted">No findings.</p>}
      <ol className="timeline">
        {findings.map((f, i) => (
          <li key={i} className={`finding sev-${f.severity}`}>
            <h3>
              <LevelBadge level={f.severity} /> {f.title}
            </h3>
            <p className="muted">
              {f.detector} · <When at={f.firstSeen} /> → <When at={f.lastSeen} />
              {f.likelihoodRatio !== undefined ? ` · LR × ${fmtLR(f.likelihoodRatio)}` : ''}
            </p>
            <p>{f.explanation}</p>
            <details>
              <summary>Evidence ({f.evidence.length})</summary>
              <EvidenceTable evidence={f.evidence} />
            </details>
          </li>
        ))}
      </ol>
    </Section>
  );
}

function SignInMap({ path, label }: { path: string; label: string }) {
  const s = useApi<SignIns>(path);
  return (
    <Section title="Sign-ins on the map" id="map">
      <ErrorBox error={s.error} what="Sign-ins" />
      {s.loading && !s.data && <Loading what="sign-ins" />}
      {s.data && (
        <>
          <WorldMap data={s.data} label={label} />
          {!!s.data.truncated && <p className="muted">{s.data.truncated} older sign-ins are not drawn.</p>}
          {s.data.travel.some((t) => t.impossible) && (
            <ul className="travel-list">
              {s.data.travel
                .filter((t) => t.impossible)
                .slice(0, 10)
                .map((t, i) => (
                  <li key={i}>
                    Impossible travel: {placeOf(s.data!, t.from)} → {placeOf(s.data!, t.to)}
                    {t.km !== undefined ? `, ${Math.round(t.km).toLocaleString('en')} km` : ''}
                    {t.kmh !== null ? ` at ${Math.round(t.kmh).toLocaleString('en')} km/h` : ' at once'} (<When at={t.from.at} />)
                  </li>
                ))}
              {s.data.travel.filter((t) => t.impossible).length > 10 && <li>and {s.data.travel.filter((t) => t.impossible).length - 10} more</li>}
            </ul>
          )}
          <details>
            <summary>Sign-ins as a table ({s.data.points.length})</summary>
            <table className="grid" aria-label="Sign-ins">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">IP</th>
                  <th scope="col">Place</th>
                  <th scope="col">Network</th>
                </tr>
              </thead>
              <tbody>
                {s.data.points.slice(0, 500).map((p, i) => (
                  <tr key={i}>
                    <td>
                      <When at={p.at} />
                    </td>
                    <td>{p.ip}</td>
                    <td>{[p.city, p.country].filter(Boolean).join(', ')}</td>
                    <td>{p.networkClass}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </Section>
  );
}

function placeOf(s: SignIns, e: TravelEnd): string {
  const p = s.points.find((x) => x.at === e.at && x.ip === e.ip);
  return [p?.city, p?.country].filter(Boolean).join(', ') || e.ip;
}

function HoursSection({ path }: { path: string }) {
  const h = useApi<Hours>(path);
  return (
    <Section title="Hours of activity" id="hours">
      <ErrorBox error={h.error} what="Hours" />
      {h.data && <HoursChart data={h.data} />}
    </Section>
  );
}

function Devices({ path }: { path: string }) {
  const d = useApi<Device[]>(path);
  return (
    <Section title="Devices and tools" id="devices">
      <ErrorBox error={d.error} what="Devices" />
      {d.data && d.data.length === 0 && <p className="muted">No company device known.</p>}
      {d.data && d.data.length > 0 && (
        <table className="grid" aria-label="Devices and tools">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">OS</th>
              <th scope="col">Enrolled</th>
              <th scope="col">Tools seen</th>
            </tr>
          </thead>
          <tbody>
            {d.data.map((x) => (
              <tr key={x.deviceId}>
                <th scope="row">{x.name ?? x.deviceId}</th>
                <td>{x.os ?? '—'}</td>
                <td>
                  <When at={x.enrolledAt} />
                </td>
                <td>
                  {x.tools.length === 0 && <span className="muted">none catalogued</span>}
                  {x.tools.map((t) => (
                    <span key={t.name} className={`tag tool-${t.category}`}>
                      {t.name} <span className="muted">({t.category})</span>
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function Vetting({ directoryId }: { directoryId: string }) {
  const list = useApi<CandidateSummary[]>('/api/candidates?limit=10000');
  const hit = list.data?.find((c) => c.directoryId === directoryId);
  const cand = useApi<StoredCandidate>(hit ? `/api/candidates/${enc(hit.candidateId)}` : undefined);
  if (!hit || !cand.data) return null;
  return (
    <Section title="Vetting report (as a candidate)" id="vetting">
      <p>
        <Link to={`/candidates/${enc(hit.candidateId)}`}>Open the candidate</Link> · vetted <When at={cand.data.result.vettedAt ?? cand.data.updatedAt} />
      </p>
      <VettingReport result={cand.data.result} headingLevel={3} />
    </Section>
  );
}
