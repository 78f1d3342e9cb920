// When the person works (share of activity per hour of day, in the department's zone) against the department: bars
// for the person, a line for the department. SVG with a text summary and a table for screen readers.
import type { Hours } from '../types.ts';

const W = 720;
const H = 220;
const PAD = { l: 40, r: 10, t: 10, b: 30 };

const share = (xs: number[]): number[] => {
  const sum = xs.reduce((a, b) => a + b, 0);
  return xs.map((x) => (sum > 0 ? x / sum : 0));
};

export function HoursChart({ data }: { data: Hours }) {
  const person = share(data.person);
  const dept = share(data.department);
  const max = Math.max(0.01, ...person, ...dept);
  const bw = (W - PAD.l - PAD.r) / 24;
  const y = (v: number) => H - PAD.b - (v / max) * (H - PAD.t - PAD.b);
  const peak = (xs: number[]) => xs.indexOf(Math.max(...xs));
  const line = dept.map((v, h) => `${h === 0 ? 'M' : 'L'}${PAD.l + h * bw + bw / 2},${y(v)}`).join(' ');
  const summary = `Activity by hour (${data.zone}): the person peaks at ${peak(person)}:00, the department at ${peak(dept)}:00.`;
  return (
    <figure className="hours">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} data-testid="hours-chart">
        {[0, 6, 12, 18, 23].map((h) => (
          <text key={h} x={PAD.l + h * bw + bw / 2} y={H - 10} textAnchor="middle" className="axis">
            {h}h
          </text>
        ))}
        <line x1={PAD.l} x2={W - PAD.r} y1={H - PAD.b} y2={H - PAD.b} className="axis-line" />
        {person.map((v, h) => (
          <rect key={h} x={PAD.l + h * bw + 2} y={y(v)} width={bw - 4} height={H - PAD.b - y(v)} className="bar">
            <title>{`${h}:00 person ${(v * 100).toFixed(1)} %, department ${(dept[h] * 100).toFixed(1)} %`}</title>
          </rect>
        ))}
        <path d={line} className="dept-line" />
      </svg>
      <figcaption>
        {summary} <span className="key bar-key" aria-hidden="true" /> person <span className="key dept-key" aria-hidden="true" /> department
      </figcaption>
    </figure>
  );
}
