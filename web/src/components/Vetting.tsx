// A candidate's vetting report: the recommendation and why, Microsoft's checklist, the findings with evidence.
import type { CandidateResult } from '../types.ts';
import { EvidenceTable } from './Evidence.tsx';
import { fmtLR, LevelBadge } from './ui.tsx';

export function VettingReport({ result, headingLevel = 2 }: { result: CandidateResult; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const Hsub = headingLevel === 2 ? 'h3' : 'h4';
  return (
    <div className="vetting">
      <p className={`recommendation rec-${result.recommendation}`}>
        <strong>Recommendation: {result.recommendation}</strong> — {result.recommendationReason} <LevelBadge level={result.level} risk={result.risk} />
      </p>
      <H>Checklist</H>
      <table className="grid" aria-label="Vetting checklist">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Status</th>
            <th scope="col">Evidence</th>
          </tr>
        </thead>
        <tbody>
          {result.checklist.map((c) => (
            <tr key={c.item}>
              <th scope="row">{c.item}</th>
              <td>
                <span className={`status status-${c.status.replace(' ', '-')}`}>{c.status}</span>
              </td>
              <td>{c.evidence}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <H>Findings</H>
      {result.findings.length === 0 && <p className="muted">No findings.</p>}
      <ol className="findings">
        {result.findings.map((f, i) => (
          <li key={i} className={`finding sev-${f.severity}`}>
            <Hsub>
              <LevelBadge level={f.severity} /> {f.title}
              {f.likelihoodRatio !== undefined && <span className="muted"> · LR {fmtLR(f.likelihoodRatio)}</span>}
            </Hsub>
            <p>{f.explanation}</p>
            <EvidenceTable evidence={f.evidence} />
          </li>
        ))}
      </ol>
    </div>
  );
}
