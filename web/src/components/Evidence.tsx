// The evidence behind a finding: events (time, IP, network, place), measured values against their thresholds, peers.
import type { Evidence } from '../types.ts';
import { When } from './ui.tsx';

const place = (e: Evidence): string => [e.place?.city, e.place?.region, e.place?.country].filter(Boolean).join(', ');

export function EvidenceTable({ evidence }: { evidence: Evidence[] }) {
  if (evidence.length === 0) return null;
  const shown = evidence.slice(0, 50);
  return (
    <table className="grid evidence" aria-label="Evidence">
      <thead>
        <tr>
          <th scope="col">Evidence</th>
          <th scope="col">When</th>
          <th scope="col">IP / network</th>
          <th scope="col">Place</th>
          <th scope="col">Value</th>
          <th scope="col">Threshold</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((e, i) => (
          <tr key={i}>
            <td>
              <span className="tag">{e.type}</span> {e.label}
            </td>
            <td>{e.time ? <When at={e.time} /> : ''}</td>
            <td>
              {e.ip}
              {e.network && (
                <span className="muted">
                  {' '}
                  {e.network.class}
                  {e.network.asn ? ` AS${e.network.asn}` : ''}
                  {e.network.provider ?? e.network.org ? ` ${e.network.provider ?? e.network.org}` : ''}
                </span>
              )}
            </td>
            <td>
              {place(e)}
              {e.disputed && <span className="tag warn">disputed</span>}
            </td>
            <td className="num">{e.value !== undefined ? `${String(e.value)}${e.unit ? ` ${e.unit}` : ''}` : ''}</td>
            <td className="num">{e.threshold !== undefined ? `${String(e.threshold)}${e.unit ? ` ${e.unit}` : ''}` : ''}</td>
          </tr>
        ))}
      </tbody>
      {evidence.length > shown.length && (
        <tfoot>
          <tr>
            <td colSpan={6} className="muted">
              {evidence.length - shown.length} more items (see the API answer for all)
            </td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}
