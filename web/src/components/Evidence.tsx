// The evidence behind a finding: events (time, IP, network, place), measured values against their thresholds, peers.
import type { ReactNode } from 'react';
import type { Evidence } from '../types.ts';
import { When } from './ui.tsx';

const place = (e: Evidence): string => [e.place?.city, e.place?.region, e.place?.country].filter(Boolean).join(', ');

const COLUMNS: { title: string; has(e: Evidence): boolean; cell(e: Evidence): ReactNode; num?: boolean }[] = [
  { title: 'When', has: (e) => !!e.time, cell: (e) => (e.time ? <When at={e.time} /> : '') },
  {
    title: 'IP / network',
    has: (e) => !!(e.ip || e.network),
    cell: (e) => (
      <>
        {e.ip}
        {e.network && (
          <span className="muted">
            {' '}
            {e.network.class}
            {e.network.asn ? ` AS${e.network.asn}` : ''}
            {(e.network.provider ?? e.network.org) ? ` ${e.network.provider ?? e.network.org}` : ''}
          </span>
        )}
      </>
    ),
  },
  {
    title: 'Place',
    has: (e) => !!place(e),
    cell: (e) => (
      <>
        {place(e)}
        {e.disputed && <span className="tag warn">disputed</span>}
      </>
    ),
  },
  { title: 'Value', num: true, has: (e) => e.value !== undefined, cell: (e) => (e.value !== undefined ? `${String(e.value)}${e.unit ? ` ${e.unit}` : ''}` : '') },
  { title: 'Threshold', num: true, has: (e) => e.threshold !== undefined, cell: (e) => (e.threshold !== undefined ? `${String(e.threshold)}${e.unit ? ` ${e.unit}` : ''}` : '') },
];

export function EvidenceTable({ evidence }: { evidence: Evidence[] }) {
  if (evidence.length === 0) return null;
  const shown = evidence.slice(0, 50);
  // only the columns some item fills (a vetting finding has no IPs; a sign-in finding no thresholds)
  const cols = COLUMNS.filter((c) => shown.some((e) => c.has(e)));
  return (
    <table className="grid evidence" aria-label="Evidence">
      <thead>
        <tr>
          <th scope="col">Evidence</th>
          {cols.map((c) => (
            <th key={c.title} scope="col" className={c.num ? 'num' : undefined}>
              {c.title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {shown.map((e, i) => (
          <tr key={i}>
            <td>
              <span className="tag">{e.type}</span> {e.label}
            </td>
            {cols.map((c) => (
              <td key={c.title} className={c.num ? 'num' : undefined}>
                {c.cell(e)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      {evidence.length > shown.length && (
        <tfoot>
          <tr>
            <td colSpan={cols.length + 1} className="muted">
              {evidence.length - shown.length} more items (see the API answer for all)
            </td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}
